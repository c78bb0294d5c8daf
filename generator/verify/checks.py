"""The checks of the verification stage. Each returns a ``CheckResult``: its rule, the number of
cases it looked at and one ``VerifyIssue`` per failure, at the design element responsible."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..diagnostics import Severity
from ..host_configs.view import HostNetwork
from ..inventory import Inventory
from ..model import Design, Hypervisor, IsolationMethod, Networking, TrafficType
from ..ports import interface_needs
from ..ports.types import LinkKind, PortMode, PortPlan, PortRow
from ..switch_configs.config import SwitchConfig
from .graph import Holder, L2Graph
from .reachability import Reach
from .types import CheckResult, PairKind, ReachPair, VerifyIssue

Where = tuple[object, str | int | None]

# Roles that share an address: one machine in two roles (as the address planner allows).
SAME_MACHINE = ({"database", "management-server"}, {"storage-server", "management-server"},
                {"storage-server", "host"}, {"storage-server", "host-storage"})
_PLAN_ORDER = ("gateway", "vrrp", "firewall", "management-server", "lb-vip", "load-balancer", "database",
               "storage-server", "switch", "switch-interface", "host", "host-storage")
VXLAN_OVERHEAD = 50
GUEST_MTU = 1500


@dataclass
class Places:
    """Where each device and network is written in the design."""

    devices: dict[str, Where]
    design: Design

    @classmethod
    def of(cls, design: Design, inventory: Inventory) -> Places:
        out: dict[str, Where] = {}
        for host in inventory.hosts:
            out.setdefault(host.name, (host.entry, "name"))
        for ms in design.management.servers:
            out.setdefault(ms.name, (ms, "name"))
        db = design.management.database
        for d in (db.primary, db.replica):
            if d is not None:
                out.setdefault(d.name, (d, "name"))
        lb = design.management.load_balancer
        if lb is not None:
            for i, name in enumerate(lb.names):
                out.setdefault(name, (lb.names, i))
            out.setdefault("/".join(lb.names), (lb, "vip"))
        for server in design.storage_servers:
            out.setdefault(server.name, (server, "name"))
        for fw in design.firewalls:
            out.setdefault(fw.name, (fw, "name"))
        for sw in design.switches:
            out.setdefault(sw.name, (sw, "name"))
        return cls(out, design)

    def device(self, name: str) -> Where:
        for part in (name, *name.split("/")):
            if part in self.devices:
                return self.devices[part]
        return self.network_of(name)

    def network(self, name: str, attr: str = "vlan") -> Where:
        net = self.design.networks.get(name)
        if net is None:
            return (self.design.networks, None)
        return (net, attr if getattr(net, attr, None) is not None else "cidr")

    def network_of(self, _: str) -> Where:
        return (self.design.deployment, "name")


def _switch(design: Design, name: str) -> object:
    return next((s for s in design.switches if s.name == name), design.deployment)


# 1. cabling ------------------------------------------------------------------------------------

def uncabled(graph: L2Graph, reach: Reach, places: Places) -> CheckResult:
    """Every address holder has a planned cable that carries its network."""
    failures = []
    cases = 0
    seen: set[tuple[str, str]] = set()
    for network in sorted(graph.holders_of):
        if reach.out_of_band(network):
            continue
        carried = bool(graph.by_network.get(network))
        for h in graph.holders_of[network]:
            if (h.device, network) in seen or (h.role in ("gateway", "vrrp") and not carried):
                continue
            seen.add((h.device, network))
            if h.role == "firewall" and not carried:
                continue  # a firewall's outside network, cabled beyond the design
            cases += 1
            if any(graph.attached(n, network) for n in h.nodes):
                continue
            obj, attr = places.device(h.device)
            where = f" on its {h.interface}" if h.interface else ""
            if " " in h.nodes[0]:
                sw = h.nodes[0].split(" ")[0]
                obj, attr = (getattr(_switch(reach.design, sw), "management", None) or obj), "network"
                fix = (f"cable {h.interface} of {sw} to a switch port of {network} (list a free port in that "
                       "switch's 'server_ports'), or put its management on a separate out-of-band network")
            else:
                fix = (f"give {h.device} NICs cabled to a switch that carries {network} ('nics' with 'cabled_to'), "
                       "and free 'server_ports' on that switch")
            failures.append(VerifyIssue(
                "VERIFY-UNCABLED", obj, attr,
                f"{_role(h)} {h.device} holds {h.address} on network {network}{where}, but no planned switch port "
                f"carries {network} to it", fix))
    return CheckResult("VERIFY-UNCABLED", "Every device that holds an address is cabled to its network",
                       cases, tuple(failures))


def _role(h: Holder) -> str:
    return {"host": "host", "host-storage": "host", "management-server": "management server",
            "database": "database", "storage-server": "storage server", "firewall": "firewall",
            "switch": "switch", "switch-interface": "switch", "load-balancer": "load balancer",
            "lb-vip": "load-balancer pair", "gateway": "gateway owner", "vrrp": "core"}.get(h.role, h.role)


# 2. L2 -----------------------------------------------------------------------------------------

def vlan_joined(graph: L2Graph, reach: Reach, pairs: list[ReachPair], places: Places) -> CheckResult:
    """Every cabled holder is joined to its network's anchor by ports that all carry the network."""
    failures = []
    l2 = [p for p in pairs if p.kind is PairKind.l2]
    for p in l2:
        if p.reached:
            continue
        network = p.networks[0]
        holder = reach.holder(p.source, network)
        nodes = holder.nodes if holder else (p.source,)
        if not any(graph.attached(n, network) for n in nodes):
            continue  # VERIFY-UNCABLED reports it
        island = sorted(n for n in graph.spread(network, nodes) if n in graph.switches)
        obj: object = places.design.deployment
        attr: str | int | None = "name"
        if island:
            sw = _switch(places.design, island[0])
            obj, attr = sw, "uplink_ports" if not getattr(sw, "uplink_ports", None) else "name"
        else:
            obj, attr = places.device(p.source)
        failures.append(VerifyIssue(
            "VERIFY-VLAN-NOT-JOINED", obj, attr,
            f"{p.source} ({p.source_address}) and {p.target} ({p.target_address}) are on network {network}, but no "
            f"path of planned ports carrying it joins them (it stops at {', '.join(island) or p.source})",
            f"carry {network} on the uplinks of {', '.join(island) or 'its switch'} (uplink_ports to the core or "
            f"firewall that holds it), or cable {p.target} to a switch that carries it"))
    return CheckResult("VERIFY-VLAN-NOT-JOINED", "Each network joins all its holders at layer 2", len(l2),
                       tuple(failures))


