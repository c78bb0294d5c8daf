"""The port plan under construction: its rows and port-channels, the issues found so far, and
the rules every port follows whatever it cables (its name on the platform, its mode and VLANs,
its port-channel number within the platform's range).

The host cabling, the server cabling and the switch interconnects each add rows through it;
``plan.py`` composes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..diagnostics import PlanIssue
from ..inventory import Host, Inventory
from ..model import Design, Speed, Switch
from .platforms import platform
from .traffic import TRAFFIC_ORDER, Carried
from .types import NATIVE_VLAN, Lag, LinkKind, PortMode, PortRow

LAG_PEER = 1
LAG_UPLINK = 2
LAG_BASE = 10
LINK_ORDER = (*TRAFFIC_ORDER, "switch", "gateway", "peer")


def _sorted_traffic(kinds: Iterable[str]) -> tuple[str, ...]:
    found = set(kinds)
    return tuple(k for k in LINK_ORDER if k in found)


@lru_cache(maxsize=4096)
def _mode(items: tuple[Carried, ...], host: bool) -> tuple[PortMode, int | None, int | None, frozenset[int]]:
    """(mode, access VLAN, native VLAN, allowed VLANs) for a port carrying ``items``.

    A host port has the network the host sends untagged as its access VLAN (or its trunk's
    native VLAN). Between switches and towards firewalls every network is tagged in its switch
    VLAN, except the default VLAN, which trunks carry natively.
    """
    untagged = [c for c in items if (c.untagged if host else c.vlans == range(NATIVE_VLAN, NATIVE_VLAN + 1))]
    native = untagged[0].first if untagged else None
    tagged = frozenset[int]().union(*(c.vlans for c in items if c not in untagged))
    if not tagged:
        return PortMode.access, native if native is not None else NATIVE_VLAN, None, frozenset()
    if native is not None:
        return PortMode.trunk, None, native, tagged | {native}
    return PortMode.trunk, None, None, tagged



class PlanBuilder:
    """The rows of the plan being built, by switch, and the issues found while building it."""

    def __init__(self, design: Design, inventory: Inventory) -> None:
        self.design = design
        self.inventory = inventory
        self.by_name = {s.name: s for s in design.switches}
        self.rows: list[PortRow] = []
        self.by_switch: dict[str, list[PortRow]] = {}
        self.issues: list[PlanIssue] = []
        self._reported: set[tuple[object, ...]] = set()
        self.host_networks: dict[str, set[str]] = {}  # switch → the networks its host rows carry

    # rows ----------------------------------------------------------------------------------------

    def issue(self, key: tuple[object, ...], obj: object, attr: str | int | None, message: str, fix: str) -> None:
        if key in self._reported:
            return
        self._reported.add(key)
        self.issues.append(PlanIssue(str(key[0]), obj, attr, message, fix))

    def member(self, sw: Switch) -> int:
        """Member number of a StackWise Virtual pair (1 for the first name, 2 for its peer)."""
        return 2 if sw.peer and sw.peer < sw.name else 1

    def port_name(self, sw: Switch, number: int, speed: Speed) -> str:
        return platform(sw.platform).port(number, speed, self.member(sw), sw.model)

    def check_port(self, sw: Switch, number: int, speed: Speed, kind: LinkKind) -> None:
        """A port the switch's model does not have, or not at that speed, is a design error."""
        problem = platform(sw.platform).port_problem(sw.model, number, speed)
        if problem is None:
            return
        what, reason = problem
        if what == "speed":
            attr = "port_speed" if kind in (LinkKind.host, LinkKind.server) else "uplink_speed"
        else:
            attr = {LinkKind.host: "host_ports", LinkKind.downlink: "host_ports", LinkKind.uplink: "uplink_ports",
                    LinkKind.peer_link: "peer_link_ports", LinkKind.server: "server_ports"}[kind]
        self.issue(("PORTS-MODEL", sw.name, attr), sw, attr, f"switch {sw.name}: {reason}",
                   "use port numbers and speeds the model has ('first_host_port', 'host_ports', 'uplink_ports', "
                   "'peer_link_ports', 'server_ports', 'port_speed', 'uplink_speed'), or correct 'model'")

    def peer_of(self, sw: Switch) -> Switch | None:
        return self.by_name.get(sw.peer) if sw.peer else None

    def lag(self, sw: Switch, number: int, mlag: bool, description: str, lacp: bool = True) -> Lag:
        info = platform(sw.platform)
        if number > info.lag_max:
            self.issue(("PORTS-LAG-RANGE", sw.name), sw, "name",
                       f"switch {sw.name} needs port-channel {number}, but {info.title} numbers them up to "
                       f"{info.lag_max}", "lower the host ids of the pod (port-channels are keyed on host id) "
                       "or use fewer LACP bonds per host")
        return Lag(number, info.lag_name(number), mlag, lacp, description)

    def add(self, row: PortRow) -> None:
        self.rows.append(row)
        self.by_switch.setdefault(row.switch, []).append(row)
        if row.kind is LinkKind.host:
            self.host_networks.setdefault(row.switch, set()).update(c.network for c in row.carried)

    def row(self, sw: Switch, number: int, speed: Speed, kind: LinkKind, *, carried: Iterable[Carried],
            lag: Lag | None, peer: tuple[str, str], host: Host | None = None, host_interface: str = "",
            traffic: Iterable[str] | None = None) -> PortRow:
        items = tuple(sorted(set(carried), key=lambda c: (c.first, c.network, c.traffic)))
        mode, access, native, allowed = _mode(items, kind in (LinkKind.host, LinkKind.server))
        self.check_port(sw, number, speed, kind)
        return PortRow(
            switch=sw.name, platform=sw.platform.value, number=number, port=self.port_name(sw, number, speed),
            kind=kind, mode=mode, access_vlan=access, native_vlan=native, allowed=allowed, lag=lag,
            peer_device=peer[0], peer_interface=peer[1],
            traffic=_sorted_traffic(traffic if traffic is not None else (c.traffic for c in items)),
            carried=items, mtu=max((c.mtu for c in items), default=1500),
            host_id=host.id if host else None, host_interface=host_interface, speed=speed.gbps,
        )
