"""Designs that promise redundancy (deployment.redundant): no single NIC, switch or server on the path.

Errors where the seed asks for the redundancy outright (redundant NICs to separate access switches,
switch pairs, a management-server cluster); warnings where it presents it as an option (MySQL
replication for disaster recovery, a pair of load balancers, a firewall pair).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import SwitchRole
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue


def _redundant(ctx: Context) -> bool:
    return ctx.design.deployment.redundant


@rule("REDUNDANT-NIC-NOT-BONDED", ERROR, "Redundant designs bond the host interfaces that carry traffic",
      "Seed 003 (large-scale redundant setup): each storage and computing server should have redundant NICs "
      "connected to separate layer-2 access switches; seed 003: NIC bonding provides increased reliability. "
      "(Two primary-storage networks for multipath are redundant paths already.)")
def nic_not_bonded(ctx: Context) -> Iterator[Issue]:
    if not _redundant(ctx):
        return
    reported: set[tuple[str, str]] = set()
    for pref in ctx.inventory.pods():
        pod, zone = pref.pod, pref.zone
        uses = [(p.interface, f"physical network {p.name}") for p in zone.physical_networks]
        profiles = {h.profile_name: h.profile for h in ctx.inventory.hosts_in_pod(pod) if h.profile}
        for name, profile in sorted(profiles.items()):
            extra = []
            if len(pod.primary_storage_networks) == 1:
                extra = [(i, "primary storage") for i in profile.primary_storage_interfaces]
            for iface, what in [*uses, *extra]:
                if profile.bond(iface) is None and (name, iface) not in reported:
                    reported.add((name, iface))
                    yield Issue(profile, "bonds", f"{what} uses {iface}, a single NIC of host profile {name} "
                                f"(pod {pod.name}), in a design marked redundant",
                                f"bond two NICs (cabled to the two access switches) and use the bond for {what}")


@rule("REDUNDANT-SWITCH-UNPAIRED", ERROR, "Redundant designs pair their switches",
      "Seed 003 (large-scale redundant setup): redundant pairs of layer-2 switches should be deployed per pod, "
      "with a router redundancy protocol such as VRRP at the core.")
def switch_unpaired(ctx: Context) -> Iterator[Issue]:
    if not _redundant(ctx):
        return
    for sw in ctx.design.switches:
        if sw.peer is None:
            where = f"pod {sw.pod}" if sw.role is not SwitchRole.core else f"site {sw.site}"
            yield Issue(sw, "name", f"{sw.role.value} switch {sw.name} ({where}) has no peer in a design marked "
                        "redundant", "add a second switch and set 'peer:' on both (MLAG/vPC)")


@rule("REDUNDANT-SINGLE-MANAGEMENT-SERVER", ERROR, "Redundant designs run several management servers",
      "Seed 003 (large-scale redundant setup, multi-node management server): a management-server cluster "
      "behind load balancers; one server is a single point of failure for the whole cloud's control.")
def single_ms(ctx: Context) -> Iterator[Issue]:
    servers = ctx.design.management.servers
    if _redundant(ctx) and len(servers) < 2:
        yield Issue(ctx.design.management, "servers", f"only one management server ({servers[0].name}) in a design "
                    "marked redundant", "add a second management server (and a load balancer in front)")


@rule("REDUNDANT-DB-NO-REPLICA", WARNING, "Redundant designs replicate the database",
      "Seed 003 (multi-node management server): a backup management-server set may use MySQL replication at a "
      "remote site for disaster recovery; without it the single database is the one copy of the cloud's state.")
def no_replica(ctx: Context) -> Iterator[Issue]:
    db = ctx.design.management.database
    if _redundant(ctx) and db.replica is None:
        yield Issue(db, "primary", f"database {db.primary.name} has no replica in a design marked redundant",
                    "add 'replica:' (MySQL replication, ideally at another site)")


@rule("REDUNDANT-SINGLE-LOAD-BALANCER", WARNING, "Redundant designs use a load-balancer pair",
      "Seed 003 (multi-node management server): optionally a pair of hardware load balancers distributes "
      "requests; one balancer alone is a single point of failure for the UI and API.")
def single_lb(ctx: Context) -> Iterator[Issue]:
    lb = ctx.design.management.load_balancer
    if _redundant(ctx) and lb is not None and len(lb.names) < 2:
        yield Issue(lb, "names", f"load balancer {lb.names[0]} has no partner in a design marked redundant",
                    "list two balancer names (an HA pair)")


@rule("REDUNDANT-FIREWALL-UNPAIRED", WARNING, "Redundant designs pair their firewalls",
      "Seed 003 (large-scale redundant setup): the firewall function sits in the redundant core (VRRP) or in "
      "separate appliances; a single appliance is a single point of failure for public traffic.")
def firewall_unpaired(ctx: Context) -> Iterator[Issue]:
    if not _redundant(ctx):
        return
    for fw in ctx.design.firewalls:
        if fw.peer is None:
            yield Issue(fw, "name", f"firewall {fw.name} (site {fw.site}) has no peer in a design marked redundant",
                        "add a second firewall and set 'peer:' on both")
