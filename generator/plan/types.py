"""Result types of the planners: what every later output reads addresses and VLANs from."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network


@dataclass(frozen=True)
class PlanIssue:
    """A planning failure (e.g. a network too small), reported like a validation finding."""

    rule: str
    obj: object
    attr: str | int | None
    message: str
    fix: str


@dataclass(frozen=True, order=True)
class Allocation:
    """One assigned address (first == last) or reserved range on a network.

    ``zone``/``pod`` are empty for deployment-wide networks. ``device`` is empty for ranges
    handed to CloudStack. ``role`` is one of: gateway, vrrp, firewall, switch, host, host-storage,
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


@dataclass(frozen=True, order=True)
class VlanUse:
    """One VLAN (or guest VLAN range) of a zone: the VLAN CSV row."""

    zone: str
    first: int
    last: int
    network: str  # network name, or physical network name for guest ranges
    traffic: str  # management, storage, primary-storage, public, guest, shared, switch
    scope: str  # zone, pod:<name>, site:<name>

    @property
    def text(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass
class AddressPlan:
    allocations: list[Allocation] = field(default_factory=list)
    usage: list[NetworkUsage] = field(default_factory=list)
    vlans: list[VlanUse] = field(default_factory=list)
    issues: list[PlanIssue] = field(default_factory=list)

    def address(self, device: str, network: str) -> IPv4Address | None:
        """The address ``device`` has on ``network`` (None when it has none)."""
        for a in self.allocations:
            if a.device == device and a.network == network and not a.is_range:
                return a.first
        return None

    def of_device(self, device: str) -> list[Allocation]:
        return [a for a in self.allocations if a.device == device and not a.is_range]
