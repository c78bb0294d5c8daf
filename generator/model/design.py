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
    name: Name = Field(
        description="The site's name (a data centre), e.g. 'ams1'. Zones, networks, switches, firewalls and "
        "servers name it in their 'site'.")
    location: str = Field(
        default="",
        description="Where the site is (address, building, room), shown on the overview page for remote hands.")
    description: str = Field(
        default="",
        description="Free text about the site, shown on the overview page.")


class Deployment(StrictModel):
    name: str = Field(min_length=1, max_length=120,
                      description="Title of the deployment: heads its pages, its place in the site's navigation "
                      "and the diagrams.")
    description: str = Field(
        default="",
        description="A paragraph about the deployment, shown on its overview page.")
    cloudstack_version: str = Field(default="4.22", pattern=r"^\d+\.\d+(\.\d+){0,2}$",
        description='CloudStack release the deployment installs, e.g. "4.22" (quote it: 4.20 written bare is the '
        "number 4.2). Picks the packages and repository of the runbook and the release facts the rules check "
        "against.")
    redundant: bool = Field(
        default=False,
        description="The design promises no single point of failure: bonded NICs, switch pairs, "
        "several management servers.",
    )


class Design(StrictModel):
    """A CloudStack deployment design. One file per deployment."""

    deployment: Deployment = Field(
        description="Who and what the deployment is: its title, description, CloudStack release and whether it "
        "promises redundancy. The title heads every page and file of the site.")
    sites: list[Site] = Field(min_length=1,
        description="Data centres (sites) of the deployment. Zones, networks, switches, firewalls and servers "
        "name the site they are in; each site gets its own core, firewall and address blocks in the plans.")
    networks: dict[Name, Network] = Field(min_length=1,
        description="Every IPv4 subnet of the deployment, by name. Pods, zones, servers and switches refer to "
        "them by name; the IP plan, VLAN plan, switch configurations and host configurations are computed from "
        'them. Example: {"ams1-mgmt": {"cidr": "10.20.1.0/24", "gateway": "10.20.1.1", "vlan": 110}}')
    host_profiles: dict[Name, HostProfile] = Field(min_length=1,
        description="Hardware and OS shared by many hosts, by name: NICs, bonds, CPU and memory. Clusters and "
        "host entries name a profile; the port plan cables its NICs and the host configurations build its bonds, "
        "VLANs and bridges.")
    switches: list[Switch] = Field(default_factory=list,
        description="Access, storage and core switches. The port plan cables host NICs to them, and each gets a "
        "generated configuration (VLANs, port-channels, MLAG/vPC, uplinks).")
    firewalls: list[Firewall] = Field(default_factory=list,
        description="Firewalls at the edge of each site: they route or NAT the public network to the Internet "
        "and may own network gateways ('gateway_on'). Drawn in the topology; their addresses are planned.")
    storage_servers: list[StorageServer] = Field(default_factory=list,
        description="Servers that provide primary or secondary storage (NFS, iSCSI, Ceph, SMB, S3). Storage "
        "pools and stores name them; their addresses and switch ports are planned.")
    ceph_clusters: list[CephCluster] = Field(
        default_factory=list, description="Ceph clusters that RBD primary storage pools name with 'ceph:': their "
        "monitors, pools and cephx user; the RBD URLs list every monitor and the hosts' runbook installs the client.")
    racks: list[Rack] = Field(
        default_factory=list,
        description="Racks of the sites: each device placed in one appears in its rack elevation, and cables "
        "between racks are optics rather than copper.",
    )
    management: Management = Field(
        description="The management plane: CloudStack management servers, an optional load balancer and the "
        "database. The runbook installs them and the zone script talks to them.")
    settings: dict[str, SettingValue] = Field(
        default_factory=dict, description="CloudStack global settings the design depends on."
    )
    regions: list[Region] = Field(min_length=1,
        description="CloudStack regions, each holding zones → pods → clusters → hosts. This hierarchy is what "
        "the zone script creates and what the plans allocate addresses, VLANs and ports for.")
