"""The stage tables restate the canonical order of zone-deploy-sequence.json."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from generator.export.api_check import catalogue
from generator.export.sequence import ADVANCED, SHARED_GUEST, Stage


def summary(kind: str) -> list[list[str]]:
    text = resources.files("generator.data").joinpath("zone-deploy-sequence.json").read_text("utf-8")
    apis = catalogue()
    lines: list[str] = json.loads(text)["canonical_summary"][kind]
    return [[w for w in re.findall(r"[a-z]+[A-Z][A-Za-z]+", line) if w in apis] for line in lines]


def position(stages: tuple[Stage, ...], api: str) -> int:
    return next(i for i, s in enumerate(stages) if api in s.apis)


@pytest.mark.parametrize(("kind", "stages"), [("advanced", ADVANCED), ("basic", SHARED_GUEST)])
def test_stages_follow_the_canonical_summary(kind: str, stages: tuple[Stage, ...]) -> None:
    steps = [s for s in summary(kind) if s and s != ["updateConfiguration"]]  # global settings precede the zone
    assert len(steps) >= 10
    positions = [position(stages, api) for step in steps for api in step]
    assert positions == sorted(positions)


def test_shared_networks_come_after_the_zone_is_enabled_in_advanced_zones() -> None:
    assert position(ADVANCED, "createNetwork") > position(ADVANCED, "updateZone")
    assert position(SHARED_GUEST, "createNetwork") < position(SHARED_GUEST, "createPod")
