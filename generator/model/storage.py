"""Primary and secondary storage, and the servers that provide it."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from .base import (
    NFS_CLIENT_PATTERN,
    NFS_OPTION_PATTERN,
    ORDERED,
    SECRET_PATTERN,
    Address,
    Name,
    Size,
    StrictModel,
    explained,
)
from .hardware import ServerNic
from .racks import position_field, power_field, rack_field, rack_units_field


@explained({
    "nfs": "NFS export on a storage server",
    "iscsi": "iSCSI LUN on a storage server",
    "fc": "Fibre Channel LUN",
    "sharedmountpoint": "a path every host has mounted (e.g. a cluster file system)",
    "presetup": "a storage repository or datastore set up on the hypervisor beforehand",
    "local": "the hosts' local disks",
    "smb": "SMB/CIFS share (Hyper-V)",
    "rbd": "Ceph RBD pool",
})
class PrimaryProtocol(StrEnum):
    nfs = "nfs"
    iscsi = "iscsi"
    fc = "fc"
    sharedmountpoint = "sharedmountpoint"
    presetup = "presetup"
    local = "local"
    smb = "smb"
    rbd = "rbd"


@explained({
    "nfs": "NFS export on a storage server",
    "s3": "S3-compatible object store, with an NFS staging store",
    "smb": "SMB/CIFS share",
})
class SecondaryProtocol(StrEnum):
    nfs = "nfs"
    s3 = "s3"
    smb = "smb"


@explained({
    "nfs": "NFS server",
    "iscsi": "iSCSI target",
    "fc": "Fibre Channel array",
    "ceph": "Ceph cluster (RBD)",
    "smb": "SMB/CIFS file server",
    "s3": "S3-compatible object store",
})
class ServerRole(StrEnum):
    nfs = "nfs"
    iscsi = "iscsi"
    fc = "fc"
    ceph = "ceph"
    smb = "smb"
    s3 = "s3"


class Attachment(StrictModel):
    """A device's address on a named network. ``address`` left out: the planner picks one."""

    network: Name = Field(
        description="Network (from 'networks') the device has an address on.")
    address: Address | None = Field(
        default=None,
        description="The device's address on that network; the planner picks one when left out.")


@explained({
    "3": "NFSv3: what CloudStack mounts secondary storage with unless secstorage.nfs.version says otherwise",
    "4": "NFSv4.0",
    "4.1": "NFSv4.1 (sessions, pNFS)",
    "4.2": "NFSv4.2 (server-side copy, sparse files)",
})
class NfsVersion(StrEnum):
    v3 = "3"
    v4 = "4"
    v4_1 = "4.1"
    v4_2 = "4.2"


NfsClient = Annotated[str, Field(pattern=NFS_CLIENT_PATTERN, max_length=253)]
NfsOption = Annotated[str, Field(pattern=NFS_OPTION_PATTERN, max_length=63)]


class NfsExport(StrictModel):
    """One export of an NFS server: the runbook writes its /etc/exports line, the rules check its clients."""

    path: str = Field(min_length=2, max_length=1024, pattern=r"^/",
                      description="Exported directory, an absolute path; pools and stores on this server name it.")
    clients: list[NfsClient] = Field(
        min_length=1, description="Who may mount it: subnets ('10.10.0.0/24'), addresses, host or server names of "
        "the design, or '*'. They must cover every host, secondary-storage VM and management server that mounts it.")
    options: list[NfsOption] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="Export options; left out: rw, sync (primary) or async (secondary), no_root_squash, "
        "no_subtree_check. Order matters: of two options that contradict each other, exportfs keeps the last.")
    version: NfsVersion = Field(default=NfsVersion.v3, description="NFS version the server offers for this export "
                                "(CloudStack mounts NFSv3 unless told otherwise).")


class StorageServer(StrictModel):
    name: Name = Field(
        description="The storage server's host name; pools and stores name it in 'server'.")
    id: int | None = Field(
        default=None, ge=1, le=4096,
        description="Stable number of the server among the storage servers: its place in their block of addresses "
        "on every network (id n takes place n). Without it storage servers take the free places in name order, so "
        "adding one whose name sorts earlier moves the others.",
    )
    site: Name = Field(
        description="Site the server is in.")
    role: ServerRole = Field(
        description="What the server provides: picks how pools and stores that name it are mounted and which "
        "protocols they may use.")
    interfaces: list[Attachment] = Field(min_length=1,
        description='The server\'s addresses, one per network it serves storage on. Example: [{"network": '
        '"ams1-storage"}]')
    nics: list[ServerNic] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="NICs and the switches they are cabled to; without them the port plan leaves the server out. "
        "Order matters: the NICs take their switches' 'server_ports' in this order.",
    )
    exports: list[NfsExport] = Field(
        default_factory=list, description="NFS servers: the exports. Listed, they are the server's whole /etc/exports "
        "and every NFS pool or store on the server must name one; left out, the runbook derives them.")
    description: str = Field(
        default="",
        description="Free text about the server, shown in the plans.")
    rack: Name | None = rack_field()
    position: int | None = position_field()
    rack_units: int = rack_units_field()
    power_watts: int | None = power_field()

    def export_for(self, path: str) -> NfsExport | None:
        """The export that provides ``path``: the export itself, or the deepest one it lies below (NFS mounts
        directories below an export too)."""
        wanted = "/" + path.strip("/")
        found = [e for e in self.exports
                 if wanted == "/" + e.path.strip("/") or wanted.startswith("/" + e.path.strip("/") + "/")]
        return max(found, key=lambda e: len(e.path.strip("/")), default=None)


