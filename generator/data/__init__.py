"""CloudStack and platform facts, as data files beside this module."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def yaml_data(name: str) -> dict[str, Any]:
    """A YAML data file of this package (parsed once)."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data
