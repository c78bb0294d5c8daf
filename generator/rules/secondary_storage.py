"""Secondary storage (image stores): complete, reachable by the system VMs, big enough for templates."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import SecondaryProtocol, SecondaryStorage, ServerRole, Zone
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import setting, zone_hypervisors

# Install facts §4: cloud-install-sys-tmplt checks for about 2 GB free per system VM template.
TEMPLATE_GB = 2

ROLE_OF: dict[SecondaryProtocol, ServerRole] = {
    SecondaryProtocol.nfs: ServerRole.nfs,
    SecondaryProtocol.smb: ServerRole.smb,
    SecondaryProtocol.s3: ServerRole.s3,
}


def _stores(ctx: Context) -> Iterator[tuple[Zone, SecondaryStorage]]:
    for _, zone in ctx.inventory.zones():
        for store in zone.secondary_storage:
            yield zone, store


@rule("SECONDARY-S3-STAGING", ERROR, "S3 secondary storage has an NFS staging store",
      "CloudStack's zone deploy sequence (deployDataCenter: cacheStorages before secondaryStorages): an S3 or "
      "Swift image store needs an NFS staging store, created with createSecondaryStagingStore, to copy "
      "templates and snapshots through; without one the system VM templates never reach the zone.")
def s3_staging(ctx: Context) -> Iterator[Issue]:
    for zone, store in _stores(ctx):
        if store.protocol is SecondaryProtocol.s3 and store.staging is None:
            yield Issue(store, None, f"S3 secondary storage {store.name} of zone {zone.name} has no staging store",
                        "add 'staging: {server: <an NFS server>, path: /export/staging}'")
        elif store.protocol is not SecondaryProtocol.s3 and store.staging is not None:
            yield Issue(store, "staging", f"{store.protocol.value} secondary storage {store.name} of zone "
                        f"{zone.name} has a staging store, which only S3 stores use", "remove 'staging:'")
        elif store.staging is not None:
            server = next((s for s in ctx.design.storage_servers if s.name == store.staging.server), None)
            if server is None or server.role is not ServerRole.nfs:
                what = "is not a storage server" if server is None else f"is a {server.role.value} server"
                yield Issue(store.staging, "server", f"staging store of {store.name} (zone {zone.name}) is on "
                            f"{store.staging.server}, which {what}", "name an NFS storage server")


@rule("SECONDARY-INCOMPLETE", ERROR, "Secondary storage gives what addImageStore needs",
      "CloudStack addImageStore: NFS and SMB stores need a URL (server and path); S3 stores need a bucket "
      "and an endpoint.")
def incomplete(ctx: Context) -> Iterator[Issue]:
    for zone, store in _stores(ctx):
        if store.protocol is SecondaryProtocol.s3:
            missing = [f for f in ("bucket", "endpoint") if not getattr(store, f)]
        else:
            missing = [f for f in ("server", "path") if not getattr(store, f)]
        if missing:
            yield Issue(store, None, f"{store.protocol.value} secondary storage {store.name} of zone {zone.name} "
                        f"has no {' and no '.join(missing)}", f"add {', '.join(repr(m + ':') for m in missing)}")


@rule("SECONDARY-SERVER-ROLE", ERROR, "A secondary store's server serves its protocol",
      "CloudStack addImageStore: the secondary storage VM mounts NFS/SMB exports or talks S3 to the server.")
def server_role(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    for zone, store in _stores(ctx):
        server = servers.get(store.server or "")
        if server and server.role is not ROLE_OF[store.protocol]:
            yield Issue(store, "server", f"{store.protocol.value} secondary storage {store.name} of zone {zone.name} "
                        f"is on {server.name}, a {server.role.value} server",
                        f"use a server with role {ROLE_OF[store.protocol].value}")


@rule("SECONDARY-MIXED-PROVIDERS", ERROR, "All secondary stores use one provider",
      "CloudStack addImageStore: all image stores must use the same provider (NFS, SMB or S3).")
def mixed(ctx: Context) -> Iterator[Issue]:
    stores = list(_stores(ctx))
    if not stores:
        return
    _, first = stores[0]
    for zone, store in stores[1:]:
        if store.protocol is not first.protocol:
            yield Issue(store, "protocol", f"secondary storage {store.name} of zone {zone.name} uses "
                        f"{store.protocol.value}, but {first.name} uses {first.protocol.value}",
                        f"use {first.protocol.value} for every secondary store")


@rule("SECONDARY-TOO-SMALL", ERROR, "Secondary storage holds the system VM templates",
      "Field mistake #20 (apache/cloudstack#8390): secondary storage too small for the system VM templates "
      "keeps system VMs from starting; install facts §4: about 2 GB per hypervisor's template, and CloudStack "
      "stops placing data on a store above secondary.storage.capacity.threshold.")
def too_small(ctx: Context) -> Iterator[Issue]:
    try:
        threshold = float(setting(ctx, "secondary.storage.capacity.threshold"))
    except ValueError:
        return  # SETTING-TYPE reports it
    if not 0 < threshold <= 1:
        return
    for zone, store in _stores(ctx):
        hvs = zone_hypervisors(zone)
        if store.size is None or not hvs:
            continue
        needs = TEMPLATE_GB * len(hvs) / threshold
        if store.size.bytes < needs * 10**9:
            yield Issue(store, "size", f"secondary storage {store.name} of zone {zone.name} is {store.size}; the "
                        f"system VM templates of {', '.join(h.value for h in hvs)} need about {needs:.1f} GB "
                        f"below the {threshold:.0%} capacity threshold",
                        "size it for templates, ISOs and snapshots: typically terabytes (did you mean TB?)")


@rule("SECONDARY-UNREACHABLE", ERROR, "Secondary storage is reachable from each pod's management network",
      "Field mistake #4 (apache/cloudstack#10163, #7244): a secondary NFS server outside the storage subnet "
      "with no route leaves the SSVM unable to mount it; install facts §8: that traffic uses the management "
      "network, so the server must be on it or routed to it.")
def unreachable(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    nets = ctx.design.networks
    for zone, store in _stores(ctx):
        server = servers.get(store.server or "")
        if server is None or store.protocol is SecondaryProtocol.s3:
            continue
        on = [a.network for a in server.interfaces]
        for pod in sorted(zone.pods, key=lambda p: p.id):
            mgmt = pod.management.network
            direct = mgmt in on or (pod.storage is not None and pod.storage.network in on)
            routed = nets[mgmt].gateway is not None and any(nets[n].gateway is not None for n in on)
            if not direct and not routed:
                yield Issue(store, "server", f"secondary storage {store.name} of zone {zone.name} is on "
                            f"{server.name} ({', '.join(on)}), which pod {pod.name} cannot reach: no interface on "
                            f"its management network {mgmt} and no gateway to route through",
                            f"give {server.name} an interface on {mgmt}, or gateways on both networks")