class PrimaryStorage(StrictModel):
    """A primary storage pool. Declared under a cluster (cluster scope) or a zone (zone scope)."""

    name: Name = Field(
        description="The pool's name in CloudStack (createStoragePool name).")
    protocol: PrimaryProtocol = Field(
        description="How hosts reach the pool: picks the storage URL of the zone script and which hypervisors "
        "and servers it may be used with.")
    server: Name | None = Field(
        default=None, description="Storage server name (not for local, sharedmountpoint or fc)."
    )
    path: str = Field(default="", description="Export path, IQN/LUN, SR name-label or mount point.")
    size: Size | None = Field(
        default=None,
        description="Usable size of the pool, e.g. 20TB: shown in the overview; capacity rules compare it with "
        "the planned VMs.")
    multipath: bool = Field(default=False, description="iSCSI multipath over two storage networks.")
    tags: list[Name] = Field(default_factory=list,
        description="Storage tags (createStoragePool tags): disk offerings with the same tag use this pool.")
    hypervisor: Name | None = Field(default=None, description="Zone scope only: hypervisor it serves.")
    monitor_port: int | None = Field(default=None, description="RBD only: Ceph monitor port.")
    ceph: Name | None = Field(default=None, description="RBD only: the Ceph cluster (from 'ceph_clusters') the pool "
                              "lives in; 'path' is the Ceph pool's name and the URL lists every monitor.")


class CephMonitor(StrictModel):
    name: Name = Field(description="Monitor's host name (ceph mon id), shown in the plans and the client's ceph.conf.")
    address: Address = Field(description="Monitor address on the Ceph public network (msgr v1, port 6789).")


class CephCluster(StrictModel):
    """A Ceph cluster RBD primary storage lives in: its monitors, pools and the cephx user CloudStack uses."""

    name: Name = Field(description="Name RBD pools refer to with 'ceph:'; it names the cluster's section of the "
                       "storage runbook and its keyring file on the hosts.")
    site: Name | None = Field(default=None, description="Data centre of the cluster.")
    monitors: list[CephMonitor] = Field(min_length=1, description="Every monitor; three or more keep a quorum "
                                        "when one fails.")
    pools: list[Name] = Field(min_length=1, description="RBD pools CloudStack may use.")
    user: Name = Field(default="cloudstack", description="cephx user id CloudStack and the KVM hosts use "
                       "(client.<user>), with rwx on the pools.")
    secret: str = Field(pattern=SECRET_PATTERN, max_length=66, description="Placeholder '${NAME}' of the "
                        "environment variable holding the user's key: the key itself stays in your vault.")
    description: str = Field(default="", description="Free text about the cluster, shown in the plans.")

    @property
    def secret_var(self) -> str:
        """The environment variable of ``secret`` (``${NAME}`` → NAME), reduced to a shell name whatever it holds."""
        inner = self.secret.removeprefix("${").removesuffix("}")
        name = re.sub(r"[^A-Z0-9_]", "_", inner.upper())
        return name if name[:1].isalpha() else f"CEPH_{name}"


class StagingStore(StrictModel):
    """The NFS staging (cache) store an object-store image store needs: createSecondaryStagingStore."""

    server: Name = Field(description="NFS storage server holding the staging store.")
    path: str = Field(min_length=1, description="Export path of the staging store on that server.")


class SecondaryStorage(StrictModel):
    name: Name = Field(
        description="The image store's name in CloudStack (addImageStore name).")
    protocol: SecondaryProtocol = Field(
        description="How the store is reached: nfs or smb (a server and path) or s3 (a bucket and endpoint, with "
        "an NFS staging store).")
    server: Name | None = Field(
        default=None,
        description="Storage server (from 'storage_servers') holding an NFS or SMB store.")
    path: str = Field(
        default="",
        description="Export path of an NFS or SMB store on its server, e.g. /export/secondary.")
    size: Size | None = Field(
        default=None,
        description="Usable size of the store, e.g. 10TB, shown in the overview.")
    bucket: str = Field(
        default="",
        description="S3 only: bucket holding templates, ISOs and snapshots.")
    endpoint: str = Field(
        default="",
        description="S3 only: the object store's endpoint (host name or URL).")
    staging: StagingStore | None = Field(
        default=None, description="S3 only: the NFS staging store CloudStack copies templates and snapshots "
        "through (created before the S3 store, as CloudStack's deploy sequence does).")
