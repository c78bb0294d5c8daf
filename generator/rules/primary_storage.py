"""Primary storage pools: protocol against hypervisor, scope, size, local disks and who serves them."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Cluster, Hypervisor, PrimaryProtocol, PrimaryStorage, ServerRole, Zone
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .hypervisor_facts import PRIMARY_HINTS, PRIMARY_PROTOCOLS, ZONE_WIDE_HYPERVISORS
from .walk import clusters, device_addresses, pools_of, shared_storage

MAX_POOL_TB = 6
RBD_MONITOR_PORT = 6789
MSGR2_PORT = 3300

# Protocols served by a storage server, and the server roles that serve them.
SERVED_BY: dict[PrimaryProtocol, tuple[ServerRole, ...]] = {
    PrimaryProtocol.nfs: (ServerRole.nfs,),
    PrimaryProtocol.iscsi: (ServerRole.iscsi,),
    PrimaryProtocol.rbd: (ServerRole.ceph,),
    PrimaryProtocol.smb: (ServerRole.smb,),
}
NO_SERVER = (PrimaryProtocol.local, PrimaryProtocol.sharedmountpoint, PrimaryProtocol.fc)


def all_pools(ctx: Context) -> Iterator[tuple[Zone, Cluster | None, PrimaryStorage]]:
    for _, zone in ctx.inventory.zones():
        for _, cluster in clusters(zone):
            for pool in cluster.primary_storage:
                yield zone, cluster, pool
        for pool in zone.primary_storage:
            yield zone, None, pool


def _where(zone: Zone, cluster: Cluster | None) -> str:
    return f"cluster {cluster.name}" if cluster else f"zone {zone.name} (zone-wide)"


@rule("PRIMARY-PROTOCOL-HYPERVISOR", ERROR, "The hypervisor can use the primary-storage protocol",
      "Seed 003, 'Hypervisor Support for Primary Storage': XenServer NFS, iSCSI, FC (existing SR), local; "
      "vSphere NFS, iSCSI/FC as VMFS, local, no SMB; KVM and LXC NFS, local, iSCSI/FC only via shared mount "
      "point; Hyper-V SMB/CIFS and local only; bare metal none. RBD is KVM's Ceph client.")
def protocol_hypervisor(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for _, cluster in clusters(zone):
            for pool in pools_of(zone, cluster):
                allowed = PRIMARY_PROTOCOLS[cluster.hypervisor]
                if pool.protocol in allowed:
                    continue
                hint = PRIMARY_HINTS.get((cluster.hypervisor, pool.protocol))
                options = ", ".join(sorted(p.value for p in allowed)) or "no primary storage"
                scope = "" if any(p is pool for p in cluster.primary_storage) else " (zone-wide)"
                yield Issue(pool, "protocol", f"pool {pool.name}{scope} uses {pool.protocol.value}, which "
                            f"{cluster.hypervisor.value} cluster {cluster.name} cannot use",
                            hint or f"{cluster.hypervisor.value} supports: {options}")


@rule("PRIMARY-ZONE-WIDE-XENSERVER", ERROR, "No zone-wide primary storage for XenServer",
      "Field mistake #12 (apache/cloudstack PR #9323) and CloudStack createStoragePool: zone-wide pools only "
      "for KVM, VMware, Hyper-V and LXC, not XenServer.")
def zone_wide_xen(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pool in zone.primary_storage:
            if (pool.hypervisor or "").lower() == "xenserver":
                yield Issue(pool, "hypervisor", f"zone-wide pool {pool.name} of zone {zone.name} is for XenServer",
                            "declare the pool under each XenServer cluster instead (cluster scope)")


@rule("PRIMARY-ZONE-HYPERVISOR", ERROR, "Zone-wide pools name their hypervisor; cluster pools do not",
      "CloudStack createStoragePool: zone scope needs 'hypervisor' (KVM, VMware, Hyperv, LXC or Any); "
      "cluster scope takes the cluster's.")
def zone_hypervisor(ctx: Context) -> Iterator[Issue]:
    for zone, cluster, pool in all_pools(ctx):
        hv = (pool.hypervisor or "").lower()
        if cluster is not None and pool.hypervisor is not None:
            yield Issue(pool, "hypervisor", f"pool {pool.name} of cluster {cluster.name} sets hypervisor "
                        f"'{pool.hypervisor}', which only zone-wide pools take",
                        "remove 'hypervisor:'; a cluster pool serves the cluster's hypervisor")
        elif cluster is None and pool.hypervisor is None:
            yield Issue(pool, None, f"zone-wide pool {pool.name} of zone {zone.name} names no hypervisor",
                        f"add 'hypervisor:' (one of {', '.join(ZONE_WIDE_HYPERVISORS)})")
        elif cluster is None and hv not in (*ZONE_WIDE_HYPERVISORS, "xenserver"):
            yield Issue(pool, "hypervisor", f"zone-wide pool {pool.name} of zone {zone.name} names hypervisor "
                        f"'{pool.hypervisor}'", f"use one of {', '.join(ZONE_WIDE_HYPERVISORS)}")


@rule("PRIMARY-TOO-LARGE", WARNING, "Primary storage pools stay within 6 TB",
      "Seed 003 (best practices): primary storage mount points or LUNs should not exceed 6 TB; several "
      "smaller pools per cluster are better than one large one. (Mount points and LUNs: a Ceph RBD pool "
      "spreads over the cluster's OSDs and is not split this way.)")
def too_large(ctx: Context) -> Iterator[Issue]:
    for zone, cluster, pool in all_pools(ctx):
        if pool.protocol is PrimaryProtocol.rbd:
            continue
        if pool.size is not None and pool.size.terabytes > MAX_POOL_TB:
            yield Issue(pool, "size", f"pool {pool.name} of {_where(zone, cluster)} is {pool.size}, more than "
                        f"{MAX_POOL_TB} TB", f"split it into pools of at most {MAX_POOL_TB} TB")


@rule("PRIMARY-LOCAL-HA", ERROR, "Clusters on local storage only do not promise HA or live migration",
      "Field mistake #13 (apache/cloudstack#8687): HA offerings on local storage are not restarted after a "
      "host failure; seed 004: local storage has no live migration or HA.")
def local_ha(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for _, cluster in clusters(zone):
            if cluster.hypervisor is Hypervisor.baremetal:
                continue
            if shared_storage(zone, cluster):
                continue
            # only what the design wrote: unset, both follow the storage (no HA, no migration here)
            asked = [w for w, on in (("ha", cluster.ha), ("live_migration", cluster.live_migration)) if on]
            if asked:
                yield Issue(cluster, asked[0], f"cluster {cluster.name} has only local primary storage but asks "
                            f"for {' and '.join(asked)}", "add shared primary storage, or set "
                            + " and ".join(f"'{a}: false'" for a in asked))


@rule("PRIMARY-LOCAL-DISABLED", ERROR, "Local pools need local storage enabled on the zone",
      "CloudStack createZone localstorageenabled: local disk pools are created per host only in zones with "
      "local storage enabled.")
def local_disabled(ctx: Context) -> Iterator[Issue]:
    for zone, cluster, pool in all_pools(ctx):
        if pool.protocol is PrimaryProtocol.local and not zone.local_storage:
            yield Issue(pool, "protocol", f"pool {pool.name} of {_where(zone, cluster)} is local, but zone "
                        f"{zone.name} does not enable local storage", "set 'local_storage: true' on the zone")


@rule("PRIMARY-SERVER-MISSING", ERROR, "Network primary storage names its server; local and mount points do not",
      "CloudStack createStoragePool URLs: nfs://server/path, iscsi://server/iqn/lun, rbd://monitor/pool and "
      "cifs://server/share name a server; local disks, shared mount points and FC LUNs are found on the host.")
def server_missing(ctx: Context) -> Iterator[Issue]:
    for zone, cluster, pool in all_pools(ctx):
        needs = pool.protocol in SERVED_BY
        if needs and not pool.server:
            yield Issue(pool, None, f"{pool.protocol.value} pool {pool.name} of {_where(zone, cluster)} names no "
                        "storage server", "add 'server:' naming one of 'storage_servers'")
        elif pool.protocol in NO_SERVER and pool.server:
            yield Issue(pool, "server", f"{pool.protocol.value} pool {pool.name} of {_where(zone, cluster)} names "
                        f"server {pool.server}, but {pool.protocol.value} storage is found on the hosts",
                        "remove 'server:'")


@rule("PRIMARY-SERVER-ROLE", ERROR, "A pool's server serves the pool's protocol",
      "CloudStack mounts or logs in to primary storage with the pool's protocol; the server must offer it.")
def server_role(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    for zone, cluster, pool in all_pools(ctx):
        server = servers.get(pool.server or "")
        roles = SERVED_BY.get(pool.protocol)
        if server and roles and server.role not in roles:
            yield Issue(pool, "server", f"{pool.protocol.value} pool {pool.name} of {_where(zone, cluster)} is on "
                        f"{server.name}, a {server.role.value} server", f"use a server with role {roles[0].value}, "
                        f"or change the pool's protocol to match {server.role.value}")


@rule("PRIMARY-ON-MANAGEMENT-OR-HOST", ERROR, "Primary storage is not served by a management server or a host",
      "Field mistake #14 (apache/cloudstack#12118): primary NFS served by a management server or a compute host "
      "means one node down hangs every KVM host on its hard NFS mounts.")
def served_by_node(ctx: Context) -> Iterator[Issue]:
    nodes = {d.address: d for d in device_addresses(ctx) if d.kind in ("management server", "host")}
    names = {ms.name for ms in ctx.design.management.servers} | {h.name for h in ctx.inventory.hosts}
    servers = {s.name: s for s in ctx.design.storage_servers}
    for zone, cluster, pool in all_pools(ctx):
        server = servers.get(pool.server or "")
        if server is None:
            continue
        if server.name in names:
            yield Issue(pool, "server", f"pool {pool.name} of {_where(zone, cluster)} is served by {server.name}, "
                        "a management server or host", "serve primary storage from a dedicated storage system")
            continue
        for att in server.interfaces:
            node = nodes.get(att.address) if att.address else None
            if node is not None:
                yield Issue(pool, "server", f"pool {pool.name} of {_where(zone, cluster)} is served by {server.name} "
                            f"at {att.address}, the address of {node.label}",
                            "serve primary storage from a dedicated storage system")
                break


@rule("RBD-MONITOR-PORT", ERROR, "RBD pools use the v1 monitor port",
      "Field mistake #19 (apache/cloudstack#5741): RBD primary storage on monitor port 3300 (msgr2) fails "
      "with 'failed to connect to the RADOS monitor'; libvirt's RBD client talks to port 6789.")
def rbd_port(ctx: Context) -> Iterator[Issue]:
    for zone, cluster, pool in all_pools(ctx):
        if pool.protocol is PrimaryProtocol.rbd and pool.monitor_port == MSGR2_PORT:
            yield Issue(pool, "monitor_port", f"RBD pool {pool.name} of {_where(zone, cluster)} uses monitor port "
                        f"{MSGR2_PORT}", f"use {RBD_MONITOR_PORT} (or leave monitor_port out)")
        elif pool.protocol is not PrimaryProtocol.rbd and pool.monitor_port is not None:
            yield Issue(pool, "monitor_port", f"{pool.protocol.value} pool {pool.name} of {_where(zone, cluster)} "
                        "sets monitor_port, which only RBD pools use", "remove 'monitor_port:'")


@rule("CLUSTER-NO-PRIMARY-STORAGE", ERROR, "Every cluster has primary storage",
      "Seed 004: primary storage holds the root volumes of running VMs; a cluster needs a cluster pool, a "
      "zone-wide pool for its hypervisor, or local storage enabled in the zone.")
def no_primary(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if cluster.hypervisor is Hypervisor.baremetal:
                continue
            if not pools_of(zone, cluster) and not zone.local_storage:
                yield Issue(cluster, None, f"cluster {cluster.name} (pod {pod.name}) has no primary storage",
                            "add 'primary_storage:' to the cluster, a zone-wide pool, or 'local_storage: true'")
