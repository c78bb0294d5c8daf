"""Phase: storage. NFS exports limited to the networks that use them, iSCSI targets, other pools."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address

from ...escape import exports_path, shell, shell_words
from ...model import Pod, PrimaryProtocol, PrimaryStorage, SecondaryProtocol, ServerRole, StorageServer, Zone
from ...ports.types import LinkKind, PortMode, PortRow
from ..common import gb, reach, span
from ..context import ClusterRef, RunbookContext, cidr_key
from ..model import Check, Command, Phase, Role, Step, Table

TITLE = "Storage"
INTRO = ("Primary storage holds the VMs' disks and is mounted by the hosts; secondary storage holds templates, "
         "ISOs and snapshots and is mounted by the secondary-storage VM (and, for seeding, the management server). "
         "Exports admit only the networks that use them.")

PRIMARY_OPTIONS = "rw,sync,no_root_squash,no_subtree_check"
SECONDARY_OPTIONS = "rw,async,no_root_squash,no_subtree_check"
NFS_PORTS = ("tcp+udp 111 and 2049, tcp+udp 892 (mountd), tcp+udp 662 (statd), tcp+udp 875 (rquotad), tcp 32803 and "
             "udp 32769 (lockd)")
NFS_TCP = (111, 2049, 892, 662, 875, 32803)


@dataclass
class _Export:
    path: str
    options: str
    uses: list[str] = field(default_factory=list)
    clients: set[str] = field(default_factory=set)
    size: int = 0
    version: str = "3 and 4"


def _server_network(ctx: RunbookContext, server: StorageServer, preferred: list[str]) -> str | None:
    """The network of the server address the pool URL uses (same preference as the exports)."""
    networks = [a.network for a in server.interfaces]
    for net in [*preferred, *networks]:
        if net in networks and ctx.ip(server.name, net) is not None:
            return net
    return None


def _host_side(ctx: RunbookContext, pod: Pod, server_net: str) -> str:
    """The CIDR the pod's hosts reach a server network from."""
    if server_net in pod.primary_storage_networks or server_net == pod.management.network:
        return str(ctx.network(server_net).cidr)
    return str(ctx.network(pod.management.network).cidr)


def _primary_pods(ctx: RunbookContext, zone: Zone, pool: PrimaryStorage) -> list[Pod]:
    for ref in ctx.clusters:
        if ref.zone is zone and any(p is pool for p in ref.cluster.primary_storage):
            return [ref.pod]
    return sorted(zone.pods, key=lambda p: p.id)


def _exports_derived(ctx: RunbookContext, server: StorageServer) -> list[_Export]:
    found: dict[str, _Export] = {}
    ms_networks = {str(ctx.network(ms.network).cidr) for ms in ctx.servers}
    for _, zone in ctx.inventory.zones():
        pools = [p for ref in ctx.clusters if ref.zone is zone for p in ref.cluster.primary_storage]
        for pool in [*pools, *zone.primary_storage]:
            if pool.server != server.name or pool.protocol is not PrimaryProtocol.nfs:
                continue
            pods = _primary_pods(ctx, zone, pool)
            preferred = [n for p in pods for n in p.primary_storage_networks] + [p.management.network for p in pods]
            net = _server_network(ctx, server, preferred)
            entry = found.setdefault(pool.path, _Export(pool.path, PRIMARY_OPTIONS))
            entry.uses.append(f"primary {pool.name}")
            entry.size += pool.size.bytes if pool.size else 0
            if net is not None:
                entry.clients.update(_host_side(ctx, p, net) for p in pods)
        for store in zone.secondary_storage:
            if store.server != server.name or store.protocol is not SecondaryProtocol.nfs:
                continue
            entry = found.setdefault(store.path, _Export(store.path, SECONDARY_OPTIONS))
            entry.uses.append(f"secondary {store.name}")
            entry.size += store.size.bytes if store.size else 0
            for pod in zone.pods:
                entry.clients.add(str(ctx.network(pod.management.network).cidr))
                if pod.storage is not None:
                    entry.clients.add(str(ctx.network(pod.storage.network).cidr))
            entry.clients.update(ms_networks)
        for store in zone.secondary_storage:
            staging = store.staging
            if staging is None or staging.server != server.name:
                continue
            entry = found.setdefault(staging.path, _Export(staging.path, SECONDARY_OPTIONS))
            entry.uses.append(f"staging of {store.name}")
            for pod in zone.pods:
                entry.clients.add(str(ctx.network(pod.storage.network if pod.storage else pod.management.network).cidr))
            entry.clients.update(ms_networks)
    return [found[k] for k in sorted(found)]


