"""The validator: a catalogue of CloudStack design rules.

Importing this package registers every rule module.
"""

from . import (  # noqa: F401  (registers rules)
    addressing,
    basic,
    capacity,
    hypervisors,
    labels,
    management,
    pods,
    primary_storage,
    proof,
    public,
    racks,
    redundancy,
    references,
    release,
    secondary_storage,
    secrets,
    settings,
    storage_networks,
    traffic,
    vlans,
    vxlan,
    zone,
)
from .catalogue import RULES, Phase, Rule
from .engine import validate

__all__ = ["RULES", "Phase", "Rule", "validate"]
