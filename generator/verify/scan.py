"""The artefact text scan: after render, every IPv4 address and VLAN id written in a generated text
artefact is one the plans give that device or network.

The checks of ``checks.py`` prove the plans and the views built from them; this one reads what was
finally written — host and switch configurations, the zone script, the runbook, the CSV tables and
``marvin.json`` — line by line, so a template that prints a wrong field, a hard-coded address or a
plan that gives one address to two devices is caught where an operator would paste it. Each finding
names the artefact, its line and the design element responsible.

What an address may be, by how it is written:

- ``a.b.c.d/n`` with host bits set assigns the address to the artefact's device (a host's or a
  switch's configuration): the address plan must give it to that device, on a network of prefix ``n``;
  in an artefact of no device (the runbook, the tables) it must be some device's;
- ``a.b.c.d/n`` with no host bits is a network: a planned network, one the design writes (NFS export
  clients, the guest CIDR), or the default route ``0.0.0.0/0``;
- a bare address must be known: a device's, inside a planned range, a planned network's own address
  or broadcast, or an address the design writes itself (DNS, NTP); netmasks pass;
- any address the plan gives to two devices (other than one machine in two roles, or a gateway and
  the switch pair that holds it) is a finding wherever it is written;
- link-local addresses (169.254.0.0/16) in switch configurations are the MLAG/ICCP peer link's own,
  kept off every routed network, and pass; so do loopback addresses (a database bound to 127.0.0.1)
  and the source release tag of the design's CloudStack version ("4.22.0.0", which the runbook clones).

VLAN ids are read where each platform writes them (``VLAN_PATTERNS``): a switch's VLANs must be ones
its planned ports or interfaces carry (or the MLAG peer VLAN and VLAN 1), a host's VLAN interfaces
ones its switch ports carry, the zone script's ranges planned VLANs or VNIs of the deployment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Address, IPv4Network, collapse_addresses, ip_network

from ..artefacts import Artefact
from ..deployment import Deployment
from ..plan.types import Allocation
from ..ports.interconnects import MLAG_PEER_VLAN
from .checks import SAME_MACHINE, Places
from .types import CheckResult, VerifyIssue

ADDRESS_RULE = "VERIFY-ARTEFACT-ADDRESS"
VLAN_RULE = "VERIFY-ARTEFACT-VLAN"

_ADDRESS = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:/(\d{1,2}))?(?!\w|\.\d|/\d)")
_MASK_AFTER = re.compile(r"[ \t]+(255\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w.])")
_LINK_LOCAL = ip_network("169.254.0.0/16")
_LOOPBACK = ip_network("127.0.0.0/8")
_DEFAULT = ip_network("0.0.0.0/0")
_VLAN_LIST = r"(\d+(?:-\d+)?(?:[ \t]*,[ \t]*\d+(?:-\d+)?)*)"

# Where each kind of artefact writes VLAN ids (vendor knowledge as data): the group is a VLAN list.
VLAN_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "switch": (
        re.compile(r"^[ \t]*vlan " + _VLAN_LIST + r"[ \t]*$", re.MULTILINE),  # EOS, NX-OS, IOS-XE VLAN database
        re.compile(r"\b(?:allowed vlan(?: add)?|access vlan|native vlan) " + _VLAN_LIST),
        re.compile(r"\bspanning-tree vlan-id " + _VLAN_LIST),
        re.compile(r"\bvlan-id(?:-list)? " + _VLAN_LIST),  # Junos VLANs
        re.compile(r"\bvlan members \[ ((?:\d+(?:-\d+)? )+)\]"),  # Junos trunks and access ports
        re.compile(r"^interface Vlan(\d+)\b", re.MULTILINE),  # SVIs
        re.compile(r"\birb(?: unit |\.)(\d+)\b"),  # Junos SVIs
    ),
    "host": (
        re.compile(r"^[ \t]+id: (\d+)[ \t]*$", re.MULTILINE),  # netplan vlans
        re.compile(r"\btype vlan\b.*?\bid (\d+)\b"),  # nmcli (. stops at the line's end)
        re.compile(r"\bvlan=(\d+)\b"),  # xe pool-vlan-create
        re.compile(r"--vlan-id[= ](\d+)\b"),  # esxcli port groups
    ),
    "script": (
        re.compile(r"\bvlan=(?:vlan://)?(\d+(?:-\d+)?)\b"),  # createVlanIpRange, createPhysicalNetwork …
    ),
}


@dataclass(frozen=True)
class Scanned:
    """One artefact the scan reads, and the device it configures ('' for the runbook, script and tables)."""

    path: str
    kind: str  # host, switch, script, document
    device: str = ""


def scanned(artefact: Artefact, hosts: frozenset[str], switches: frozenset[str]) -> Scanned | None:
    """Whether the scan reads ``artefact``, and as what."""
    path = artefact.path
    if not isinstance(artefact.content, str) or path.startswith("design/"):
        return None
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if path.startswith("hosts/") and stem in hosts:
        return Scanned(path, "host", stem)
    if path.startswith("configs/") and stem in switches:
        return Scanned(path, "switch", stem)
    if path.endswith(".sh"):
        return Scanned(path, "script")
    if path.endswith(".csv") or path in ("marvin.json", "runbook.md"):  # runbook.md holds every runbook page
        return Scanned(path, "document")
    return None


@dataclass
class Book:
    """Everything the plans and the design say an address may be."""

    owners: dict[IPv4Address, list[Allocation]] = field(default_factory=lambda: defaultdict(list))
    ranges: list[tuple[int, int]] = field(default_factory=list)
    networks: set[IPv4Network] = field(default_factory=set)
    literals: set[IPv4Address] = field(default_factory=set)
    vlans: list[tuple[int, int]] = field(default_factory=list)  # every planned VLAN and VNI range
    releases: set[str] = field(default_factory=set)  # the release tag the runbook clones: "4.22.0.0" is no address
    switch_vlans: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    host_vlans: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, deployment: Deployment) -> Book:
        book = cls()
        plan = deployment.address_plan
        for a in plan.allocations:
            book.networks.add(a.cidr)
            if a.is_range:
                book.ranges.append((int(a.first), int(a.last)))
            else:
                book.owners[a.first].append(a)
            if a.vlan is not None:
                for device in a.device.split("/"):
                    book.switch_vlans[device].add(a.vlan)
        for net in deployment.design.networks.values():
            book.networks.add(net.cidr)
        for text in _strings(deployment.design.model_dump(mode="json")):
            for m in _ADDRESS.finditer(text):
                address, prefix = _parse(m.group(1), m.group(2))
                if address is None:
                    continue
                if prefix is None:
                    book.literals.add(address)
                else:
                    book.networks.add(IPv4Network(f"{address}/{prefix}", strict=False))
                    book.literals.add(address)
        book.ranges = _merged(book.ranges)
        book.vlans = sorted({(v.first, v.last) for v in plan.vlans})
        parts = deployment.design.deployment.cloudstack_version.split(".")
        book.releases = {m.group(0) for m in _ADDRESS.finditer(".".join([*parts, "0", "0", "0"][:4]))}
        for region in deployment.design.regions:
            for zone in region.zones:
                for pnet in zone.physical_networks:
                    book.vlans.extend((r.first, r.last) for r in pnet.guest_vlans)
                    book.vlans.extend((r.first, r.last) for r in pnet.guest_vnis)
        carried: set[int] = set()
        for row in deployment.port_plan.rows:
            vlans = row.vlans | ({row.native_vlan} if row.native_vlan is not None else set())
            book.switch_vlans[row.switch] |= vlans
            book.host_vlans[row.peer_device] |= vlans
            carried |= vlans
        book.vlans = _merged([*book.vlans, *((v, v) for v in carried)])
        return book

    def planned_vlans(self, first: int, last: int) -> bool:
        i = bisect_right(self.vlans, (first, 1 << 32))
        return i > 0 and last <= self.vlans[i - 1][1]  # merged: disjoint and sorted

    def known(self, address: IPv4Address) -> bool:
        if address in self.owners or address in self.literals or address in self.edges:
            return True
        value = int(address)
        i = bisect_right(self.ranges, (value, 1 << 32))
        return i > 0 and value <= self.ranges[i - 1][1]  # the ranges are merged: disjoint and sorted

    @cached_property
    def edges(self) -> frozenset[IPv4Address]:
        """Every planned network's own address and broadcast."""
        return frozenset(a for n in self.networks for a in (n.network_address, n.broadcast_address))

    @cached_property
    def covered(self) -> list[IPv4Network]:
        """The planned networks merged into the fewest blocks: a block wholly covered by planned networks lies
        inside one of them."""
        return list(collapse_addresses(self.networks))

    def aggregate(self, network: IPv4Network) -> bool:
        """Whether ``network`` is made of planned networks only: a summary an artefact writes for many of them
        (the console rule of a zone of many pods), which adds no address the plans do not have."""
        return any(network.subnet_of(block) for block in self.covered)

    def prefix_of(self, allocations: Iterable[Allocation]) -> set[int]:
        return {a.cidr.prefixlen for a in allocations}


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _parse(text: str, prefix: str | None) -> tuple[IPv4Address | None, int | None]:
    parts = text.split(".")
    if any(int(p) > 255 or (len(p) > 1 and p.startswith("0")) for p in parts):
        return None, None
    if prefix is not None and int(prefix) > 32:
        return None, None
    return IPv4Address(text), int(prefix) if prefix is not None else None


