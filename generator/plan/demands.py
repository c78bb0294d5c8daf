"""What each network must hold: its gateway, the devices on it and the ranges CloudStack gets.

This module reads the design and the inventory and writes nothing down as an address yet;
``addresses.py`` turns these demands into allocations. Everything is collected per network
name and in a stable order (devices by name, hosts by pod id and host id).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from ipaddress import IPv4Address

from ..diagnostics import PlanIssue
from ..inventory import Inventory, PodRef
from ..model import AddressRange, Design, Network, Switch
from ..ports.gateways import gateway_owner
from ..ports.platforms import management_port, second_member
from ..ports.types import PortPlan
from . import interfaces

Where = tuple[object, str | int | None]
MAX_ID = 4097  # above every device id: devices without one sort after those with one


class Kind(IntEnum):
    """Device classes. Automatic addresses of a network come in one block per class, in this order."""

    vrrp = 1
    firewall = 2
    management_server = 3
    load_balancer = 4
    database = 5
    storage_server = 6
    switch = 7
    host = 8


KIND_LABELS = {
    Kind.vrrp: "core VRRP addresses",
    Kind.firewall: "firewall interfaces",
    Kind.management_server: "management servers",
    Kind.load_balancer: "load-balancer addresses",
    Kind.database: "databases",
    Kind.storage_server: "storage-server interfaces",
    Kind.switch: "switch addresses",
    Kind.host: "hosts",
}


@dataclass(frozen=True)
class Claim:
    """One address a device needs on a network: given by the design (``explicit``) or to be planned."""

    network: str
    kind: Kind
    role: str
    device: str
    interface: str
    zone: str
    pod: str
    label: str  # for messages: "host lab-kvm01 (id 1)"
    where: Where
    order: tuple[int | str, ...] = ()  # position in the class block (infrastructure) without a slot
    slot: int | None = None  # the place in the class block the device's ``id`` pins (id - 1)
    host_id: int = 0  # hosts: the id the address is keyed on
    pod_id: int = 0
    explicit: IPv4Address | None = None
    same_as: str = ""  # shares the address ``same_as`` has on this network (a database on its server)


@dataclass(frozen=True)
class Reservation:
    """A range handed to CloudStack."""

    network: str
    role: str
    zone: str
    pod: str
    range: AddressRange
    label: str
    where: Where


@dataclass(frozen=True)
class Gateway:
    address: IPv4Address
    owner: str  # device (or "a/b" pair) that holds it; "" when the router is outside the design
    interface: str
    vrrp: tuple[Switch, ...] = ()  # core switches that need their own address beside the VIP


@dataclass
class NetworkDemand:
    name: str
    net: Network
    zone: str  # where the network's table goes: the one pod or zone that uses it, else ""
    pod: str
    gateway: Gateway | None = None
    claims: list[Claim] = field(default_factory=list)
    reservations: list[Reservation] = field(default_factory=list)


@dataclass
class Demands:
    networks: dict[str, NetworkDemand]
    issues: list[PlanIssue]


def _scopes(design: Design, inventory: Inventory) -> dict[str, tuple[str, str]]:
    """(zone, pod) of each network from CloudStack's use of it; ("", "") for deployment-wide ones."""
    uses: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for pref in inventory.pods():
        here = (pref.zone.name, pref.pod.name)
        pod = pref.pod
        names = [pod.management.network, *pod.primary_storage_networks, *(g.network for g in pod.guest_ranges)]
        if pod.storage:
            names.append(pod.storage.network)
        for name in names:
            uses[name].add(here)
    for _, zone in inventory.zones():
        for name in [*(p.network for p in zone.public_ranges), *(s.network for s in zone.shared_networks)]:
            uses[name].add((zone.name, ""))
    scopes: dict[str, tuple[str, str]] = {}
    for name in design.networks:
        found = uses.get(name, set())
        zones = {z for z, _ in found}
        if len(zones) != 1:
            scopes[name] = ("", "")
        elif len(found) == 1:
            scopes[name] = next(iter(found))
        else:
            scopes[name] = (next(iter(zones)), "")
    return scopes


def _gateway(name: str, net: Network, design: Design) -> Gateway | None:
    """The gateway row of a network: its owner as ``gateways.gateway_owner`` reads the design."""
    owner = gateway_owner(design, name)
    if owner is None:
        return None
    if owner.switches:
        svi = interfaces.svi(owner.switches[0], net.switch_vlan)
        return Gateway(owner.address, owner.text, svi, owner.switches if owner.vrrp else ())
    return Gateway(owner.address, owner.text, "")


def _slot(device_id: int | None) -> int | None:
    """The block place a device's ``id`` pins: id n takes the n-th place."""
    return None if device_id is None else device_id - 1


def _holds_gateway(device: str, gateway: Gateway | None, address: IPv4Address | None) -> bool:
    """Whether ``device`` is the router of the network and ``address`` (if given) is its gateway."""
    if gateway is None or gateway.vrrp or device not in gateway.owner.split("/"):
        return False
    return address is None or address == gateway.address