def _declared(ctx: RunbookContext, server: StorageServer) -> list[_Export]:
    """The exports the design lists for the server, each with what uses it (its options default by that use)."""
    derived = _exports_derived(ctx, server)
    out = []
    for export in server.exports:
        uses = [e for e in derived if server.export_for(e.path) is export]
        primary = any(u.startswith("primary") for e in uses for u in e.uses)
        options = ",".join(export.options) or (PRIMARY_OPTIONS if primary or not uses else SECONDARY_OPTIONS)
        out.append(_Export(export.path, options, [u for e in uses for u in e.uses], set(export.clients),
                           sum(e.size for e in uses), export.version.value))
    return sorted(out, key=lambda e: e.path)


def _exports(ctx: RunbookContext, server: StorageServer) -> list[_Export]:
    return _declared(ctx, server) if server.exports else _exports_derived(ctx, server)


def _nfs_step(ctx: RunbookContext, server: StorageServer) -> Step | None:
    exports = _exports(ctx, server)
    if not exports:
        return None
    addresses = [a for a in (ctx.ip(server.name, att.network) for att in server.interfaces) if a is not None]
    lines = [f"{exports_path(e.path)} " + " ".join(f"{exports_path(c)}({exports_path(e.options)})"
                                                   for c in sorted(e.clients, key=_cidr_key)) for e in exports]
    table = Table(("Export", "Used for", "Clients", "NFS version", "Size"),
                  tuple((e.path, ", ".join(e.uses) or "—", ", ".join(sorted(e.clients, key=_cidr_key)), e.version,
                         gb(e.size) if e.size else "—") for e in exports))
    paths = shell_words(e.path for e in exports)
    setup = (f"mkdir -p {paths}\n"
             "cat >> /etc/exports <<'EOF'\n" + "\n".join(lines) + "\nEOF\n"
             "nfsconf --set mountd port 892\n"
             "nfsconf --set statd port 662\n"
             "nfsconf --set statd outgoing-port 2020\n"
             "nfsconf --set lockd port 32803\n"
             "nfsconf --set lockd udp-port 32769\n"
             "nfsconf --set rquotad port 875\n"
             "systemctl enable --now rpcbind nfs-server\n"
             "systemctl restart nfs-server rpc-statd\n"
             "exportfs -ra")
    first = addresses[0] if addresses else IPv4Address("0.0.0.0")
    show = "\n".join(f"{e.path} {','.join(sorted(e.clients, key=_cidr_key))}" for e in exports)
    listed = ("The exports are the design's (the server's 'exports'): the block below is the server's whole "
              "/etc/exports for CloudStack. " if server.exports else "")
    first_export = exports[0]
    checks = (
        Check(server.name, "exportfs -v",
              "; ".join(f"{e.path} exported to {c} with {e.options}" for e in exports
                        for c in sorted(e.clients, key=_cidr_key))
              + " (exportfs adds its defaults such as wdelay and sec=sys)"),
        Check("a host or management server in a client network", f"showmount -e {first}", show),
        Check("a host or management server in a client network",
              f"rpcinfo -p {first} | grep -E 'mountd|status|rquotad|nlockmgr'",
              "mountd on port 892, status on 662, rquotad on 875 when the quota tools run, nlockmgr on 32803 (tcp) "
              "and 32769 (udp); lockd lives in the "
              "kernel and may keep older ports until the server's next reboot"),
        Check("a host or management server in a client network", f"rpcinfo -p {first} | grep -w nfs",
              "nfs versions 3 and 4 (the secondary-storage VM mounts with the version secstorage.nfs.version "
              "names, and KVM hosts mount templates and ISOs with NFSv3 while it is unset: SETTING-NFS-VERSION "
              "checks the design's exports against it)"),
        Check("a host or management server in a client network", reach(NFS_TCP, [str(first)]) +
              f"\nrpcinfo -u {first} mountd; rpcinfo -u {first} nlockmgr",
              "succeeded for tcp 111, 2049, 892, 662, 875 (refused there if rquotad does not run) and 32803; "
              "then mountd and nlockmgr ready and waiting over udp: no firewall in between drops them"),
        Check("a host or management server in a client network",
              f"mkdir -p /mnt/probe && mount -t nfs {shell(f'{first}:{first_export.path}')} /mnt/probe && touch "
              f"/mnt/probe/.probe && rm /mnt/probe/.probe && umount /mnt/probe && echo mounted",
              f"mounted: {first_export.path} mounts and is writable as root (no_root_squash) from a client"),
        Check(server.name, f"df -h {paths}", "each export's file system at least as large as the table says"),
    )
    return Step(f"NFS exports on {server.name}", Role.storage,
                f"{server.name} ({', '.join(str(a) for a in addresses)})",
                listed + "Each export admits exactly the networks its clients sit in: the hosts' primary-storage or "
                "management subnet for primary storage; the pods' management and storage subnets and the management "
                "servers' network for secondary storage. Primary storage is exported 'sync' (VM disks), secondary "
                "'async'. The commands are for a Linux NFS server (nfs-kernel-server or nfs-utils installed); on a NAS "
                f"appliance set the same exports, clients and options in its interface. Open {NFS_PORTS} from the "
                "client networks on every firewall in between and on the server's own (firewalld: services nfs, "
                "rpc-bind and mountd, ports 662, 875, 32803/tcp and 32769/udp). nfs-server and rpcbind start at "
                "boot.",
                table=table, commands=(Command(server.name, setup),), checks=checks)


