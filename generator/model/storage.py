"""Primary and secondary storage, and the servers that provide it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import ORDERED, Address, Name, Size, StrictModel
from .hardware import ServerNic
from .racks import position_field, power_field, rack_field, rack_units_field


class PrimaryProtocol(StrEnum):
    nfs = "nfs"
    iscsi = "iscsi"
    fc = "fc"
    sharedmountpoint = "sharedmountpoint"
    presetup = "presetup"
    local = "local"
    smb = "smb"
    rbd = "rbd"


class SecondaryProtocol(StrEnum):
    nfs = "nfs"
    s3 = "s3"
    smb = "smb"


class ServerRole(StrEnum):
    nfs = "nfs"
    iscsi = "iscsi"
    fc = "fc"
    ceph = "ceph"
    smb = "smb"
    s3 = "s3"


class Attachment(StrictModel):
    """A device's address on a named network. ``address`` left out: the planner picks one."""

    network: Name
    address: Address | None = None


class StorageServer(StrictModel):
    name: Name
    id: int | None = Field(
        default=None, ge=1, le=4096,
        description="Stable number of the server among the storage servers: its place in their block of addresses "
        "on every network (id n takes place n). Without it storage servers take the free places in name order, so "
        "adding one whose name sorts earlier moves the others.",
    )
    site: Name
    role: ServerRole
    interfaces: list[Attachment] = Field(min_length=1)
    nics: list[ServerNic] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="NICs and the switches they are cabled to; without them the port plan leaves the server out. "
        "Order matters: the NICs take their switches' 'server_ports' in this order.",
    )
    description: str = ""
    rack: Name | None = rack_field()
    position: int | None = position_field()
    rack_units: int = rack_units_field()
    power_watts: int | None = power_field()


class PrimaryStorage(StrictModel):
    """A primary storage pool. Declared under a cluster (cluster scope) or a zone (zone scope)."""

    name: Name
    protocol: PrimaryProtocol
    server: Name | None = Field(
        default=None, description="Storage server name (not for local, sharedmountpoint or fc)."
    )
    path: str = Field(default="", description="Export path, IQN/LUN, SR name-label or mount point.")
    size: Size | None = None
    multipath: bool = Field(default=False, description="iSCSI multipath over two storage networks.")
    tags: list[Name] = Field(default_factory=list)
    hypervisor: Name | None = Field(default=None, description="Zone scope only: hypervisor it serves.")
    monitor_port: int | None = Field(default=None, description="RBD only: Ceph monitor port.")


class StagingStore(StrictModel):
    """The NFS staging (cache) store an object-store image store needs: createSecondaryStagingStore."""

    server: Name = Field(description="NFS storage server holding the staging store.")
    path: str = Field(min_length=1, description="Export path of the staging store on that server.")


class SecondaryStorage(StrictModel):
    name: Name
    protocol: SecondaryProtocol
    server: Name | None = None
    path: str = ""
    size: Size | None = None
    bucket: str = ""
    endpoint: str = ""
    staging: StagingStore | None = Field(
        default=None, description="S3 only: the NFS staging store CloudStack copies templates and snapshots "
        "through (created before the S3 store, as CloudStack's deploy sequence does).")
