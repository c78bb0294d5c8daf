"""Cluster capacity: room for the planned VMs with one host down (seed 003)."""

from __future__ import annotations

from collections.abc import Iterator

from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .walk import clusters, offers_ha


@rule("CAPACITY-HOST-FAILURE", WARNING, "A cluster holds its planned VMs with one host down",
      "Seed 003 (maintenance best practices): with N hosts and one allowed to fail, a cluster may hold at most "
      "(N-1) × the per-host limit, and allocation is to be disabled when it gets there; the seed calls these "
      "suggestions, not absolutes. A warning, and an error when the design promises no single point of failure "
      "('deployment: redundant: true'), since a host down is one.")
def host_failure(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if cluster.planned_vms is None:
                continue
            hosts = ctx.inventory.hosts_of(cluster)
            limits = sorted((h.profile.max_vms for h in hosts if h.profile), reverse=True)
            if not limits:
                continue
            # lose the biggest host; a one-host cluster keeps its own limit (CLUSTER-SINGLE-HOST-HA warns)
            room = sum(limits[1:]) if len(limits) > 1 else limits[0]
            if cluster.planned_vms > room:
                if len(limits) == 1:
                    held = f"its one host holds {room}"
                else:
                    per = f"{limits[0]} VMs each" if len(set(limits)) == 1 else "different VM limits"
                    held = f"{len(limits)} hosts ({per}) hold {room} with one host down"
                yield Issue(cluster, "planned_vms", f"cluster {cluster.name} (pod {pod.name}) plans "
                            f"{cluster.planned_vms} VMs, but {held}", f"add hosts or lower planned_vms to {room}",
                            ERROR if ctx.design.deployment.redundant else None)


@rule("CLUSTER-SINGLE-HOST-HA", WARNING, "HA clusters have more than one host",
      "Seed 003: a cluster should keep room for one host failure; with one host there is nowhere to restart "
      "HA-enabled VMs or migrate them during maintenance.")
def single_host(ctx: Context) -> Iterator[Issue]:
    for _, zone in ctx.inventory.zones():
        for pod, cluster in clusters(zone):
            if offers_ha(zone, cluster) and len(ctx.inventory.hosts_of(cluster)) == 1:
                yield Issue(cluster, "ha", f"cluster {cluster.name} (pod {pod.name}) has one host but offers HA",
                            "add a second host, or set 'ha: false'")