def _cidr_key(text: str) -> tuple[int, tuple[int, ...], str]:
    """Subnets and addresses in numeric order, then names and '*'."""
    parts = text.replace("/", ".").split(".")
    if all(p.isdigit() for p in parts):
        return (0, tuple(int(x) for x in parts), "")
    return (1, (), text)


def iscsi_portals(ctx: RunbookContext, server: StorageServer, ref: ClusterRef) -> list[str]:
    """The portals a cluster's hosts log in to: the server's addresses on the pod's primary-storage
    networks, else all its addresses."""
    found = [str(a) for a in (ctx.ip(server.name, n) for n in ref.pod.primary_storage_networks) if a is not None]
    return found or [str(a) for a in (ctx.ip(server.name, att.network) for att in server.interfaces)
                     if a is not None]


def iscsi_discovery(ctx: RunbookContext, ref: ClusterRef) -> list[Check]:
    """Discovery of every iSCSI pool of a cluster on every portal, run on each host once it has its
    storage addresses (the hosts phase), not before."""
    checks = []
    servers = {s.name: s for s in ctx.design.storage_servers}
    for pool in ref.cluster.primary_storage:
        server = servers.get(pool.server or "")
        if server is None or pool.protocol is not PrimaryProtocol.iscsi:
            continue
        target = pool.path.partition("/")[0]
        probe = "\n".join(f"iscsiadm -m discovery -t sendtargets -p {p}:3260"
                          for p in iscsi_portals(ctx, server, ref))
        checks.append(Check("each host", probe, f"every portal lists {target} ({pool.name})"))
    return checks


def _iscsi_step(ctx: RunbookContext, server: StorageServer) -> Step | None:
    rows = []
    portals_of: dict[str, set[str]] = {}
    for ref in ctx.clusters:
        for pool in ref.cluster.primary_storage:
            if pool.server != server.name or pool.protocol is not PrimaryProtocol.iscsi:
                continue
            target, _, lun = pool.path.partition("/")
            portals = iscsi_portals(ctx, server, ref)
            hosts = ctx.hosts_of(ref.cluster)
            rows.append((pool.name, ref.cluster.name, target, lun or "—", str(pool.size) if pool.size else "—",
                         ", ".join(portals), span(hosts)))
            for portal in portals:
                network = next((a.network for a in server.interfaces if str(ctx.ip(server.name, a.network)) ==
                                portal), "")
                portals_of.setdefault(network, set()).add(portal)
    if not rows:
        return None
    # The hosts are not installed yet: the array proves each portal listens, from the portal's network;
    # discovery from the hosts is checked once they have their storage addresses.
    checks = tuple(Check(f"a machine on {network}", reach([3260], sorted(portals, key=cidr_key)),
                         "succeeded for every portal (the array listens for iSCSI on each)")
                   for network, portals in sorted(portals_of.items()))
    return Step(f"iSCSI targets on {server.name}", Role.storage, server.name,
                "On the array, create one target and LUN per pool, reachable on every portal listed, and allow the "
                "initiator name (IQN) of every host of the cluster. The array's own tool does this; the values "
                "are the design's. With two portals in two subnets, each host logs in over both fabrics and "
                "multipath joins the paths. Discovery from the hosts is checked in the hosts phase, once they "
                "have their storage addresses.",
                table=Table(("Pool", "Cluster", "Target IQN", "LUN", "Size", "Portals", "Initiators"), tuple(rows)),
                checks=checks)


