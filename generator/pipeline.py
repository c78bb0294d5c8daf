"""The pipeline, top to bottom: load → validate → plan → views → render → artefacts.

Each stage is a pure function of the previous one's result; only the loader reads files and
only the CLI and the MkDocs hook write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .artefacts import Artefact
from .diagnostics import Finding, has_errors
from .inventory import Inventory, expand
from .loader import LoadedDesign, discover, load_design
from .model import Design
from .rules import validate


@dataclass
class Deployment:
    """One design carried through the pipeline. Plans are computed once, on first use."""

    loaded: LoadedDesign
    findings: list[Finding] = field(default_factory=list)

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

    def artefacts(self) -> list[Artefact]:
        from .outputs import produce

        return produce(self)


def run(path: Path, display: str | None = None) -> Deployment:
    loaded = load_design(path, display)
    return Deployment(loaded, validate(loaded))


def run_all(paths: list[Path], root: Path | None = None) -> list[Deployment]:
    deployments = []
    for path in discover(paths):
        display = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        deployments.append(run(path, display))
    return deployments
