"""Traffic labels: the bridge, XenServer network or vSwitch that carries each traffic type on the hosts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import HostSwitchKind, Hypervisor, IsolationMethod, PhysicalNetwork, Traffic, TrafficType, Zone
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import pod_hypervisors, zone_hypervisors

# Linux interface names hold at most 15 characters (IFNAMSIZ 16 with the terminating NUL).
IFNAME_MAX = 15
# Install facts §5: the KVM agent configures bridge members only with these name patterns.
KVM_MEMBER = re.compile(r"^(eth|bond|team|vlan|em|ens|eno|enp|enx|p.*p)")
# Hypervisors whose agent takes bridges as labels and falls back to cloudbr0 when a label is empty.
BRIDGE_HYPERVISORS = (Hypervisor.kvm, Hypervisor.lxc)
# Hypervisors whose label names one network or vSwitch bound to the host interface.
SWITCH_HYPERVISORS = (Hypervisor.xenserver, Hypervisor.vmware, Hypervisor.hyperv)
DEFAULT_KVM_BRIDGE = "cloudbr0"


@dataclass(frozen=True)
class LabelUse:
    zone: Zone
    pnet: PhysicalNetwork
    traffic: Traffic
    hypervisor: Hypervisor
    label: str  # the switch/network part (VMware labels are 'switch[,vlan[,type]]')
    explicit: bool


def _switch_part(hypervisor: Hypervisor, label: str) -> str:
    return label.split(",", maxsplit=1)[0].strip() if hypervisor is Hypervisor.vmware else label


def label_uses(zone: Zone) -> Iterator[LabelUse]:
    """Effective labels per traffic and hypervisor in use (KVM management without a label is cloudbr0)."""
    used = zone_hypervisors(zone)
    for pnet in zone.physical_networks:
        for traffic in pnet.traffic:
            for hv in used:
                label = traffic.labels.get(hv, "")
                if label:
                    yield LabelUse(zone, pnet, traffic, hv, _switch_part(hv, label), True)
                elif hv in BRIDGE_HYPERVISORS and traffic.type is TrafficType.management:
                    yield LabelUse(zone, pnet, traffic, hv, DEFAULT_KVM_BRIDGE, False)


@rule("LABEL-MISSING", ERROR, "Traffic on a second physical network has a label for each hypervisor",
      "Install facts §6-7: XenServer maps traffic to host NICs by network name-label and VMware by vSwitch "
      "name; without a label CloudStack falls back to the management network (guest←private, public←guest), "
      "so traffic meant for another interface lands on the management one. KVM is not flagged: an empty KVM "
      "label means cloudbr0 (field mistakes, 'not mistakes').")
def label_missing(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if len(zone.physical_networks) < 2:
            continue
        for hv in zone_hypervisors(zone):
            if hv not in SWITCH_HYPERVISORS:
                continue
            for pnet in zone.physical_networks:
                for traffic in pnet.traffic:
                    if not traffic.labels.get(hv):
                        yield Issue(traffic, "labels", f"{traffic.type.value} traffic on physical network "
                                    f"{pnet.name} (zone {zone.name}) has no {hv.value} label, but the zone has "
                                    f"{hv.value} clusters and several physical networks",
                                    f"add '{hv.value}: <name>' to its labels: the "
                                    f"{'vSwitch' if hv is Hypervisor.vmware else 'network'} bound to "
                                    f"{pnet.interface} on every {hv.value} host")


@rule("LABEL-REUSED-ACROSS-INTERFACES", ERROR, "One label names one host interface",
      "Install facts §5-7: a traffic label is a bridge (KVM), a XenServer network name-label or a vSwitch that "
      "exists with the same name on every host and is bound to one NIC or bond; one label cannot sit on two "
      "interfaces.")
def label_reused(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        first: dict[tuple[Hypervisor, str], LabelUse] = {}
        for use in label_uses(zone):
            other = first.setdefault((use.hypervisor, use.label), use)
            if other.pnet.interface != use.pnet.interface:
                default = " (the default for an empty KVM management label)"
                yield Issue(use.traffic, "labels", f"{use.hypervisor.value} label {use.label}"
                            f"{'' if use.explicit else default} of {use.traffic.type.value} traffic on "
                            f"{use.pnet.name} (interface {use.pnet.interface}) is also the label"
                            f"{'' if other.explicit else default} of {other.traffic.type.value} traffic on "
                            f"{other.pnet.name} (interface {other.pnet.interface}) in zone {zone.name}",
                            "give the traffic of each host interface its own label")


@rule("LABEL-SPLIT-ON-INTERFACE", ERROR, "XenServer, VMware and Hyper-V traffic of one interface share a label",
      "Install facts §6-7: a XenServer network name-label or a VMware vSwitch is bound to one NIC or bond, "
      "and a NIC belongs to one of them; traffic on the same interface therefore uses the same name "
      "(KVM may put a VLAN bridge of its own on an interface, so KVM is not checked).")
def label_split(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        first: dict[tuple[Hypervisor, str], LabelUse] = {}
        for use in label_uses(zone):
            if use.hypervisor not in SWITCH_HYPERVISORS:
                continue
            other = first.setdefault((use.hypervisor, use.pnet.interface), use)
            if other.label != use.label:
                yield Issue(use.traffic, "labels", f"{use.hypervisor.value} label {use.label} of "
                            f"{use.traffic.type.value} traffic on {use.pnet.name} differs from {other.label} of "
                            f"{other.traffic.type.value} traffic on {other.pnet.name}, though both use interface "
                            f"{use.pnet.interface} (zone {zone.name})",
                            f"use one {use.hypervisor.value} label for all traffic on {use.pnet.interface}")


@rule("VMWARE-DVS-MANAGEMENT", ERROR, "VMware management and storage traffic stay on a standard vSwitch",
      "Install facts §7 (vSphere docs): distributed switches (vmwaredvs, nexusdvs) only for Public and Guest "
      "traffic; Management and Storage must stay on a standard vSwitch.")
def vmware_dvs(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pnet in zone.physical_networks:
            for traffic in pnet.traffic:
                label = traffic.labels.get(Hypervisor.vmware, "")
                parts = [p.strip().lower() for p in label.split(",")]
                kind = parts[2] if len(parts) > 2 else ""
                if traffic.type in (TrafficType.management, TrafficType.storage) and kind in ("vmwaredvs",
                                                                                             "nexusdvs"):
                    yield Issue(traffic, "labels", f"VMware label '{label}' puts {traffic.type.value} traffic on "
                                f"physical network {pnet.name} (zone {zone.name}) on a distributed switch",
                                "use a standard vSwitch label ('vSwitch0' or 'vSwitch0,,vmwaresvs')")


def _wanted_kind(hypervisor: Hypervisor, label: str) -> HostSwitchKind | None:
    if hypervisor is Hypervisor.xenserver:
        return HostSwitchKind.xen_network
    if hypervisor is Hypervisor.vmware:
        parts = [p.strip().lower() for p in label.split(",")]
        dvs = len(parts) > 2 and parts[2] in ("vmwaredvs", "nexusdvs")
        return HostSwitchKind.dvswitch if dvs else HostSwitchKind.vswitch
    return None


@rule("LABEL-NOT-ON-HOST", ERROR, "Traffic labels name switches the hosts have, on the right interface",
      "Install facts §6-7: CloudStack finds a XenServer network by its name-label and a VMware vSwitch or "
      "distributed switch by its name on every host of the cluster; a label no host has makes addHost or the "
      "system VMs fail, and one bound to another NIC sends the traffic out of the wrong interface. Checked "
      "where the host profile lists its host_switches.")
def label_on_host(ctx: Context) -> Iterator[Issue]:
    reported: set[tuple[str, str, str]] = set()
    for _, zone in ctx.inventory.zones():
        for pod in zone.pods:
            for cluster in pod.clusters:
                hv = cluster.hypervisor
                if hv not in (Hypervisor.vmware, Hypervisor.xenserver):
                    continue
                for host in ctx.inventory.hosts_of(cluster):
                    profile = host.profile
                    if profile is None or not profile.host_switches:
                        continue
                    for pnet in zone.physical_networks:
                        for traffic in pnet.traffic:
                            label = traffic.labels.get(hv, "")
                            key = (host.profile_name, pnet.name, traffic.type.value)
                            if not label or key in reported:
                                continue
                            name, kind = _switch_part(hv, label), _wanted_kind(hv, label)
                            have = [s for s in profile.host_switches if s.name == name]
                            where = (f"{traffic.type.value} traffic of physical network {pnet.name} (zone "
                                     f"{zone.name})")
                            if not have:
                                reported.add(key)
                                names = ", ".join(s.name for s in profile.host_switches)
                                yield Issue(traffic, "labels", f"{hv.value} label '{name}' of {where} is not a "
                                            f"switch of host profile {host.profile_name} (it has {names})",
                                            f"use one of {names}, or add '{name}' to the profile's host_switches")
                            elif have[0].kind is not kind or have[0].uplink != pnet.interface:
                                reported.add(key)
                                yield Issue(traffic, "labels", f"{hv.value} label '{name}' of {where} is the "
                                            f"{have[0].kind.value} of host profile {host.profile_name} on "
                                            f"{have[0].uplink}, but the traffic needs a {kind.value if kind else ''} "
                                            f"on {pnet.interface}", f"bind {name} to {pnet.interface} in the "
                                            "profile (and on the hosts), or label the traffic with the switch that is")


def _tagged_vlans(ctx: Context, zone: Zone, pnet: PhysicalNetwork) -> list[int]:
    """VLANs the KVM agent makes bridges for on this physical network's interface."""
    vlans: list[int] = []
    if pnet.carries(TrafficType.guest):
        vlans += [vr.last for vr in pnet.guest_vlans]
        vlans += [v for sn in zone.shared_networks if (v := ctx.design.networks[sn.network].host_vlan)]
    if pnet.carries(TrafficType.public):
        vlans += [v for pr in zone.public_ranges if (v := ctx.design.networks[pr.network].host_vlan)]
    if pnet.carries(TrafficType.storage):
        vlans += [v for pod in zone.pods if pod.storage and (v := ctx.design.networks[pod.storage.network].host_vlan)]
    return vlans


