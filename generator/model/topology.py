"""CloudStack's hierarchy: regions, zones, pods, clusters and hosts."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from .base import (
    NAME_MAX,
    ORDERED,
    Address,
    AddressRange,
    Cidr,
    DomainName,
    HostNamePattern,
    Name,
    StrictModel,
    design_problem,
    explained,
)
from .networks import Hypervisor, PhysicalNetwork
from .racks import RACK_HEIGHT_MAX, rack_field
from .storage import PrimaryStorage, SecondaryStorage


class HostEntry(StrictModel):
    """One host, or ``count`` hosts numbered from ``id`` with a naming pattern.

    ``name`` may hold ``{id}`` (Python format, e.g. ``kvm{id:02d}``). Ids are unique in the
    pod and are what addresses and switch ports are keyed on, so adding hosts never renumbers
    existing ones. A single entry with the id of a generated host overrides it.
    """

    name: HostNamePattern = Field(
        description="Host name, or a pattern with {id} (or {id:02d}) for the host's number, e.g. "
        "'ams1-p01-kvm{id:02d}'; required to hold {id} when count > 1. The name is the host's name in CloudStack "
        "and in every plan.")
    id: int = Field(ge=1, le=4000, description="Pod-unique host number (first number when count > 1).")
    count: int = Field(default=1, ge=1, le=4000, validate_default=True,
        description="How many hosts this entry stands for, numbered id, id+1, …; each gets its own name from the "
        "pattern, addresses and switch ports.")  # so the names are checked with it
    profile: Name | None = Field(default=None, description="Host profile; defaults to the cluster's.")
    addresses: dict[Name, Address] = Field(
        default_factory=dict, description="Explicit address per network name (single hosts only)."
    )
    rack: Name | None = rack_field()
    position: int | None = Field(
        default=None, ge=1, le=RACK_HEIGHT_MAX,
        description="Lowest rack unit (U, 1 at the bottom) of the entry's first host; with 'count' the next hosts "
        "stack upwards, each above the one before. Left out: the hosts fill their rack from the bottom, in the "
        "first free units that hold them.",
    )

    @field_validator("count")
    @classmethod
    def _one_name_per_host(cls, count: int, info: ValidationInfo) -> int:
        """Several hosts need {id} in the name pattern; every generated name stays within the length of a name."""
        pattern, first = info.data.get("name"), info.data.get("id")
        if pattern is None or first is None:
            return count  # the name or id is wrong already, and reported
        if count > 1 and "{id" not in pattern:
            raise design_problem(f"the {count} hosts of this entry would all be named '{pattern}'",
                                 f"put {{id}} in the name so each host gets its own, e.g. '{pattern}{{id:02d}}'")
        longest = max((pattern.format(id=first), pattern.format(id=first + count - 1)), key=len)
        if len(longest) > NAME_MAX:
            raise design_problem(f"the host name '{longest}' is longer than {NAME_MAX} characters",
                                 f"shorten the name: a host name holds at most {NAME_MAX} characters")
        return count

    def names(self) -> list[tuple[int, str]]:
        return [(i, self.name.format(id=i)) for i in range(self.id, self.id + self.count)]


class VCenter(StrictModel):
    address: DomainName = Field(min_length=1, description="vCenter host name or IPv4 address.")
    datacenter: Name = Field(
        description="The vCenter datacenter holding the cluster (addCluster vmwaredcid).")


class Cluster(StrictModel):
    name: Name = Field(
        description="The cluster's name in CloudStack (addCluster clustername).")
    hypervisor: Hypervisor = Field(
        description="Hypervisor of every host in the cluster: picks the host configuration, the traffic label in "
        "use and the install steps.")
    profile: Name = Field(description="Default host profile for the cluster's hosts.")
    hosts: list[HostEntry] = Field(min_length=1,
        description="The cluster's hosts: single hosts, or entries with a count and a naming pattern. Example: "
        '[{"name": "ams1-p01-kvm{id:02d}", "id": 1, "count": 16}]')
    primary_storage: list[PrimaryStorage] = Field(default_factory=list,
        description="Primary storage pools of cluster scope: the hosts of this cluster mount them.")
    ha: bool | None = Field(default=None, description="HA-enabled offerings will run here. Unset: yes when the "
                            "cluster has shared primary storage, no on local storage alone.")
    live_migration: bool | None = Field(default=None, description="Live migration between hosts is expected. "
                                        "Unset: yes when the cluster has shared primary storage, no on local "
                                        "storage alone.")
    planned_vms: int | None = Field(default=None, ge=0, description="VMs planned in this cluster.")
    vcenter: VCenter | None = Field(default=None, description="VMware clusters: vCenter and datacenter.")


class PodManagement(StrictModel):
    network: Name = Field(description="Network (from 'networks') that is this pod's management network.")
    system_range: AddressRange = Field(
        description="Addresses CloudStack gets for system VMs (createPod startip-endip)."
    )


class PodStorage(StrictModel):
    network: Name = Field(description="Network carrying the Storage traffic type in this pod.")
    range: AddressRange = Field(
        description="Addresses CloudStack gives the system VMs on the storage network of this pod "
        "(createStorageNetworkIpRange startip-endip), inside that network.")


class GuestRange(StrictModel):
    network: Name = Field(
        description="Network (from 'networks') the guest addresses come from.")
    range: AddressRange = Field(
        description="Guest VM addresses of the pod (createVlanIpRange startip-endip), inside that network.")


class Pod(StrictModel):
    name: Name = Field(
        description="The pod's name in CloudStack (createPod name); access switches name it in 'pod'.")
    id: int = Field(ge=1, le=999, description="Stable pod number used for ordering and allocation.")
    management: PodManagement = Field(
        description="The pod's management network and the address range CloudStack gives its system VMs.")
    storage: PodStorage | None = Field(
        default=None, description="Storage-network range; without it secondary-storage traffic "
        "rides the management network."
    )
    primary_storage_networks: list[Name] = Field(
        default_factory=list,
        json_schema_extra=ORDERED,
        description="Networks hosts use to reach primary storage over a dedicated interface "
        "(seed: separating primary storage traffic). Two for iSCSI multipath. Order matters: the n-th "
        "network rides the n-th of the host profile's 'primary_storage_interfaces'.",
    )
    vtep_network: Name | None = Field(
        default=None, description="VXLAN guest isolation: the underlay network each host's VTEP takes an address "
        "on (planned like the management addresses), on the bridge of the VXLAN physical network's KVM label.")
    guest_ranges: list[GuestRange] = Field(
        default_factory=list, description="Basic zones: guest VM addresses of this pod."
    )
    clusters: list[Cluster] = Field(min_length=1,
        description="The pod's clusters, each of one hypervisor.")


@explained({
    "basic": "basic zone: one flat guest network per pod, isolated by security groups",
    "advanced": "advanced zone: isolated guest networks, VPCs and public IP addresses",
})
class Networking(StrEnum):
    basic = "basic"
    advanced = "advanced"


@explained({
    "isolated": "isolated guest networks, each behind its own virtual router",
    "vpc": "virtual private clouds: tiers behind one VPC router",
    "shared": "shared guest networks, VMs addressed from a shared range",
})
class GuestNetworkKind(StrEnum):
    isolated = "isolated"
    vpc = "vpc"
    shared = "shared"


class Dns(StrictModel):
    public: list[Address] = Field(
        min_length=0, max_length=2, default_factory=list, json_schema_extra=ORDERED,
        description="Public DNS servers, in order of preference (dns1, dns2).")
    internal: list[Address] = Field(
        min_length=0, max_length=2, default_factory=list, json_schema_extra=ORDERED,
        description="Internal DNS servers (system VMs and hosts), in order of preference (internaldns1, internaldns2).")


class PublicRange(StrictModel):
    network: Name = Field(
        description="Network (from 'networks') the public addresses come from.")
    range: AddressRange = Field(
        description="Public addresses CloudStack hands to virtual routers and system VMs (createVlanIpRange), "
        "inside that network.")


class SharedNetwork(StrictModel):
    name: Name = Field(
        description="The shared guest network's name in CloudStack (createNetwork name).")
    network: Name = Field(
        description="Network (from 'networks') the shared network's addresses come from.")
    range: AddressRange = Field(
        description="Addresses CloudStack hands to guest VMs on the shared network, inside that network.")


class Zone(StrictModel):
    name: Name = Field(
        description="The zone's name in CloudStack (createZone name).")
    site: Name = Field(description="Data centre the zone is in.")
    networking: Networking = Field(
        description="CloudStack zone type: basic (flat guest network with security groups) or advanced "
        "(VLAN-isolated guest networks, VPCs, public IPs).")
    security_groups: bool = Field(default=False, description="Security groups (always on in basic).")
    guest_network_kinds: list[GuestNetworkKind] = Field(
        default_factory=lambda: [GuestNetworkKind.isolated],
        description="Advanced zones: guest network kinds offered.",
    )
    guest_cidr: Cidr | None = Field(
        default=None, description="Advanced zones: default CIDR of isolated guest networks."
    )
    dns: Dns = Field(
        description="DNS servers of the zone: public ones for guest VMs, internal ones for system VMs and hosts.")
    domain: DomainName = Field(default="", description="DNS domain of the zone's guest networks.")
    local_storage: bool = Field(
        default=False,
        description="Hosts' local disks may hold VM volumes (createZone localstorageenabled).")
    planned_routers: int = Field(
        default=0, ge=0, description="Isolated networks and VPCs planned (each router needs a public IP)."
    )
    physical_networks: list[PhysicalNetwork] = Field(min_length=1,
        description="The zone's CloudStack physical networks: which host interface carries which traffic types, "
        "with their labels and guest VLANs.")
    public_ranges: list[PublicRange] = Field(default_factory=list,
        description="Public address ranges of an advanced zone: virtual routers and system VMs take their public "
        "addresses from them.")
    shared_networks: list[SharedNetwork] = Field(default_factory=list,
        description="Shared guest networks created with the zone, each with its address range.")
    pods: list[Pod] = Field(min_length=1,
        description="The zone's pods, each with its management network, clusters and hosts.")
    primary_storage: list[PrimaryStorage] = Field(
        default_factory=list, description="Zone-wide primary storage pools."
    )
    secondary_storage: list[SecondaryStorage] = Field(min_length=1,
        description="Image stores for templates, ISOs and snapshots (addImageStore); the first is created with "
        "the zone.")


class Region(StrictModel):
    name: Name = Field(
        description="The region's name in CloudStack.")
    zones: list[Zone] = Field(min_length=1,
        description="The region's zones.")
