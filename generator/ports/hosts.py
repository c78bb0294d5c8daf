"""Host cabling: which switch port each host NIC goes to, and the port-channels of LACP bonds.

* a NIC on the ``access`` fabric goes to the pod's access switches, one on the ``storage``
  fabric to the pod's storage switches; bond members are spread over the switches of the
  fabric (member *j* → switch *j* mod *n*), other NICs take turns;
* on each switch, host *id* gets the block of ports
  ``first_host_port + (id − first) × stride …``, where ``first`` is the lowest id of the hosts
  cabled to that switch (its place on its own switch: pods whose ids start at 101 because they
  share a network with another pod still start at the first host port) and ``stride`` is the most
  NICs any host profile of the pod puts on that switch; adding hosts above never renumbers;
* an LACP bond becomes a port-channel numbered ``10 + (id − first) × bonds + bond index + 1``
  (same number on both switches of a pair, which then run it as vPC/MLAG/MC-LAG).
"""

from __future__ import annotations

from ..inventory import Host
from ..model import Design, Fabric, HostProfile, Hypervisor, Pod, Switch, SwitchRole
from ..model.hardware import BondMode
from .builder import LAG_BASE, PlanBuilder
from .traffic import InterfaceNeeds, interface_needs
from .types import Lag, LinkKind


def fabric_switches(design: Design, pod: Pod, fabric: Fabric) -> list[Switch]:
    """The switches a fabric's NICs are cabled to, in name order."""
    role = SwitchRole.access if fabric is Fabric.access else SwitchRole.storage
    return sorted((s for s in design.switches if s.role is role and s.pod == pod.name), key=lambda s: s.name)


def nic_switches(profile: HostProfile, fabric: Fabric, count: int) -> dict[str, int]:
    """NIC name → index of the switch (among ``count``) it is cabled to."""
    fabric_nics = [n.name for n in profile.nics if n.fabric is fabric]
    out: dict[str, int] = {}
    for bond in profile.bonds:
        members = [m for m in bond.members if m in fabric_nics]
        for j, member in enumerate(members):
            out.setdefault(member, j % count)
    for turn, name in enumerate(n for n in fabric_nics if n not in out):
        out[name] = turn % count
    return out


def slots(profile: HostProfile, fabric: Fabric, count: int) -> list[list[str]]:
    """Per switch, the profile's NICs cabled to it, in profile order."""
    where = nic_switches(profile, fabric, count)
    return [[n.name for n in profile.nics if n.fabric is fabric and where[n.name] == k] for k in range(count)]


def lacp_bonds(profile: HostProfile) -> list[str]:
    return [b.name for b in profile.bonds if b.mode is BondMode.lacp]