def tagging(graph: L2Graph, design: Design, inventory: Inventory, ports: PortPlan) -> CheckResult:
    """Both ends of every cable put each network in the same VLAN with the same tagging; a host or
    server port carries exactly what the device sends, one tag per frame."""
    failures = []
    for cable, why in graph.tagging:
        failures.append(VerifyIssue("VERIFY-VLAN-TAGGING", _switch(design, cable.a), "name",
                                    f"the two ends of {cable.text} disagree: {why}",
                                    "plan both ends of the link from the same VLAN list"))
    cases = len(graph.cables)
    for row in ports.rows:
        if row.kind not in (LinkKind.host, LinkKind.server):
            continue
        problem = _edge_problem(row)
        if problem:
            failures.append(VerifyIssue("VERIFY-VLAN-TAGGING", _switch(design, row.switch), "name",
                                        f"port {row.switch} {row.port} ({row.description}): {problem}",
                                        "plan the port from what the device's interface sends"))
    for host in inventory.hosts:
        needs = interface_needs(design, host)
        rows = ports.of_host(host.name)
        for row in rows:
            need = needs.get(row.host_interface)
            if need is None:
                continue
            wanted = {c.network for c in need.carried}
            extra = sorted({c.network for c in row.carried} - wanted)
            missing = sorted(wanted - {c.network for c in row.carried})
            if extra or missing:
                text = "; ".join(p for p in (f"carries {', '.join(extra)}, which {row.host_interface} does not use"
                                             if extra else "", f"lacks {', '.join(missing)}" if missing else "") if p)
                failures.append(VerifyIssue("VERIFY-VLAN-TAGGING", _switch(design, row.switch), "name",
                                            f"port {row.switch} {row.port} ({row.description}) {text}",
                                            "carry on a host port exactly the networks of its interface"))
    return CheckResult("VERIFY-VLAN-TAGGING", "One VLAN per network and one tag per frame on every link", cases,
                       tuple(failures))


