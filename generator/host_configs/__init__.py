"""Host network configurations: a model per host and its rendering per hypervisor and OS."""

from .render import config_text
from .view import HostNetwork, host_networks

__all__ = ["HostNetwork", "config_text", "host_networks"]
