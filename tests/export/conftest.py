"""Example designs run through the pipeline once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from generator.deployment import Deployment
from generator.export import ZoneExport, zone_export
from generator.pipeline import run
from tests.conftest import EXAMPLES, ROOT


@cache
def deployment(path: Path) -> Deployment:
    return run(path, str(path.relative_to(ROOT)))


@cache
def exported(path: Path) -> ZoneExport:
    return zone_export(deployment(path))


EXAMPLE_IDS = [p.stem for p in EXAMPLES]
