"""Clusters as the hypervisor builds them: XenServer pools, vCenter datacenters per zone, KVM HA.

Each rule restates a mistake operators made, with the CloudStack issue or the vendor document that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from ipaddress import IPv4Address

from ..model import Cluster, Hypervisor, PrimaryProtocol, Zone
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .hypervisor_facts import PRIMARY_PROTOCOLS
from .walk import clusters, offers_ha, pools_of

XEN_POOLS = "https://docs.citrix.com/en-us/xencenter/current-release/pools-requirements.html"
XEN_POOL_MAX = 64
VMWARE_DISCOVERER = ("https://github.com/apache/cloudstack/blob/main/plugins/hypervisors/vmware/src/main/java/com/"
                     "cloud/hypervisor/vmware/VmwareServerDiscoverer.java")
# CloudStack's hypervisor_capabilities: max_hosts_per_cluster is 64 for VMware 7.0.x/8.0.x and XenServer 8.x.
VMWARE_CLUSTER_MAX = 64
ADD_VMWARE_DC = "https://docs.huihoo.com/apache/cloudstack/api/4.3/root_admin/addVmwareDc.html"
FQDN = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
# Shared primary storage (everything but host-local disks).
LOCAL = (PrimaryProtocol.local,)


def _vendor(cpu_model: str) -> str:
    text = cpu_model.lower()
    if "intel" in text or "xeon" in text:
        return "Intel"
    if "amd" in text or "epyc" in text or "opteron" in text:
        return "AMD"
    return ""


def _xen_clusters(ctx: Context) -> Iterator[tuple[Zone, Cluster]]:
    for _, zone in ctx.inventory.zones():
        for _pod, cluster in clusters(zone):
            if cluster.hypervisor is Hypervisor.xenserver:
                yield zone, cluster


@rule("XENSERVER-POOL-MIXED-OS", ERROR, "A XenServer pool runs one XenServer release",
      f"XenServer pool requirements ({XEN_POOLS}): a server joins a pool only when it runs the same version of "
      "XenServer (or XCP-ng), at the same patch level, as the pool; a CloudStack XenServer cluster is one pool.")
def xen_mixed_os(ctx: Context) -> Iterator[Issue]:
    for _zone, cluster in _xen_clusters(ctx):
        hosts = [h for h in ctx.inventory.hosts_of(cluster) if h.profile]
        first = hosts[0] if hosts else None
        odd = next((h for h in hosts if first and h.profile and first.profile and h.profile.os != first.profile.os),
                   None)
        if first and odd and first.profile and odd.profile:
            yield Issue(odd.entry, "profile" if odd.entry.profile else "name", f"XenServer cluster {cluster.name} "
                        f"mixes {first.profile.os.value} ({first.name}) and {odd.profile.os.value} ({odd.name}) in "
                        "one pool", "run one XenServer/XCP-ng release on every host of the pool")


@rule("XENSERVER-POOL-CPU-VENDOR", ERROR, "A XenServer pool has CPUs of one vendor",
      f"XenServer pool requirements ({XEN_POOLS}): the CPU vendor (Intel or AMD) must be the same on all servers "
      "of a pool; CPU masking levels models of one vendor, never Intel with AMD.")
def xen_cpu_vendor(ctx: Context) -> Iterator[Issue]:
    for _zone, cluster in _xen_clusters(ctx):
        found: dict[str, str] = {}
        for host in ctx.inventory.hosts_of(cluster):
            vendor = _vendor(host.profile.cpu_model) if host.profile else ""
            if vendor and vendor not in found:
                found[vendor] = host.name
                if len(found) == 2:
                    listed = ", ".join(f"{v} ({h})" for v, h in found.items())
                    yield Issue(host.entry, "profile" if host.entry.profile else "name", f"XenServer cluster "
                                f"{cluster.name} mixes CPU vendors: {listed}", "put Intel and AMD hosts in "
                                "separate clusters")


@rule("XENSERVER-POOL-SIZE", ERROR, "A XenServer pool holds at most 64 hosts",
      f"XenServer pool requirements ({XEN_POOLS}): a resource pool is an aggregate of up to {XEN_POOL_MAX} "
      "servers (XenServer 8 / XCP-ng 8); a CloudStack XenServer cluster is one pool, and CloudStack's "
      f"hypervisor_capabilities give XenServer 8.x max_hosts_per_cluster {XEN_POOL_MAX} as well.")
def xen_pool_size(ctx: Context) -> Iterator[Issue]:
    for _zone, cluster in _xen_clusters(ctx):
        count = len(ctx.inventory.hosts_of(cluster))
        if count > XEN_POOL_MAX:
            yield Issue(cluster, "hosts", f"XenServer cluster {cluster.name} has {count} hosts; a pool holds at most "
                        f"{XEN_POOL_MAX}", "split the hosts into several clusters (pools)")


@rule("VMWARE-CLUSTER-SIZE", ERROR, "A VMware cluster holds at most 64 hosts",
      f"CloudStack addCluster for vCenter clusters ({VMWARE_DISCOVERER}) refuses a cluster with more hosts than "
      "hypervisor_capabilities allow: 'Failed to add VMware cluster as size is too big'; the limit "
      f"(max_hosts_per_cluster) is {VMWARE_CLUSTER_MAX} for vSphere 7.0 and 8.0.")
def vmware_cluster_size(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for _pod, cluster in clusters(zone):
            count = len(ctx.inventory.hosts_of(cluster)) if cluster.hypervisor is Hypervisor.vmware else 0
            if count > VMWARE_CLUSTER_MAX:
                yield Issue(cluster, "hosts", f"VMware cluster {cluster.name} (zone {zone.name}) has {count} hosts; "
                            f"CloudStack adds vCenter clusters of at most {VMWARE_CLUSTER_MAX}", "split the hosts "
                            "into several vCenter clusters")


def _vmware_dcs(zone: Zone) -> list[tuple[Cluster, tuple[str, str]]]:
    return [(c, (c.vcenter.address.lower(), c.vcenter.datacenter)) for _, c in clusters(zone)
            if c.hypervisor is Hypervisor.vmware and c.vcenter is not None]


@rule("VMWARE-ZONE-ONE-DC", ERROR, "A zone's VMware clusters share one vCenter datacenter",
      f"CloudStack addVmwareDc ({ADD_VMWARE_DC}) maps one VMware datacenter to a zone (the mapping model "
      "apache/cloudstack#7451 points to); every VMware cluster of the zone is then added from that datacenter, "
      "so clusters naming another vCenter or datacenter cannot be added to the zone.")
def vmware_zone_one_dc(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        dcs = _vmware_dcs(zone)
        if not dcs:
            continue
        first_cluster, first = dcs[0]
        for cluster, dc in dcs[1:]:
            if dc != first and cluster.vcenter is not None:
                yield Issue(cluster.vcenter, "datacenter", f"VMware cluster {cluster.name} of zone {zone.name} is in "
                            f"datacenter {dc[1]} on {dc[0]}, but cluster {first_cluster.name} is in {first[1]} on "
                            f"{first[0]}", "put the zone's VMware clusters in one vCenter datacenter, or the other "
                            "datacenter in a zone of its own")


@rule("VMWARE-DC-ONE-ZONE", ERROR, "A vCenter datacenter belongs to one zone",
      f"CloudStack addVmwareDc ({ADD_VMWARE_DC}; mapping model via apache/cloudstack#7451): a VMware datacenter "
      "already associated with a zone cannot be added to another one.")
def vmware_dc_one_zone(ctx: Context) -> Iterator[Issue]:
    owner: dict[tuple[str, str], str] = {}
    for _, zone in ctx.inventory.zones():
        reported: set[tuple[str, str]] = set()
        for cluster, dc in _vmware_dcs(zone):
            first = owner.setdefault(dc, zone.name)
            if first != zone.name and dc not in reported and cluster.vcenter is not None:
                reported.add(dc)
                yield Issue(cluster.vcenter, "datacenter", f"datacenter {dc[1]} on vCenter {dc[0]} is used by zone "
                            f"{zone.name} and by zone {first}", "give each zone a vCenter datacenter of its own")


def _vcenter_problem(address: str) -> str:
    try:
        IPv4Address(address)
        return ""
    except ValueError:
        pass
    if not FQDN.fullmatch(address):
        return "a short host name is neither an IPv4 address nor a fully qualified domain name"
    return ""


@rule("VMWARE-VCENTER-ADDRESS", ERROR, "vCenter is given by IP address or fully qualified name",
      f"CloudStack addVmwareDc ({ADD_VMWARE_DC}): 'vcenter' must be the IP address or fully qualified domain "
      "name of the host running vCenter; a short name resolves only where the search domain happens to match, "
      "so the datacenter and cluster URLs (http://<vcenter>/<datacenter>/<cluster>, apache/cloudstack#7563) "
      "fail from the management servers that do not share it.")
def vcenter_address(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for _pod, cluster in clusters(zone):
            if cluster.vcenter is None:
                continue
            problem = _vcenter_problem(cluster.vcenter.address)
            if problem:
                yield Issue(cluster.vcenter, "address", f"vCenter '{cluster.vcenter.address}' of cluster "
                            f"{cluster.name} (zone {zone.name}): {problem}", "write the vCenter's IP address or "
                            "FQDN, e.g. 'vc01.example.net'")


@rule("KVM-HA-NO-NFS", WARNING, "HA KVM clusters have an NFS pool for the heartbeat",
      "apache/cloudstack#8805, #7543 and #13784: KVM host HA writes its heartbeat to NFS primary storage; a KVM "
      "cluster on Ceph RBD or shared mount points alone has no heartbeat pool, so HA investigations find "
      "'pools []', consider hosts dead and VMs are not restarted (a small NFS pool fixes it).")
def kvm_ha_nfs(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if cluster.hypervisor is not Hypervisor.kvm or not offers_ha(zone, cluster):
                continue
            protocols = {p.protocol for p in pools_of(zone, cluster)}
            shared = (protocols & PRIMARY_PROTOCOLS[Hypervisor.kvm]) - set(LOCAL)
            if shared and PrimaryProtocol.nfs not in protocols:
                listed = ", ".join(sorted(p.value for p in shared))
                yield Issue(cluster, "name", f"KVM cluster {cluster.name} (pod {pod.name}) runs HA VMs on {listed} "
                            "primary storage without an NFS pool for the HA heartbeat", "add a small NFS primary "
                            "pool (tagged so no volume lands on it), or set 'ha: false'")
