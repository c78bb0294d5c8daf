"""KVM hosts: packages and agent, libvirt, bridges named by the traffic labels, firewall."""

from __future__ import annotations

from ...escape import shell, shell_words
from ...export import vault
from ...model import CephCluster, Hypervisor, Networking, PrimaryProtocol, TrafficType, VxlanControl
from ...plan.interfaces import host_vtep, vxlan_network
from ...ports.traffic import interface_needs
from ..common import REACHED, reach, span, tcp_allow
from ..context import ClusterRef, RunbookContext, cidr_key, merged_cidrs
from ..model import Check, Command, Role, Step, Table, secret_ref
from ..osinfo import OsInfo, os_info
from .storage import iscsi_discovery

LIBVIRTD_CONF = {
    "listen_tls": "0", "listen_tcp": "0", "tls_port": '"16514"', "tcp_port": '"16509"', "auth_tcp": '"none"',
    "mdns_adv": "0",
}
SOCKETS = "libvirtd.socket libvirtd-ro.socket libvirtd-admin.socket libvirtd-tls.socket libvirtd-tcp.socket"
HOST_PORTS = "22,1798,16514,49152:49216"
CONSOLE_PORTS = "5900:6100"
FROM_MS = (22, 1798, 16514, 5900, 6100)  # SSH and agent set-up, libvirt TLS, consoles the servers open
FROM_PEERS = (16514, 49152, 49216)  # live migration between the cluster's hosts
CONSOLE_PROBES = (5900, 6100)
# Up to this many pods in a zone, each host firewall step has a console rule and a check for each pod's network;
# beyond it the networks are merged where adjacent (the same addresses in a few rules) and one check names them
# all: a rule and a check per pod in every cluster's step grew with pods x clusters (9 of the 13 MB of a
# 2,500-host runbook).
CONSOLE_PODS_LISTED = 8


def _where(ctx: RunbookContext, ref: ClusterRef) -> str:
    return f"every host of {ref.cluster.name} ({span(ctx.hosts_of(ref.cluster))})"


def _os(ctx: RunbookContext, ref: ClusterRef) -> OsInfo:
    return os_info(ctx.design.host_profiles[ref.cluster.profile].os)


def _package_check(os: OsInfo, package: str, version: str) -> Check:
    command = f"dpkg -s {package} | grep ^Version" if os.family == "ubuntu" else f"rpm -q {package}"
    return Check("each host", command, f"version {version}.x")


def prepare(ctx: RunbookContext, ref: ClusterRef) -> Step:
    os = _os(ctx, ref)
    profile = ctx.design.host_profiles[ref.cluster.profile]
    where = _where(ctx, ref)
    ssh = "ssh" if os.family == "ubuntu" else "sshd"
    root_login = ("echo 'PermitRootLogin yes' > /etc/ssh/sshd_config.d/10-cloudstack.conf"
                  if os.family == "ubuntu" or os.major >= 9 else
                  "sed -i 's/^#\\?PermitRootLogin .*/PermitRootLogin yes/' /etc/ssh/sshd_config")
    lines = [os.install("chrony"), f"systemctl enable --now {'chrony' if os.family == 'ubuntu' else 'chronyd'}",
             os.repository(ctx.version)]
    if os.family == "el":
        lines.append(os.install("epel-release"))
    lines += [os.install("cloudstack-agent"), f'echo "root:{secret_ref(vault.HOST_PASSWORD.name)}" | chpasswd',
              root_login, f"systemctl restart {ssh}"]
    ms = ctx.active_servers[0] if ctx.active_servers else ctx.servers[0]
    ips = [ctx.host_ip(h) for h in ctx.hosts_of(ref.cluster)]
    checks = (
        _package_check(os, "cloudstack-agent", ctx.version),
        Check("each host", "lscpu | grep 'Model name'",
              f"{profile.cpu_model} on every host of the cluster" if profile.cpu_model else
              "the same model on every host of the cluster"),
        Check("each host", "grep -cE 'vmx|svm' /proc/cpuinfo", "a number above 0 (hardware virtualisation on)"),
        Check("each host", "chronyc tracking", "Leap status : Normal"),
        Check(ms.name, f"for h in {shell_words(ips)}; do ssh root@$h true && echo \"$h ok\"; done",
              "'ok' for every host, after root's password (HOST_PASSWORD)"),
    )
    return Step(f"Prepare the KVM hosts of {ref.cluster.name}", Role.cloud, where,
                f"{os.title} with the CloudStack {ctx.version} agent (it brings libvirt, QEMU and Java 17). "
                "CloudStack adds each host by logging in over SSH as root with HOST_PASSWORD and running "
                "cloudstack-setup-agent, so root may log in with that password.",
                commands=(Command(where, "\n".join(lines)),), checks=checks)


