"""One design carried through the stages: what was loaded, what was found, and its plans.

Below every stage that reads a deployment (the views, the exports, the runbook, the outputs):
each of them takes a ``Deployment`` and imports it from here. The plans are computed once, on
first use. The pipeline (``pipeline.py``) composes the stages around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from .diagnostics import Finding, has_errors
from .inventory import Inventory, expand
from .loader import LoadedDesign
from .model import Design
from .plan import plan_addresses
from .plan.types import AddressPlan
from .ports import plan_ports
from .ports.types import PortPlan
from .racks import RackPlan, place, servers_of

T = TypeVar("T")


@dataclass
class Deployment:
    """One design carried through the pipeline. Plans are computed once, on first use."""

    loaded: LoadedDesign
    findings: list[Finding] = field(default_factory=list)
    _once: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def once(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed on the first call for ``name`` only: what the stages above derive from the
        plans (the proof, the host networks, the zone export) is computed once per deployment, like the plans,
        although several outputs read it. Callers treat the result as read-only."""
        if name not in self._once:
            self._once[name] = compute()
        return cast(T, self._once[name])

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def valid(self) -> bool:
        return self.loaded.design is not None and not has_errors(self.findings)

    @property
    def design(self) -> Design:
        if self.loaded.design is None:
            raise ValueError(f"{self.loaded.path} did not load")
        return self.loaded.design

    @property
    def title(self) -> str:
        return self.loaded.design.deployment.name if self.loaded.design else self.slug

    @cached_property
    def inventory(self) -> Inventory:
        return expand(self.design)

    @cached_property
    def address_plan(self) -> AddressPlan:
        """Every address and VLAN of the deployment: gateways, devices, hosts, CloudStack ranges."""
        return plan_addresses(self.design, self.inventory, self.port_plan)

    @cached_property
    def port_plan(self) -> PortPlan:
        """Cabling of every host NIC and switch interconnect, with the VLANs on each port."""
        return plan_ports(self.design, self.inventory)

    @cached_property
    def rack_plan(self) -> RackPlan:
        """Where every device sits: rack, units and power."""
        return place(self.design, self.inventory)

    @cached_property
    def device_names(self) -> frozenset[str]:
        """The devices that have a page of their own (``devices/<name>.md``): hosts, switches and servers."""
        design = self.design
        return frozenset([*(h.name for h in self.inventory.hosts), *(s.name for s in design.switches),
                          *(s.name for s in servers_of(design))])