def _other_pools(ctx: RunbookContext) -> list[Step]:
    steps = []
    for ref in ctx.clusters:
        for pool in ref.cluster.primary_storage:
            hosts = ctx.hosts_of(ref.cluster)
            where = f"every host of {ref.cluster.name} ({span(hosts)})"
            if pool.protocol in (PrimaryProtocol.sharedmountpoint, PrimaryProtocol.fc) and \
                    ref.cluster.hypervisor.value == "kvm":
                steps.append(Step(f"Shared mount point for {pool.name}", Role.storage, where,
                                  f"Mount the clustered file system of {pool.name} at {pool.path} on every host of "
                                  "the cluster, at boot, before the CloudStack agent starts.",
                                  checks=(Check(where, f"findmnt {shell(pool.path)}", f"{pool.path} mounted"),)))
            elif pool.protocol in (PrimaryProtocol.presetup, PrimaryProtocol.fc):
                steps.append(Step(f"Storage repository for {pool.name}", Role.storage, where,
                                  f"Create the shared SR with name-label {pool.path} on the pool (xe sr-create "
                                  "shared=true …); CloudStack adds it as PreSetup storage.",
                                  checks=(Check(hosts[0].name if hosts else where,
                                                f"xe sr-list name-label={shell(pool.path)} params=shared --minimal",
                                                "true"),)))
            elif pool.protocol is PrimaryProtocol.rbd:
                steps.append(_rbd_step(ctx, pool))
    return steps


def _rbd_step(ctx: RunbookContext, pool: PrimaryStorage) -> Step:
    """The Ceph pool and the cephx user CloudStack uses, created on the cluster's admin node."""
    ceph = next((c for c in ctx.design.ceph_clusters if c.name == pool.ceph), None)
    name = pool.path.strip("/")
    if ceph is None:
        return Step(f"Ceph pool for {pool.name}", Role.storage, pool.server or "the Ceph cluster",
                    f"Create the RBD pool {name} and a cephx user for CloudStack; its key goes into the vault "
                    "(RBD_USER, RBD_SECRET).",
                    checks=(Check("a Ceph admin node", f"ceph osd pool ls | grep -x {shell(name)}", name),))
    user = f"client.{ceph.user}"
    var = ceph.secret_var
    caps = f"mon 'profile rbd' osd {shell(f'profile rbd pool={name}')} mgr {shell(f'profile rbd pool={name}')}"
    lines = [f"ceph osd pool create {shell(name)}", f"rbd pool init {shell(name)}",
             f"ceph auth get-or-create {shell(user)} {caps}",
             f"ceph auth get-key {shell(user)} | tr '+/' '-_'; echo"]
    return Step(f"Ceph pool {name} of {ceph.name} for {pool.name}", Role.storage, f"a Ceph admin node of {ceph.name}",
                f"Create the RBD pool {name} and the cephx user {user} that CloudStack and the KVM hosts use, with "
                f"RBD rights on the pool; if the user exists, add the pool to its caps (ceph auth caps) instead. Store "
                f"the key the last command prints in the vault as {var}: it is URL-safe (+ and / written as - and _, "
                "as CloudStack's UI sends it) because the zone script puts it in the pool's URL; the hosts' keyring "
                "step turns it back.",
                commands=(Command(f"a Ceph admin node of {ceph.name}", "\n".join(lines)),),
                checks=(Check(f"a Ceph admin node of {ceph.name}", f"ceph osd pool application get {shell(name)}",
                              "rbd listed"),
                        Check(f"a Ceph admin node of {ceph.name}", f"ceph auth get {shell(user)}",
                              f"caps osd = \"profile rbd pool={name}\"")))


