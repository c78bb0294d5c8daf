"""Switch configurations: a structured model per switch and its rendering per platform."""

from .config import SwitchConfig
from .render import config_text
from .view import switch_configs

__all__ = ["SwitchConfig", "config_text", "switch_configs"]