def libvirt(ctx: RunbookContext, ref: ClusterRef) -> Step:
    os = _os(ctx, ref)
    where = _where(ctx, ref)
    edits = " \\\n    ".join(f"-e 's/^#\\?{k} *=.*/{k} = {v}/'" for k, v in LIBVIRTD_CONF.items())
    defaults = "/etc/default/libvirtd" if os.family == "ubuntu" else "/etc/sysconfig/libvirtd"
    lines = [f"sed -i {edits} \\\n    /etc/libvirt/libvirtd.conf",
             f"echo 'LIBVIRTD_ARGS=\"--listen\"' >> {defaults}", f"systemctl mask {SOCKETS}"]
    if (os.family == "ubuntu" and os.major >= 24) or (os.family == "el" and os.major >= 9):
        lines.append("echo 'remote_mode=\"legacy\"' >> /etc/libvirt/libvirt.conf")
    if os.family == "ubuntu":
        lines += ["ln -sf /etc/apparmor.d/usr.sbin.libvirtd /etc/apparmor.d/disable/",
                  "ln -sf /etc/apparmor.d/usr.lib.libvirt.virt-aa-helper /etc/apparmor.d/disable/",
                  "apparmor_parser -R /etc/apparmor.d/usr.sbin.libvirtd",
                  "apparmor_parser -R /etc/apparmor.d/usr.lib.libvirt.virt-aa-helper"]
    else:
        lines += ["setenforce permissive", "sed -i 's/^SELINUX=.*/SELINUX=permissive/' /etc/selinux/config"]
    lines += ["systemctl enable libvirtd", "systemctl restart libvirtd"]
    return Step(f"libvirt on the KVM hosts of {ref.cluster.name}", Role.cloud, where,
                "libvirtd must listen for the management server (it sets up TLS on 16514 when it adds the host); "
                "the socket units would keep it from doing so."
                + (" AppArmor profiles of libvirt are disabled." if os.family == "ubuntu" else
                   " SELinux goes to permissive."),
                commands=(Command(where, "\n".join(lines)),),
                checks=(Check("each host", f"grep ^LIBVIRTD_ARGS {defaults}", 'LIBVIRTD_ARGS="--listen"'),
                        Check("each host", "systemctl is-enabled libvirtd-tcp.socket", "masked"),
                        Check("each host", "systemctl is-enabled libvirtd; systemctl is-active libvirtd",
                              "enabled, then active")))


def _labels(ref: ClusterRef) -> list[tuple[str, str, str]]:
    """(bridge, interface, traffic) for each KVM traffic label of the zone."""
    out: dict[str, tuple[str, list[str]]] = {}
    for pnet in ref.zone.physical_networks:
        for t in pnet.traffic:
            label = t.labels.get(Hypervisor.kvm) or ("cloudbr0" if t.type is TrafficType.management else "")
            if not label:
                continue
            _, kinds = out.setdefault(label, (pnet.interface, []))
            kinds.append(t.type.value)
    return [(label, iface, ", ".join(kinds)) for label, (iface, kinds) in sorted(out.items())]