class HostCabling(PlanBuilder):
    """Cables every host of every pod to its fabric's switches."""

    def pods(self) -> None:
        for pref in self.inventory.pods():
            hosts = [h for h in self.inventory.hosts_in_pod(pref.pod) if h.profile is not None]
            lag_stride = max((len(lacp_bonds(h.profile)) for h in hosts if h.profile), default=0)
            lag_first = min((h.id for h in hosts), default=1)
            for fabric in Fabric:
                users = [h for h in hosts if h.profile and any(n.fabric is fabric for n in h.profile.nics)]
                if users:
                    self.fabric(pref.pod, fabric, users, (lag_stride, lag_first))

    def fabric(self, pod: Pod, fabric: Fabric, hosts: list[Host], lag_stride: tuple[int, int]) -> None:
        switches = fabric_switches(self.design, pod, fabric)
        if not switches:
            for host in hosts:
                assert host.profile is not None
                nic = next(n for n in host.profile.nics if n.fabric is fabric)
                self.issue(("PORTS-NO-SWITCH", host.profile_name, pod.name, fabric.value), nic, "fabric",
                           f"NIC {nic.name} of profile {host.profile_name} is cabled to the {fabric.value} "
                           f"switches of pod {pod.name}, but the pod has none",
                           f"add switches with 'role: {fabric.value}' and 'pod: {pod.name}', or cable the NIC "
                           "to another fabric")
            return
        layout = {h.profile_name: slots(h.profile, fabric, len(switches)) for h in hosts if h.profile}
        stride = [max(len(per[k]) for per in layout.values()) for k in range(len(switches))]
        first = min(h.id for h in hosts)  # every switch of the fabric is cabled to every host of it
        for host in hosts:
            self.host(host, switches, layout[host.profile_name], stride, place=host.id - first, lag_stride=lag_stride)
        for k, sw in enumerate(switches):
            self.check_capacity(sw, pod, hosts, stride[k])

    def host(self, host: Host, switches: list[Switch], layout: list[list[str]], stride: list[int], *, place: int,
             lag_stride: tuple[int, int]) -> None:
        profile = host.profile
        assert profile is not None
        needs = interface_needs(self.design, host)
        bond_of = {m: b.name for b in profile.bonds for m in b.members}
        lags = self.host_lags(host, profile, switches, layout, lag_stride)
        self.check_bond_modes(host, profile)
        for k, sw in enumerate(switches):
            for index, nic in enumerate(layout[k]):
                iface = bond_of.get(nic, nic)
                need = needs.get(iface)
                if need is None:
                    continue  # a spare NIC keeps its port but carries nothing, so it is not cabled
                number = sw.first_host_port + place * stride[k] + index
                speed = sw.port_speed
                self.add(self.row(sw, number, speed, LinkKind.host, carried=need.carried,
                                          lag=lags.get(iface), peer=(host.name, nic), host=host,
                                          host_interface=iface))
        self.check_untagged(host, profile, needs)

    def host_lags(self, host: Host, profile: HostProfile, switches: list[Switch], layout: list[list[str]],
                  lag_stride: tuple[int, int]) -> dict[str, Lag]:
        where = {nic: k for k, names in enumerate(layout) for nic in names}
        out: dict[str, Lag] = {}
        for index, name in enumerate(lacp_bonds(profile)):
            bond = profile.bond(name)
            assert bond is not None
            used = sorted({where[m] for m in bond.members if m in where})
            if not used:
                continue
            if host.cluster.hypervisor is Hypervisor.vmware:
                self.issue(("PORTS-LACP-VSWITCH", host.profile_name, name), bond, "mode",
                           f"bond {name} of profile {host.profile_name} uses LACP, which an ESXi standard "
                           "vSwitch cannot run (management and storage must stay on a standard vSwitch)",
                           "set 'mode: active-backup' for ESXi hosts")
                continue
            members = [switches[k] for k in used]
            mlag = len(members) == 2 and members[0].peer == members[1].name
            if len(members) > 2 or (len(members) == 2 and not mlag):
                names = " and ".join(s.name for s in members)
                self.issue(("PORTS-LAG-SPLIT", host.profile_name, name), bond, "members",
                           f"LACP bond {name} of profile {host.profile_name} is spread over {names}, which "
                           "are not an MLAG/vPC pair, so the port-channel cannot form",
                           "pair the two switches ('peer:' on both) or set 'mode: active-backup'")
                continue
            number = LAG_BASE + (host.id - lag_stride[1]) * lag_stride[0] + index + 1
            out[name] = self.lag(members[0], number, mlag, f"{host.name}:{name}")
        return out

    def check_bond_modes(self, host: Host, profile: HostProfile) -> None:
        if host.cluster.hypervisor not in (Hypervisor.kvm, Hypervisor.lxc):
            return
        for bond in profile.bonds:
            if bond.mode is BondMode.balance_slb:
                self.issue(("PORTS-BOND-MODE", host.profile_name, bond.name), bond, "mode",
                           f"bond {bond.name} of profile {host.profile_name} uses balance-slb, a XenServer and Open "
                           "vSwitch mode that Linux bonding on a KVM host does not have",
                           "use 'mode: 802.3ad' (LACP, with a switch pair) or 'mode: active-backup'")

    def check_untagged(self, host: Host, profile: HostProfile, needs: dict[str, InterfaceNeeds]) -> None:
        for iface, need in needs.items():
            nets = sorted({c.network for c in need.untagged})
            if len(nets) > 1:
                pnet = next((p for p in host.zone.physical_networks if p.interface == iface), None)
                self.issue(("PORTS-UNTAGGED", host.profile_name, iface), pnet or profile,
                           "interface" if pnet else "nics",
                           f"interface {iface} of profile {host.profile_name} carries {len(nets)} untagged "
                           f"networks ({', '.join(nets)}); a link carries only one untagged network",
                           "let the hosts tag all but one of them: a 'vlan' without 'untagged: true'")

    def check_capacity(self, sw: Switch, pod: Pod, hosts: list[Host], stride: int) -> None:
        numbers = [r.number for r in self.by_switch.get(sw.name, []) if r.kind is LinkKind.host]
        if not numbers:
            return
        last = sw.first_host_port + sw.host_ports - 1
        if max(numbers) > last:
            low, top = min(h.id for h in hosts), max(h.id for h in hosts)
            self.issue(("PORTS-EXHAUSTED", sw.name), sw, "host_ports",
                       f"switch {sw.name} has {sw.host_ports} host ports ({sw.first_host_port}-{last}) but pod "
                       f"{pod.name} needs {max(numbers) - sw.first_host_port + 1}: {stride} NIC(s) per host, "
                       f"ports keyed on host id from the switch's first host (ids {low}-{top})",
                       "use a switch with more ports and raise 'host_ports', or close the gaps in the host ids "
                       "(each id from the lowest reserves its block of ports)")
        reserved = dict.fromkeys(sw.uplink_ports, "uplink_ports") | dict.fromkeys(sw.peer_link_ports, "peer_link_ports")
        clash = sorted(n for n in reserved if sw.first_host_port <= n <= last)
        if clash:
            self.issue(("PORTS-OVERLAP", sw.name), sw, reserved[clash[0]],
                       f"switch {sw.name}: port(s) {', '.join(map(str, clash))} lie in the host ports "
                       f"{sw.first_host_port}-{last} and are also uplink or peer-link ports",
                       "move the uplinks or peer link past the host ports, or lower 'host_ports'")
