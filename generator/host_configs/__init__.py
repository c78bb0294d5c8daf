"""Host network configurations: a model per host and its rendering per hypervisor and OS."""

from .render import config_text
from .view import HostNetwork, config_pages, deployment_host_networks, host_networks

__all__ = ["HostNetwork", "config_pages", "config_text", "deployment_host_networks", "host_networks"]
