"""Random edits of the example designs give findings, never an exception.

Each example is loaded as plain data, one to three random edits are applied (drop a key, swap a
value for one of another type or a nearby number, duplicate or drop a list item), and the
result is run through the whole pipeline up to its outputs.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import artefacts, run
from tests.conftest import EXAMPLES

DATA = {p.stem: yaml.safe_load(p.read_text()) for p in EXAMPLES}

REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-5, max_value=5000), st.just(""), st.just("x"),
    st.just("10.0.0.0/8"), st.just("10.10.0.1"), st.just("1-4094"), st.just([]), st.just({}),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_paths(value, (*prefix, i)))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(sorted(DATA)))
    data = copy.deepcopy(DATA[name])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        key = path[-1]
        current = parent[key]
        action = draw(st.sampled_from(["drop", "replace", "nudge", "duplicate"]))
        if action == "drop":
            del parent[key]
        elif action == "nudge" and isinstance(current, int) and not isinstance(current, bool):
            parent[key] = current + draw(st.integers(min_value=-3, max_value=3))
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(current))
        else:
            parent[key] = draw(REPLACEMENTS)
    return name, data


# STACKPLAN_FUZZ_EXAMPLES=5000 pytest tests/core/test_robustness.py raises the count without editing code;
# benchmarks/fuzz_bench.py runs the same kind of mutations at volume and prints crash signatures.
FUZZ_EXAMPLES = int(os.environ.get("STACKPLAN_FUZZ_EXAMPLES", "60"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(case=mutated())
def test_mutated_designs_give_findings_not_exceptions(case: tuple[str, Any], tmp_path_factory: Any) -> None:
    name, data = case
    path = Path(tmp_path_factory.mktemp("mut")) / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    deployment = run(path)
    if deployment.valid:
        assert artefacts(deployment)
    else:
        assert deployment.findings


@pytest.mark.parametrize("name", sorted(DATA))
def test_examples_round_trip_through_plain_yaml(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(DATA[name], sort_keys=False))
    assert run(path).valid