def network(ctx: RunbookContext, ref: ClusterRef, table: Table) -> Step:
    where = _where(ctx, ref)
    hosts = ctx.hosts_of(ref.cluster)
    labels = _labels(ref)
    mgmt = ctx.network(ref.pod.management.network)
    mgmt_label = next((lbl for lbl, _, kinds in labels if "management" in kinds), "cloudbr0")
    values: list[tuple[str, str]] = [(f"Bridge {label}", f"on {iface}: {kinds}") for label, iface, kinds in labels]
    if hosts:
        needs = interface_needs(ctx.design, hosts[0])
        for iface, need in sorted(needs.items()):
            values.append((f"Interface {iface}", ", ".join(
                f"{c.traffic} {c.network} " + (f"VLAN {c.first}" if c.first == c.last else f"VLANs {c.first}-{c.last}")
                if c.tagged else f"{c.traffic} {c.network} untagged" for c in need.carried)))
    checks = [
        Check("each host", "hostname", "the host's name from the table (CloudStack lists the host by it)"),
        Check("each host", "ip -br link show type bridge",
              ", ".join(lbl for lbl, _, _ in labels) + " listed and UP (the bridges must exist before the host is "
                                                       "added, with exactly these names)"),
        Check("each host", f"ip -br addr show dev {shell(mgmt_label)}", "the host's management address from the table"),
    ]
    if mgmt.gateway is not None:
        checks.append(Check("each host", "ip route show default", f"default via {mgmt.gateway} dev {mgmt_label}"))
    for net_name in ref.pod.primary_storage_networks:
        net = ctx.network(net_name)
        servers = sorted({p.server for p in ref.cluster.primary_storage if p.server})
        for server in servers:
            addr = ctx.ip(server, net_name)
            if addr is None:
                continue
            alloc_iface = next((a.interface for a in (ctx.allocations.get(hosts[0].name, []) if hosts else [])
                                if a.network == net_name), "")
            probe = f"ip route get {addr}"
            expect = f"{addr} dev {alloc_iface} src <the host's {net_name} address>: primary storage leaves by the " \
                     "storage interface, not the management bridge"
            if net.mtu > 1500:
                probe += f"\nping -c3 -M do -s {net.mtu - 28} {addr}"
                expect += f"; the {net.mtu}-byte pings are answered"
            checks.append(Check("each host", probe, expect))
    checks += iscsi_discovery(ctx, ref)
    bonds = ctx.design.host_profiles[ref.cluster.profile].bonds
    for bond in bonds:
        checks.append(Check("each host", f"grep -E 'Bonding Mode|MII Status' /proc/net/bonding/{shell(bond.name)}",
                            f"mode {bond.mode.value}; MII Status: up for the bond and both members"))
    kinds = {ctx.host_networks[h.name].kind for h in hosts if h.name in ctx.host_networks}
    commands: tuple[Command, ...] = ()
    bridges = shell_words([lbl for lbl, _, _ in labels])
    # A bridge takes the lowest MAC of its ports and changes it when they change: pinned to its
    # first port's address, the host keeps one identity (DHCP reservations, ARP caches, switch security).
    first_port = 'ports=(/sys/class/net/"$br"/brif/*); mac=$(cat "${ports[0]}/address")'
    if kinds == {"netplan"}:
        commands = (Command("each host, from its console", "mkdir -p /root/netplan.orig\n"
                            "mv /etc/netplan/*.yaml /root/netplan.orig/\n"
                            'install -m 600 "$(hostname -s).yaml" /etc/netplan/01-cloudstack.yaml\n'
                            "netplan apply"),
                    Command("each host, once the bridges are up",
                            f"for br in {bridges}; do\n  {first_port}\n"
                            '  netplan set --origin-hint 01-cloudstack "bridges.$br.macaddress=$mac"\n'
                            "done\nnetplan apply", caption="Pin each bridge's MAC address"))
        checks.append(Check("each host", f"for br in {bridges}; do "
                            '[ "$(netplan get "bridges.$br.macaddress")" = "$(cat /sys/class/net/"$br"/address)" ] '
                            '&& echo "$br pinned"; done',
                            ", ".join(f"{lbl} pinned" for lbl, _, _ in labels)))
    elif kinds == {"nmcli"}:
        commands = (Command("each host, from its console", 'sh "$(hostname -s).sh"'),
                    Command("each host, once the bridges are up",
                            f'for br in {bridges}; do\n  {first_port}\n'
                            '  nmcli connection modify "$br" bridge.mac-address "$mac"\n'
                            '  nmcli connection up "$br"\ndone', caption="Pin each bridge's MAC address"))
        checks.append(Check("each host", f"for br in {bridges}; do "
                            '[ "$(nmcli -e no -g bridge.mac-address connection show "$br")" = '
                            '"$(tr a-f A-F < /sys/class/net/"$br"/address)" ] && echo "$br pinned"; done',
                            ", ".join(f"{lbl} pinned" for lbl, _, _ in labels)))
    return Step(f"Bridges and addresses of the KVM hosts of {ref.cluster.name}", Role.cloud, where,
                f"{_os(ctx, ref).title} installed with the host's name from the table, each host's network "
                "configuration is a download (last column): "
                "copy it to the host and apply it from the console, as the management address moves. The bridges "
                "carry the names of the KVM traffic labels, each with its MAC address pinned; the management "
                "address sits on the "
                f"{mgmt_label} bridge, static (no DHCP), and each primary-storage network gets an address on its own "
                "interface, so storage traffic never rides the management network.",
                values=tuple(values), table=table, commands=commands, checks=tuple(checks))


