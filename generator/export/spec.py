"""The zone deployment as concrete values: the one model both the cmk script and the Marvin
config are rendered from, so they cannot disagree.

``build_spec`` reads the design, the inventory and the addresses and returns a ``DeploySpec``
plus the problems that stop the zones from being deployable as designed (a missing gateway, a
host without a management address, a storage protocol the script cannot express).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address

from ..inventory import Inventory
from ..model import (
    AddressRange,
    Cluster,
    Design,
    GuestNetworkKind,
    Hypervisor,
    Network,
    Networking,
    PhysicalNetwork,
    Pod,
    PrimaryProtocol,
    PrimaryStorage,
    SecondaryProtocol,
    SecondaryStorage,
    TrafficType,
    Zone,
)
from . import vault
from .addresses import AddressBook
from .calls import Secret, Value

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


def setting_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Builder:
    def __init__(self, design: Design, inventory: Inventory, book: AddressBook) -> None:
        self.design = design
        self.inventory = inventory
        self.book = book
        self.problems: list[Problem] = []

    def problem(self, obj: object, attr: str | int | None, message: str, fix: str) -> None:
        self.problems.append(Problem(obj, attr, message, fix))

    # -- deployment-wide -------------------------------------------------------------------
    def settings(self) -> tuple[tuple[str, str], ...]:
        mgmt = self.design.management
        out = {name: setting_text(value) for name, value in self.design.settings.items()}
        active = [ms for ms in mgmt.servers if not ms.standby]
        if len(active) > 1 and "host" not in out:
            addresses = [self.book.address(ms.name, ms.network) for ms in active]
            if all(addresses):
                # Agents get the list of management servers, not a load balancer on 8250.
                out["host"] = ",".join(str(a) for a in addresses)
        if mgmt.agent_lb_algorithm and "indirect.agent.lb.algorithm" not in out:
            out["indirect.agent.lb.algorithm"] = mgmt.agent_lb_algorithm
        return tuple(sorted(out.items()))

    # -- zones -----------------------------------------------------------------------------
    def zone(self, zone: Zone) -> ZoneSpec:
        basic = zone.networking is Networking.basic
        sg = basic or zone.security_groups
        if not zone.dns.public:
            self.problem(zone.dns, "public", f"zone {zone.name} has no public DNS server; createZone requires dns1",
                         "list at least one address under dns.public")
        if not zone.dns.internal:
            self.problem(zone.dns, "internal", f"zone {zone.name} has no internal DNS server; createZone requires "
                         "internaldns1", "list at least one address under dns.internal")
        pnets = tuple(self.pnet(zone, p, basic, sg) for p in zone.physical_networks)
        pods = tuple(self.pod(zone, p, basic) for p in sorted(zone.pods, key=lambda p: p.id))
        guest_pnet = next((p.name for p in zone.physical_networks if p.carries(TrafficType.guest)), "")
        guest_network: SharedNetSpec | None = None
        shared: list[SharedNetSpec] = []
        if basic:
            guest_network = SharedNetSpec("defaultGuestNetwork", None, guest_pnet, BASIC_OFFERING, zone)
            for sn in zone.shared_networks:
                self.problem(sn, "name", f"shared network {sn.name}: a basic zone has one guest network",
                             "give each pod its guest addresses under guest_ranges instead")
        else:
            for sn in zone.shared_networks:
                rng = self.ip_range(sn.network, sn.range, sn, "shared network")
                if rng is None:
                    continue
                spec = SharedNetSpec(sn.name, rng, guest_pnet, BASIC_OFFERING if sg else SHARED_OFFERING, sn)
                if sg and guest_network is None:
                    guest_network = spec
                else:
                    shared.append(spec)
            if sg and guest_network is None:
                self.problem(zone, "shared_networks", f"zone {zone.name} uses security groups but has no shared "
                             "network for its guests", "add a shared network (name, network, range) to the zone")
        public = []
        for pr in zone.public_ranges:
            rng = self.ip_range(pr.network, pr.range, pr, "public range", untagged="untagged")
            if rng is not None:
                public.append(rng)
        zone_pools = tuple(pool for pool in (self.pool(zone, None, s, None) for s in zone.primary_storage)
                           if pool is not None)
        stores = tuple(store for store in (self.image_store(zone, s) for s in zone.secondary_storage)
                       if store is not None)
        return ZoneSpec(
            name=zone.name, networktype="Basic" if basic else "Advanced", security_groups=sg,
            dns=tuple(str(a) for a in zone.dns.public), internal_dns=tuple(str(a) for a in zone.dns.internal),
            domain=zone.domain, guest_cidr=str(zone.guest_cidr) if zone.guest_cidr and not sg else None,
            local_storage=zone.local_storage, pnets=pnets, pods=pods, public_ranges=tuple(public),
            guest_network=guest_network, shared_networks=tuple(shared), zone_pools=zone_pools,
            image_stores=stores, vmware_dc=self.vmware_dc(zone), source=zone,
        )

    def pnet(self, zone: Zone, pnet: PhysicalNetwork, basic: bool, sg: bool) -> PnetSpec:
        traffic = tuple(TrafficSpec(TRAFFIC_API[t.type], tuple(sorted(t.labels.items(), key=lambda i: i[0].value)))
                        for t in pnet.traffic)
        for t in pnet.traffic:
            for hv in sorted(t.labels, key=lambda h: h.value):
                if hv not in LABEL_PARAM:
                    self.problem(t.labels, hv.value, f"physical network {pnet.name}: CloudStack has no {hv.value} "
                                 "traffic label (addTrafficType takes kvm, xenserver, vmware and hyperv labels)",
                                 f"remove the {hv.value} label")
        providers: tuple[str, ...] = ()
        if pnet.carries(TrafficType.guest):
            providers = ("VirtualRouter", "SecurityGroupProvider") if sg else (
                ("VirtualRouter", "VpcVirtualRouter", "InternalLbVm")
                if GuestNetworkKind.vpc in zone.guest_network_kinds else ("VirtualRouter", "InternalLbVm"))
        vlan = ",".join(str(v) for v in pnet.guest_vlans) if not basic and pnet.carries(TrafficType.guest) else ""
        return PnetSpec(pnet.name, "" if basic else pnet.isolation.value, ",".join(pnet.tags), traffic, providers,
                        vlan, pnet)

    def network(self, name: str) -> Network | None:
        return self.design.networks.get(name)

    def ip_range(self, network_name: str, rng: AddressRange, obj: object, what: str,
                 untagged: str | None = None) -> IpRange | None:
        net = self.network(network_name)
        if net is None:
            return None
        if net.gateway is None:
            self.problem(obj, "network", f"{what} {rng} is on network {network_name}, which has no gateway; "
                         "CloudStack needs one for this range", f"set 'gateway:' on network {network_name}")
            return None
        # CloudStack tags what it sends on this range with ``vlan``: a network the hosts send untagged
        # (no vlan, or untagged: true, where the switch port adds the VLAN) must not be tagged again.
        vlan = str(net.host_vlan) if net.host_vlan is not None else untagged
        return IpRange(str(rng.first), str(rng.last), str(net.gateway), str(net.cidr.netmask), vlan, network_name, obj)

    def pod(self, zone: Zone, pod: Pod, basic: bool) -> PodSpec:
        mgmt = self.network(pod.management.network)
        gateway = netmask = ""
        if mgmt is not None:
            netmask = str(mgmt.cidr.netmask)
            if mgmt.gateway is None:
                self.problem(pod.management, "network", f"pod {pod.name}: management network "
                             f"{pod.management.network} has no gateway; createPod needs one",
                             f"set 'gateway:' on network {pod.management.network}")
            else:
                gateway = str(mgmt.gateway)
        storage = None
        if pod.storage is not None:
            storage = self.ip_range(pod.storage.network, pod.storage.range, pod.storage, "storage range")
        # A basic zone's guest range is untagged for CloudStack (as the UI wizard sends it): where the
        # subnet is tagged on the wire, the host's guest bridge sits on the VLAN interface already.
        guest = tuple(replace(r, vlan=None) for r in (self.ip_range(g.network, g.range, g, "guest range")
                                                      for g in pod.guest_ranges) if r is not None) if basic else ()
        clusters = tuple(self.cluster(zone, pod, c, mgmt) for c in pod.clusters)
        rng = pod.management.system_range
        return PodSpec(pod.name, gateway, netmask, str(rng.first), str(rng.last), storage, guest, clusters, pod)

    def cluster(self, zone: Zone, pod: Pod, cluster: Cluster, mgmt: Network | None) -> ClusterSpec:
        hv = cluster.hypervisor
        url = None
        external = hv is Hypervisor.vmware
        if external:
            if cluster.vcenter is None:
                self.problem(cluster, "vcenter", f"VMware cluster {cluster.name} has no vCenter",
                             "add 'vcenter: {address: ..., datacenter: ...}' to the cluster")
            else:
                url = f"http://{cluster.vcenter.address}/{cluster.vcenter.datacenter}/{cluster.name}"
        hosts: list[HostSpec] = []
        if not external:
            for host in self.inventory.hosts_of(cluster):
                address = self.book.address(host.name, pod.management.network)
                if address is None:
                    self.problem(host.entry, "name", f"host {host.name} has no address on the management network "
                                 f"{pod.management.network}; addHost needs it",
                                 f"give it one under 'addresses: {{{pod.management.network}: ...}}' or leave room "
                                 "for the planner in the network")
                    continue
                hosts.append(HostSpec(host.name, str(address), host.entry))
        pools = tuple(p for p in (self.pool(zone, pod, s, cluster) for s in cluster.primary_storage) if p is not None)
        return ClusterSpec(cluster.name, HYPERVISOR_API[hv], "ExternalManaged" if external else "CloudManaged",
                           url, tuple(hosts), pools, cluster, len(self.inventory.hosts_of(cluster)))

    def vmware_dc(self, zone: Zone) -> VmwareDc | None:
        centres = {(c.vcenter.address, c.vcenter.datacenter): c for p in zone.pods for c in p.clusters
                   if c.hypervisor is Hypervisor.vmware and c.vcenter is not None}
        if not centres:
            return None
        if len(centres) > 1:
            cluster = sorted(centres.items())[1][1]
            self.problem(cluster, "vcenter", f"zone {zone.name} has VMware clusters in more than one vCenter "
                         "datacenter; CloudStack maps one datacenter to a zone (addVmwareDc)",
                         "use one vCenter datacenter per zone")
        address, name = sorted(centres)[0]
        return VmwareDc(name, address)

    # -- storage ---------------------------------------------------------------------------
    def server_address(self, server: str, preferred: list[str]) -> IPv4Address | None:
        srv = next((s for s in self.design.storage_servers if s.name == server), None)
        if srv is None:
            return None
        networks = [a.network for a in srv.interfaces]
        for net in [*preferred, *networks]:
            if net in networks:
                address = self.book.address(server, net)
                if address is not None:
                    return address
        return None

    def pool(self, zone: Zone, pod: Pod | None, pool: PrimaryStorage, cluster: Cluster | None) -> PoolSpec | None:
        pods = [pod] if pod is not None else sorted(zone.pods, key=lambda p: p.id)
        preferred = [n for p in pods for n in p.primary_storage_networks] + [p.management.network for p in pods]
        hypervisors = {c.hypervisor for p in pods for c in p.clusters} if cluster is None else {cluster.hypervisor}
        hypervisor: str | None = None
        if cluster is None:
            if pool.hypervisor:
                hypervisor = next((HYPERVISOR_API[h] for h in Hypervisor if h.value == pool.hypervisor.lower()),
                                  pool.hypervisor)
            elif len(hypervisors) == 1:
                hypervisor = HYPERVISOR_API[next(iter(hypervisors))]
            else:
                self.problem(pool, "name", f"zone-wide pool {pool.name}: the zone has several hypervisors",
                             "say which one the pool serves with 'hypervisor:'")
                return None
        url = self.pool_url(pool, hypervisors, preferred)
        if url is None:
            return None
        return PoolSpec(pool.name, url, "zone" if cluster is None else "cluster", hypervisor, ",".join(pool.tags),
                        pool)

    def pool_url(self, pool: PrimaryStorage, hypervisors: set[Hypervisor], preferred: list[str]) -> Value | None:
        proto = pool.protocol
        path = pool.path
        if proto is PrimaryProtocol.local:
            self.problem(pool, "protocol", f"pool {pool.name}: local storage is not a pool CloudStack creates",
                         "remove it and set 'local_storage: true' on the zone instead")
            return None
        if proto in (PrimaryProtocol.presetup, PrimaryProtocol.sharedmountpoint, PrimaryProtocol.fc):
            if not path:
                self.problem(pool, "path", f"pool {pool.name} needs a path (SR name-label or mount point)",
                             "set 'path:'")
                return None
            if proto is PrimaryProtocol.presetup or (proto is PrimaryProtocol.fc
                                                     and hypervisors == {Hypervisor.xenserver}):
                return Value.of(f"presetup://localhost/{path.lstrip('/')}")
            if proto is PrimaryProtocol.sharedmountpoint or (proto is PrimaryProtocol.fc
                                                             and hypervisors == {Hypervisor.kvm}):
                return Value.of(f"SharedMountPoint://localhost/{path.lstrip('/')}")
            self.problem(pool, "protocol", f"pool {pool.name}: fibre channel is set up as PreSetup (XenServer) or "
                         "SharedMountPoint (KVM); this pool serves other hypervisors",
                         "use protocol presetup or sharedmountpoint with the datastore/mount point as path")
            return None
        if pool.server is None:
            self.problem(pool, "server", f"pool {pool.name} ({proto.value}) has no storage server", "set 'server:'")
            return None
        address = self.server_address(pool.server, preferred)
        if address is None:
            self.problem(pool, "server", f"storage server {pool.server} has no address the hosts can reach for pool "
                         f"{pool.name}", f"give {pool.server} an interface on the pod's storage or management network")
            return None
        if proto is PrimaryProtocol.nfs:
            return Value.of(f"nfs://{address}/{path.lstrip('/')}")
        if proto is PrimaryProtocol.iscsi:
            if path.count("/") < 1:
                self.problem(pool, "path", f"iSCSI pool {pool.name}: path must be '<target IQN>/<LUN>'",
                             "write it like 'iqn.2024-01.net.example:primary1/0'")
                return None
            return Value.of(f"iscsi://{address}/{path.lstrip('/')}")
        if proto is PrimaryProtocol.rbd:
            port = pool.monitor_port or CEPH_MONITOR_PORT
            return Value.of("rbd://", Secret(vault.RBD_USER.name), ":", Secret(vault.RBD_SECRET.name),
                            f"@{address}:{port}/{path.strip('/')}")
        # SMB (Hyper-V): the credentials ride in the URL query, as the UI sends them.
        return Value.of(f"cifs://{address}/{path.lstrip('/')}?user=", Secret(vault.SMB_USER.name), "&password=",
                        Secret(vault.SMB_PASSWORD.name))

    def image_store(self, zone: Zone, store: SecondaryStorage) -> ImageStoreSpec | None:
        pods = sorted(zone.pods, key=lambda p: p.id)
        preferred = [p.storage.network for p in pods if p.storage] + [p.management.network for p in pods]
        if store.protocol is SecondaryProtocol.s3:
            details = (("accesskey", Value.of(Secret(vault.S3_ACCESS_KEY.name))),
                       ("secretkey", Value.of(Secret(vault.S3_SECRET_KEY.name))),
                       ("bucket", Value.of(store.bucket)), ("endpoint", Value.of(store.endpoint)))
            if not store.bucket or not store.endpoint:
                self.problem(store, "bucket" if not store.bucket else "endpoint",
                             f"S3 secondary storage {store.name} needs a bucket and an endpoint", "set both")
                return None
            return ImageStoreSpec(store.name, "S3", None, details, store)
        if store.server is None:
            self.problem(store, "server", f"secondary storage {store.name} has no storage server", "set 'server:'")
            return None
        address = self.server_address(store.server, preferred)
        if address is None:
            self.problem(store, "server", f"storage server {store.server} has no address for secondary storage "
                         f"{store.name}", f"give {store.server} an interface on the zone's storage or management "
                         "network")
            return None
        path = store.path.lstrip("/")
        if store.protocol is SecondaryProtocol.nfs:
            return ImageStoreSpec(store.name, "NFS", Value.of(f"nfs://{address}/{path}"), (), store)
        url = Value.of(f"cifs://{address}/{path}?user=", Secret(vault.SMB_USER.name), "&password=",
                       Secret(vault.SMB_PASSWORD.name))
        return ImageStoreSpec(store.name, "SMB", url, (), store)


def build_spec(design: Design, inventory: Inventory, book: AddressBook) -> DeploySpec:
    builder = _Builder(design, inventory, book)
    settings = builder.settings()
    zones = tuple(builder.zone(zone) for _, zone in inventory.zones())
    return DeploySpec(settings, zones, tuple(builder.problems))
