"""Order never matters: any reordering of a design's unordered lists and mappings changes no output byte.

Each example is shuffled with a few fixed seeds (every list whose order carries no meaning, every
mapping) and built again; the artefacts must be byte-identical. The one exception is where the
validation page says a finding is: the line and column move with the text, so positions are masked
there and the findings compared as a set; and the design file itself, published as written (with its
size on the downloads page), which is the input that was reordered.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from generator.loader.load import load_text
from generator.model import Design
from generator.model.base import is_ordered
from generator.pipeline import Deployment
from generator.rules import validate
from generator.site.pages import deployment_pages
from tests.conftest import EXAMPLES, ROOT
from tests.core.shuffle import ORDERED, shuffled

SEEDS = (1, 2)
_POSITION = re.compile(rb"(Line \d+:|\.yaml:\d+:\d+)")


def _artefacts(text: str, name: str) -> dict[str, bytes]:
    loaded = load_text(text, name)
    deployment = Deployment(loaded, validate(loaded))
    assert deployment.valid, [f.text() for f in deployment.findings]
    out = {a.path: a.data() for a in deployment_pages(deployment) if not a.path.startswith("design/")}
    if "downloads.md" in out:
        out["downloads.md"] = b"\n".join(line for line in out["downloads.md"].splitlines()
                                          if b"design/" not in line and b"-files.zip" not in line)
    if "validation.md" in out:
        out["validation.md"] = b"\n".join(sorted(_POSITION.sub(b"@", out["validation.md"]).splitlines()))
    return out


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k) and not k.endswith(".zip")]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_shuffled_design_gives_identical_artefacts(path: Path) -> None:
    text = path.read_text()
    name = str(path.relative_to(ROOT))
    reference = _artefacts(text, name)
    for seed in SEEDS:
        data = shuffled(yaml.safe_load(text), random.Random(seed))
        again = _artefacts(yaml.safe_dump(data, sort_keys=False, width=200), name)
        assert not _differences(reference, again), f"seed {seed}: {_differences(reference, again)}"


def test_an_ordered_list_does_change_the_output() -> None:
    # DNS servers are dns1 then dns2: swapping them must show (the canonical order sorts only
    # what carries no meaning).
    path = ROOT / "designs" / "small-scale.yaml"
    data = yaml.safe_load(path.read_text())
    dns = data["regions"][0]["zones"][0]["dns"]
    dns["public"] = list(reversed(dns["public"]))
    before = _artefacts(path.read_text(), "designs/small-scale.yaml")
    after = _artefacts(yaml.safe_dump(data, sort_keys=False), "designs/small-scale.yaml")
    assert "deploy-zone.cmk.sh" in _differences(before, after)


def _ordered_paths(model: type[BaseModel], path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every path of a list the model marks as ordered, in the notation of ``tests.core.shuffle``."""
    found: set[tuple[str, ...]] = set()
    for name, info in model.model_fields.items():
        here = (*path, name)
        annotation: Any = info.annotation
        inner = [annotation]
        if get_origin(annotation) is list:
            if is_ordered(info):
                found.add(here)
            inner, here = list(get_args(annotation)), (*here, "*")
        elif get_origin(annotation) is dict:
            inner, here = [get_args(annotation)[1]], (*here, "*")
        for arg in inner:
            for candidate in (arg, *get_args(arg)):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    found |= _ordered_paths(candidate, here)
    return found


def test_the_shuffle_keeps_exactly_the_lists_the_schema_calls_ordered() -> None:
    assert _ordered_paths(Design) == set(ORDERED)


def test_schema_says_which_lists_are_ordered() -> None:
    def walk(model: type[BaseModel]) -> None:
        for name, info in model.model_fields.items():
            if is_ordered(info):
                assert "order" in (info.description or "").lower(), f"{model.__name__}.{name}"
    for model in _models(Design):
        walk(model)


def _models(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[type[BaseModel]]:
    seen = seen if seen is not None else set()
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        stack: list[Any] = [info.annotation]
        while stack:
            arg = stack.pop()
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                _models(arg, seen)
            stack.extend(get_args(arg))
    return seen
