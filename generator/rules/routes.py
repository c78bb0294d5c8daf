"""Planned routes: can a device on one network reach an address, through that network's gateway?

A user sits on a network of the design. It reaches a target directly when the target is on that
network, and through the network's gateway when the target is on another routed network (one with
a gateway) or outside every network of the design (the gateway's default route leads there). A
target on a network without a gateway (a layer-2 segment) is reached only from that segment, and
nothing beyond its own addresses is reached from a segment without a gateway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address

from ..model import Design


@dataclass(frozen=True)
class Route:
    """How (or why not) a user on ``source`` reaches ``target``."""

    source: str
    target: IPv4Address
    ok: bool
    how: str  # "on network X", "through gateway G of X …", or why it is unreachable


def holder(design: Design, address: IPv4Address) -> str | None:
    """The most specific network of the design that holds ``address`` (name order breaks ties)."""
    best: tuple[int, str] | None = None
    for name in sorted(design.networks):
        cidr = design.networks[name].cidr
        if address in cidr and (best is None or cidr.prefixlen > best[0]):
            best = (cidr.prefixlen, name)
    return best[1] if best else None


def route(design: Design, source: str, target: IPv4Address) -> Route:
    """The planned route from a device on network ``source`` to ``target``."""
    src = design.networks[source]
    if target in src.cidr:
        if src.cidr.prefixlen <= 30 and target in (src.cidr.network_address, src.cidr.broadcast_address):
            what = "network" if target == src.cidr.network_address else "broadcast"
            return Route(source, target, False, f"{target} is the {what} address of {source} ({src.cidr})")
        return Route(source, target, True, f"on network {source}")
    where = holder(design, target)
    if src.gateway is None:
        on = f"on network {where}" if where else "outside every network of the design"
        return Route(source, target, False, f"{target} is {on}, and {source} ({src.cidr}) has no gateway to "
                     "route through")
    if where is not None and design.networks[where].gateway is None:
        return Route(source, target, False, f"{target} is on {where} ({design.networks[where].cidr}), a layer-2 "
                     f"segment without a gateway, which {source} is not on")
    via = f"network {where}" if where else "outside the design's networks"
    return Route(source, target, True, f"through gateway {src.gateway} of {source} to {via}")


def reachable_from_any(design: Design, sources: Iterable[str], target: IPv4Address) -> Route | None:
    """None when some source reaches ``target``; else the first source's failed route (for the message)."""
    failed: Route | None = None
    for source in sources:
        found = route(design, source, target)
        if found.ok:
            return None
        failed = failed or found
    return failed


def parse_address(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text.strip())
    except ValueError:
        return None
