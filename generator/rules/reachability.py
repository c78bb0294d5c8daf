"""References that must resolve: reached from where they are used, through the planned routes.

Each rule names who uses an address (system VMs on the pods' management networks, virtual routers on
the public networks, management servers on theirs, hosts on their pod's networks) and asks
``routes.route`` whether that network reaches it: on the same network, or through its gateway to a
routed network or beyond the design's networks.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address
from urllib.parse import urlsplit

from ..model import Networking, PrimaryProtocol, Zone
from .catalogue import ERROR, rule
from .context import Context, Issue
from .routes import parse_address, reachable_from_any, route
from .walk import clusters

# Pools whose server the hosts reach over the network (local, shared mount points, FC and pre-setup are not).
NETWORKED = (PrimaryProtocol.nfs, PrimaryProtocol.iscsi, PrimaryProtocol.rbd, PrimaryProtocol.smb)


def _pods(zone: Zone) -> list[tuple[str, str]]:
    """(pod name, management network) of a zone's pods, by id."""
    return [(p.name, p.management.network) for p in sorted(zone.pods, key=lambda p: p.id)]


def _guest_side(zone: Zone) -> list[str]:
    """Networks guest traffic leaves a zone by: public networks, or basic/shared guest networks."""
    nets = [pr.network for pr in zone.public_ranges]
    nets += [gr.network for pod in zone.pods for gr in pod.guest_ranges]
    nets += [sn.network for sn in zone.shared_networks]
    return sorted(set(nets))


@rule("REACH-DNS-INTERNAL", ERROR, "Every pod reaches the zone's internal DNS servers",
      "CloudStack createZone internaldns: system VMs and hosts resolve infrastructure names through the internal "
      "DNS servers, over their management network (seed 002); a server neither on a pod's management network nor "
      "behind its gateway leaves the SSVM unable to resolve the secondary storage or template hosts.")