def _edge_problem(row: PortRow) -> str:
    untagged = [c for c in row.carried if c.untagged]
    tagged = {v for c in row.carried if not c.untagged for v in c.vlans}
    if len({c.first for c in untagged}) > 1:
        return f"{len(untagged)} networks arrive untagged"
    if untagged and row.untagged_vlan != untagged[0].first:
        return (f"{untagged[0].network} arrives untagged, but the port's untagged VLAN is "
                f"{row.untagged_vlan} instead of {untagged[0].first}")
    if row.mode is PortMode.access and tagged:
        return f"tagged VLAN(s) {', '.join(map(str, sorted(tagged)[:8]))} arrive on an access port"
    allowed = row.allowed - ({row.native_vlan} if row.native_vlan is not None else set())
    if row.mode is PortMode.trunk and not tagged <= allowed:
        return f"tagged VLAN(s) {', '.join(map(str, sorted(tagged - allowed)[:8]))} are not allowed on the trunk"
    extra = row.vlans - tagged - {c.first for c in untagged}
    if extra:
        return f"VLAN(s) {', '.join(map(str, sorted(extra)[:8]))} reach a port that does not need them"
    return ""


# 3. L3 -----------------------------------------------------------------------------------------

def routed(pairs: list[ReachPair], places: Places) -> CheckResult:
    failures = []
    l3 = [p for p in pairs if p.kind is not PairKind.l2]
    for p in l3:
        if p.holds:
            continue
        obj, attr = places.network(p.networks[1], "gateway")
        if p.must_reach:
            message = (f"{p.why} {p.target} ({p.target_address}, network {p.networks[1]}) is not reachable from "
                       f"{p.source} on network {p.networks[0]} through the gateway owners and their routes")
            fix = (f"give {p.networks[1]} a gateway its site routes (gateway_on a core or firewall that also "
                   f"holds {p.networks[0]}'s gateway, or one a transit network joins), and cable its holders")
        else:
            message = (f"{p.target} ({p.target_address}) on network {p.networks[1]} is routed to from "
                       f"{p.networks[0]} ({' → '.join(p.path)}), but the design keeps {p.networks[1]} isolated")
            fix = f"remove the gateway of {p.networks[1]}, or keep its holders off routed networks"
        failures.append(VerifyIssue("VERIFY-UNREACHABLE", obj, attr, message, fix))
    return CheckResult("VERIFY-UNREACHABLE", "Management, API, DNS and storage are reachable; isolated networks "
                       "stay isolated", len(l3), tuple(failures))


# 5. artefacts agree ----------------------------------------------------------------------------

def duplicate_addresses(graph: L2Graph, places: Places) -> CheckResult:
    by: dict[tuple[str, int], list[Holder]] = defaultdict(list)
    for h in graph.holders:
        by[(h.network, int(h.address))].append(h)
    failures = []
    for (network, _), holders in sorted(by.items()):
        devices = {h.device for h in holders}
        if len(devices) < 2:
            continue
        roles = {h.role for h in holders}
        if len(roles) == 2 and roles in SAME_MACHINE:
            continue
        if roles <= {"gateway", "vrrp"}:
            continue
        names = sorted(devices)
        # the planner places hosts last: the device planned latest is the one that took a taken address
        latest = max(holders, key=lambda h: (_PLAN_ORDER.index(h.role) if h.role in _PLAN_ORDER else 0, h.device))
        obj, attr = places.device(latest.device)
        failures.append(VerifyIssue(
            "VERIFY-DUPLICATE-ADDRESS", obj, attr,
            f"address {holders[0].address} on network {network} is planned for {' and '.join(names)}",
            f"give {latest.device} an explicit address, or grow network {network} so every device has its own"))
    return CheckResult("VERIFY-DUPLICATE-ADDRESS", "Every address is planned once, with one owner", len(by),
                       tuple(failures))


def _labels_wanted(zone_hv: Hypervisor, traffic_label: str, kind: TrafficType) -> str:
    if traffic_label:
        return traffic_label.split(",", maxsplit=1)[0] if zone_hv is Hypervisor.vmware else traffic_label
    if kind is TrafficType.management and zone_hv in (Hypervisor.kvm, Hypervisor.lxc):
        return "cloudbr0"
    return ""