@rule("KVM-BRIDGE-NAME-LENGTH", ERROR, "KVM bridge names fit in 15 characters",
      "Field mistake #8: the KVM agent names VLAN bridges br<interface>-<vlan>; Linux interface names hold "
      "at most 15 characters, so longer names are truncated and clash. Labels are bridge names too.")
def kvm_bridge_length(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if not any(h in BRIDGE_HYPERVISORS for h in zone_hypervisors(zone)):
            continue
        for pnet in zone.physical_networks:
            for traffic in pnet.traffic:
                for hv in BRIDGE_HYPERVISORS:
                    label = traffic.labels.get(hv, "")
                    if len(label) > IFNAME_MAX:
                        yield Issue(traffic, "labels", f"{hv.value} bridge label '{label}' of {traffic.type.value} "
                                    f"traffic on {pnet.name} (zone {zone.name}) has {len(label)} characters",
                                    f"use a bridge name of at most {IFNAME_MAX} characters, e.g. cloudbr1")
            if pnet.isolation is not IsolationMethod.vlan:
                continue
            vlans = _tagged_vlans(ctx, zone, pnet)
            if not vlans:
                continue
            longest = f"br{pnet.interface}-{max(vlans)}"
            if len(longest) > IFNAME_MAX:
                yield Issue(pnet, "interface", f"on KVM hosts the VLAN bridges of physical network {pnet.name} "
                            f"(zone {zone.name}) are named like {longest} ({len(longest)} characters)",
                            f"use a shorter interface name (e.g. a bond 'bond1'), so that br<interface>-<vlan> "
                            f"stays within {IFNAME_MAX} characters")


@rule("KVM-BRIDGE-MEMBER-NAME", ERROR, "KVM bridge members have names the agent recognises",
      "Install facts §5 (KVM install guide): bridge member interfaces must match eth*, bond*, team*, vlan*, "
      "em*, p*p*, ens*, eno*, enp* or enx*, otherwise the CloudStack agent cannot configure them.")
def kvm_member_name(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if not any(h in BRIDGE_HYPERVISORS for h in zone_hypervisors(zone)):
            continue
        for pnet in zone.physical_networks:
            if not KVM_MEMBER.match(pnet.interface):
                yield Issue(pnet, "interface", f"interface '{pnet.interface}' of physical network {pnet.name} "
                            f"(zone {zone.name}) is not a name the KVM agent accepts as a bridge member",
                            "rename it (udev or netplan 'set-name') to eth*, ens*, eno*, enp* or a bond*")


@rule("KVM-MANAGEMENT-VLAN-BRIDGE", ERROR, "A tagged KVM management network has a bridge of its own",
      "Field mistake #3 (apache/cloudstack#13509): a management VLAN on the pod while the KVM management label "
      "is the untagged trunk bridge cuts system VMs off; the working pattern is a VLAN interface with its own "
      "bridge as the management label.")
def kvm_management_vlan(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        net = ctx.design.networks[pod.management.network]
        vlan = net.host_vlan
        if vlan is None or Hypervisor.kvm not in pod_hypervisors(pod):
            continue
        uses = [u for u in label_uses(zone) if u.hypervisor is Hypervisor.kvm]
        mgmt = [u for u in uses if u.traffic.type is TrafficType.management]
        trunk = [u for u in uses if u.traffic.type in (TrafficType.guest, TrafficType.public)]
        for m in mgmt:
            for t in trunk:
                if t.label == m.label:
                    yield Issue(m.traffic, "labels", f"management network {pod.management.network} of pod "
                                f"{pod.name} is tagged (VLAN {vlan}), but the KVM management label {m.label} "
                                f"is also the {t.traffic.type.value} bridge, an untagged trunk",
                                f"give management its own bridge on a VLAN interface (e.g. cloudbr0 on "
                                f"{m.pnet.interface}.{vlan}) and use that as the KVM management label, or "
                                f"set 'untagged: true' on {pod.management.network} so the hosts' switch "
                                "ports carry it untagged")
                    break


@rule("XENSERVER-MANAGEMENT-TAGGED", ERROR, "XenServer hosts reach the management network untagged",
      "Field mistake #9 (apache/cloudstack#6641): addHost fails with 'Management network is on a VLAN' when "
      "the XenServer management interface is on a tagged VLAN.")
def xen_management_tagged(ctx: Context) -> Iterator[Issue]:
    for pref in ctx.inventory.pods():
        pod = pref.pod
        net = ctx.design.networks[pod.management.network]
        vlan = net.host_vlan
        if vlan is not None and Hypervisor.xenserver in pod_hypervisors(pod):
            yield Issue(pod.management, "network", f"pod {pod.name} has XenServer clusters, but its management "
                        f"network {pod.management.network} is tagged at the hosts (VLAN {vlan})",
                        f"set 'untagged: true' on network {pod.management.network}: the hosts then send it "
                        f"untagged and their switch ports put it in VLAN {vlan} (access or native VLAN)")
