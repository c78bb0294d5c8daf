"""Storage URLs, tags and protocols as CloudStack parses them.

Each rule restates a mistake operators made, with the CloudStack issue, document or code that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Hypervisor, PrimaryProtocol, PrimaryStorage, SecondaryProtocol, Zone
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import clusters, zone_hypervisors

POOL_LIFECYCLE = ("https://github.com/apache/cloudstack/blob/main/plugins/storage/volume/default/src/main/java/org/"
                  "apache/cloudstack/storage/datastore/lifecycle/CloudStackPrimaryDataStoreLifeCycleImpl.java")
ADD_PRIMARY = "https://docs.cloudstack.apache.org/en/latest/installguide/configuration.html#add-primary-storage"
CIFS_SPEC = "https://cwiki.apache.org/confluence/x/zgkHAg"
STORAGE_DOCS = "http://docs.cloudstack.apache.org/projects/cloudstack-administration/en/4.9/storage.html"
# Protocols whose pool URL is server + path, and whose uuid CloudStack derives from them.
EXPORTS = (PrimaryProtocol.nfs, PrimaryProtocol.smb)
IQN = re.compile(r"^/?(iqn\.\d{4}-\d{2}\.[^/\s]+|eui\.[0-9A-Fa-f]{16}|naa\.[0-9A-Fa-f]+)/\d+$")


def _zone_pools(zone: Zone) -> Iterator[PrimaryStorage]:
    yield from zone.primary_storage
    for _pod, cluster in clusters(zone):
        yield from cluster.primary_storage


def _norm(path: str) -> str:
    return "/" + path.strip().strip("/")


@rule("PRIMARY-DUPLICATE-EXPORT", ERROR, "No two primary pools use one export",
      f"CloudStack createStoragePool ({POOL_LIFECYCLE}) derives an NFS pool's uuid from its server and path and "
      "refuses a second pool with it, in any zone: 'Another active pool with the same uuid already exists'; one "
      "export added twice would also count its capacity twice.")
def duplicate_export(ctx: Context) -> Iterator[Issue]:
    seen: dict[tuple[str, str], str] = {}
    for _, zone in ctx.inventory.zones():
        for pool in _zone_pools(zone):
            if pool.protocol not in EXPORTS or not pool.server or not pool.path:
                continue
            key = (pool.server, _norm(pool.path))
            first = seen.setdefault(key, f"{pool.name} (zone {zone.name})")
            if first != f"{pool.name} (zone {zone.name})":
                yield Issue(pool, "path", f"primary pools {first} and {pool.name} (zone {zone.name}) both use "
                            f"{pool.server}:{key[1]}", "give each pool an export of its own")


def _path_problem(path: str) -> str:
    text = path.strip()
    if ":" in text:
        return "it holds ':' (write the server under 'server' and the export path alone here)"
    if any(c.isspace() for c in text):
        return "it holds white space"
    if text.strip("/") == "" and text:
        return "it is the server's root, not an export"
    if ".." in text.split("/"):
        return "it climbs with '..'"
    return ""


@rule("NFS-PATH-FORMAT", ERROR, "NFS store paths are export paths",
      "apache/cloudstack#8995 and #12674: CloudStack accepts an NFS secondary store with a wrong mount point "
      "without complaint and the zone then cannot seed its templates; the URL is nfs://<server>/<path>, so the "
      "path must be the export's own path: a pasted 'server:/path', spaces, '..' or the bare root are wrong.")
def nfs_path(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        stores: list[tuple[object, str, str]] = [(p, p.name, p.path) for p in _zone_pools(zone)
                                                 if p.protocol is PrimaryProtocol.nfs]
        stores += [(s, s.name, s.path) for s in zone.secondary_storage if s.protocol is SecondaryProtocol.nfs]
        for obj, name, path in stores:
            problem = _path_problem(path)
            if problem:
                yield Issue(obj, "path", f"NFS store {name} (zone {zone.name}) has path '{path}': {problem}",
                            "write the export path alone, e.g. '/export/primary'")


@rule("ISCSI-PATH-FORMAT", ERROR, "iSCSI pools name the target IQN and LUN",
      f"CloudStack 'Add primary storage' ({ADD_PRIMARY}): an iSCSI pool is given by the target IQN and the LUN "
      "number, and the URL is iscsi://<server>/<iqn>/<lun>; a path without them (a LUN name, a mount point) "
      "makes the hosts log in to nothing.")
def iscsi_path(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pool in _zone_pools(zone):
            if pool.protocol is PrimaryProtocol.iscsi and not IQN.fullmatch(pool.path.strip()):
                yield Issue(pool, "path", f"iSCSI pool {pool.name} (zone {zone.name}) has path '{pool.path}', not "
                            "/<target IQN>/<LUN>", "write it like '/iqn.2024-01.net.example:storage1/0'")


@rule("SECONDARY-SMB-HYPERVISOR", ERROR, "SMB secondary storage goes with Hyper-V, NFS with the rest",
      f"CloudStack storage documentation ({STORAGE_DOCS}): secondary storage is accessed over NFS; CIFS/SMB "
      f"image stores were added for Hyper-V, whose Windows parent partition mounts NFS poorly ({CIFS_SPEC}). "
      "An SMB store in a zone without Hyper-V, or Hyper-V hosts with NFS-only secondary storage, leaves "
      "templates unreachable for some hosts.")
def secondary_smb(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        hypervisors = zone_hypervisors(zone)
        smb = [s for s in zone.secondary_storage if s.protocol is SecondaryProtocol.smb]
        nfs = [s for s in zone.secondary_storage if s.protocol is SecondaryProtocol.nfs]
        if smb and Hypervisor.hyperv not in hypervisors:
            yield Issue(smb[0], "protocol", f"secondary store {smb[0].name} of zone {zone.name} is SMB, but the zone "
                        "has no Hyper-V clusters", "use NFS secondary storage for KVM, XenServer and VMware")
        elif Hypervisor.hyperv in hypervisors and nfs and not smb:
            yield Issue(nfs[0], "protocol", f"zone {zone.name} has Hyper-V clusters but NFS secondary storage "
                        f"({nfs[0].name})", "give Hyper-V zones an SMB (CIFS) secondary store")
