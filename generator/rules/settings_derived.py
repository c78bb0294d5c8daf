"""Global settings cross-checked with the design, driven by ``generator/data/setting-checks.yml``.

The table lists every setting of CloudStack's ``design_relevant`` list. An entry with a ``check``
becomes one rule (its id, severity and a fact naming the setting, its default and the behaviour it
rests on); the check is one of the generic kinds below, each comparing the setting's value (the
design's, else CloudStack's default) with what the design implies or what the value constrains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from ipaddress import IPv4Network
from typing import Any
from urllib.parse import urlsplit

from ..data import yaml_data
from ..diagnostics import Severity
from ..model import Hypervisor, Network, Networking, PrimaryProtocol, TrafficType, Zone
from .capacity_derived import (
    cluster_vm_room,
    direct_demand,
    guest_vlan_supply,
    pod_private_demand,
    public_demand,
)
from .catalogue import rule
from .context import Context, Issue
from .routes import parse_address, reachable_from_any, route
from .walk import clusters, setting, settings_catalogue, zone_hypervisors

TABLE = "setting-checks.yml"
UNSET = ("", "none", "null")
_DOMAIN = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
HYPERVISOR_NAMES = {Hypervisor.kvm: "KVM", Hypervisor.xenserver: "XenServer", Hypervisor.vmware: "VMware",
                    Hypervisor.hyperv: "Hyperv", Hypervisor.lxc: "LXC", Hypervisor.baremetal: "BareMetal"}


@dataclass(frozen=True)
class Entry:
    """One row of the table: a setting and how the design meets it."""

    name: str
    params: dict[str, Any]

    @property
    def default(self) -> str:
        value = settings_catalogue().get(self.name, {}).get("default")
        return "none" if value in (None, "", "None") else str(value)


@dataclass(frozen=True)
class Value:
    """The value a setting will have, and where a finding about it points."""

    name: str
    text: str
    in_design: bool
    settings: object  # the design's settings, where a finding about a setting points

    @property
    def unset(self) -> bool:
        return self.text.strip().lower() in UNSET

    @property
    def true(self) -> bool:
        return self.text.strip().lower() == "true"

    def shown(self) -> str:
        origin = "" if self.in_design else " (CloudStack's default)"
        return f"{self.name} is '{self.text}'{origin}"


def _value(ctx: Context, name: str) -> Value:
    return Value(name, setting(ctx, name), name in ctx.design.settings, ctx.design.settings)


def _issue(value: Value, obj: object, attr: str | int | None, message: str, fix: str) -> Issue:
    """Point at the setting when the design sets it, else at the design object it conflicts with."""
    if value.in_design:
        return Issue(value.settings, value.name, message, fix)
    return Issue(obj, attr, message, fix)


def _number(value: Value) -> float | None:
    try:
        return float(value.text)
    except ValueError:
        return None  # SETTING-TYPE reports it


def _zones(ctx: Context) -> Iterator[Zone]:
    for _, zone in ctx.inventory.zones():
        yield zone


def _active_servers(ctx: Context) -> list[Any]:
    return [ms for ms in ctx.design.management.servers if not ms.standby]


def _sg(zone: Zone) -> bool:
    return zone.networking is Networking.basic or zone.security_groups


def _public_networks(zone: Zone) -> list[str]:
    return [] if _sg(zone) else sorted({pr.network for pr in zone.public_ranges})


def _pod_networks(zone: Zone) -> list[str]:
    return [pod.management.network for pod in sorted(zone.pods, key=lambda p: p.id)]


# The generic checks -------------------------------------------------------------------------


def hypervisors_listed(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    listed = {part.strip().lower() for part in value.text.split(",") if part.strip()}
    for zone in _zones(ctx):
        for pod, cluster in clusters(zone):
            if cluster.hypervisor.value not in listed:
                yield _issue(value, cluster, "hypervisor", f"cluster {cluster.name} (pod {pod.name}) runs "
                             f"{cluster.hypervisor.value}, but {value.shown()}, which leaves it out",
                             f"add {HYPERVISOR_NAMES[cluster.hypervisor]} to {value.name}")


def hypervisor_in_use(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    wanted = value.text.strip().lower()
    if value.unset or wanted == "any":
        return
    for zone in _zones(ctx):
        used = [h.value for h in zone_hypervisors(zone)]
        if used and wanted not in used:
            yield _issue(value, zone, "name", f"{value.shown()}, but zone {zone.name} has only "
                         f"{', '.join(used)} clusters, so its system VMs run on another hypervisor",
                         f"set {value.name} to a hypervisor of the zone ({', '.join(used)}), or leave it out")


def traffic_label(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    if value.unset:
        return
    kind = TrafficType(entry.params["traffic"])
    hv = Hypervisor(entry.params["hypervisor"])
    device = value.text.strip()
    for zone in _zones(ctx):
        if hv not in zone_hypervisors(zone):
            continue
        for pnet in zone.physical_networks:
            traffic = pnet.traffic_of(kind)
            label = traffic.labels.get(hv) if traffic else None
            if traffic is not None and label is not None and label.split(",")[0].strip() != device:
                yield _issue(value, traffic, "labels", f"{value.shown()}, but the {hv.value} {kind.value} "
                             f"label of physical network {pnet.name} in zone {zone.name} is '{label}', which "
                             "CloudStack uses instead", f"set {value.name} to '{label.split(',')[0]}', or leave it out")


def vmware_switch_type(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    kind = str(entry.params["switch_type"])
    if value.true:
        return
    for zone in _zones(ctx):
        for pnet in zone.physical_networks:
            for traffic in pnet.traffic:
                label = traffic.labels.get(Hypervisor.vmware, "")
                parts = [p.strip().lower() for p in label.split(",")]
                if len(parts) > 2 and parts[2] == kind:
                    yield _issue(value, traffic, "labels", f"the VMware {traffic.type.value} label '{label}' of "
                                 f"physical network {pnet.name} (zone {zone.name}) is a {kind} switch, but "
                                 f"{value.shown()}", f"set {value.name}: true under 'settings'")


def _mtu_networks(ctx: Context, zone: Zone, which: str) -> Iterator[tuple[object, str, int]]:
    """(object, label, MTU) of the networks whose MTU a router interface setting caps."""
    if which == "public":
        for name in _public_networks(zone):
            net = ctx.design.networks[name]
            yield net, f"public network {name}", net.mtu
    else:
        for pnet in zone.physical_networks:
            if pnet.carries(TrafficType.guest):
                yield pnet, f"guest physical network {pnet.name}", pnet.guest_mtu


def mtu_covers(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    limit = _number(value)
    if limit is None:
        return
    for zone in _zones(ctx):
        which = str(entry.params["networks"])
        for obj, label, mtu in _mtu_networks(ctx, zone, which):
            if mtu > limit:
                field = "mtu" if which == "public" else "guest_mtu"
                yield _issue(value, obj, field, f"{label} of zone {zone.name} has MTU {mtu}, but {value.shown()}, "
                             f"so virtual routers use at most {int(limit)} there", f"set {value.name}: {mtu} under "
                             "'settings'")


def mtu_within(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    mtu = _number(value)
    if mtu is None:
        return
    for zone in _zones(ctx):
        for pod in sorted(zone.pods, key=lambda p: p.id):
            name = pod.storage.network if pod.storage else pod.management.network
            net = ctx.design.networks[name]
            if mtu > net.mtu:
                role = "storage" if pod.storage else "management (no storage network)"
                yield _issue(value, net, "mtu", f"{value.shown()}, larger than MTU {net.mtu} of network {name}, "
                             f"the {role} network the SSVM uses in pod {pod.name}",
                             f"set {value.name}: {net.mtu} under 'settings', or raise the network's MTU")


def cidr_holds(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    if value.unset:
        return
    try:
        cidr = IPv4Network(value.text.strip(), strict=False)
    except ValueError:
        yield _issue(value, ctx.design.settings, value.name, f"{value.shown()}, which is not an IPv4 CIDR",
                     "write the management servers' subnet, e.g. 10.10.0.0/24")
        return
    for ms in _active_servers(ctx):
        net = ctx.design.networks[ms.network].cidr
        if not net.subnet_of(cidr):
            yield _issue(value, ms, "network", f"management server {ms.name} is on {ms.network} ({net}), "
                         f"outside {value.shown()}", f"set {value.name} to a CIDR holding {net}")


def host_list(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    if not value.in_design:
        return
    active = _active_servers(ctx)
    standby = {str(ms.address): ms.name for ms in ctx.design.management.servers if ms.standby and ms.address}
    explicit = {str(ms.address) for ms in active if ms.address}
    networks = {ms.network for ms in active}
    for item in (part.strip() for part in value.text.split(",")):
        address = parse_address(item)
        if address is None:
            continue  # a name: resolved by the hosts' DNS, nothing to route here
        if item in standby:
            yield Issue(ctx.design.settings, value.name, f"'host' lists {item}, standby management server "
                        f"{standby[item]}, which stays stopped until failover", "list only active servers")
            continue
        holders = [n for n in sorted(networks) if address in ctx.design.networks[n].cidr]
        if item not in explicit and not holders:
            yield Issue(ctx.design.settings, value.name, f"'host' lists {item}, which is on no network of an active "
                        f"management server ({', '.join(sorted(networks))})",
                        "list the management servers' own addresses")
            continue
        for zone in _zones(ctx):
            for pod in sorted(zone.pods, key=lambda p: p.id):
                found = route(ctx.design, pod.management.network, address)
                if not found.ok:
                    yield Issue(ctx.design.settings, value.name, f"agents in pod {pod.name} (zone {zone.name}) "
                                f"cannot reach {item} from 'host': {found.how}",
                                f"give {found.source} a gateway, or list an address it reaches")


def needs_setting(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    needed = _value(ctx, str(entry.params["needs"]))
    if value.true and needed.unset:
        yield _issue(value, ctx.design.settings, value.name, f"{value.shown()}, but {needed.name} is not set",
                     f"set {needed.name} to the domain of its certificate under 'settings'")


def domain(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    text = value.text.strip().lower()
    if value.unset:
        return
    wildcard_ok = bool(entry.params.get("wildcard"))
    if not _DOMAIN.match(text) or (text.startswith("*.") and not wildcard_ok) or len(text) > 253:
        shape = "'*.example.com' or 'example.com'" if wildcard_ok else "'example.com'"
        yield _issue(value, ctx.design.settings, value.name, f"{value.shown()}, which is not a DNS domain",
                     f"write a domain like {shape}")


def vlan_bits(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    bits = _number(value)
    if bits is None or bits != int(bits) or not 1 <= bits <= 24:
        return
    top = 2 ** int(bits) - 1
    for zone in _zones(ctx):
        for pnet in zone.physical_networks:
            if pnet.isolation.value != "VLAN":
                continue
            for i, vr in enumerate(pnet.guest_vlans):
                if vr.last > top:
                    yield _issue(value, pnet.guest_vlans, i, f"guest VLAN range {vr} of physical network "
                                 f"{pnet.name} (zone {zone.name}) goes past {top}, the largest id {value.shown()} "
                                 "allows", f"keep guest VLANs at or below {top}, or raise {value.name}")


Measure = Iterator[tuple[object, str, str, int, int]]  # (object, field, what, used, capacity)


def _measure(ctx: Context, which: str) -> Measure:
    for zone in _zones(ctx):
        if which == "pod_system":
            for pod in sorted(zone.pods, key=lambda p: p.id):
                need = pod_private_demand(zone, pod)
                yield (pod.management, "system_range", f"system-VM range of pod {pod.name} ({need.why})",
                       need.total, pod.management.system_range.size)
        elif which == "public" and zone.public_ranges and not _sg(zone):
            need = public_demand(zone)
            yield (zone, "public_ranges", f"public addresses of zone {zone.name} ({need.why})", need.total,
                   sum(pr.range.size for pr in zone.public_ranges))
        elif which == "guest_vlans":
            supply = guest_vlan_supply(zone)
            if supply and zone.planned_routers:
                yield (zone, "planned_routers", f"guest VLANs of zone {zone.name} ({zone.planned_routers} planned "
                       "networks)", zone.planned_routers, supply)
        elif which == "direct":
            for pod in sorted(zone.pods, key=lambda p: p.id):
                direct = direct_demand(ctx, zone, pod)
                if direct is not None and pod.guest_ranges:
                    yield (pod, "guest_ranges", f"guest addresses of pod {pod.name} ({direct.why})", direct.total,
                           sum(gr.range.size for gr in pod.guest_ranges))
        elif which == "cluster_vms":
            for pod, cluster in clusters(zone):
                room = cluster_vm_room(ctx, cluster)
                if cluster.planned_vms is not None and room:
                    yield (cluster, "planned_vms", f"cluster {cluster.name} (pod {pod.name}, per-host limits "
                           f"adding up to {room} VMs)", cluster.planned_vms, room)


def threshold(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    share = _number(value)
    if share is None or not 0 < share <= 1:
        return
    disable = entry.params["compare"] == "disable"
    for obj, attr, what, used, capacity in _measure(ctx, str(entry.params["measure"])):
        if capacity <= 0 or used > capacity:
            continue  # the capacity rules report designs that do not fit at all
        ratio = used / capacity
        if ratio > share if disable else ratio >= share:
            verb = "stops allocating at" if disable else "alerts at"
            yield Issue(obj, attr, f"{what}: {used} of {capacity} planned ({ratio:.0%}), and CloudStack {verb} "
                        f"{share:.0%} ({value.shown()})", f"plan more capacity (at least {int(used / share) + 1}), "
                        f"or raise {value.name}")


def _interface_mbps(ctx: Context, zone: Zone, interface: str) -> list[tuple[str, int]]:
    """(profile, Mbit/s) of the interface on each host profile of the zone."""
    out: dict[str, int] = {}
    for host in ctx.inventory.hosts:
        if host.zone is not zone or host.profile is None or host.profile_name in out:
            continue
        members = host.profile.members_of(interface)
        if not members:
            continue
        bond = host.profile.bond(interface)
        speeds = [n.speed.gbps * 1000 for n in members]
        out[host.profile_name] = sum(speeds) if bond is not None and bond.mode.value == "lacp" else min(speeds)
    return sorted(out.items())


def rate_within_nic(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    rate = _number(value)
    if rate is None or rate <= 0:
        return
    for zone in _zones(ctx):
        for pnet in zone.physical_networks:
            if not pnet.carries(TrafficType.guest):
                continue
            for profile, mbps in _interface_mbps(ctx, zone, pnet.interface):
                if rate > mbps:
                    yield _issue(value, pnet, "interface", f"{value.shown()} Mbit/s, above the {mbps} Mbit/s of "
                                 f"{pnet.interface} (guest traffic of {pnet.name}, zone {zone.name}) on profile "
                                 f"{profile}", f"set {value.name} at or below {mbps}")


def local_storage(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    for zone in _zones(ctx):
        pools = [*zone.primary_storage, *(p for _, c in clusters(zone) for p in c.primary_storage)]
        shared = [p for p in pools if p.protocol is not PrimaryProtocol.local]
        if value.true and not zone.local_storage:
            yield _issue(value, zone, "local_storage", f"{value.shown()}, but zone {zone.name} does not enable "
                         "local storage, so its system VMs have nowhere to run",
                         "set 'local_storage: true' on the zone, or leave the setting false")
        elif not value.true and pools and not shared:
            yield _issue(value, zone, "name", f"zone {zone.name} has only local primary storage, but "
                         f"{value.shown()}, so system VMs look for shared storage that is not there",
                         f"set {value.name}: true under 'settings', or add shared primary storage")


def _system_vm_sources(zone: Zone) -> list[str]:
    return [*_pod_networks(zone), *_public_networks(zone)]


def reachable_list(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    if value.unset:
        return
    for item in (part.strip() for part in value.text.split(",") if part.strip()):
        address = parse_address(item)
        for zone in _zones(ctx):
            if address is None:
                if not zone.dns.internal and not zone.dns.public:
                    yield _issue(value, zone, "dns", f"{value.name} names '{item}', but zone {zone.name} has no "
                                 "DNS server for its system VMs to resolve it", "add dns servers to the zone, or "
                                 "list addresses")
                continue
            failed = reachable_from_any(ctx.design, _system_vm_sources(zone), address)
            if failed is not None:
                yield _issue(value, zone, "name", f"system VMs of zone {zone.name} cannot reach {item} from "
                             f"{value.name}: {failed.how}", "list a server the pods' management or public networks "
                             "reach, or give them a gateway")


def url_reachable(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    if not value.in_design:
        return
    try:
        parts = urlsplit(value.text.strip())
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if parts.scheme not in ("http", "https") or not host:
        yield Issue(ctx.design.settings, value.name, f"{value.shown()}, which is not an http(s) URL",
                    "write it like http://10.10.0.5:8080/client/api")
        return
    address = parse_address(host)
    if address is None:
        return  # 'localhost' or a name: nothing the design routes
    for zone in _zones(ctx):
        for source in _pod_networks(zone):
            found = route(ctx.design, source, address)
            if not found.ok:
                yield Issue(ctx.design.settings, value.name, f"system VMs on {source} (zone {zone.name}) cannot reach "
                            f"{host} of {value.name}: {found.how}", "point it at a management server or VIP every "
                            "pod's management network reaches")
                break


def cidrs_routed(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    if value.unset:
        return
    for item in (part.strip() for part in value.text.split(",") if part.strip()):
        try:
            cidr = IPv4Network(item, strict=False)
        except ValueError:
            continue  # SETTING-INTERNAL-SITES reports it
        target = cidr.network_address + 1 if cidr.num_addresses > 2 else cidr.network_address
        for zone in _zones(ctx):
            for pod in sorted(zone.pods, key=lambda p: p.id):
                mgmt: Network = ctx.design.networks[pod.management.network]
                if target in mgmt.cidr:
                    continue
                found = route(ctx.design, pod.management.network, target)
                if not found.ok:
                    yield Issue(ctx.design.settings, value.name, f"the SSVM of pod {pod.name} (zone {zone.name}) "
                                f"cannot route to {item} of {value.name}: {found.how}",
                                f"give {pod.management.network} a gateway, or list only routed subnets")


_RELEASE = re.compile(r"(?<![\d.])(\d+\.\d+)(?:\.\d+)*(?![\d.])")


def template_version(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    hv = Hypervisor(entry.params["hypervisor"])
    used = any(hv in zone_hypervisors(zone) for zone in _zones(ctx))
    found = _RELEASE.search(value.text)
    if not used or found is None:
        return
    design = ".".join(ctx.design.deployment.cloudstack_version.split(".")[:2])
    if found.group(1) != design:
        yield _issue(value, ctx.design.deployment, "cloudstack_version", f"{value.shown()}, a template of CloudStack "
                     f"{found.group(1)}, but the design deploys CloudStack {design}",
                     f"name the {design} system VM template (e.g. systemvm-{hv.value}-{design}.0), or leave it out")


def port_group(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    wanted = value.text.strip()
    for name, profile in sorted(ctx.design.host_profiles.items()):
        if profile.hypervisor is not Hypervisor.vmware or not any(h.profile_name == name for h in ctx.inventory.hosts):
            continue
        groups = sorted({g for sw in profile.host_switches for g in sw.port_groups})
        listing = next((sw for sw in profile.host_switches if sw.port_groups), None)
        if listing is not None and wanted not in groups:
            yield _issue(value, listing, "port_groups", f"{value.shown()}, but host profile {name} has no port "
                         f"group of that name (it lists {', '.join(groups)})",
                         f"set {value.name} to the ESXi management port group, or list it under the profile's "
                         "host_switches")


def needs_servers(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    minimum = int(entry.params["minimum"])
    active = _active_servers(ctx)
    if value.true and len(active) < minimum:
        yield _issue(value, ctx.design.management, "servers", f"{value.shown()}, but the design has "
                     f"{len(active)} active management server(s)", f"leave {value.name} false, or add servers")


def _refused(asked: str, offered: str) -> bool:
    """Whether a server offering NFS ``offered`` refuses a mount with vers=``asked``: another major version, or
    a minor version it does not offer (vers=4 alone lets the client settle on the server's minor version)."""
    asked_major, _, asked_minor = asked.strip().partition(".")
    offered_major, _, offered_minor = offered.partition(".")
    if asked_major != offered_major:
        return True
    return bool(asked_minor) and asked_minor != (offered_minor or "0")


def nfs_version(ctx: Context, entry: Entry, value: Value) -> Iterator[Issue]:
    """Each NFS secondary (or staging) store's export offers the version the secondary-storage mounts ask for."""
    servers = {s.name: s for s in ctx.design.storage_servers}
    for zone in _zones(ctx):
        kvm = Hypervisor.kvm in zone_hypervisors(zone)
        stores = [(f"secondary storage {s.name}", s.server, s.path) for s in zone.secondary_storage
                  if s.protocol.value == "nfs"]
        stores += [(f"the staging store of {s.name}", s.staging.server, s.staging.path)
                   for s in zone.secondary_storage if s.staging is not None]
        for label, name, path in stores:
            server = servers.get(name or "")
            export = server.export_for(path) if server is not None and path else None
            if server is None or export is None:
                continue  # NFS-EXPORT-MISSING, or no exports listed: nothing says which versions are offered
            offered = export.version.value
            where = (f"{label} of zone {zone.name} is on export {export.path} of {server.name}, which offers "
                     f"NFS {offered}")
            if not value.unset and _refused(value.text, offered):
                yield _issue(value, export, "version",
                             f"{where}, but {value.shown()}: the secondary-storage VM mounts it with vers="
                             f"{value.text.strip()}, which the server refuses ('Protocol not supported')",
                             f"set {value.name} to '{offered}' in 'settings', or give export {export.path} "
                             f"version '{value.text.strip()}'")
            elif value.unset and offered != "3" and kvm:
                yield Issue(export, "version",
                            f"{where} only, but {value.name} is not set (CloudStack's default): the KVM hosts' libvirt "
                            "mounts of templates and ISOs from secondary storage name no version and use NFSv3, and "
                            "the management server seeds the system VM templates without the setting",
                            f"offer NFSv3 on export {export.path} (version: \"3\"), or set {value.name} to "
                            f"'{offered}' in 'settings' and check that the KVM hosts mount it")


CheckKind = Callable[[Context, Entry, Value], Iterator[Issue]]
CHECKS: dict[str, CheckKind] = {
    "hypervisors_listed": hypervisors_listed,
    "hypervisor_in_use": hypervisor_in_use,
    "traffic_label": traffic_label,
    "vmware_switch_type": vmware_switch_type,
    "mtu_covers": mtu_covers,
    "mtu_within": mtu_within,
    "cidr_holds": cidr_holds,
    "host_list": host_list,
    "needs_setting": needs_setting,
    "domain": domain,
    "vlan_bits": vlan_bits,
    "threshold": threshold,
    "rate_within_nic": rate_within_nic,
    "local_storage": local_storage,
    "reachable_list": reachable_list,
    "url_reachable": url_reachable,
    "cidrs_routed": cidrs_routed,
    "needs_servers": needs_servers,
    "template_version": template_version,
    "port_group": port_group,
    "nfs_version": nfs_version,
}


def table() -> dict[str, dict[str, Any]]:
    """The table: setting name → its entry (a check, the rules that cover it, or why it cannot be checked)."""
    return yaml_data(TABLE)


def cross_checked() -> list[str]:
    """Settings of the table that some rule cross-checks with the design."""
    return sorted(name for name, row in table().items() if "check" in row or "covered_by" in row)


def _check_of(entry: Entry) -> Callable[[Context], Iterator[Issue]]:
    """The rule's check: the generic check of the entry's kind, on the setting's value."""
    kind = CHECKS[str(entry.params["check"])]

    def check(ctx: Context) -> Iterator[Issue]:
        yield from kind(ctx, entry, _value(ctx, entry.name))

    return check


def _register() -> None:
    for name, row in sorted(table().items()):
        if "check" not in row:
            continue
        entry = Entry(name, row)
        fact = (f"CloudStack global setting {name} (default {entry.default}): {row['behaviour']} "
                "(generator/data/setting-checks.yml)")
        title = f"Setting {name} agrees with the design"
        rule(str(row["rule"]), Severity(row["severity"]), title, fact)(_check_of(entry))


_register()