def dns_internal(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for i, server in enumerate(zone.dns.internal):
            for pod, network in _pods(zone):
                found = route(ctx.design, network, server)
                if not found.ok:
                    yield Issue(zone.dns.internal, i, f"internal DNS server {server} of zone {zone.name} is not "
                                f"reached from pod {pod} ({network}): {found.how}",
                                f"put the DNS server on {network} or a routed network, or give {network} a gateway")


@rule("REACH-DNS-PUBLIC", ERROR, "Guests reach the zone's public DNS servers",
      "CloudStack createZone dns1/dns2: virtual routers and guest VMs resolve names through the public DNS "
      "servers, leaving by the public network (advanced zones) or the guest network (basic and shared); a server "
      "those networks do not reach leaves guests without name resolution.")
def dns_public(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        sources = _guest_side(zone)
        if not sources:
            continue
        for i, server in enumerate(zone.dns.public):
            failed = reachable_from_any(ctx.design, sources, server)
            if failed is not None:
                yield Issue(zone.dns.public, i, f"public DNS server {server} of zone {zone.name} is reached from none "
                            f"of {', '.join(sources)}: {failed.how}",
                            "use a DNS server those networks reach, or give them a gateway")


def _address_on(ctx: Context, network: str, address: IPv4Address | None) -> IPv4Address:
    """A device's address, or (planned later) any host address of its network, for routing."""
    cidr = ctx.design.networks[network].cidr
    return address or (cidr.network_address + 1 if cidr.num_addresses > 2 else cidr.network_address)


@rule("REACH-DATABASE", ERROR, "Management servers reach their database",
      "CloudStack's db.properties points every management server at the database (db.cloud.host, port 3306); "
      "install facts §3: a separate database node is reached over the network, so the server's network is the "
      "database's or routes to it. Standby servers use the replica after failover.")
def database(ctx: Context) -> Iterator[Issue]:
    mgmt = ctx.design.management
    for db, standby in ((mgmt.database.primary, False), (mgmt.database.replica, True)):
        if db is None:
            continue
        target = _address_on(ctx, db.network, db.address)
        for ms in mgmt.servers:
            if ms.standby != standby or ms.name == db.name:
                continue
            found = route(ctx.design, ms.network, target)
            if not found.ok:
                yield Issue(db, "network", f"management server {ms.name} ({ms.network}) does not reach database "
                            f"{db.name} on {db.network}: {found.how}", f"put the database on {ms.network}, or give "
                            "both networks gateways")


@rule("REACH-VCENTER", ERROR, "Management servers reach each vCenter",
      "CloudStack addCluster for VMware: the management servers talk to vCenter (HTTPS) to manage the cluster's "
      "ESXi hosts, so each active management server's network reaches the vCenter address.")
def vcenter(ctx: Context) -> Iterator[Issue]:
    active = [ms for ms in ctx.design.management.servers if not ms.standby]
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            address = parse_address(cluster.vcenter.address) if cluster.vcenter else None
            if address is None or cluster.vcenter is None:
                continue
            for ms in active:
                found = route(ctx.design, ms.network, address)
                if not found.ok:
                    yield Issue(cluster.vcenter, "address", f"vCenter {address} of cluster {cluster.name} (pod "
                                f"{pod.name}) is not reached from management server {ms.name} ({ms.network}): "
                                f"{found.how}", "put vCenter where the management servers reach it")


@rule("REACH-PRIMARY-STORAGE", ERROR, "Hosts reach their primary storage server",
      "Seed 000: without primary-storage networks a host reaches primary storage over its management interface; "
      "CloudStack createStoragePool mounts (or logs in to) the server from every host of the cluster, so the "
      "server has an address on the pod's management network or on a network routed from it (hosts take no "
      "address on the storage network).")
def primary_storage(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if pod.primary_storage_networks:
                continue  # PRIMARY-SERVER-OUTSIDE-NETWORK checks those
            sources = [pod.management.network]  # hosts have no address on the storage network
            zone_wide = [p for p in zone.primary_storage
                         if p.hypervisor is None or p.hypervisor.lower() in (cluster.hypervisor.value, "any")]
            for pool in [*cluster.primary_storage, *zone_wide]:
                server = servers.get(pool.server or "")
                if server is None or pool.protocol not in NETWORKED:
                    continue
                targets = [_address_on(ctx, a.network, a.address) for a in server.interfaces]
                if any(reachable_from_any(ctx.design, sources, t) is None for t in targets):
                    continue
                failed = reachable_from_any(ctx.design, sources, targets[0])
                how = failed.how if failed else ""
                yield Issue(pool, "server", f"hosts of cluster {cluster.name} (pod {pod.name}) do not reach storage "
                            f"server {server.name} of pool {pool.name} from {', '.join(sources)}: {how}",
                            f"give {server.name} an interface on {pod.management.network}, or gateways on both "
                            "networks")


@rule("REACH-S3-ENDPOINT", ERROR, "System VMs reach the S3 endpoint of secondary storage",
      "CloudStack addImageStore provider=S3: the secondary storage VM reads and writes templates and snapshots at "
      "the endpoint, from its management network or its public network (seed 002), so one of them reaches it.")
def s3_endpoint(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        sources = [n for _, n in _pods(zone)]
        if zone.networking is Networking.advanced and not zone.security_groups:
            sources += sorted({pr.network for pr in zone.public_ranges})
        for store in zone.secondary_storage:
            if not store.endpoint:
                continue
            try:
                host = urlsplit(store.endpoint if "//" in store.endpoint else f"//{store.endpoint}").hostname or ""
            except ValueError:
                continue
            address = parse_address(host)
            if address is None:
                continue
            failed = reachable_from_any(ctx.design, sources, address)
            if failed is not None:
                yield Issue(store, "endpoint", f"S3 endpoint {host} of secondary storage {store.name} (zone "
                            f"{zone.name}) is reached from none of {', '.join(sources)}: {failed.how}",
                            "put the endpoint where the SSVM's networks reach it")


@rule("REACH-STAGING-STORE", ERROR, "System VMs reach the NFS staging store of object storage",
      "CloudStack createSecondaryStagingStore: templates and snapshots pass through the NFS staging store on their "
      "way to S3, mounted by the secondary storage VM from its storage network (or, without one, its management "
      "network; seed 002), so the staging server has an address that network reaches.")
def staging_store(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    for _, zone in ctx.inventory.zones():
        for store in zone.secondary_storage:
            server = servers.get(store.staging.server) if store.staging else None
            if server is None or store.staging is None:
                continue
            targets = [_address_on(ctx, a.network, a.address) for a in server.interfaces]
            for pod in sorted(zone.pods, key=lambda p: p.id):
                sources = [pod.storage.network if pod.storage else pod.management.network]
                if any(reachable_from_any(ctx.design, sources, t) is None for t in targets):
                    continue
                failed = reachable_from_any(ctx.design, sources, targets[0])
                how = failed.how if failed else ""
                yield Issue(store.staging, "server", f"the SSVM of pod {pod.name} (zone {zone.name}) does not reach "
                            f"staging server {server.name} of {store.name} from {sources[0]}: {how}",
                            f"give {server.name} an address on {sources[0]}, or gateways on both networks")