def _is_mask(address: IPv4Address) -> bool:
    value = int(address)
    inverted = value ^ 0xFFFFFFFF
    return value != 0 and (inverted & (inverted + 1)) == 0


def _owners(allocations: list[Allocation]) -> set[str]:
    """The machines behind an address's allocations: one machine in two roles counts once, and a gateway
    shared by a switch pair counts as that pair."""
    devices = {a.device for a in allocations if a.device}
    roles = {a.role for a in allocations}
    if len(devices) < 2 or (len(roles) == 2 and roles in SAME_MACHINE) or roles <= {"gateway", "vrrp"}:
        return devices if len(devices) < 2 else {"/".join(sorted(devices))}
    return devices


def _holds(device: str, allocations: list[Allocation]) -> bool:
    return any(device in a.device.split("/") for a in allocations)


def _ranges(text: str) -> Iterator[tuple[int, int]]:
    for item in re.split(r"[\s,]+", text.strip()):
        if not item:
            continue
        first, _, last = item.partition("-")
        yield int(first), int(last or first)


@dataclass
class _Scan:
    deployment: Deployment
    book: Book
    places: Places
    addresses: list[VerifyIssue] = field(default_factory=list)
    vlans: list[VerifyIssue] = field(default_factory=list)
    reported: set[tuple[str, ...]] = field(default_factory=set)
    address_cases: int = 0
    vlan_cases: int = 0
    parsed: dict[str, tuple[IPv4Address | None, int | None]] = field(default_factory=dict)
    passed: set[tuple[bool, str, str, int | None]] = field(default_factory=set)
    text: str = ""
    _newlines: list[int] | None = None

    def read(self, text: str) -> None:
        self.text, self._newlines = text, None

    def at(self, item: Scanned, offset: int) -> str:
        """``path:line`` of ``offset`` in the artefact being read (newlines indexed when first asked)."""
        if self._newlines is None:
            self._newlines = [i for i, c in enumerate(self.text) if c == "\n"]
        return f"{item.path}:{bisect_left(self._newlines, offset) + 1}"

    def parse(self, token: str, prefix: str | None) -> tuple[IPv4Address | None, int | None]:
        key = f"{token}/{prefix}"
        if key not in self.parsed:
            self.parsed[key] = _parse(token, prefix)
        return self.parsed[key]

    def where(self, device: str) -> tuple[object, str | int | None]:
        if device:
            return self.places.device(device)
        return (self.deployment.design.deployment, "name")

    def once(self, key: tuple[str, ...]) -> bool:
        if key in self.reported:
            return False
        self.reported.add(key)
        return True

    def address(self, item: Scanned) -> None:
        text = self.text
        for m in _ADDRESS.finditer(text):
            address, prefix = self.parse(m.group(1), m.group(2))
            if address is None or address in _LOOPBACK or m.group(0) in self.book.releases:
                continue
            if prefix is None:
                mask = _MASK_AFTER.match(text, m.end())
                if mask is not None and address != IPv4Address(0):
                    netmask = IPv4Address(mask.group(1))
                    if _is_mask(netmask):
                        prefix = bin(int(netmask)).count("1")
            self.address_cases += 1
            key = (item.kind == "switch", item.device, m.group(0), prefix)
            if key in self.passed:
                continue  # the same text, checked for the same device: it passed
            if self._one(item, m.start(), address, prefix, m.group(0)):
                self.passed.add(key)

    def _one(self, item: Scanned, offset: int, address: IPv4Address, prefix: int | None, written: str) -> bool:
        """Check one address as written; False when it fails (reported once per artefact and address)."""
        if item.kind == "switch" and address in _LINK_LOCAL:
            return True
        allocations = self.book.owners.get(address, [])
        owners = _owners(allocations)
        if len(owners) > 1 and self.once(("dup", str(address))):
            latest = sorted(owners)[-1]
            obj, attr = self.where(next((a.device for a in reversed(allocations)), latest))
            self.addresses.append(VerifyIssue(
                ADDRESS_RULE, obj, attr,
                f"{self.at(item, offset)}: {address} is written there, and the IP plan gives it to "
                f"{' and '.join(sorted(owners))}",
                f"give {latest} an address of its own (an explicit 'address', or a larger network) so one "
                "device holds each address"))
            return False
        if len(owners) > 1:
            return False
        if prefix is not None:
            network = IPv4Network(f"{address}/{prefix}", strict=False)
            if network.network_address == address and (prefix < 31 or not allocations):
                if network == _DEFAULT or network in self.book.networks or self.book.aggregate(network):
                    return True
                if self.once(("net", item.path, str(network))):
                    obj, attr = self.where(item.device)
                    self.addresses.append(VerifyIssue(
                        ADDRESS_RULE, obj, attr,
                        f"{self.at(item, offset)}: network {written} is no network of the IP plan",
                        "write the network's CIDR as the design gives it, or add the network to 'networks'"))
                return False
            if item.device and not _holds(item.device, allocations):
                if self.once(("own", item.path, str(address))):
                    obj, attr = self.where(item.device)
                    whose = (f"the IP plan gives it to {', '.join(sorted(owners))}" if owners
                             else "the IP plan gives it to no device")
                    self.addresses.append(VerifyIssue(
                        ADDRESS_RULE, obj, attr,
                        f"{self.at(item, offset)}: the configuration of {item.device} assigns itself {written}, "
                        f"but {whose}",
                        f"configure {item.device} with the addresses the IP plan gives it "
                        f"({self._planned(item.device)})"))
                return False
            if not item.device and not allocations and address not in self.book.literals:
                self._unknown(item, self.at(item, offset), written)
                return False
            planned = self.book.prefix_of(a for a in allocations if not item.device or _holds(item.device, [a]))
            if not planned or prefix in planned:
                return True
            if self.once(("prefix", item.path, str(address))):
                obj, attr = self.where(item.device or sorted(owners)[0] if owners else "")
                self.addresses.append(VerifyIssue(
                    ADDRESS_RULE, obj, attr,
                    f"{self.at(item, offset)}: {written} has prefix /{prefix}, but the IP plan puts {address} on a /"
                    f"{'/'.join(map(str, sorted(planned)))} network",
                    "write the address with its network's prefix length"))
            return False
        if _is_mask(address) or address == IPv4Address(0) or self.book.known(address):
            return True
        self._unknown(item, self.at(item, offset), written)
        return False

    def _unknown(self, item: Scanned, at: str, written: str) -> None:
        if self.once(("unknown", item.path, written)):
            obj, attr = self.where(item.device)
            self.addresses.append(VerifyIssue(
                ADDRESS_RULE, obj, attr,
                f"{at}: {written} is in no plan: no device, range, network or setting of the design has it",
                "write only addresses the IP plan or the design gives (a device's, a range's, a gateway, DNS)"))

    def _planned(self, device: str) -> str:
        mine = self.deployment.address_plan.of_device(device)
        return ", ".join(f"{a.first}/{a.cidr.prefixlen} on {a.network}" for a in mine) or "none"

    def vlan(self, item: Scanned) -> None:
        patterns = VLAN_PATTERNS.get(item.kind, ())
        if not patterns:
            return
        allowed: set[int] = set()
        if item.kind == "switch":
            allowed = self.book.switch_vlans.get(item.device, set()) | {1, MLAG_PEER_VLAN}
        elif item.kind == "host":
            allowed = self.book.host_vlans.get(item.device, set())
        for pattern in patterns:
            for m in pattern.finditer(self.text):
                for first, last in _ranges(m.group(1)):
                    self.vlan_cases += 1
                    if item.kind == "script":
                        ok = self.book.planned_vlans(first, last)
                    else:
                        ok = all(v in allowed for v in range(first, last + 1))
                    if ok or not self.once(("vlan", item.path, str(first), str(last))):
                        continue
                    text_vlan = str(first) if first == last else f"{first}-{last}"
                    whose = (f"{item.device}'s planned ports carry no such VLAN" if item.device
                             else "the deployment plans no such VLAN or VNI range")
                    obj, attr = self.where(item.device)
                    self.vlans.append(VerifyIssue(
                        VLAN_RULE, obj, attr,
                        f"{self.at(item, m.start())}: VLAN {text_vlan} is written there, but {whose}",
                        "configure only the VLANs of the networks the port plan gives this device "
                        "(see ports.csv and vlan-plan.csv)"))


def scan(deployment: Deployment, artefacts: Iterable[Artefact]) -> list[CheckResult]:
    """The addresses and VLAN ids of every text artefact, checked against the plans. Pure."""
    design, inventory = deployment.design, deployment.inventory
    hosts = frozenset(h.name for h in inventory.hosts)
    switches = frozenset(s.name for s in design.switches)
    state = _Scan(deployment, Book.of(deployment), Places.of(design, inventory))
    files = 0
    for artefact in sorted(artefacts, key=lambda a: a.path):
        item = scanned(artefact, hosts, switches)
        if item is None:
            continue
        files += 1
        assert isinstance(artefact.content, str)
        state.read(artefact.content)
        state.address(item)
        state.vlan(item)
    return [
        CheckResult(ADDRESS_RULE, f"Every address written in the {files} configurations, scripts, runbook pages "
                    "and tables is the one the IP plan gives that device", state.address_cases,
                    tuple(state.addresses)),
        CheckResult(VLAN_RULE, "Every VLAN id written in the configurations and the zone script is one the "
                    "plans give that device", state.vlan_cases, tuple(state.vlans)),
    ]
