"""Switch platform knowledge, read from ``generator/data/platforms.yml``.

Python only asks questions of the data: what is port 5 at 25G called, what is port-channel 11
called, how does a pair share a port-channel. Adding a platform is adding a block of YAML and
a template folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..model import Platform, Speed


@dataclass(frozen=True)
class PlatformInfo:
    key: str
    title: str
    interface: dict[str, str]
    lag: str
    lag_max: int
    mlag: str
    management_interface: str
    management_vrf: str
    jumbo_mtu: int
    mtu_scope: str
    vlan_name_max: int
    comment: str

    def port(self, number: int, speed: Speed, member: int = 1) -> str:
        """The interface name of front-panel port ``number`` running at ``speed``."""
        pattern = self.interface.get(str(speed.gbps), self.interface["default"])
        return pattern.format(n=number, index=number - 1, member=member)

    def lag_name(self, number: int) -> str:
        return self.lag.format(n=number)

    def vlan_name(self, name: str) -> str:
        return name[: self.vlan_name_max]


def _info(key: str, raw: dict[str, Any]) -> PlatformInfo:
    return PlatformInfo(
        key=key, title=raw["title"], interface={str(k): v for k, v in raw["interface"].items()},
        lag=raw["lag"], lag_max=int(raw["lag_max"]), mlag=raw["mlag"],
        management_interface=raw["management"]["interface"], management_vrf=raw["management"]["vrf"],
        jumbo_mtu=int(raw["jumbo_mtu"]), mtu_scope=raw["mtu_scope"], vlan_name_max=int(raw["vlan_name_max"]),
        comment=raw["comment"],
    )


@cache
def platforms() -> dict[str, PlatformInfo]:
    text = resources.files("generator.data").joinpath("platforms.yml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return {key: _info(key, raw) for key, raw in data.items()}


def platform(which: Platform) -> PlatformInfo:
    return platforms()[which.value]