def labels(design: Design, inventory: Inventory, hosts: list[HostNetwork]) -> CheckResult:
    """The zone script's traffic labels are exactly the bridges, networks or vSwitches each host
    configuration builds, on the interface whose switch ports carry that traffic."""
    failures: dict[tuple[object, ...], VerifyIssue] = {}
    by_name = {h.name: h for h in inventory.hosts}
    cases = 0
    for net in hosts:
        host = by_name[net.host]
        hv = host.cluster.hypervisor
        built = {lbl.name: lbl for lbl in net.labels}
        mgmt_label = net.management_label
        for pnet in host.zone.physical_networks:
            for t in pnet.traffic:
                cases += 1
                raw = t.labels.get(hv, "")
                label = _labels_wanted(hv, raw, t.type)
                where: Where = (t.labels, hv.value) if raw else (t, "type")
                if label and label not in built:
                    failures.setdefault((id(t), hv), VerifyIssue(
                        "VERIFY-LABEL-WITHOUT-BRIDGE", *where,
                        f"the zone script labels {t.type.value} traffic of {pnet.name} '{label}' for {hv.value}, "
                        f"but the configuration of {net.host} builds no {label} (it builds "
                        f"{', '.join(sorted(built)) or 'none'}): an interface joins one bridge only",
                        f"use one label for all traffic on {pnet.interface} (e.g. "
                        f"'{_shared_label(net, pnet.interface) or label}'), or move the traffic to another interface"))
                elif label and built[label].interface != pnet.interface:
                    failures.setdefault((id(t), hv), VerifyIssue(
                        "VERIFY-LABEL-WITHOUT-BRIDGE", *where,
                        f"{t.type.value} traffic of {pnet.name} is labelled '{label}', but {net.host} builds "
                        f"{label} on {built[label].interface}, while the switches deliver the traffic to "
                        f"{pnet.interface}, where no bridge of that label is",
                        f"give the traffic a label of its own on {pnet.interface}"))
                elif (not label and hv in (Hypervisor.kvm, Hypervisor.lxc) and mgmt_label is not None
                      and mgmt_label.interface != pnet.interface
                      and not any(lbl.interface == pnet.interface for lbl in net.labels)):
                    failures.setdefault((id(t), hv), VerifyIssue(
                        "VERIFY-LABEL-WITHOUT-BRIDGE", t, "type",
                        f"{t.type.value} traffic of {pnet.name} has no {hv.value} label, so CloudStack puts it on "
                        f"{mgmt_label.name} ({mgmt_label.interface}), but the switches deliver it to {pnet.interface} "
                        f"of {net.host}, where no bridge is",
                        f"give the traffic a {hv.value} label (a bridge on {pnet.interface}, e.g. 'cloudbr1')"))
        failures.update({k: v for k, v in _double_tags(design, host, net).items() if k not in failures})
    return CheckResult("VERIFY-LABEL-WITHOUT-BRIDGE", "Every traffic label is a bridge, network or vSwitch the "
                       "hosts build, with one VLAN tag per frame", cases, tuple(failures.values()))


def _shared_label(net: HostNetwork, interface: str) -> str:
    return next((lbl.name for lbl in net.labels if lbl.interface == interface), "")


def _double_tags(design: Design, host: object, net: HostNetwork) -> dict[tuple[object, ...], VerifyIssue]:
    """Traffic CloudStack tags itself on a bridge that already sits on a VLAN interface: two tags."""
    from ..inventory import Host

    assert isinstance(host, Host)
    out: dict[tuple[object, ...], VerifyIssue] = {}
    if net.kind not in ("netplan", "nmcli"):
        return out
    hv = host.cluster.hypervisor
    for lbl in net.labels:
        if lbl.vlan is None or lbl.port == lbl.interface:
            continue
        for pnet in host.zone.physical_networks:
            for t in pnet.traffic:
                if _labels_wanted(hv, t.labels.get(hv, ""), t.type) != lbl.name or t.type is TrafficType.management:
                    continue
                if t.type is TrafficType.guest and host.zone.networking is Networking.basic:
                    continue  # the host tags the basic zone's guest subnet itself
                tagged = _tagged_by_cloudstack(design, host, pnet, t.type)
                if tagged:
                    out[(id(t), hv)] = VerifyIssue(
                        "VERIFY-DOUBLE-TAG", t.labels if t.labels.get(hv) else t, hv.value if t.labels.get(hv)
                        else "type",
                        f"{t.type.value} traffic of {pnet.name} is on {lbl.name}, which sits on the VLAN interface "
                        f"{lbl.port} of {net.host}; CloudStack tags {tagged} itself, so its frames leave with two tags",
                        f"give {t.type.value} traffic a label of its own on {lbl.interface} (a bridge on the untagged "
                        "interface), or send the management network untagged ('untagged: true')")
    return out


