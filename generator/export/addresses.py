"""Where the exports and the runbook read device addresses from.

Explicit addresses in the design come first; everything else comes from the address plan
(``generator/plan``). This module allocates nothing itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address

from ..inventory import Inventory
from ..model import Design
from ..plan.types import AddressPlan


class AddressBook:
    def __init__(self, design: Design, inventory: Inventory, plan: AddressPlan | None) -> None:
        self.design = design
        self.plan = plan
        self._explicit: dict[tuple[str, str], IPv4Address] = dict(_explicit(design, inventory))

    def address(self, device: str, network: str) -> IPv4Address | None:
        found = self._explicit.get((device, network))
        if found is None and self.plan is not None:
            found = self.plan.address(device, network)
        return found

    def vip(self) -> IPv4Address | None:
        """The management load balancer's virtual address, when there is one."""
        lb = self.design.management.load_balancer
        if lb is None:
            return None
        if lb.vip is not None:
            return lb.vip
        if self.plan is not None:
            for alloc in self.plan.allocations:
                if alloc.role == "lb-vip" and alloc.network == lb.network and not alloc.is_range:
                    return alloc.first
        return None


def _explicit(design: Design, inventory: Inventory) -> Iterator[tuple[tuple[str, str], IPv4Address]]:
    for host in inventory.hosts:
        for network, address in host.addresses.items():
            yield (host.name, network), address
    for ms in design.management.servers:
        if ms.address is not None:
            yield (ms.name, ms.network), ms.address
    for db in (design.management.database.primary, design.management.database.replica):
        if db is not None and db.address is not None:
            yield (db.name, db.network), db.address
    lb = design.management.load_balancer
    if lb is not None:
        for name, address in zip(lb.names, lb.addresses, strict=False):
            yield (name, lb.network), address
    for server in design.storage_servers:
        for att in server.interfaces:
            if att.address is not None:
                yield (server.name, att.network), att.address
    for fw in design.firewalls:
        for att in fw.interfaces:
            if att.address is not None:
                yield (fw.name, att.network), att.address
    for sw in design.switches:
        if sw.management is not None and sw.management.address is not None:
            yield (sw.name, sw.management.network), sw.management.address
