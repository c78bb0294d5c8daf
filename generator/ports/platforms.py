"""Switch platform knowledge, read from ``generator/data/platforms.yml``.

Python only asks questions of the data: what is port 5 at 25G called, what is port-channel 11
called, how does a pair share a port-channel. Adding a platform is adding a block of YAML and
a template folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..model import Network, Platform, Speed, Switch


def _mbps(text: str) -> int:
    """Mbit/s of a speed written like ``2.5G`` or ``100G``."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)G", text)
    if match is None:
        raise ValueError(f"platforms.yml: '{text}' is not a speed like 25G")
    return round(float(match.group(1)) * 1000)


def speed_text(mbps: int) -> str:
    return f"{mbps / 1000:g}G"


@dataclass(frozen=True)
class PortGroup:
    """Front-panel ports ``first``-``last`` of a switch model."""

    first: int
    last: int
    max_mbps: int
    min_mbps: int = 0
    name: str = ""  # pattern naming the ports at any speed; '' = by speed (the platform's patterns)
    default_mbps: int = 0  # speed-named ports: the speed they run at until configured

    @property
    def speeds(self) -> str:
        low = f"{speed_text(self.min_mbps)}-" if self.min_mbps else ""
        return f"{low}{speed_text(self.max_mbps)}"

    @property
    def text(self) -> str:
        return f"{self.first}-{self.last} ({self.speeds})"


@dataclass(frozen=True)
class SwitchModel:
    name: str
    groups: tuple[PortGroup, ...]

    def group(self, number: int) -> PortGroup | None:
        return next((g for g in self.groups if g.first <= number <= g.last), None)

    @property
    def text(self) -> str:
        return ", ".join(g.text for g in self.groups)


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
    models: dict[str, SwitchModel] = field(default_factory=dict)

    def port(self, number: int, speed: Speed, member: int = 1, model: str = "") -> str:
        """The interface name of front-panel port ``number`` running at ``speed`` on a switch of
        ``model``: the model's name for the port where stackplan knows the model, else the
        platform's usual name for a port of that speed."""
        known = self.models.get(model)
        group = known.group(number) if known else None
        pattern = group.name if group and group.name else \
            self.interface.get(str(speed.gbps), self.interface["default"])
        return pattern.format(n=number, index=number - 1, member=member)

    def port_problem(self, model: str, number: int, speed: Speed) -> tuple[str, str] | None:
        """Why ``model`` cannot have port ``number`` at ``speed``: ("port" or "speed", the reason);
        None when it can, or when stackplan does not know the model."""
        known = self.models.get(model)
        if known is None:
            return None
        group = known.group(number)
        if group is None:
            return "port", f"model {model} has no port {number}: its ports are {known.text}"
        if speed.gbps * 1000 > group.max_mbps:
            return "speed", (f"port {number} of model {model} runs at most at {speed_text(group.max_mbps)}, "
                             f"but the design runs it at {speed}")
        if speed.gbps * 1000 < group.min_mbps:
            return "speed", (f"port {number} of model {model} is a {group.speeds} port: at {speed} it needs a "
                             "breakout cable and its lanes configured, which stackplan does not plan")
        return None

    def lag_name(self, number: int) -> str:
        return self.lag.format(n=number)

    def vlan_name(self, name: str, vlan: int) -> str:
        """``name`` as the VLAN database takes it. Cut to the platform's limit, a name ends in its VLAN id,
        so two long names with one beginning stay apart in the VLAN database."""
        if len(name) <= self.vlan_name_max:
            return name
        suffix = f"-{vlan}"
        return name[: self.vlan_name_max - len(suffix)].rstrip("-._") + suffix


def _model(name: str, raw: list[dict[str, Any]]) -> SwitchModel:
    groups = []
    for g in raw:
        first, _, last = str(g["ports"]).partition("-")
        groups.append(PortGroup(int(first), int(last or first), _mbps(g["max"]),
                                _mbps(g["min"]) if "min" in g else 0, g.get("name", ""),
                                _mbps(g["default"]) if "default" in g else 0))
    return SwitchModel(name, tuple(groups))


def _info(key: str, raw: dict[str, Any]) -> PlatformInfo:
    return PlatformInfo(
        key=key, title=raw["title"], interface={str(k): v for k, v in raw["interface"].items()},
        lag=raw["lag"], lag_max=int(raw["lag_max"]), mlag=raw["mlag"],
        management_interface=raw["management"]["interface"], management_vrf=raw["management"]["vrf"],
        jumbo_mtu=int(raw["jumbo_mtu"]), mtu_scope=raw["mtu_scope"], vlan_name_max=int(raw["vlan_name_max"]),
        comment=raw["comment"],
        models={name: _model(name, groups) for name, groups in raw.get("models", {}).items()},
    )


@cache
def platforms() -> dict[str, PlatformInfo]:
    text = resources.files("generator.data").joinpath("platforms.yml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return {key: _info(key, raw) for key, raw in data.items()}


def platform(which: Platform) -> PlatformInfo:
    return platforms()[which.value]


def second_member(switch: Switch, peer: Switch | None) -> bool:
    """Whether ``switch`` is member 2 of a StackWise Virtual pair: the pair runs as one switch whose
    host name, management address, routed interfaces and routes are member 1's (the name sorting first)."""
    return (peer is not None and platform(switch.platform).mlag == "stackwise-virtual"
            and bool(switch.peer_link_ports) and peer.name < switch.name)


def in_band(net: Network, carried_here: bool) -> bool:
    """A switch is managed in band, on an SVI, when its management network is tagged (so carried up
    to it) or its ports carry that network anyway; else on its out-of-band management port."""
    return net.host_vlan is not None or carried_here


def management_port(switch: Switch) -> str:
    """The out-of-band management port, as generator/data/platforms.yml names it."""
    return platform(switch.platform).management_interface
