"""Per-platform commands of the runbook's switch steps, read from ``runbook-platforms.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..model import Platform


@dataclass(frozen=True)
class SwitchCommands:
    enter: str
    leave: str
    version: str
    interfaces: str
    lldp: str
    vlans: str
    lags: str
    pair: str
    pair_ok: str


@cache
def _all() -> dict[str, SwitchCommands]:
    text = resources.files("generator.data").joinpath("runbook-platforms.yml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return {key: SwitchCommands(**raw) for key, raw in data.items()}


def commands(platform: Platform) -> SwitchCommands:
    return _all()[platform.value]
