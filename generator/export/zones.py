"""Zones, physical networks, pods and clusters as the API takes them, and ``build_spec``, which
builds the whole ``DeploySpec`` of a design (the storage of each zone from ``storage.py``).
"""

from __future__ import annotations

from dataclasses import replace

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
    TrafficType,
    Zone,
)
from ..plan.types import AddressPlan
from .spec import (
    BASIC_OFFERING,
    HYPERVISOR_API,
    LABEL_PARAM,
    SHARED_OFFERING,
    TRAFFIC_API,
    ClusterSpec,
    DeploySpec,
    HostSpec,
    IpRange,
    PnetSpec,
    PodSpec,
    SharedNetSpec,
    TrafficSpec,
    VmwareDc,
    ZoneSpec,
)
from .storage import StorageSpecs


def setting_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Builder(StorageSpecs):
    """Builds a ``DeploySpec``: the settings, then zone by zone."""

    # -- deployment-wide -------------------------------------------------------------------
    def settings(self) -> tuple[tuple[str, str], ...]:
        mgmt = self.design.management
        out = {name: setting_text(value) for name, value in self.design.settings.items()}
        active = [ms for ms in mgmt.servers if not ms.standby]
        if len(active) > 1 and "host" not in out:
            addresses = [self.plan.address(ms.name, ms.network) for ms in active]
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
        vlan = ",".join(pnet.guest_ranges) if not basic and pnet.carries(TrafficType.guest) else ""
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
                address = self.plan.address(host.name, pod.management.network)
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


def build_spec(design: Design, inventory: Inventory, plan: AddressPlan) -> DeploySpec:
    builder = _Builder(design, inventory, plan)
    settings = builder.settings()
    zones = tuple(builder.zone(zone) for _, zone in inventory.zones())
    return DeploySpec(settings, zones, tuple(builder.problems))
