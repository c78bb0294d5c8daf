"""Hypervisors: one per cluster, hosts alike within a cluster, features the hypervisor has."""

from __future__ import annotations

from collections.abc import Iterator

from ..inventory import Host
from ..model import Hypervisor, Networking, Zone
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .hypervisor_facts import HOST_OS, SECURITY_GROUPS
from .walk import clusters, migrates

# CloudStack addCluster (ResourceManagerImpl.discoverCluster): advanced zones with security groups
# accept only KVM, XenServer and LXC clusters.
ADVANCED_SG = (Hypervisor.kvm, Hypervisor.xenserver, Hypervisor.lxc)


def _odd_one(first_of_each: list[Host]) -> tuple[object, str]:
    """Where a mixed cluster is pointed at: the entry of the first host unlike the cluster's first host."""
    entry = first_of_each[1].entry
    return entry, "profile" if entry.profile else "name"


def _sg(zone: Zone) -> bool:
    return zone.networking is Networking.basic or zone.security_groups


@rule("CLUSTER-HYPERVISOR-MISMATCH", ERROR, "Every host of a cluster runs the cluster's hypervisor",
      "Seed 003 (choosing a hypervisor): each cluster of hosts must run the same hypervisor.")
def hypervisor_mismatch(ctx: Context) -> Iterator[Issue]:
    for host in ctx.inventory.hosts:
        if host.profile and host.profile.hypervisor is not host.cluster.hypervisor:
            yield Issue(host.entry, "profile" if host.entry.profile else "name", f"host {host.name} uses profile "
                        f"{host.profile_name} ({host.profile.hypervisor.value}) in {host.cluster.hypervisor.value} "
                        f"cluster {host.cluster.name}", f"use a {host.cluster.hypervisor.value} profile, or put the "
                        "host in a cluster of its own hypervisor")


@rule("PROFILE-OS-HYPERVISOR", ERROR, "A host profile's OS runs its hypervisor",
      "Install facts §5-7: KVM hosts run EL or Ubuntu, XenServer hosts XenServer or XCP-ng, vSphere hosts "
      "ESXi, Hyper-V hosts Windows Server.")
def profile_os(ctx: Context) -> Iterator[Issue]:
    for name, profile in sorted(ctx.design.host_profiles.items()):
        if profile.os not in HOST_OS[profile.hypervisor]:
            options = ", ".join(sorted(o.value for o in HOST_OS[profile.hypervisor]))
            yield Issue(profile, "os", f"host profile {name} runs {profile.hypervisor.value} on {profile.os.value}",
                        f"use one of: {options}")


@rule("CLUSTER-MIXED-CPU", ERROR, "Hosts of a live-migrating KVM cluster share one CPU model",
      "Field mistake #16 and install facts §5 (KVM install guide): hosts in a KVM cluster must have identical "
      "CPUs; with mixed CPU models live migration fails.")
def mixed_cpu(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if cluster.hypervisor is not Hypervisor.kvm or not migrates(zone, cluster):
                continue
            models: dict[str, Host] = {}
            for host in ctx.inventory.hosts_of(cluster):
                if host.profile and host.profile.cpu_model:
                    models.setdefault(host.profile.cpu_model, host)
            if len(models) > 1:
                listed = ", ".join(f"{m} ({h.profile_name})" for m, h in models.items())
                yield Issue(*_odd_one(list(models.values())), f"KVM cluster {cluster.name} (pod {pod.name}) mixes "
                            f"CPU models: {listed}", "put hosts with different CPUs in separate clusters, or set a "
                            "common guest.cpu.model and 'live_migration: false' until then")


@rule("CLUSTER-MIXED-OS", ERROR, "Hosts of a KVM cluster run the same OS release",
      "Install facts §5 (KVM install guide): hosts in a cluster must run the same distribution version.")
def mixed_os(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if cluster.hypervisor is not Hypervisor.kvm:
                continue
            found: dict[str, Host] = {}
            for host in ctx.inventory.hosts_of(cluster):
                if host.profile:
                    found.setdefault(host.profile.os.value, host)
            if len(found) > 1:
                listed = ", ".join(f"{o} ({h.profile_name})" for o, h in found.items())
                yield Issue(*_odd_one(list(found.values())), f"KVM cluster {cluster.name} (pod {pod.name}) mixes "
                            f"OS releases: {listed}", "use one OS release per cluster")


@rule("CLUSTER-VCENTER", ERROR, "VMware clusters name their vCenter; others do not",
      "Install facts §7: VMware clusters are added with addVmwareDc then addCluster url=http://<vcenter>/"
      "<datacenter>/<cluster>; no other hypervisor has a vCenter.")
def vcenter(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if cluster.hypervisor is Hypervisor.vmware and cluster.vcenter is None:
                yield Issue(cluster, None, f"VMware cluster {cluster.name} (pod {pod.name}) has no vcenter",
                            "add 'vcenter: {address: ..., datacenter: ...}'")
            elif cluster.hypervisor is not Hypervisor.vmware and cluster.vcenter is not None:
                yield Issue(cluster, "vcenter", f"{cluster.hypervisor.value} cluster {cluster.name} (pod {pod.name}) "
                            "has a vcenter", "remove 'vcenter:'; only VMware clusters have one")


@rule("SG-HYPERVISOR", ERROR, "Security-group zones use hypervisors that support security groups",
      "Seed 003 feature table: security groups in basic zones on XenServer, KVM and LXC, not vSphere or bare "
      "metal; CloudStack addCluster: advanced zones with security groups accept only KVM, XenServer and LXC.")
def sg_hypervisor(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if not _sg(zone):
            continue
        for pod, cluster in clusters(zone):
            hv = cluster.hypervisor
            basic = zone.networking is Networking.basic
            refused = SECURITY_GROUPS[hv] is False if basic else hv not in ADVANCED_SG
            if refused:
                kind = "basic zone" if basic else "advanced zone with security groups"
                yield Issue(cluster, "hypervisor", f"{hv.value} cluster {cluster.name} (pod {pod.name}) is in "
                            f"{kind} {zone.name}, but {hv.value} does not do security groups there",
                            "use KVM, XenServer or LXC here, or put the cluster in an advanced zone without "
                            "security groups")


@rule("SG-HYPERVISOR-UNVERIFIED", WARNING, "Hyper-V in a basic zone is untested for security groups",
      "Seed 003 feature table: security groups in basic zones on Hyper-V are marked '?'.")
def sg_unverified(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        if zone.networking is not Networking.basic:
            continue
        for pod, cluster in clusters(zone):
            if SECURITY_GROUPS[cluster.hypervisor] is None:
                yield Issue(cluster, "hypervisor", f"{cluster.hypervisor.value} cluster {cluster.name} (pod "
                            f"{pod.name}) is in basic zone {zone.name}; security-group support is unconfirmed",
                            "test security groups on this hypervisor in staging before relying on them")