def firewall(ctx: RunbookContext, ref: ClusterRef) -> Step:
    os = _os(ctx, ref)
    where = _where(ctx, ref)
    hosts = ctx.hosts_of(ref.cluster)
    ips = [ctx.host_ip(h) for h in hosts]
    own = sorted({str(ctx.network(ref.pod.management.network).cidr), *ctx.ms_cidrs}, key=cidr_key)
    # The console proxy VM may run in any pod of the zone: consoles come from all of them.
    pods = ctx.pod_cidrs(ref.zone)
    many = len(pods) > CONSOLE_PODS_LISTED
    consoles = merged_cidrs([*pods, *ctx.ms_cidrs]) if many else sorted({*pods, *ctx.ms_cidrs}, key=cidr_key)
    if os.family == "ubuntu":
        lines = [tcp_allow(os.family, [(s, HOST_PORTS) for s in own] + [(s, CONSOLE_PORTS) for s in consoles]),
                 "sed -i 's/^DEFAULT_FORWARD_POLICY=.*/DEFAULT_FORWARD_POLICY=\"ACCEPT\"/' /etc/default/ufw",
                 "ufw --force enable", "ufw reload"]
    else:
        lines = ["systemctl disable --now firewalld"]
    ms = ctx.servers[0]
    checks = [Check(f"{ms.name} (management network)", reach(FROM_MS, ips), REACHED)]
    if len(ips) > 1:
        checks.append(Check(f"{hosts[0].name} (a peer in the cluster)", reach(FROM_PEERS, ips[1:]), REACHED))
    if not many:
        for pod_cidr in pods:
            checks.append(Check(f"a machine in {pod_cidr} (where a console proxy VM of {ref.zone.name} may run)",
                                reach(CONSOLE_PROBES, ips), REACHED))
    else:
        checks.append(Check(f"a machine in each pod network of {ref.zone.name} ({pods[0]} … {pods[-1]}, "
                            f"{len(pods)} networks: the IP plan lists them), where its console proxy VM may run",
                            reach(CONSOLE_PROBES, ips), REACHED))
    if os.family == "ubuntu":
        checks.append(Check("each host", "ufw status verbose | head -3",
                            "Status: active; Default: deny (incoming), allow (outgoing), allow (routed)"))
    sg = ref.zone.networking is Networking.basic or ref.zone.security_groups
    if sg:
        lines += ["modprobe br_netfilter", "echo br_netfilter > /etc/modules-load.d/cloudstack.conf",
                  "cat > /etc/sysctl.d/99-cloudstack.conf <<'EOF'\nnet.bridge.bridge-nf-call-iptables = 1\n"
                  "net.bridge.bridge-nf-call-ip6tables = 1\nnet.bridge.bridge-nf-call-arptables = 1\nEOF",
                  "sysctl --system"]
        checks.append(Check("each host", "sysctl net.bridge.bridge-nf-call-iptables",
                            "net.bridge.bridge-nf-call-iptables = 1"))
    text = (f"TCP {HOST_PORTS.replace(':', '-')} (SSH, agent, libvirt TLS, live migration) from the pod and the "
            f"management servers; the console ports {CONSOLE_PORTS.replace(':', '-')} from every pod of zone "
            f"{ref.zone.name} and the management servers, since its console proxy VM may run in any pod. The "
            "checks knock on each port (both ends of each range) from where its traffic comes. Log in to the "
            "hosts from the management network or the pod from now on." if os.family == "ubuntu" else
            "The install guide has firewalld off on KVM hosts; the agent manages iptables itself. The checks "
            "knock on each port (both ends of each range) from where its traffic comes.")
    if sg:
        text += " Security groups filter bridged traffic, so br_netfilter is loaded at boot."
    return Step(f"Firewall of the KVM hosts of {ref.cluster.name}", Role.cloud, where, text,
                commands=(Command(where, "\n".join(lines)),), checks=tuple(checks))


