"""The zone deployment as concrete values: the one model both the cmk script and the Marvin
config are rendered from, so they cannot disagree.

``build_spec`` (``zones.py``, with ``storage.py`` for the pools and image stores) reads the
design, the inventory and the address plan and returns a ``DeploySpec`` plus the problems that
stop the zones from being deployable as designed (a missing gateway, a host without a
management address, a storage protocol the script cannot express). This module holds the
model and the API's names for what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import (
    Cluster,
    Hypervisor,
    PhysicalNetwork,
    Pod,
    PrimaryStorage,
    SecondaryStorage,
    TrafficType,
    Zone,
)
from . import vault
from .calls import Value

HYPERVISOR_API = {
    Hypervisor.kvm: "KVM", Hypervisor.xenserver: "XenServer", Hypervisor.vmware: "VMware",
    Hypervisor.hyperv: "Hyperv", Hypervisor.lxc: "LXC", Hypervisor.baremetal: "BareMetal",
}
TRAFFIC_API = {
    TrafficType.management: "Management", TrafficType.guest: "Guest", TrafficType.public: "Public",
    TrafficType.storage: "Storage",
}
LABEL_PARAM = {
    Hypervisor.kvm: "kvmnetworklabel", Hypervisor.xenserver: "xennetworklabel",
    Hypervisor.vmware: "vmwarenetworklabel", Hypervisor.hyperv: "hypervnetworklabel",
}
BASIC_OFFERING = "DefaultSharedNetworkOfferingWithSGService"
SHARED_OFFERING = "DefaultSharedNetworkOffering"
CEPH_MONITOR_PORT = 6789


@dataclass(frozen=True)
class Problem:
    obj: object
    attr: str | int | None
    message: str
    fix: str


@dataclass(frozen=True)
class TrafficSpec:
    type: str
    labels: tuple[tuple[Hypervisor, str], ...]


@dataclass(frozen=True)
class PnetSpec:
    name: str
    isolation: str
    tags: str
    traffic: tuple[TrafficSpec, ...]
    providers: tuple[str, ...]
    vlan: str
    source: PhysicalNetwork


@dataclass(frozen=True)
class IpRange:
    start: str
    end: str
    gateway: str
    netmask: str
    vlan: str | None
    network: str
    source: object


@dataclass(frozen=True)
class HostSpec:
    name: str
    address: str
    source: object


@dataclass(frozen=True)
class PoolSpec:
    name: str
    url: Value
    scope: str  # cluster | zone
    hypervisor: str | None
    tags: str
    source: PrimaryStorage


@dataclass(frozen=True)
class ImageStoreSpec:
    name: str
    provider: str  # NFS | SMB | S3
    url: Value | None
    details: tuple[tuple[str, Value], ...]
    source: SecondaryStorage
    staging_url: Value | None = None  # S3: its NFS staging store (createSecondaryStagingStore), made first


@dataclass(frozen=True)
class ClusterSpec:
    name: str
    hypervisor: str
    clustertype: str
    url: str | None
    hosts: tuple[HostSpec, ...]
    pools: tuple[PoolSpec, ...]
    source: Cluster
    host_count: int = 0  # the designed hosts, also where vCenter brings them in (``hosts`` is empty then)

    @property
    def external(self) -> bool:
        return self.clustertype == "ExternalManaged"

    @property
    def pooled(self) -> bool:
        """XenServer: the hosts form one pool, and adding its master adds every member with it."""
        return self.hypervisor == HYPERVISOR_API[Hypervisor.xenserver]

    @property
    def added_hosts(self) -> tuple[HostSpec, ...]:
        """The hosts addHost is called for. A pool comes in through its master (the cluster's first host,
        the one the others joined); an addHost for a member CloudStack already has fails ("Failed to add
        host"), so the members are only waited for."""
        return self.hosts[:1] if self.pooled else self.hosts


@dataclass(frozen=True)
class PodSpec:
    name: str
    gateway: str
    netmask: str
    start: str
    end: str
    storage: IpRange | None
    guest_ranges: tuple[IpRange, ...]
    clusters: tuple[ClusterSpec, ...]
    source: Pod


@dataclass(frozen=True)
class SharedNetSpec:
    name: str
    range: IpRange | None  # None: the basic zone's guest network (its addresses come per pod)
    pnet: str
    offering: str
    source: object


@dataclass(frozen=True)
class VmwareDc:
    name: str
    vcenter: str


@dataclass(frozen=True)
class ZoneSpec:
    name: str
    networktype: str  # Basic | Advanced
    security_groups: bool
    dns: tuple[str, ...]
    internal_dns: tuple[str, ...]
    domain: str
    guest_cidr: str | None
    local_storage: bool
    pnets: tuple[PnetSpec, ...]
    pods: tuple[PodSpec, ...]
    public_ranges: tuple[IpRange, ...]
    guest_network: SharedNetSpec | None  # basic and advanced+SG zones: the shared guest network
    shared_networks: tuple[SharedNetSpec, ...]  # advanced zones without SG: created once enabled
    zone_pools: tuple[PoolSpec, ...]
    image_stores: tuple[ImageStoreSpec, ...]
    vmware_dc: VmwareDc | None
    source: Zone

    @property
    def basic(self) -> bool:
        return self.networktype == "Basic"

    @property
    def hypervisors(self) -> list[str]:
        return sorted({c.hypervisor for p in self.pods for c in p.clusters})

    def secrets(self) -> list[str]:
        values: list[Value] = []
        for pod in self.pods:
            for cluster in pod.clusters:
                values.extend(p.url for p in cluster.pools)
        values.extend(p.url for p in self.zone_pools)
        for store in self.image_stores:
            values.extend(v for _, v in store.details)
            if store.url is not None:
                values.append(store.url)
        found = {s for v in values for s in v.secrets}
        if any(c.hosts and not c.external for p in self.pods for c in p.clusters):
            found.add(vault.HOST_PASSWORD.name)
        if self.vmware_dc is not None:
            found.update((vault.VCENTER_USER.name, vault.VCENTER_PASSWORD.name))
        return sorted(found)


@dataclass(frozen=True)
class DeploySpec:
    settings: tuple[tuple[str, str], ...]
    zones: tuple[ZoneSpec, ...]
    problems: tuple[Problem, ...] = field(default=())

    def secrets(self) -> list[str]:
        return sorted({s for z in self.zones for s in z.secrets()})
