"""A build proves each design once: the pipeline's findings and the Proof page read one proof (issue 12)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model import Design
from generator.pipeline import run
from generator.site.cache import build_one, site_build
from generator.verify import prove, proved
from tests.conftest import DESIGNS

SMALL = DESIGNS / "small-scale.yaml"
BASIC = run(DESIGNS / "basic-sg.yaml").title


@pytest.fixture
def proofs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every run of the verification stage (its first step, deriving the graph), by the design it proved."""
    module = sys.modules["generator.verify.prove"]  # the package's ``prove`` is the function of that name
    runs: list[str] = []
    real = module.build_graph

    def counting(design: Design, *args: Any) -> Any:
        runs.append(design.deployment.name)
        return real(design, *args)

    monkeypatch.setattr(module, "build_graph", counting)
    return runs


def test_build_one_proves_once(proofs: list[str]) -> None:
    built = build_one(SMALL, "designs/small-scale.yaml")
    assert built.valid and any(a.path == "proof.md" for a in built.outputs)
    assert proofs == ["Small-scale lab"]


def test_the_hook_path_proves_once(proofs: list[str]) -> None:
    built, pages, warning = site_build(SMALL, "designs/small-scale.yaml")
    assert not warning and any(p.path == "proof.md" for p in pages) and built.valid
    assert proofs == ["Small-scale lab"]


def test_cli_build_without_cache_proves_each_design_once(proofs: list[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # one by one, in this process, where the runs are counted
    result = CliRunner().invoke(main, ["build", str(SMALL), str(DESIGNS / "basic-sg.yaml"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(proofs) == sorted({"Small-scale lab", BASIC})


def test_prove_itself_is_computed_again_for_mutated_plans() -> None:
    deployment = run(SMALL, "designs/small-scale.yaml")
    assert proved(deployment) is proved(deployment)  # the pipeline's proof, kept
    assert prove(deployment) is not proved(deployment)  # what the mutation tests call: a new proof
    assert prove(deployment).checks == proved(deployment).checks
