"""XenServer / XCP-ng hosts: dom0, networks named by the traffic labels, storage interfaces, multipath."""

from __future__ import annotations

from ...model import Hypervisor, Networking, PrimaryProtocol, TrafficType
from ...model.hardware import BondMode
from ..common import span
from ..context import ClusterRef, RunbookContext
from ..model import Check, Command, Role, Step, Table
from ..osinfo import os_info

DOM0_MB = 2940
BOND_MODE = {BondMode.balance_slb: "balance-slb", BondMode.active_backup: "active-backup", BondMode.lacp: "lacp"}
BONDING_SCRIPT = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver/cloud-setup-bonding.sh"


def _where(ctx: RunbookContext, ref: ClusterRef) -> str:
    return f"every host of {ref.cluster.name} ({span(ctx.hosts_of(ref.cluster))})"


def prepare(ctx: RunbookContext, ref: ClusterRef, table: Table) -> Step:
    where = _where(ctx, ref)
    profile = ctx.design.host_profiles[ref.cluster.profile]
    os = os_info(profile.os)
    mgmt_iface = next((p.interface for p in ref.zone.physical_networks if p.carries(TrafficType.management)), "")
    bond = profile.bond(mgmt_iface)
    first_nic = bond.members[0] if bond else mgmt_iface
    lines = [f"/opt/xensource/libexec/xen-cmdline --set-xen dom0_mem={DOM0_MB}M,max:{DOM0_MB}M",
             "systemctl enable --now chronyd", 'echo "root:${HOST_PASSWORD}" | chpasswd', "reboot"]
    return Step(f"Prepare the {os.title} hosts of {ref.cluster.name}", Role.cloud, where,
                f"Install {os.title} with the management address of the table, static and untagged, on "
                f"{first_nic}" + (f" (the bond {mgmt_iface} takes it over in the next step)" if bond else "") +
                f". dom0 gets {DOM0_MB} MB, time is synchronised, and every host of the cluster has the same root "
                "password (CloudStack uses one login per cluster).",
                table=table,
                commands=(Command(where, "\n".join(lines)),),
                checks=(Check("each host", "xl list Domain-0", f"Mem about {DOM0_MB} (MB)"),
                        Check("each host", "chronyc tracking", "Leap status : Normal")))


def _labels(ref: ClusterRef) -> dict[str, str]:
    """Interface → XenServer network name-label (the traffic label) for the zone's physical networks."""
    out: dict[str, str] = {}
    for pnet in ref.zone.physical_networks:
        for t in pnet.traffic:
            label = t.labels.get(Hypervisor.xenserver)
            if label:
                out.setdefault(pnet.interface, label)
    return out


def networks(ctx: RunbookContext, ref: ClusterRef) -> Step:
    hosts = ctx.hosts_of(ref.cluster)
    profile = ctx.design.host_profiles[ref.cluster.profile]
    labels = _labels(ref)
    master = hosts[0] if hosts else None
    master_name = master.name if master else "the first host"
    master_ip = ctx.host_ip(master) if master else ""
    lines = ["H=$(xe host-list name-label=$(hostname) --minimal)"]
    for iface, label in sorted(labels.items()):
        bond = profile.bond(iface)
        if bond is not None:
            pifs = ",".join(f"$(xe pif-list host-uuid=$H device={m} --minimal)" for m in bond.members)
            lines += [f"N=$(xe network-create name-label={label})",
                      f"xe bond-create network-uuid=$N mode={BOND_MODE[bond.mode]} pif-uuids={pifs}"]
        else:
            lines.append(f"xe network-param-set uuid=$(xe pif-list host-uuid=$H device={iface} params=network-uuid "
                         f"--minimal) name-label={label}")
    commands = [Command(f"{master_name} (pool master)", "\n".join(lines))]
    if len(hosts) > 1:
        commands.append(Command(f"each other host of {ref.cluster.name}",
                                f'xe pool-join master-address={master_ip} master-username=root '
                                'master-password="${HOST_PASSWORD}"'))
    if profile.bonds:
        ms = ctx.active_servers[0] if ctx.active_servers else ctx.servers[0]
        commands.append(Command(f"{master_name} (pool master)",
                                f"scp root@{ctx.ms_ip(ms)}:{BONDING_SCRIPT} /root/\n"
                                "bash /root/cloud-setup-bonding.sh"))
    mgmt_iface = next((p.interface for p in ref.zone.physical_networks if p.carries(TrafficType.management)), "")
    checks = [
        Check(master_name, "xe network-list params=name-label --minimal",
              "includes " + ", ".join(sorted(set(labels.values())))),
        Check(master_name, "xe host-list params=name-label --minimal",
              f"the {len(hosts)} hosts of {ref.cluster.name} (one pool)"),
        Check(master_name, "xe pif-list management=true params=host-name-label,device,VLAN",
              f"{mgmt_iface or 'the management interface'} on every host, VLAN -1 (untagged: XenServer refuses a "
              "management interface on a VLAN)"),
    ]
    if profile.bonds:
        checks.append(Check(master_name, "xe bond-list params=master,slaves,mode",
                            f"{len(profile.bonds)} bonds per host, each with its two members"))
    return Step(f"Networks of the {ref.cluster.name} pool", Role.cloud, f"{master_name} and the other hosts",
                "XenServer finds each traffic by the network name-label, which must equal the zone's XenServer "
                "label. Bonds are created on the pool master before the others join (the management bond must exist "
                "before CloudStack adds the host); joining copies them to every host.",
                values=tuple((f"Network {label}", f"on {iface}") for iface, label in sorted(labels.items())),
                commands=tuple(commands), checks=tuple(checks))


