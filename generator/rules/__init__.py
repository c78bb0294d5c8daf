"""The validator: a catalogue of CloudStack design rules.

Importing this package registers every rule module.
"""

from . import (  # noqa: F401  (registers rules)
    addressing,
    basic,
    capacity,
    capacity_derived,
    ceph,
    host_networking,
    hypervisor_pools,
    hypervisors,
    labels,
    management,
    management_platform,
    nfs,
    pods,
    primary_storage,
    proof,
    public,
    racks,
    reachability,
    redundancy,
    references,
    release,
    secondary_storage,
    secrets,
    settings,
    settings_derived,
    storage_layout,
    storage_networks,
    traffic,
    vlans,
    vxlan,
    zone,
    zone_networks,
)
from .catalogue import RULES, Phase, Rule
from .engine import validate

__all__ = ["RULES", "Phase", "Rule", "validate"]