class _Collector:
    def __init__(self, design: Design, inventory: Inventory, ports: PortPlan | None) -> None:
        self.design = design
        self.inventory = inventory
        self.ports = ports
        self.scopes = _scopes(design, inventory)
        self.networks = {name: NetworkDemand(name, net, *self.scopes[name], gateway=_gateway(name, net, design))
                         for name, net in sorted(design.networks.items())}
        self.issues: list[PlanIssue] = []
        self.switches_by_name = {s.name: s for s in design.switches}

    def add(self, claim: Claim) -> None:
        if claim.network in self.networks:
            self.networks[claim.network].claims.append(claim)

    def reserve(self, r: Reservation) -> None:
        if r.network in self.networks:
            self.networks[r.network].reservations.append(r)

    def scope(self, network: str) -> tuple[str, str]:
        return self.scopes.get(network, ("", ""))

    def gateway(self, network: str) -> Gateway | None:
        demand = self.networks.get(network)
        return demand.gateway if demand else None

    def vrrp(self) -> None:
        """Each core's own address beside the VRRP virtual one; a core managed on a network it routes is
        managed on this address, so its management 'address', when given, is this one."""
        for demand in self.networks.values():
            for core in demand.gateway.vrrp if demand.gateway else ():
                att = core.management
                explicit = att.address if att is not None and att.network == demand.name else None
                where: Where = (att, "address") if explicit is not None else (demand.net, "gateway")
                self.add(Claim(demand.name, Kind.vrrp, "vrrp", core.name, interfaces.svi(core, demand.net.switch_vlan),
                               demand.zone, demand.pod, f"VRRP address of {core.name}", where,
                               order=(core.id or MAX_ID, core.name), explicit=explicit))  # ids order a pair

    def firewalls(self) -> None:
        for fw in sorted(self.design.firewalls, key=lambda f: f.name):
            for i, att in enumerate(fw.interfaces):
                if _holds_gateway(fw.name, self.gateway(att.network), att.address):
                    continue  # the firewall is the router: its address there is the gateway row
                self.add(Claim(att.network, Kind.firewall, "firewall", fw.name, "", *self.scope(att.network),
                               f"firewall {fw.name}", (att, "address"), order=(fw.name, i), slot=_slot(fw.id),
                               explicit=att.address))

    def management(self) -> None:
        m = self.design.management
        for ms in sorted(m.servers, key=lambda s: s.name):
            self.add(Claim(ms.network, Kind.management_server, "management-server", ms.name, "",
                           *self.scope(ms.network), f"management server {ms.name}", (ms, "address"),
                           order=(ms.name,), slot=_slot(ms.id), explicit=ms.address))
        lb = m.load_balancer
        if lb is not None:
            pair = "/".join(lb.names)
            self.add(Claim(lb.network, Kind.load_balancer, "lb-vip", pair, "", *self.scope(lb.network),
                           f"load-balancer VIP of {pair}", (lb, "vip"), order=(0,), explicit=lb.vip))
            for i, name in enumerate(lb.names):
                explicit = lb.addresses[i] if i < len(lb.addresses) else None
                where: Where = (lb.addresses, i) if explicit is not None else (lb, "names")
                self.add(Claim(lb.network, Kind.load_balancer, "load-balancer", name, "", *self.scope(lb.network),
                               f"load balancer {name}", where, order=(1 + i,), explicit=explicit))
        server_networks = {ms.name: ms.network for ms in m.servers}
        for i, db in enumerate((m.database.primary, m.database.replica)):
            if db is None:
                continue
            on_server = server_networks.get(db.name) == db.network and db.address is None
            self.add(Claim(db.network, Kind.database, "database", db.name, "", *self.scope(db.network),
                           f"database {db.name}", (db, "address"), order=(i,), explicit=db.address,
                           same_as=db.name if on_server else ""))

    def storage_servers(self) -> None:
        for server in sorted(self.design.storage_servers, key=lambda s: s.name):
            for i, att in enumerate(server.interfaces):
                self.add(Claim(att.network, Kind.storage_server, "storage-server", server.name, "",
                               *self.scope(att.network), f"storage server {server.name}", (att, "address"),
                               order=(server.name, i), slot=_slot(server.id), explicit=att.address))

    def switches(self) -> None:
        pods: dict[str, list[PodRef]] = defaultdict(list)
        for pref in self.inventory.pods():
            pods[pref.pod.name].append(pref)
        for sw in sorted(self.design.switches, key=lambda s: s.name):
            candidates = pods.get(sw.pod or "", [])
            home = next((p for p in candidates if p.zone.site == sw.site), candidates[0] if candidates else None)
            rank = home.pod.id if home else 0
            if second_member(sw, self.switches_by_name.get(sw.peer or "")):
                continue  # StackWise Virtual member 2: the pair is managed and routed as member 1
            att = sw.management
            if att is not None and not self.routes(sw, att.network, att.address):  # else: its gateway/VRRP row
                zone, pod = (home.zone.name, home.pod.name) if home else self.scope(att.network)
                net = self.design.networks.get(att.network)
                carried = self.ports is not None and self.ports.carries(sw.name, att.network)
                port = interfaces.management_interface(sw, net, carried) if net else management_port(sw)
                self.add(Claim(att.network, Kind.switch, "switch", sw.name, port, zone,
                               pod, f"switch {sw.name}", (att, "address"), order=(rank, sw.name, 0),
                               slot=_slot(sw.id), explicit=att.address))
            for i, att in enumerate(sw.interfaces):
                gateway = self.gateway(att.network)
                if gateway is not None and sw.name in gateway.owner.split("/"):
                    continue  # the switch routes this network: its address there is the gateway (or VRRP) row
                net = self.design.networks.get(att.network)
                svi = interfaces.svi(sw, net.switch_vlan) if net is not None else ""
                self.add(Claim(att.network, Kind.switch, "switch-interface", sw.name, svi, *self.scope(att.network),
                               f"interface of switch {sw.name}", (att, "address"), order=(rank, sw.name, 1 + i),
                               slot=_slot(sw.id), explicit=att.address))

    def routes(self, sw: Switch, network: str, address: IPv4Address | None) -> bool:
        """Whether ``sw`` routes ``network`` (its address there is the gateway or its VRRP address). A
        different address given for a switch that holds the gateway alone is reported."""
        gateway = self.gateway(network)
        if gateway is None or sw.name not in gateway.owner.split("/"):
            return False
        if not gateway.vrrp and address is not None and address != gateway.address:
            self.issues.append(PlanIssue(
                "PLAN-ADDRESS", sw.management, "address",
                f"switch {sw.name} routes network {network}, so its address there is the gateway "
                f"{gateway.address}, not {address}", f"remove 'address' or set it to {gateway.address}"))
        return True

    def hosts(self) -> None:
        labels: dict[tuple[str, str], str] = {}
        for host in self.inventory.hosts:
            pod = host.pod
            key = (host.zone.name, host.cluster.hypervisor.value)
            if key not in labels:
                labels[key] = interfaces.host_management(host.zone, host.cluster.hypervisor)
            networks = [(pod.management.network, "host", labels[key])]
            networks += [(name, "host-storage", interfaces.host_primary_storage(host.profile, i))
                         for i, name in enumerate(pod.primary_storage_networks)]
            for network, role, interface in networks:
                explicit = host.addresses.get(network)
                where: Where = (host.entry.addresses, network) if explicit is not None else (host.entry, "id")
                self.add(Claim(network, Kind.host, role, host.name, interface, host.zone.name, pod.name,
                               f"host {host.name} (id {host.id})", where, host_id=host.id, pod_id=pod.id,
                               explicit=explicit))
            for network in sorted(set(host.addresses) - {n for n, _, _ in networks}):
                self.issues.append(PlanIssue(
                    "PLAN-HOST-NETWORK", host.entry.addresses, network,
                    f"host {host.name} has an address on network {network}, but a host has interfaces only on its "
                    f"pod's management network ({pod.management.network}) and primary-storage networks",
                    f"remove it, or add {network} to 'primary_storage_networks' of pod {pod.name}"))

    def ranges(self) -> None:
        for pref in self.inventory.pods():
            zone, pod = pref.zone.name, pref.pod
            self.reserve(Reservation(pod.management.network, "system-vms", zone, pod.name,
                                     pod.management.system_range, f"system-VM range of pod {pod.name}",
                                     (pod.management, "system_range")))
            if pod.storage:
                self.reserve(Reservation(pod.storage.network, "storage-range", zone, pod.name, pod.storage.range,
                                         f"storage range of pod {pod.name}", (pod.storage, "range")))
            for g in pod.guest_ranges:
                self.reserve(Reservation(g.network, "guest-range", zone, pod.name, g.range,
                                         f"guest range of pod {pod.name}", (g, "range")))
        for _, z in self.inventory.zones():
            for pr in z.public_ranges:
                self.reserve(Reservation(pr.network, "public-range", z.name, "", pr.range,
                                         f"public range of zone {z.name}", (pr, "range")))
            for sn in z.shared_networks:
                self.reserve(Reservation(sn.network, "shared-range", z.name, "", sn.range,
                                         f"range of shared network {sn.name}", (sn, "range")))


def collect(design: Design, inventory: Inventory, ports: PortPlan | None = None) -> Demands:
    """Every network's gateway, device claims and CloudStack ranges. With the port plan, a switch's
    management address is labelled with the interface its configuration puts it on."""
    c = _Collector(design, inventory, ports)
    c.vrrp()
    c.firewalls()
    c.management()
    c.storage_servers()
    c.switches()
    c.hosts()
    c.ranges()
    return Demands(c.networks, c.issues)
