"""Small facts about the design that several diagrams need: switch groups, link summaries, host sets.

Pure functions of the design and inventory; no drawing concerns beyond the wording of labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..inventory import Inventory
from ..model import Design, Fabric, HostProfile, Network, Pod, Switch, SwitchRole
from ..model.hardware import BondMode
from ..ports.gateways import gateway_networks, gateway_owner
from ..ports.types import LinkKind as PortLink
from ..ports.types import PortPlan

# A cluster with more hosts than this is drawn as one node "N × hosts".
HOSTS_SHOWN_PER_CLUSTER = 8

HYPERVISOR_NAMES = {
    "kvm": "KVM", "xenserver": "XenServer", "vmware": "VMware", "hyperv": "Hyper-V", "lxc": "LXC",
    "baremetal": "bare metal",
}

BOND_MODES = {BondMode.lacp: "LACP", BondMode.active_backup: "active-backup", BondMode.balance_slb: "SLB"}


@dataclass(frozen=True)
class SwitchGroup:
    """The switches of one role that serve one pod (or one site, for the core)."""

    id: str
    role: SwitchRole
    site: str
    pod: str | None
    switches: tuple[Switch, ...]

    @property
    def label(self) -> str:
        where = self.pod or self.site
        kind = {SwitchRole.core: "core", SwitchRole.access: "access", SwitchRole.storage: "storage"}[self.role]
        paired = any(s.peer for s in self.switches)
        if len(self.switches) == 1:
            return f"{where} {kind} switch"
        return f"{where} {kind} {'pair' if paired and len(self.switches) == 2 else 'switches'}"

    def uplinks(self, ports: PortPlan | None) -> str:
        """'port-channel2 · 4×100G': the uplinks' port-channel (from the port plan) and their ports and speed."""
        lags = lag_names(ports, self.switches, PortLink.uplink)
        return " · ".join(filter(None, (" / ".join(lags), port_count(self.switches))))

    def peers(self) -> list[tuple[Switch, Switch]]:
        names = {s.name: s for s in self.switches}
        pairs: list[tuple[Switch, Switch]] = []
        for switch in self.switches:
            other = names.get(switch.peer or "")
            if other is not None and switch.name < other.name:
                pairs.append((switch, other))
        return pairs


def port_count(switches: Iterable[Switch]) -> str:
    """'4×100G': the uplink ports of the switches and their speed, or '' when none are declared."""
    counts: Counter[str] = Counter()
    for switch in switches:
        counts[str(switch.uplink_speed)] += len(switch.uplink_ports)
    return " + ".join(f"{n}×{speed}" for speed, n in sorted(counts.items()) if n)


def lag_names(ports: PortPlan | None, switches: Iterable[Switch], kind: PortLink) -> list[str]:
    """Port-channel names the port plan gives the switches' links of one kind, in order."""
    if ports is None:
        return []
    found: dict[str, None] = {}
    for row in ports.of_switches(s.name for s in switches):
        if row.kind is kind and row.lag is not None:
            found.setdefault(row.lag.name)
    return list(found)


def peer_label(design: Design, a: Switch, b: Switch, ports: PortPlan | None) -> str:
    """'peer-link Po1 (2 ports)', with '· VRRP' when the pair shares gateways as VRRP addresses."""
    count = max(len(a.peer_link_ports), len(b.peer_link_ports))
    lags = lag_names(ports, (a, b), PortLink.peer_link)
    link = " ".join(filter(None, ("peer-link", " / ".join(lags),
                                  f"({count} port{'s' if count != 1 else ''})" if count else "")))
    return f"{link} · VRRP" if shares_vrrp(design, a, b) else link


def shares_vrrp(design: Design, a: Switch, b: Switch) -> bool:
    """Whether the pair holds the gateway of some network as a VRRP group."""
    for name in gateway_networks(design, a.name):
        owner = gateway_owner(design, name)
        if owner is not None and owner.vrrp and b.name in owner.devices:
            return True
    return False


def switch_groups(design: Design) -> list[SwitchGroup]:
    """Switches grouped by (site, pod, role), in design order of first appearance."""
    keys: list[tuple[str, str | None, SwitchRole]] = []
    members: dict[tuple[str, str | None, SwitchRole], list[Switch]] = {}
    for switch in design.switches:
        pod = None if switch.role is SwitchRole.core else switch.pod
        key = (switch.site, pod, switch.role)
        if key not in members:
            keys.append(key)
            members[key] = []
        members[key].append(switch)
    return [
        SwitchGroup("_".join(("sw", site, pod or "site", role.value)), role, site, pod,
                    tuple(members[(site, pod, role)]))
        for site, pod, role in keys
    ]


def groups_of_pod(groups: list[SwitchGroup], pod: Pod) -> dict[Fabric, SwitchGroup]:
    """The access and storage switch groups cabled to a pod's hosts."""
    found: dict[Fabric, SwitchGroup] = {}
    for group in groups:
        if group.pod == pod.name and group.role is SwitchRole.access:
            found[Fabric.access] = group
        elif group.pod == pod.name and group.role is SwitchRole.storage:
            found[Fabric.storage] = group
    return found


def core_of_site(groups: list[SwitchGroup], site: str) -> SwitchGroup | None:
    return next((g for g in groups if g.site == site and g.role is SwitchRole.core), None)


def fabric_summary(profile: HostProfile | None, fabric: Fabric) -> list[str]:
    """What a host cables to one fabric: ['bond0 2×25G LACP', 'bond1 2×25G LACP'] or ['eno1 10G']."""
    if profile is None:
        return []
    nics = {n.name: n for n in profile.nics if n.fabric is fabric}
    parts: list[str] = []
    bonded: set[str] = set()
    for bond in profile.bonds:
        members = [nics[m] for m in bond.members if m in nics]
        if not members:
            continue
        bonded.update(m.name for m in members)
        speeds = Counter(str(m.speed) for m in members)
        speed = " + ".join(f"{n}×{s}" for s, n in sorted(speeds.items()))
        parts.append(f"{bond.name} {speed} {BOND_MODES[bond.mode]}")
    parts.extend(f"{nic.name} {nic.speed}" for nic in nics.values() if nic.name not in bonded)
    return parts


def fabrics_used(profile: HostProfile | None) -> list[Fabric]:
    if profile is None:
        return [Fabric.access]
    return [f for f in Fabric if any(n.fabric is f for n in profile.nics)]


def hypervisor_name(value: str) -> str:
    return HYPERVISOR_NAMES.get(value, value)


def network_text(name: str, network: Network | None) -> str:
    """'ams1-p01-mgmt 10.20.1.0/24 · VLAN 110' (or 'VLAN 110, untagged at the hosts', 'untagged (VLAN 1)')."""
    if network is None:
        return name
    return f"{name} {network.cidr} · {network.vlan_text}"


def drawn_host_nodes(inventory: Inventory, pod: Pod | None = None) -> int:
    """How many host nodes the per-cluster collapse rule yields for the deployment (or one pod)."""
    total = 0
    for ref in inventory.pods():
        if pod is not None and ref.pod is not pod:
            continue
        for cluster in ref.pod.clusters:
            count = len(inventory.hosts_of(cluster))
            total += count if count <= HOSTS_SHOWN_PER_CLUSTER else 1
    return total
