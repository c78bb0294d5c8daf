"""The port plan's result types: one row per cabled switch port."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache

from ..diagnostics import PlanIssue
from ..model import DEFAULT_VLAN
from ..templating import vlan_list
from .traffic import Carried


@lru_cache(maxsize=4096)
def compact(vlans: frozenset[int]) -> str:
    """``vlan_list`` of a port's VLANs, computed once per distinct set (many ports share one)."""
    return vlan_list(vlans)


NATIVE_VLAN = DEFAULT_VLAN
"""Switch VLAN of a network that has no ``vlan``: the default VLAN, which exists on every
platform and which trunks carry natively. A switch can hold one such network."""


class PortMode(StrEnum):
    access = "access"
    trunk = "trunk"


class LinkKind(StrEnum):
    host = "host"  # a host NIC
    server = "server"  # a storage or management server's NIC
    uplink = "uplink"  # towards the core or the firewall
    downlink = "downlink"  # core side of an access or storage switch's uplink
    peer_link = "peer-link"  # between the two switches of a pair


@dataclass(frozen=True)
class Lag:
    """A port-channel a port belongs to. ``mlag``: spread over a switch pair (vPC/MLAG/MC-LAG)."""

    number: int
    name: str
    mlag: bool
    lacp: bool = True
    description: str = ""


@dataclass(frozen=True)
class PortRow:
    switch: str
    platform: str
    number: int
    port: str
    kind: LinkKind
    mode: PortMode
    access_vlan: int | None
    native_vlan: int | None
    allowed: frozenset[int]
    lag: Lag | None
    peer_device: str
    peer_interface: str
    traffic: tuple[str, ...]
    carried: tuple[Carried, ...]
    mtu: int
    host_id: int | None = None
    host_interface: str = ""  # the NIC's bond (or the NIC itself) on the host
    speed: int = 0  # Gbit/s the port runs at

    @property
    def edge(self) -> bool:
        """The port faces an end device (a host or a server), not another switch."""
        return self.kind in (LinkKind.host, LinkKind.server)

    @property
    def description(self) -> str:
        return f"{self.peer_device}:{self.peer_interface}" if self.peer_interface else self.peer_device

    @property
    def vlans(self) -> frozenset[int]:
        """Every VLAN on the port, access or tagged or native."""
        return self.allowed | ({self.access_vlan} if self.access_vlan is not None else set())

    @property
    def untagged_vlan(self) -> int | None:
        """The VLAN that crosses this port untagged: the access VLAN, or the trunk's native VLAN."""
        return self.access_vlan if self.mode is PortMode.access else self.native_vlan

    @property
    def untagged_networks(self) -> tuple[str, ...]:
        """The networks that cross this port untagged."""
        vlan = self.untagged_vlan
        return tuple(sorted({c.network for c in self.carried if vlan is not None and c.vlans == range(vlan, vlan + 1)}))

    @property
    def allowed_text(self) -> str:
        return compact(self.allowed)

    def csv(self) -> dict[str, str]:
        return {
            "switch": self.switch, "platform": self.platform, "port": self.port, "mode": self.mode.value,
            "access_vlan": "" if self.access_vlan is None else str(self.access_vlan),
            "native_vlan": "" if self.native_vlan is None else str(self.native_vlan),
            "allowed_vlans": self.allowed_text if self.mode is PortMode.trunk else "",
            "lag": self.lag.name if self.lag else "", "peer_device": self.peer_device,
            "peer_interface": self.peer_interface, "traffic": ",".join(self.traffic),
        }


CSV_HEADER = ("switch", "platform", "port", "mode", "access_vlan", "native_vlan", "allowed_vlans", "lag",
              "peer_device", "peer_interface", "traffic")


@dataclass
class PortPlan:
    rows: list[PortRow] = field(default_factory=list)
    issues: list[PlanIssue] = field(default_factory=list)

    @cached_property
    def _by_switch(self) -> dict[str, list[PortRow]]:
        out: dict[str, list[PortRow]] = {}
        for r in self.rows:
            out.setdefault(r.switch, []).append(r)
        return out

    @cached_property
    def _by_host(self) -> dict[str, list[PortRow]]:
        out: dict[str, list[PortRow]] = {}
        for r in self.rows:
            if r.kind is LinkKind.host:
                out.setdefault(r.peer_device, []).append(r)
        return out

    def of_switch(self, switch: str) -> list[PortRow]:
        return list(self._by_switch.get(switch, []))

    @cached_property
    def _order(self) -> dict[int, int]:
        return {id(r): i for i, r in enumerate(self.rows)}

    def of_switches(self, switches: Iterable[str]) -> list[PortRow]:
        """The rows of these switches, in the plan's order (from the index: each diagram scanned every row)."""
        rows = [r for s in set(switches) for r in self._by_switch.get(s, [])]
        return sorted(rows, key=lambda r: self._order[id(r)])

    @cached_property
    def _by_peer(self) -> dict[str, list[PortRow]]:
        out: dict[str, list[PortRow]] = {}
        for r in self.rows:
            out.setdefault(r.peer_device, []).append(r)
        return out

    def of_peer(self, device: str) -> list[PortRow]:
        """The rows whose far end is ``device``, in the plan's order."""
        return list(self._by_peer.get(device, []))

    def of_host(self, host: str) -> list[PortRow]:
        return list(self._by_host.get(host, []))

    @cached_property
    def _networks(self) -> dict[str, frozenset[str]]:
        return {sw: frozenset(c.network for r in rows for c in r.carried) for sw, rows in self._by_switch.items()}

    def carries(self, switch: str, network: str) -> bool:
        """Whether any port of ``switch`` carries ``network``."""
        return network in self._networks.get(switch, frozenset())

    def switch_vlans(self, switch: str) -> frozenset[int]:
        return frozenset().union(*(r.vlans for r in self._by_switch.get(switch, [])))
