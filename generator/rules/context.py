"""What a rule sees: the design, its expansion, lookups by name, and a way to say what is wrong."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

from ..diagnostics import Severity
from ..inventory import Inventory
from ..loader import LoadedDesign
from ..model import Design, Network
from ..racks import RackPlan, place


@dataclass(frozen=True)
class Issue:
    """A rule's complaint about one object (and optionally one of its fields)."""

    obj: object
    attr: str | int | None
    message: str
    fix: str
    severity: Severity | None = None  # the rule's own unless the design changes it (e.g. asks for strictness)


@dataclass
class Context:
    loaded: LoadedDesign
    design: Design
    inventory: Inventory
    extra: dict[str, Any] = field(default_factory=dict)

    def network(self, name: str) -> Network | None:
        return self.design.networks.get(name)

    @cached_property
    def rack_plan(self) -> RackPlan:
        """Where every device sits (computed once; the rack rules read its problems)."""
        return place(self.design, self.inventory)

    @cached_property
    def switch_names(self) -> set[str]:
        return {s.name for s in self.design.switches}

    @cached_property
    def server_names(self) -> set[str]:
        return {s.name for s in self.design.storage_servers}

    @cached_property
    def site_names(self) -> set[str]:
        return {s.name for s in self.design.sites}


def cloudstack_settings() -> dict[str, dict[str, Any]]:
    """Global settings of CloudStack (name → default, description, scope, type)."""
    text = resources.files("generator.data").joinpath("cloudstack-settings.json").read_text("utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)["settings"]
    return data
