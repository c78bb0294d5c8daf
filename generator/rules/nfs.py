"""NFS exports: every NFS pool and store sits on an export its server lists, and the export admits every
machine that mounts it (hosts for primary storage; the secondary-storage VM, the hosts and the management
servers for secondary storage and staging stores)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Network

from ..model import Pod, PrimaryProtocol, SecondaryProtocol, Zone
from .catalogue import ERROR, rule
from .context import Context, Issue
from .primary_storage import _where, all_pools


@dataclass(frozen=True)
class _Use:
    """Something on an NFS server that is mounted: a pool, a store or a staging store."""

    obj: object
    attr: str
    label: str
    server: str
    path: str
    zone: Zone
    mounters: tuple[tuple[str, str, frozenset[str]], ...]  # (who, the network they mount from, their names)


def _uses(ctx: Context) -> Iterator[_Use]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    ms = tuple((f"management server {m.name}", m.network, frozenset({m.name})) for m in ctx.design.management.servers)
    names = {pod.name: frozenset(h.name for h in ctx.inventory.hosts_in_pod(pod)) for _, pod in _pods(ctx)}
    for zone, cluster, pool in all_pools(ctx):
        if pool.protocol is not PrimaryProtocol.nfs or pool.server not in servers:
            continue
        server = servers[pool.server]
        pods = [p for p in sorted(zone.pods, key=lambda p: p.id)
                if cluster is None or any(c is cluster for c in p.clusters)]
        mounters = []
        for pod in pods:
            on = [a.network for a in server.interfaces]
            source = next((n for n in [*pod.primary_storage_networks, pod.management.network] if n in on),
                          pod.management.network)
            mounters.append((f"the hosts of pod {pod.name}", source, names[pod.name]))
        yield _Use(pool, "path", f"primary pool {pool.name} of {_where(zone, cluster)}", server.name, pool.path,
                   zone, tuple(mounters))
    for _, zone in ctx.inventory.zones():
        pods = sorted(zone.pods, key=lambda p: p.id)
        ssvm = tuple((f"the secondary-storage VM of pod {p.name}", p.storage.network if p.storage else
                      p.management.network, frozenset[str]()) for p in pods)
        hosts = tuple((f"the hosts of pod {p.name}", p.management.network, names[p.name]) for p in pods)
        for store in zone.secondary_storage:
            if store.protocol is SecondaryProtocol.nfs and store.server in servers:
                yield _Use(store, "path", f"secondary storage {store.name} of zone {zone.name}", store.server,
                           store.path, zone, ssvm + hosts + ms)
            if store.staging is not None and store.staging.server in servers:
                yield _Use(store.staging, "path", f"the staging store of {store.name} (zone {zone.name})",
                           store.staging.server, store.staging.path, zone, ssvm + ms)


def _pods(ctx: Context) -> Iterator[tuple[Zone, Pod]]:
    for _, zone in ctx.inventory.zones():
        for pod in zone.pods:
            yield zone, pod


def _covers(client: str, names: frozenset[str], network: IPv4Network) -> bool | None:
    """True: ``client`` admits every address of ``network`` (or the one machine named); False: none of them;
    None: some of them (a part of the subnet, or one host of several)."""
    if client == "*":
        return True
    try:
        allowed = IPv4Network(client, strict=False)
    except ValueError:
        if client not in names:
            return False
        return True if len(names) == 1 else None
    if network.subnet_of(allowed):
        return True
    return None if allowed.overlaps(network) else False


@rule("NFS-EXPORT-MISSING", ERROR, "Every NFS pool and store is on an export its server lists",
      "An NFS server mounts only what it exports (/etc/exports): a pool or image store whose path is no "
      "export, nor a directory below one, fails in CloudStack's createStoragePool or addImageStore with "
      "'access denied by server while mounting'.")
def export_missing(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    for use in _uses(ctx):
        server = servers[use.server]
        if not server.exports or not use.path:
            continue
        if server.export_for(use.path) is None:
            paths = ", ".join(e.path for e in server.exports)
            yield Issue(use.obj, use.attr, f"{use.label} uses {use.path} on {server.name}, which exports only "
                        f"{paths}", f"add an export for {use.path} to {server.name}, or use a path below {paths}")


@rule("NFS-EXPORT-CLIENTS", ERROR, "An export admits every machine that mounts it",
      "NFS servers refuse mounts from clients the export does not list ('access denied by server'). In "
      "CloudStack primary "
      "storage is mounted by every host of its cluster (or zone); secondary storage by the secondary-storage VM "
      "(from the pod's storage network, else its management network), by the KVM hosts when they copy "
      "templates, and by the management server that seeds the system VM templates.")
def export_clients(ctx: Context) -> Iterator[Issue]:
    servers = {s.name: s for s in ctx.design.storage_servers}
    for use in _uses(ctx):
        server = servers[use.server]
        export = server.export_for(use.path) if use.path else None
        if export is None:
            continue
        index = server.exports.index(export)
        missing = []
        for who, network, names in dict.fromkeys(use.mounters):
            net = ctx.network(network)
            if net is None:
                continue
            verdicts = [_covers(c, names, net.cidr) for c in export.clients]
            if all(v is False for v in verdicts):
                missing.append(f"{who} ({network}, {net.cidr})")
        if missing:
            yield Issue(server.exports[index], "clients", f"export {export.path} of {server.name} ({use.label}) "
                        f"admits {', '.join(export.clients)}, not {'; '.join(missing)}",
                        "add the subnets it lacks to the export's 'clients'")
