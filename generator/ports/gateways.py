"""Who owns a network's gateway: the one reading the address plan, the port plan and the configs share.

In this order:

1. ``gateway_on`` names a firewall or switch: it holds the gateway, with its peer;
2. else the firewalls and switches the design gives the gateway address (an interface or a
   switch-management address equal to it);
3. else, on a network with a site, the site's core switches (VRRP when there are two or more,
   unless they run as one under StackWise Virtual);
4. else the site's first firewall (by ``id``, then name), with its peer.

Nobody in the design holds it when none applies (a router outside the design, or a network
without a site): the gateway is still planned, with no owner.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from ipaddress import IPv4Address

from ..model import Design, Firewall, Switch, SwitchRole
from .platforms import platform

_NO_ID = 4097  # after every device id: devices without one come after those with one


@dataclass(frozen=True)
class GatewayOwner:
    """The gateway address of a network and the devices that hold it."""

    address: IPv4Address
    devices: tuple[str, ...]  # names, sorted; empty when the router is outside the design
    switches: tuple[Switch, ...] = ()  # the routing switch group when switches hold it, in name order

    @property
    def text(self) -> str:
        """The owner as the plan names it: 'core1/core2', 'fw1', or '' when outside the design."""
        return "/".join(self.devices)

    @property
    def vrrp(self) -> bool:
        """Two or more switches share the gateway as a VRRP virtual address, each with an address of its
        own. (A StackWise Virtual pair is one switch: it holds the gateway itself.)"""
        return len(self.switches) > 1 and platform(self.switches[0].platform).mlag != "stackwise-virtual"


def site_cores(design: Design, site: str) -> list[Switch]:
    """The core switches of a site, in name order."""
    return sorted((s for s in design.switches if s.role is SwitchRole.core and s.site == site), key=lambda s: s.name)


def _with_peer(device: Switch | Firewall, known: dict[str, Switch] | dict[str, Firewall]) -> list[str]:
    return sorted({device.name, *([device.peer] if device.peer and device.peer in known else [])})


@dataclass(frozen=True)
class _Table:
    owners: dict[str, GatewayOwner | None]
    networks_of: dict[str, list[str]]  # device name → networks whose gateway it holds, in name order


# Designs are frozen, so each one's table is computed once; it is dropped with the design.
_TABLES: dict[int, _Table] = {}


def _table(design: Design) -> _Table:
    table = _TABLES.get(id(design))
    if table is None:
        owners = {name: _owner(design, name) for name in sorted(design.networks)}
        networks_of: dict[str, list[str]] = {}
        for name, owner in owners.items():
            for device in owner.devices if owner is not None else ():
                networks_of.setdefault(device, []).append(name)
        table = _Table(owners, networks_of)
        _TABLES[id(design)] = table
        weakref.finalize(design, _TABLES.pop, id(design), None)
    return table


def gateway_owner(design: Design, name: str) -> GatewayOwner | None:
    """The gateway of network ``name`` and who holds it; None when it has no gateway (or one outside its CIDR)."""
    return _table(design).owners[name]


def _owner(design: Design, name: str) -> GatewayOwner | None:
    net = design.networks[name]
    gw = net.gateway
    if gw is None or gw not in net.cidr:
        return None
    switches = {s.name: s for s in design.switches}
    firewalls = {f.name: f for f in design.firewalls}
    if net.gateway_on in switches:
        group = _with_peer(switches[net.gateway_on], switches)
        return GatewayOwner(gw, tuple(group), tuple(switches[n] for n in group))
    if net.gateway_on in firewalls:
        return GatewayOwner(gw, tuple(_with_peer(firewalls[net.gateway_on], firewalls)))
    holders = sorted({f.name for f in design.firewalls for a in f.interfaces if a.network == name and a.address == gw}
                     | {s.name for s in design.switches if s.management and s.management.network == name
                        and s.management.address == gw})
    if holders:
        return GatewayOwner(gw, tuple(holders))
    if net.site is None:
        return GatewayOwner(gw, ())
    cores = site_cores(design, net.site)
    if cores:
        return GatewayOwner(gw, tuple(c.name for c in cores), tuple(cores))
    edge = sorted((f for f in design.firewalls if f.site == net.site), key=lambda f: (f.id or _NO_ID, f.name))
    if edge:
        return GatewayOwner(gw, tuple(_with_peer(edge[0], firewalls)))
    return GatewayOwner(gw, ())


def gateway_owners(design: Design, name: str) -> tuple[str, ...]:
    """The names of the devices that hold network ``name``'s gateway (empty when nobody in the design does)."""
    owner = gateway_owner(design, name)
    return owner.devices if owner is not None else ()


def gateway_networks(design: Design, device: str) -> list[str]:
    """Networks whose gateway ``device`` holds, in name order."""
    return list(_table(design).networks_of.get(device, ()))