def _side(row: PortRow) -> str:
    """What the server sends on a NIC: untagged (an access port or the native VLAN) or tagged VLANs."""
    tagged = sorted({(c.first, c.network) for c in row.carried if not (c.untagged and c.first == c.last)})
    untagged = sorted({c.network for c in row.carried if c.untagged and c.first == c.last})
    if row.mode is PortMode.access:
        return f"untagged: {', '.join(untagged) or 'its one network'} (access port, VLAN {row.access_vlan})"
    parts = [f"tagged VLAN {vlan} ({net})" for vlan, net in tagged]
    if untagged:
        parts.append(f"untagged: {', '.join(untagged)} (native VLAN {row.native_vlan})")
    return "; ".join(parts)


def _cabling_step(ctx: RunbookContext, server: StorageServer) -> Step | None:
    """How the server's NICs meet their switch ports: tagged trunk or access port, and the bond two
    standalone ports need (active-backup: no port-channel on the switches)."""
    if ctx.ports is None:
        return None
    rows = sorted((r for r in ctx.ports.of_peer(server.name) if r.kind is LinkKind.server),
                  key=lambda r: r.peer_interface)
    if not rows:
        return None
    table = Table(("NIC", "Switch port", "Port mode", "The server sends"),
                  tuple((r.peer_interface, f"{r.switch} {r.port}", r.mode.value, _side(r)) for r in rows))
    trunks = [r for r in rows if r.mode is PortMode.trunk and any(
        not (c.untagged and c.first == c.last) for c in r.carried)]
    same: dict[frozenset[str], list[PortRow]] = {}
    for r in rows:
        if r.lag is None:
            same.setdefault(frozenset(c.network for c in r.carried), []).append(r)
    pairs = [group for group in same.values() if len(group) >= 2 and len({r.switch for r in group}) >= 2]
    text = ("The switch ports are configured as the table says (see the switch configurations). ")
    if trunks:
        text += ("A trunk port carries the server's networks tagged: on a storage array or Linux server, create a "
                 "VLAN interface with the VLAN id on that NIC (or on its bond) and put the address there; an "
                 "address on the bare NIC would only reach the native VLAN. ")
    else:
        text += "Every port is an access port: the server configures its addresses on the NICs themselves, untagged. "
    commands: list[Command] = []
    checks = [Check(server.name, "ip -br link", "every NIC of the table UP" + (
        ", with a VLAN interface per tagged VLAN" if trunks else ""))]
    for n, group in enumerate(pairs):
        bond = f"bond{n}"
        nics = [r.peer_interface for r in group]
        text += (f"NICs {' and '.join(nics)} carry the same networks to two switches that run no port-channel for "
                 f"them: bond them as {bond} in active-backup mode (mode 1: one NIC carries the traffic, the other "
                 "takes over on a link or switch failure; no switch configuration), and configure the addresses "
                 "(and VLAN interfaces) on the bond. ")
        commands.append(Command(server.name, f"nmcli connection add type bond con-name {bond} ifname {bond} "
                                f"bond.options 'mode=active-backup,miimon=100'\n" + "\n".join(
                                    "nmcli connection add type ethernet "
                                    f"con-name {shell(bond + '-' + nic)} ifname {shell(nic)} "
                                    f"master {bond}" for nic in nics),
                                caption="On a Linux server (NetworkManager); on an appliance, the same bond in its "
                                        "interface"))
        checks.append(Check(server.name, f"grep -E 'Bonding Mode|Slave Interface' /proc/net/bonding/{shell(bond)}",
                            f"Bonding Mode: fault-tolerance (active-backup), slave interfaces {', '.join(nics)}"))
    return Step(f"Network ports of {server.name}", Role.storage, server.name, text.strip(), table=table,
                commands=tuple(commands), checks=tuple(checks))


def build(ctx: RunbookContext) -> Phase:
    steps: list[Step] = []
    for server in sorted(ctx.design.storage_servers, key=lambda s: s.name):
        cabling = _cabling_step(ctx, server)
        if cabling is not None:
            steps.append(cabling)
        step = _nfs_step(ctx, server) if server.role is ServerRole.nfs else (
            _iscsi_step(ctx, server) if server.role is ServerRole.iscsi else None)
        if step is not None:
            steps.append(step)
    steps.extend(_other_pools(ctx))
    return Phase("storage", TITLE, INTRO, tuple(steps))