def storage_interfaces(ctx: RunbookContext, ref: ClusterRef, table: Table) -> Step | None:
    profile = ctx.design.host_profiles[ref.cluster.profile]
    pairs = list(zip(ref.pod.primary_storage_networks, profile.primary_storage_interfaces, strict=False))
    if not pairs:
        return None
    hosts = ctx.hosts_of(ref.cluster)
    master_name = hosts[0].name if hosts else "the pool master"
    lines = ["H=$(xe host-list name-label=$(hostname) --minimal)"]
    checks = []
    servers = sorted({p.server for p in ref.cluster.primary_storage if p.server})
    for net_name, iface in pairs:
        net = ctx.network(net_name)
        if net.vlan is not None:
            lines += [f"N=$(xe network-create name-label={net_name} MTU={net.mtu})",
                      f"xe pool-vlan-create network-uuid=$N vlan={net.vlan} "
                      f"pif-uuid=$(xe pif-list host-uuid=$H device={iface} VLAN=-1 --minimal)"]
        else:
            lines.append(f"xe network-param-set uuid=$(xe pif-list host-uuid=$H device={iface} params=network-uuid "
                         f"--minimal) name-label={net_name} MTU={net.mtu}")
        pairs_text = " ".join(f"{h.name}={ctx.address(h.name, net_name)}" for h in hosts)
        lines += [f"for pair in {pairs_text}; do",
                  f"  P=$(xe pif-list host-name-label=${{pair%=*}} network-name-label={net_name} --minimal)",
                  f"  xe pif-reconfigure-ip uuid=$P mode=static IP=${{pair#*=}} netmask={net.cidr.netmask}",
                  f"  xe pif-param-set uuid=$P disallow-unplug=true other-config:management_purpose={net_name}",
                  "done"]
        for server in servers:
            addr = ctx.ip(server, net_name)
            if addr is None:
                continue
            probe = f"ip route get {addr}"
            expect = (f"{addr} reached directly from the host's {net_name} address, not through the management "
                      "interface")
            if net.mtu > 1500:
                probe += f"\nping -c3 -M do -s {net.mtu - 28} {addr}"
                expect += f"; the {net.mtu}-byte pings are answered"
            checks.append(Check("each host", probe, expect))
    return Step(f"Storage interfaces of the {ref.cluster.name} pool", Role.cloud,
                f"{master_name} (pool master), for every host",
                "Each primary-storage network gets a network of its own with an address on every host, on the "
                "interface the profile gives it (not bonded). It must be the only way to the storage addresses.",
                table=table, commands=(Command(f"{master_name} (pool master)", "\n".join(lines)),),
                checks=tuple(checks))


def multipath(ctx: RunbookContext, ref: ClusterRef) -> Step | None:
    pools = [p for p in ref.cluster.primary_storage if p.multipath and p.protocol is PrimaryProtocol.iscsi]
    if not pools:
        return None
    hosts = ctx.hosts_of(ref.cluster)
    master_name = hosts[0].name if hosts else "the pool master"
    names = " ".join(h.name for h in hosts)
    command = (f"for h in {names}; do\n"
               "  xe host-param-set uuid=$(xe host-list name-label=$h --minimal) multipathing=true\n"
               "done")
    paths = len(ref.pod.primary_storage_networks)
    return Step(f"Multipathing on the {ref.cluster.name} pool", Role.storage, f"{master_name} (pool master)",
                f"Multipathing is switched on for every host before the SR of {', '.join(p.name for p in pools)} "
                f"exists, so the LUN is attached over all {paths} fabrics.",
                commands=(Command(f"{master_name} (pool master)", command),),
                checks=(Check(master_name, "xe host-list params=name-label,multipathing",
                              "multipathing: true for every host"),
                        Check("each host, once the zone script has added the pool", "multipath -ll",
                              f"each LUN with {paths} active paths")))


def security_groups(ctx: RunbookContext, ref: ClusterRef) -> Step | None:
    if not (ref.zone.networking is Networking.basic or ref.zone.security_groups):
        return None
    where = _where(ctx, ref)
    return Step(f"Security groups on the {ref.cluster.name} pool", Role.cloud, where,
                "Security groups need the Linux bridge backend and bridged traffic passed to iptables.",
                commands=(Command(where, "xe-switch-network-backend bridge\n"
                                         "cat > /etc/sysctl.d/99-cloudstack.conf <<'EOF'\n"
                                         "net.bridge.bridge-nf-call-iptables = 1\n"
                                         "net.bridge.bridge-nf-call-ip6tables = 0\n"
                                         "net.bridge.bridge-nf-call-arptables = 1\nEOF\n"
                                         "sysctl --system"),),
                checks=(Check("each host", "sysctl net.bridge.bridge-nf-call-iptables",
                              "net.bridge.bridge-nf-call-iptables = 1"),))


def steps(ctx: RunbookContext, ref: ClusterRef, table: Table) -> list[Step]:
    found = [prepare(ctx, ref, table), networks(ctx, ref), storage_interfaces(ctx, ref, table), multipath(ctx, ref),
             security_groups(ctx, ref)]
    return [s for s in found if s is not None]
