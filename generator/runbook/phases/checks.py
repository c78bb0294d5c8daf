"""Phase: post-install checks per zone: system VMs, hosts, storage, capacity."""

from __future__ import annotations

from ...escape import shell
from ...model import Hypervisor
from ..common import span
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step

TITLE = "Post-install checks"
INTRO = "The zone is only done when its system VMs run, every host is Up and the capacity is what was designed."


def build(ctx: RunbookContext) -> Phase:
    station = "the installer's workstation"
    steps = []
    for zone in ctx.export.spec.zones:
        hosts = [h for h in ctx.inventory.hosts if h.zone is zone.source]
        ram = sum(h.profile.ram_gb for h in hosts if h.profile)
        pools = [p.name for pod in zone.pods for c in pod.clusters for p in c.pools] + [p.name for p in
                                                                                         zone.zone_pools]
        select = f"Z=$(cmk -o json listZones name={shell(zone.name)} | jq -r '.zone[0].id')"
        checks = [
            Check(station, "cmk -o json listSystemVms zoneid=\"$Z\" | jq -r '.systemvm[] | \"\\(.systemvmtype) "
                           "\\(.state)\"'", "consoleproxy Running and secondarystoragevm Running"),
            Check(station, "cmk -o json listHosts zoneid=\"$Z\" type=Routing | jq -r '.host[] | \"\\(.name) "
                           "\\(.state)\"'", f"{span(hosts)}: every one Up"),
            Check(station, "cmk -o json listStoragePools zoneid=\"$Z\" | jq -r '.storagepool[] | \"\\(.name) "
                           "\\(.state)\"'", ", ".join(pools) + ": Up" if pools else "no pools (local storage)"),
            Check(station, "cmk -o json listCapacity zoneid=\"$Z\" type=0 | jq -r '.capacity[0].capacitytotal'",
                  f"memory total close to {ram} GB ({ram * 2**30} bytes), a little less as hosts keep some"),
        ]
        kvm = [h for h in hosts if h.cluster.hypervisor is Hypervisor.kvm]
        if kvm:
            checks.append(Check(f"each KVM host ({span(kvm)})",
                                "systemctl is-active cloudstack-agent; ss -ltn '( sport = :16514 )' | tail -n +2",
                                "active, and libvirt listening on 16514 (TLS, set up by the management server)"))
            active = [ctx.ms_ip(ms) for ms in ctx.active_servers]
            if len(active) > 1:
                checks.append(Check(f"each KVM host ({span(kvm)})",
                                    "grep ^host= /etc/cloudstack/agent/agent.properties",
                                    "host= followed by " + ", ".join(active) + " in any order, possibly ending "
                                    "in @ and the load-balancing algorithm: the server list, not the load "
                                    "balancer"))
        steps.append(Step(f"Zone {zone.name} is healthy", Role.cloud, station,
                          "Run the zone lookup first; the other checks use its id.",
                          commands=(Command(station, select),), checks=tuple(checks)))
    return Phase("checks", TITLE, INTRO, tuple(steps))
