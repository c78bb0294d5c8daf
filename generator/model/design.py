"""The whole design of one deployment: the root of the schema."""

from __future__ import annotations

from pydantic import Field

from .base import Name, StrictModel
from .hardware import HostProfile
from .management import Management
from .networks import Network
from .racks import Rack
from .storage import CephCluster, StorageServer
from .switching import Firewall, Switch
from .topology import Region

SettingValue = str | int | float | bool


class Site(StrictModel):
    name: Name
    location: str = ""
    description: str = ""


class Deployment(StrictModel):
    name: str = Field(min_length=1, max_length=120, description="Title of the deployment.")
    description: str = ""
    cloudstack_version: str = Field(default="4.22", pattern=r"^\d+\.\d+(\.\d+){0,2}$")
    redundant: bool = Field(
        default=False,
        description="The design promises no single point of failure: bonded NICs, switch pairs, "
        "several management servers.",
    )


class Design(StrictModel):
    """A CloudStack deployment design. One file per deployment."""

    deployment: Deployment
    sites: list[Site] = Field(min_length=1)
    networks: dict[Name, Network] = Field(min_length=1)
    host_profiles: dict[Name, HostProfile] = Field(min_length=1)
    switches: list[Switch] = Field(default_factory=list)
    firewalls: list[Firewall] = Field(default_factory=list)
    storage_servers: list[StorageServer] = Field(default_factory=list)
    ceph_clusters: list[CephCluster] = Field(
        default_factory=list, description="Ceph clusters that RBD primary storage pools name with 'ceph:'.")
    racks: list[Rack] = Field(
        default_factory=list,
        description="Racks of the sites: each device placed in one appears in its rack elevation, and cables "
        "between racks are optics rather than copper.",
    )
    management: Management
    settings: dict[str, SettingValue] = Field(
        default_factory=dict, description="CloudStack global settings the design depends on."
    )
    regions: list[Region] = Field(min_length=1)
