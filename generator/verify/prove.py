"""The verification stage in one function: derive the graph, ask every question, run every check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..host_configs.view import host_networks
from ..switch_configs.view import switch_configs
from . import checks
from .failures import failure_domains
from .graph import build_graph
from .reachability import Reach
from .types import Proof

if TYPE_CHECKING:
    from ..pipeline import Deployment


def prove(deployment: Deployment) -> Proof:
    """Everything the plans and the views built from them prove about a valid deployment. Pure."""
    design, inventory = deployment.design, deployment.inventory
    ports, addresses = deployment.port_plan, deployment.address_plan
    graph = build_graph(design, ports, addresses)
    reach = Reach(design, inventory, graph)
    places = checks.Places.of(design, inventory)
    pairs = reach.pairs()
    hosts = host_networks(design, inventory, ports, addresses)
    configs = switch_configs(design, inventory, ports, addresses)
    cases, spofs, spof_check = failure_domains(reach)
    results = [
        checks.uncabled(graph, reach, places),
        checks.vlan_joined(graph, reach, pairs, places),
        checks.tagging(graph, design, inventory, ports),
        checks.routed(pairs, places),
        spof_check,
        checks.labels(design, inventory, hosts),
        checks.mtu(design, inventory, hosts, ports),
        checks.duplicate_addresses(graph, places),
        checks.lacp_identities(design, configs),
    ]
    return Proof(pairs, cases, spofs, results, design.deployment.redundant)
