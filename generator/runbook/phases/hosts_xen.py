"""XenServer / XCP-ng hosts: dom0, networks named by the traffic labels, storage interfaces, multipath."""

from __future__ import annotations

from ...escape import shell, shell_words
from ...export import vault
from ...model import Hypervisor, Networking, PrimaryProtocol, TrafficType
from ..common import span
from ..context import ClusterRef, RunbookContext
from ..model import Check, Command, Role, Step, Table, secret_ref
from ..osinfo import os_info
from .storage import iscsi_discovery

DOM0_MB = 2940
BONDING_SCRIPT = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver/cloud-setup-bonding.sh"


def _where(ctx: RunbookContext, ref: ClusterRef) -> str:
    return f"every host of {ref.cluster.name} ({span(ctx.hosts_of(ref.cluster))})"


def prepare(ctx: RunbookContext, ref: ClusterRef) -> Step:
    where = _where(ctx, ref)
    profile = ctx.design.host_profiles[ref.cluster.profile]
    os = os_info(profile.os)
    mgmt_iface = next((p.interface for p in ref.zone.physical_networks if p.carries(TrafficType.management)), "")
    bond = profile.bond(mgmt_iface)
    first_nic = bond.members[0] if bond else mgmt_iface
    lines = [f"/opt/xensource/libexec/xen-cmdline --set-xen dom0_mem={DOM0_MB}M,max:{DOM0_MB}M",
             "systemctl enable --now chronyd", f'echo "root:{secret_ref(vault.HOST_PASSWORD.name)}" | chpasswd',
             "reboot"]
    takeover = f" (the bond {mgmt_iface} takes it over in the next step)" if bond else ""
    text = (f"Install {os.title} with the host's name and its management address (next step's table), static and "
            f"untagged, on {first_nic}{takeover}. dom0 gets {DOM0_MB} MB, time is synchronised, and every host of "
            "the cluster has the same root password (CloudStack uses one login per cluster).")
    return Step(f"Prepare the {os.title} hosts of {ref.cluster.name}", Role.cloud, where, text,
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


def networks(ctx: RunbookContext, ref: ClusterRef, table: Table) -> Step:
    hosts = ctx.hosts_of(ref.cluster)
    profile = ctx.design.host_profiles[ref.cluster.profile]
    labels = _labels(ref)
    master = hosts[0] if hosts else None
    master_name = master.name if master else "the first host"
    master_net = ctx.host_networks.get(master.name) if master else None
    script = master_net.file.removeprefix("hosts/") if master_net else f"{master_name}.sh"
    commands = [Command(f"{master_name} (pool master), from its console", f"sh {shell(script)}")]
    if len(hosts) > 1:
        commands.append(Command(f"each other host of {ref.cluster.name}, from its console, once the master is done",
                                # The pool join logs in to the master with root's password.
                                f'HOST_PASSWORD="{secret_ref(vault.HOST_PASSWORD.name)}" sh "$(hostname -s).sh"'))
    if profile.bonds:
        ms = ctx.active_servers[0] if ctx.active_servers else ctx.servers[0]
        commands.append(Command(f"{master_name} (pool master), once every host has joined",
                                f"scp root@{ctx.ms_ip(ms)}:{BONDING_SCRIPT} /root/\n"
                                "sh /root/cloud-setup-bonding.sh"))
    mgmt_iface = next((p.interface for p in ref.zone.physical_networks if p.carries(TrafficType.management)), "")
    checks = [
        Check(master_name, "xe network-list params=name-label --minimal",
              "includes " + ", ".join(sorted(set(labels.values()) | set(ref.pod.primary_storage_networks)))),
        Check(master_name, "xe host-list params=name-label --minimal",
              f"the {len(hosts)} hosts of {ref.cluster.name} (one pool)"),
        Check(master_name, "xe pif-list management=true params=host-name-label,device,VLAN",
              f"{mgmt_iface or 'the management interface'} on every host, VLAN -1 (untagged: XenServer refuses a "
              "management interface on a VLAN)"),
    ]
    checks.append(Check(master_name, "xe pif-list params=host-name-label,device,IP-configuration-mode,IP "
                        "IP-configuration-mode=DHCP --minimal",
                        "nothing: no interface of the pool takes its address from DHCP"))
    checks.append(Check(master_name, "xe pif-list management=true params=host-name-label,IP-configuration-mode,IP",
                        "IP-configuration-mode: Static on every host, with the host's management address from "
                        "the table"))
    if profile.bonds:
        checks.append(Check(master_name, "xe bond-list params=master,slaves,mode",
                            f"{len(profile.bonds)} bonds per host, each with its two members"))
    servers = sorted({p.server for p in ref.cluster.primary_storage if p.server})
    for net_name in ref.pod.primary_storage_networks:
        net = ctx.network(net_name)
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
    checks += iscsi_discovery(ctx, ref)
    text = ("Each host's network script is a download (last column); copy it to the host and run it from the "
            "console. The pool master's script sets its management address, creates the networks named by the "
            "zone's XenServer traffic labels (bonds included: the management bond must exist before CloudStack "
            "adds the host) and the primary-storage networks; the other hosts' scripts set their addresses and "
            "join the pool, which gives them the same networks.")
    if ref.pod.primary_storage_networks:
        text += (" Each primary-storage network gets an address on every host, on its own interface, and must be "
                 "the only way to the storage addresses.")
    return Step(f"Networks of the {ref.cluster.name} pool", Role.cloud, f"{master_name} first, then the other hosts",
                text, values=tuple((f"Network {label}", f"on {iface}") for iface, label in sorted(labels.items())),
                table=table, commands=tuple(commands), checks=tuple(checks))


def multipath(ctx: RunbookContext, ref: ClusterRef) -> Step | None:
    pools = [p for p in ref.cluster.primary_storage if p.multipath and p.protocol is PrimaryProtocol.iscsi]
    if not pools:
        return None
    hosts = ctx.hosts_of(ref.cluster)
    master_name = hosts[0].name if hosts else "the pool master"
    names = shell_words(h.name for h in hosts)
    command = (f"for h in {names}; do\n"
               '  xe host-param-set uuid="$(xe host-list name-label="$h" --minimal)" multipathing=true\n'
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


TOOLS_SR = {"xenserver": "XenServer Tools", "xcp-ng": "XCP-ng Tools"}
TOOLS_ISO = "/opt/xensource/packages/iso"


def tools_sr(ctx: RunbookContext, ref: ClusterRef) -> Step:
    """The guest-tools ISO library: CloudStack attaches the tools ISO from it, and a pool whose
    installer skipped or lost it cannot give its VMs their drivers."""
    hosts = ctx.hosts_of(ref.cluster)
    master_name = hosts[0].name if hosts else "the pool master"
    os = os_info(ctx.design.host_profiles[ref.cluster.profile].os)
    name = TOOLS_SR["xcp-ng" if os.key.startswith("xcp-ng") else "xenserver"]
    command = "\n".join([
        'if [ -z "$(xe sr-list other-config:xenserver_tools_sr=true --minimal)" ]; then',
        f"  sr=$(xe sr-create name-label={shell(name)} type=iso content-type=iso shared=true \\",
        f"       device-config:location={TOOLS_ISO} device-config:legacy_mode=true)",
        '  xe sr-param-set uuid="$sr" other-config:xenserver_tools_sr=true',
        "fi",
    ])
    return Step(f"Tools SR of the {ref.cluster.name} pool", Role.cloud, f"{master_name} (pool master)",
                f"The ISO library '{name}' holds the guest tools CloudStack attaches to VMs. The installer creates "
                "it; when a pool lacks it (a host installed from a minimal image, an SR forgotten), create it.",
                commands=(Command(f"{master_name} (pool master)", command),),
                checks=(Check(master_name, "xe sr-list other-config:xenserver_tools_sr=true params=name-label,type",
                              f"name-label: {name}, type: iso"),
                        Check(master_name, "xe pbd-list sr-uuid=\"$(xe sr-list other-config:xenserver_tools_sr=true "
                                           "--minimal)\" params=host-uuid,currently-attached",
                              f"currently-attached: true for each of the {len(hosts)} hosts")))


def steps(ctx: RunbookContext, ref: ClusterRef, table: Table) -> list[Step]:
    found = [prepare(ctx, ref), networks(ctx, ref, table), tools_sr(ctx, ref), multipath(ctx, ref),
             security_groups(ctx, ref)]
    return [s for s in found if s is not None]
