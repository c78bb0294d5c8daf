"""The canonical order of a zone deployment, as stages, and a check that calls follow it.

The stages restate ``canonical_summary`` of ``generator/data/zone-deploy-sequence.json``
(Marvin's deployDataCenter order, the UI wizard's where they agree); a test keeps the two in
step. Two groups repeat: the physical-network block (create, traffic types, providers,
enable) once per physical network, and the cluster block (cluster, hosts, primary storage)
once per cluster. Deployment-wide global settings come before the first zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calls import ApiCall

PROVIDER_APIS = frozenset({
    "listNetworkServiceProviders", "listVirtualRouterElements", "configureVirtualRouterElement",
    "listInternalLoadBalancerElements", "configureInternalLoadBalancerElement", "updateNetworkServiceProvider",
})


@dataclass(frozen=True)
class Stage:
    name: str
    apis: frozenset[str]
    group: str = ""  # stages sharing a group repeat as a block


def _s(name: str, *apis: str, group: str = "") -> Stage:
    return Stage(name, frozenset(apis), group)


_PNET = (
    _s("physical network", "createPhysicalNetwork", group="physical network"),
    _s("traffic types", "addTrafficType", group="physical network"),
    Stage("providers", PROVIDER_APIS, "physical network"),
    _s("enable physical network", "updatePhysicalNetwork", group="physical network"),
)
_CLUSTERS = (
    _s("VMware datacenter", "addVmwareDc"),
    _s("cluster", "addCluster", group="cluster"),
    _s("hosts", "addHost", "listHosts", group="cluster"),
    _s("primary storage", "createStoragePool", group="cluster"),
    _s("secondary storage", "addImageStore", "createSecondaryStagingStore"),
    _s("enable zone", "updateZone"),
)

ADVANCED: tuple[Stage, ...] = (
    _s("zone", "createZone"),
    *_PNET,
    _s("pods", "createPod"),
    _s("public ranges", "createVlanIpRange"),
    _s("storage ranges", "createStorageNetworkIpRange"),
    *_CLUSTERS,
    # Not part of bringing the zone up: shared guest networks the design offers, once it is enabled.
    _s("shared networks", "listNetworkOfferings", "createNetwork"),
)

# Basic zones, and advanced zones with security groups (Marvin deploys both the same way).
SHARED_GUEST: tuple[Stage, ...] = (
    _s("zone", "createZone"),
    *_PNET,
    _s("guest network offering", "listNetworkOfferings"),
    _s("guest network", "createNetwork"),
    _s("pods", "createPod"),
    _s("pod guest ranges", "createVlanIpRange"),
    _s("storage ranges", "createStorageNetworkIpRange"),
    *_CLUSTERS,
)

GLOBAL = _s("global settings", "updateConfiguration")


def stages_for(networktype: str, security_groups: bool) -> tuple[Stage, ...]:
    return ADVANCED if networktype == "Advanced" and not security_groups else SHARED_GUEST


def order_problems(calls: list[ApiCall], kinds: dict[str, tuple[Stage, ...]]) -> list[tuple[ApiCall, str]]:
    """Calls out of the canonical order. ``kinds`` maps each zone name to its stage table."""
    problems: list[tuple[ApiCall, str]] = []
    seen_zone = False
    finished: set[str] = set()
    current_zone: str | None = None
    position = -1
    for c in calls:
        if not c.zone:
            if c.api not in GLOBAL.apis:
                problems.append((c, f"{c.api} is not a deployment-wide call"))
            elif seen_zone:
                problems.append((c, "global settings come before the first zone"))
            continue
        seen_zone = True
        if c.zone != current_zone:
            if c.zone in finished:
                problems.append((c, f"calls of zone {c.zone} are split by another zone's"))
            if current_zone is not None:
                finished.add(current_zone)
            current_zone, position = c.zone, -1
        stages = kinds[c.zone]
        index = next((i for i, s in enumerate(stages) if c.api in s.apis), None)
        if index is None:
            problems.append((c, f"{c.api} has no place in the deployment sequence of zone {c.zone}"))
            continue
        if index >= position:
            position = index
            continue
        here, before = stages[index], stages[position]
        first_of_group = next(i for i, s in enumerate(stages) if s.group == here.group)
        if here.group and before.group == here.group and index == first_of_group:
            position = index  # the next physical network or cluster starts
            continue
        problems.append((c, f"{c.api} ({here.name}) comes after {before.name}; the canonical order puts it before"))
    return problems
