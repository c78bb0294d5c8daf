"""The install runbook as data: phases of steps, each with commands and a check.

A step says who does it (``role``), where it runs, what to type, and how to tell it is done:
a command with the result to expect. Templates only lay this out; every value is filled in
here, from the design and its plans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum


class Role(StrEnum):
    network = "network"
    storage = "storage"
    cloud = "cloud"


ROLE_TITLES = {Role.network: "Network", Role.storage: "Storage", Role.cloud: "Cloud administration"}


_NEEDS = re.compile(r"\$\{([A-Z][A-Z0-9_]*):\?\}")


def secrets_read(text: str) -> tuple[str, ...]:
    """The vault variables a shell text reads through ``secret_ref``, in first-use order."""
    return tuple(dict.fromkeys(_NEEDS.findall(text)))


def secret_ref(name: str) -> str:
    """How a command uses a vault secret: ``${NAME:?}``, so bash refuses the command when the
    variable is not loaded in that shell instead of running it with an empty password."""
    return "${" + name + ":?}"


@dataclass(frozen=True)
class Command:
    """Text to type on ``where``; ``lang`` picks the highlighting (bash, ini, yaml, text…)."""

    where: str
    text: str
    lang: str = "bash"
    caption: str = ""

    @property
    def needs(self) -> tuple[str, ...]:
        """The vault variables (``secret_ref``) this command reads, in first-use order."""
        return secrets_read(self.text)


@dataclass(frozen=True)
class Check:
    """How to tell a step is done: run ``command`` on ``where``; ``expect`` is what you see."""

    where: str
    command: str
    expect: str
    lang: str = "bash"

    @property
    def needs(self) -> tuple[str, ...]:
        return secrets_read(self.command)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Note:
    """A side remark with its own commands, e.g. an alternative way to do the step."""

    title: str
    text: str
    commands: tuple[Command, ...] = ()


@dataclass(frozen=True)
class Step:
    title: str
    role: Role
    where: str
    text: str = ""
    values: tuple[tuple[str, str], ...] = ()
    table: Table | None = None
    commands: tuple[Command, ...] = ()
    checks: tuple[Check, ...] = ()
    caution: str = ""
    notes: tuple[Note, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    intro: str
    steps: tuple[Step, ...]
    number: int = 0


@dataclass(frozen=True)
class Secret:
    name: str
    purpose: str


@dataclass(frozen=True)
class Runbook:
    title: str
    slug: str
    source: str
    phases: tuple[Phase, ...]
    secrets: tuple[Secret, ...]
    role: Role | None = None

    def for_role(self, role: Role) -> Runbook:
        """Only ``role``'s steps; phases without any are left out, numbers stay the same."""
        phases = tuple(replace(p, steps=tuple(s for s in p.steps if s.role is role)) for p in self.phases)
        return replace(self, phases=tuple(p for p in phases if p.steps), role=role)

    @property
    def steps(self) -> list[Step]:
        return [s for p in self.phases for s in p.steps]


def numbered(phases: list[Phase]) -> tuple[Phase, ...]:
    """Number phases from 1 and steps as ``<phase>.<n>``, skipping empty phases."""
    out = []
    for number, phase in enumerate((p for p in phases if p.steps), start=1):
        steps = tuple(replace(s, id=f"{number}.{i}") for i, s in enumerate(phase.steps, start=1))
        out.append(replace(phase, number=number, steps=steps))
    return tuple(out)
