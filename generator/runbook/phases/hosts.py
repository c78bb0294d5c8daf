"""Phase: hypervisor hosts, cluster by cluster, in the hypervisor's own terms."""

from __future__ import annotations

from ...model import Hypervisor
from ..context import ClusterRef, RunbookContext
from ..model import Phase, Step, Table
from .hosts_kvm import steps as kvm_steps
from .hosts_vmware import steps as vmware_steps
from .hosts_xen import steps as xen_steps

TITLE = "Hypervisor hosts"
INTRO = ("Every host of a cluster is set up the same way: same OS release, same CPU model, the same bridge or "
         "network names (the traffic labels) and its own addresses from the plan. CloudStack adds the hosts in "
         "the zone phase; here they are made ready for it.")


def address_table(ctx: RunbookContext, ref: ClusterRef) -> Table:
    """Host × network addresses of a cluster, management first, with the interface each sits on."""
    hosts = ctx.hosts_of(ref.cluster)
    networks: list[str] = [ref.pod.management.network]
    for net in ref.pod.primary_storage_networks:
        if net not in networks:
            networks.append(net)
    rows = []
    for host in hosts:
        cells = [host.name]
        for net in networks:
            alloc = next((a for a in ctx.allocations.get(host.name, []) if a.network == net), None)
            if alloc is None:
                cells.append("—")
            else:
                cells.append(f"{alloc.first}/{alloc.cidr.prefixlen} on {alloc.interface}" if alloc.interface
                             else f"{alloc.first}/{alloc.cidr.prefixlen}")
        config = ctx.host_networks.get(host.name)
        cells.append(config.file if config is not None else "—")
        rows.append(tuple(cells))
    return Table(("Host", *networks, "Network configuration"), tuple(rows))


def build(ctx: RunbookContext) -> Phase:
    steps: list[Step] = []
    for ref in ctx.clusters:
        if ref.cluster.hypervisor is Hypervisor.kvm:
            steps += kvm_steps(ctx, ref, address_table(ctx, ref))
        elif ref.cluster.hypervisor is Hypervisor.xenserver:
            steps += xen_steps(ctx, ref, address_table(ctx, ref))
        elif ref.cluster.hypervisor is Hypervisor.vmware:
            steps += vmware_steps(ctx, ref)
    return Phase("hosts", TITLE, INTRO, tuple(steps))
