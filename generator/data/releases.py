"""The CloudStack releases stackplan knows (``releases.yml``): per release, its system VM templates,
whether it is out, and the zone features it has."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Release:
    key: str  # major.minor
    released: bool
    template_version: str
    template_base: str
    features: frozenset[str]


@cache
def releases() -> dict[str, Release]:
    text = resources.files("generator.data").joinpath("releases.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)["releases"]
    return {key: Release(key, r["status"] == "released", str(r["template_version"]), r["template_base"],
                         frozenset(r["features"])) for key, r in data.items()}


def release_key(version: str) -> str:
    """major.minor of a version as the design writes it (4.22, 4.22.0.1)."""
    return ".".join(version.split(".")[:2])


def release(version: str) -> Release | None:
    return releases().get(release_key(version))
