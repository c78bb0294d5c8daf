"""Shuffle every list and mapping of a design whose order carries no meaning (for order tests)."""

from __future__ import annotations

import random
from typing import Any

# Lists whose order carries meaning, as paths of keys ("*" matches any key or list index). Each is
# documented as ordered in the schema (the field's description says so).
ORDERED: tuple[tuple[str, ...], ...] = (
    ("regions", "*", "zones", "*", "dns", "public"),        # dns1, dns2
    ("regions", "*", "zones", "*", "dns", "internal"),      # internaldns1, internaldns2
    ("host_profiles", "*", "nics"),                          # NICs take the switches in turn
    ("host_profiles", "*", "bonds", "*", "members"),         # member n goes to switch n
    ("host_profiles", "*", "primary_storage_interfaces"),    # paired with primary_storage_networks
    ("regions", "*", "zones", "*", "pods", "*", "primary_storage_networks"),
    ("storage_servers", "*", "nics"),                        # NICs take the switch's server ports in turn
    ("management", "servers", "*", "nics"),
    ("switches", "*", "server_ports"),                       # taken in order by the servers' NICs
    ("switches", "*", "interfaces"),                         # the first routed one is the default route
    ("management", "servers"),                              # the first sets up the database; agents' order
    ("management", "load_balancer", "names"),                # paired with addresses
    ("management", "load_balancer", "addresses"),
)


def _ordered(path: tuple[str, ...]) -> bool:
    return any(len(p) == len(path) and all(a in ("*", b) for a, b in zip(p, path, strict=True)) for p in ORDERED)


def shuffled(data: Any, rng: random.Random, path: tuple[str, ...] = ()) -> Any:
    """``data`` with every unordered list and every mapping in a random order (a new object)."""
    if isinstance(data, dict):
        items = [(k, shuffled(v, rng, (*path, str(k)))) for k, v in data.items()]
        rng.shuffle(items)
        return dict(items)
    if isinstance(data, list):
        items = [shuffled(v, rng, (*path, "*")) for v in data]
        if not _ordered(path):
            rng.shuffle(items)
        return items
    return data