def _ceph_clusters(ctx: RunbookContext, ref: ClusterRef) -> list[tuple[CephCluster, list[str]]]:
    """The Ceph clusters the cluster's RBD pools (its own and the zone's) live in, each with its Ceph pools."""
    found: dict[str, tuple[CephCluster, list[str]]] = {}
    clusters = {c.name: c for c in ctx.design.ceph_clusters}
    for pool in [*ref.cluster.primary_storage, *ref.zone.primary_storage]:
        ceph = clusters.get(pool.ceph or "") if pool.protocol is PrimaryProtocol.rbd else None
        if ceph is not None:
            pools = found.setdefault(ceph.name, (ceph, []))[1]
            if pool.path.strip("/") not in pools:
                pools.append(pool.path.strip("/"))
    return [found[name] for name in sorted(found)]


def ceph_client(ctx: RunbookContext, ref: ClusterRef) -> list[Step]:
    """The Ceph client side on the hosts: packages, ceph.conf with every monitor, the user's keyring, checks."""
    os = _os(ctx, ref)
    where = _where(ctx, ref)
    steps = []
    for ceph, pools in _ceph_clusters(ctx, ref):
        var = ceph.secret_var
        monitors = ",".join(str(m.address) for m in sorted(ceph.monitors, key=lambda m: m.address))
        keyring = f"/etc/ceph/ceph.client.{ceph.user}.keyring"
        packages = (("ceph-common", "libvirt-daemon-driver-storage-rbd", "qemu-block-extra") if os.family == "ubuntu"
                    else ("ceph-common", "libvirt-daemon-driver-storage-rbd", "qemu-kvm-block-rbd"))
        lines = [os.install(*packages), "install -d -m 755 /etc/ceph",
                 "cat > /etc/ceph/ceph.conf <<'EOF'\n[global]\n"
                 f"mon_host = {monitors}\nEOF",
                 f"(umask 077; printf '[client.%s]\\n\\tkey = %s\\n' {shell(ceph.user)} "
                 f"\"$(printf %s \"{secret_ref(var)}\" | tr -- '-_' '+/')\" > {shell(keyring)})",
                 "systemctl enable libvirtd", "systemctl restart libvirtd"]
        checks = [Check("each host", f"ceph --id {shell(ceph.user)} -s",
                        f"health HEALTH_OK (or HEALTH_WARN for a reason you know); mon: {len(ceph.monitors)} "
                        "daemons in quorum"),
                  Check("each host", f"stat -c '%a %n' {shell(keyring)}", f"600 {keyring}")]
        checks += [Check("each host", f"rbd --id {shell(ceph.user)} ls -p {shell(pool)}",
                         f"no error (an empty list on a new pool): client.{ceph.user} may use pool {pool}")
                   for pool in pools]
        rows = tuple((m.name, str(m.address)) for m in sorted(ceph.monitors, key=lambda m: m.address))
        steps.append(Step(f"Ceph client for {ceph.name} on the KVM hosts of {ref.cluster.name}", Role.cloud, where,
                          f"libvirt opens the RBD pools of Ceph cluster {ceph.name} itself (CloudStack hands it the "
                          "monitors, user and key from the pool's URL); the Ceph tools, libvirt's RBD storage driver "
                          "and QEMU's RBD block driver must be installed, and ceph.conf plus the keyring of "
                          f"client.{ceph.user} let you check from each host that the cluster answers before the pool "
                          f"is added. The key comes from the vault ({var}, URL-safe: the command turns - and _ back "
                          "into + and /); the keyring is readable by root only.",
                          table=Table(("Monitor", "Address"), rows),
                          commands=(Command(where, "\n".join(lines)),), checks=tuple(checks)))
    return steps


EVPN_SCRIPT = "/usr/share/cloudstack-common/scripts/vm/network/vnet/modifyvxlan"


