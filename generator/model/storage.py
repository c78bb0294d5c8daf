"""Primary and secondary storage, and the servers that provide it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import ORDERED, Address, Name, Size, StrictModel, explained
from .hardware import ServerNic


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
    description: str = Field(
        default="",
        description="Free text about the server, shown in the plans.")


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
