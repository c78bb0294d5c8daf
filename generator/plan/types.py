"""Result types of the planners: what every later output reads addresses and VLANs from."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from ..diagnostics import PlanIssue
from ..model import LoadBalancer


@dataclass(frozen=True, order=True)
class Allocation:
    """One assigned address (first == last) or reserved range on a network.

    ``zone``/``pod`` are empty for deployment-wide networks. ``device`` is empty for ranges
    handed to CloudStack. ``role`` is one of: gateway, vrrp, firewall, switch (management),
    switch-interface (a core's routed interface, e.g. on the transit network), host, host-storage,
    management-server, load-balancer, lb-vip, database, storage-server, system-vms,
    storage-range, guest-range, public-range, shared-range.
    """

    zone: str
    pod: str
    network: str
    vlan: int | None
    cidr: IPv4Network
    first: IPv4Address
    last: IPv4Address
    role: str
    device: str
    interface: str

    @property
    def is_range(self) -> bool:
        return self.first != self.last

    @property
    def address_text(self) -> str:
        return str(self.first) if not self.is_range else f"{self.first}-{self.last}"

    @property
    def size(self) -> int:
        return int(self.last) - int(self.first) + 1


@dataclass(frozen=True)
class NetworkUsage:
    network: str
    cidr: IPv4Network
    vlan: int | None
    usable: int  # addresses other than network and broadcast
    assigned: int  # single addresses given to devices (gateway included)
    reserved: int  # addresses in ranges handed to CloudStack
    free: int
    zone: str = ""  # where the network's table goes: the one pod (or zone) that uses it; "" deployment-wide
    pod: str = ""


@dataclass(frozen=True, order=True)
class VlanUse:
    """One VLAN (or guest VLAN range) of a zone: the VLAN CSV row."""

    zone: str
    first: int
    last: int
    network: str  # network name, or physical network name for guest ranges
    traffic: str  # management, storage, primary-storage, public, guest, shared, switch; several joined by '+'
    scope: str  # zone, pod:<name>, site:<name>, or deployment (a network with neither site nor zone)
    untagged: bool = False  # hosts and servers send it untagged (the switch port's access or native VLAN)

    @property
    def hosts(self) -> str:
        """How hosts and servers send it: 'tagged' or 'untagged'."""
        return "untagged" if self.untagged else "tagged"

    @property
    def text(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass
class AddressPlan:
    allocations: list[Allocation] = field(default_factory=list)
    usage: list[NetworkUsage] = field(default_factory=list)
    vlans: list[VlanUse] = field(default_factory=list)
    issues: list[PlanIssue] = field(default_factory=list)

    _index: dict[tuple[str, str], IPv4Address] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_role: dict[tuple[str, str, str], IPv4Address] = field(default_factory=dict, init=False, repr=False,
                                                              compare=False)
    _devices: dict[str, list[Allocation]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def address(self, device: str, network: str, role: str | None = None) -> IPv4Address | None:
        """The address ``device`` has on ``network`` (None when it has none): the one lookup every
        output asks, explicit design addresses included (the planner claims them first).

        With ``role`` ("vrrp", "switch-interface", "lb-vip", …) only an address in that role counts:
        a core switch has its own VRRP address beside the gateway it shares with its peer. Looked up
        in an index built on first use: a finished plan is not changed afterwards.
        """
        if not self._index:
            for a in reversed(self.allocations):  # the first allocation of a device wins
                if not a.is_range:
                    self._index[(a.device, a.network)] = a.first
                    self._by_role[(a.device, a.network, a.role)] = a.first
        if role is None:
            return self._index.get((device, network))
        return self._by_role.get((device, network, role))

    def vip(self, lb: LoadBalancer | None) -> IPv4Address | None:
        """The management load balancer's virtual address (its pair holds it), when there is one."""
        if lb is None:
            return None
        return self.address("/".join(lb.names), lb.network, "lb-vip")

    def of_device(self, device: str) -> list[Allocation]:
        """Every address ``device`` holds, in plan order (an index built on first use, in one pass)."""
        if not self._devices and self.allocations:
            for a in self.allocations:
                if not a.is_range:
                    self._devices.setdefault(a.device, []).append(a)
        return list(self._devices.get(device, []))