def _tagged_by_cloudstack(design: Design, host: object, pnet: object, kind: TrafficType) -> str:
    from ..inventory import Host
    from ..model import PhysicalNetwork

    assert isinstance(host, Host) and isinstance(pnet, PhysicalNetwork)
    if kind is TrafficType.storage and host.pod.storage is not None:
        net = design.networks.get(host.pod.storage.network)
        return f"VLAN {net.host_vlan}" if net is not None and net.host_vlan is not None else ""
    if kind is TrafficType.public:
        vlans = sorted({n.host_vlan for r in host.zone.public_ranges if (n := design.networks.get(r.network))
                        and n.host_vlan is not None})
        return "VLAN " + ", ".join(map(str, vlans)) if vlans else ""
    if kind is TrafficType.guest and pnet.isolation is IsolationMethod.vlan and pnet.guest_vlans:
        return "the guest VLANs"
    return ""


def mtu(design: Design, inventory: Inventory, hosts: list[HostNetwork], ports: PortPlan) -> CheckResult:
    """Every interface on a path — NIC, bond, bridge, switch port — takes the largest MTU it carries; a
    VXLAN physical network's underlay takes the guest MTU + 50."""
    failures: dict[tuple[object, ...], VerifyIssue] = {}
    by_name = {h.name: h for h in inventory.hosts}
    cases = 0
    for net in hosts:
        host = by_name[net.host]
        sizes = {n.name: n.mtu or 1500 for n in net.nics} | {b.name: b.mtu or 1500 for b in net.bonds}
        rows = ports.of_host(host.name)
        for pnet in host.zone.physical_networks:
            cases += 1
            needed = pnet.mtu
            if pnet.isolation is IsolationMethod.vxlan and pnet.carries(TrafficType.guest):
                needed = max(needed, GUEST_MTU + VXLAN_OVERHEAD)
            host_mtu = sizes.get(pnet.interface, 0)
            port_mtu = min((r.mtu for r in rows if r.host_interface == pnet.interface), default=0)
            short = [f"{pnet.interface} of {net.host} at {host_mtu or 'not configured'}"] if host_mtu < needed else []
            short += [f"its switch ports at {port_mtu}"] if port_mtu and port_mtu < needed else []
            if short:
                failures.setdefault((id(pnet),), VerifyIssue(
                    "VERIFY-MTU", pnet, "mtu",
                    f"physical network {pnet.name} needs MTU {needed}"
                    + (" (a VXLAN underlay: guest MTU + 50)" if pnet.isolation is IsolationMethod.vxlan else "")
                    + f", but the plans leave {' and '.join(short)}",
                    "plan the interface and its switch ports at the physical network's MTU"))
    return CheckResult("VERIFY-MTU", "MTU consistent end to end (NIC, bond, bridge, switch port, VXLAN underlay)",
                       cases, tuple(failures.values()))


def lacp_identities(design: Design, configs: list[SwitchConfig]) -> CheckResult:
    """Every switch pair presents LACP identities (system id, key) no other pair presents."""
    users: dict[tuple[str, int], set[frozenset[str]]] = defaultdict(set)
    cases = 0
    peers = {s.name: s.peer for s in design.switches}
    for config in configs:
        peer = peers.get(config.name)
        pair = frozenset({config.name, *([peer] if peer else [])})
        for pc in config.port_channels:
            if pc.mc_ae is not None:
                cases += 1
                users[(pc.mc_ae.system_id, pc.mc_ae.admin_key)].add(pair)
    failures = []
    for (system_id, key), pairs in sorted(users.items()):
        if len(pairs) < 2:
            continue
        names = sorted("/".join(sorted(p)) for p in pairs)
        first = sorted(pairs, key=sorted)[1]
        failures.append(VerifyIssue(
            "VERIFY-LACP-ID", _switch(design, sorted(first)[0]), "name",
            f"switch pairs {' and '.join(names)} present the same LACP identity (system-id {system_id}, "
            f"admin-key {key}): a device cabled to both bundles their links into one port-channel",
            "derive each pair's LACP system-id from the pair, not from the port-channel number alone"))
    return CheckResult("VERIFY-LACP-ID", "LACP and MLAG identities unique per switch pair", cases, tuple(failures))


def severity_for(redundant: bool) -> Severity:
    return Severity.error if redundant else Severity.warning