def vxlan(ctx: RunbookContext, ref: ClusterRef) -> Step | None:
    """The VTEPs: each host's address on its pod's underlay, jumbo frames end to end, multicast or EVPN."""
    pnet = vxlan_network(ref.zone)
    underlay = ref.pod.vtep_network
    hosts = ctx.hosts_of(ref.cluster)
    if pnet is None or not underlay or underlay not in ctx.design.networks or not hosts:
        return None
    where = _where(ctx, ref)
    bridge = host_vtep(ref.zone, Hypervisor.kvm)
    net = ctx.network(underlay)
    size = net.mtu - 28  # ICMP payload that fills the underlay MTU: 20 bytes IP + 8 ICMP
    evpn = pnet.vxlan is not None and pnet.vxlan.control is VxlanControl.evpn
    others = [p for p in sorted(ref.zone.pods, key=lambda p: p.id) if p.vtep_network and p is not ref.pod]
    peers = list(hosts[1:2]) + [h for p in others for h in ctx.inventory.hosts_in_pod(p)[:1]]
    probes = [f"ping -c3 -M do -s {size} {ctx.ip(h.name, h.pod.vtep_network or '')}" for h in peers
              if ctx.ip(h.name, h.pod.vtep_network or "") is not None]
    rows = tuple((h.name, ctx.address_text(h.name, underlay)) for h in hosts)
    checks = [Check("each host", f"ip -br addr show dev {shell(bridge)}", f"UP with the host's {underlay} address "
                    "from the table: the VTEP"),
              Check("each host", f"ip link show dev {shell(bridge)} | grep -o 'mtu [0-9]*'",
                    f"mtu {max(net.mtu, pnet.mtu)}")]
    if probes:
        checks.append(Check(hosts[0].name, "\n".join(probes), f"every {net.mtu}-byte ping answered, with the "
                            "don't-fragment bit set: the underlay carries full frames between VTEPs" +
                            (" of both racks" if others else "")))
    commands: tuple[Command, ...] = ()
    if evpn:
        text = ("The VTEPs learn each other and the guests' MAC addresses over BGP EVPN: install FRR on every host, "
                "peer it with the leaf pair (the L2VPN EVPN address family, advertise-all-vni) and replace "
                "CloudStack's VXLAN script by its EVPN variant, which creates each VNI without a multicast group. ")
        commands = (Command(where, "\n".join([_os(ctx, ref).install("frr"),
                                               "sed -i 's/^bgpd=no/bgpd=yes/' /etc/frr/daemons",
                                               "systemctl enable --now frr",
                                               f"cp {EVPN_SCRIPT}.sh {EVPN_SCRIPT}.sh.orig",
                                               f"cp {EVPN_SCRIPT}-evpn.sh {EVPN_SCRIPT}.sh"])),)
        checks.append(Check("each host", "vtysh -c 'show bgp l2vpn evpn summary'",
                            "every leaf neighbour Established"))
    else:
        text = ("CloudStack joins one multicast group per VNI (239.x.y.z, from the VNI) on the VTEP bridge: the "
                "underlay switches need IGMP snooping with a querier" + (", and multicast routing (PIM) between "
                "the racks' underlay subnets" if others else "") + ". ")
        checks.append(Check("each host, once a guest network runs here", f"ip maddr show dev {shell(bridge)}",
                            "a 239.x.y.z group per VNI in use"))
    return Step(f"VXLAN underlay of the KVM hosts of {ref.cluster.name}", Role.cloud, where,
                f"Guest networks of {pnet.name} are VXLAN segments (VNIs {', '.join(pnet.guest_ranges)}) between the "
                f"hosts' VTEPs: the address each host has on {underlay} ({net.cidr}), on bridge {bridge}. Every "
                f"interface on the path runs at MTU {max(net.mtu, pnet.mtu)} (the host configurations and switch "
                f"configurations set it), at least the guest MTU {pnet.guest_mtu} + 50. " + text,
                table=Table(("Host", "VTEP address"), rows), commands=commands, checks=tuple(checks))


def steps(ctx: RunbookContext, ref: ClusterRef, table: Table) -> list[Step]:
    # The network comes first: the packages are installed over it.
    underlay = vxlan(ctx, ref)
    return [network(ctx, ref, table), *([underlay] if underlay else []), prepare(ctx, ref), libvirt(ctx, ref),
            *ceph_client(ctx, ref), firewall(ctx, ref)]
