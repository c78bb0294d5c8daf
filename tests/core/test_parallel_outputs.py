"""Outputs rendered in a forked child (``outputs.produce(parallel=True)``) are those rendered one by one, and a
failure in either process is reported as it is one by one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import outputs
from generator.artefacts import Artefact, OutputError
from generator.cli import main
from generator.deployment import Deployment
from generator.outputs import FORKED, OUTPUTS, Output, produce
from generator.pipeline import run
from tests.conftest import DESIGNS, ROOT

PARENT = os.getpid()


def _deployment(name: str) -> Deployment:
    path = DESIGNS / f"{name}.yaml"
    deployment = run(path, str(path.relative_to(ROOT)))
    assert deployment.valid
    return deployment


def _replace(monkeypatch: pytest.MonkeyPatch, name: str, produce_: Callable[[Deployment], list[Artefact]]) -> None:
    replaced = [Output(name, produce_) if o.name == name else o for o in outputs.OUTPUTS]
    monkeypatch.setattr(outputs, "OUTPUTS", replaced)


def _fails(message: str, error: type[Exception] = OutputError) -> Callable[[Deployment], list[Artefact]]:
    def produce_(_: Deployment) -> list[Artefact]:
        raise error(message)
    return produce_


def test_the_split_names_outputs_on_both_sides() -> None:
    names = [o.name for o in OUTPUTS]
    assert set(FORKED) <= set(names)
    assert [n for n in names if n not in FORKED and n not in outputs.REPORTS]


@pytest.mark.parametrize("name", ["large-scale-redundant", "multi-site", "kvm-ceph-vxlan"])
def test_forked_outputs_are_the_serial_ones(name: str) -> None:
    serial, forked = _deployment(name), _deployment(name)
    one_by_one = produce(serial, parallel=False)
    both = produce(forked, parallel=True)
    assert [a.path for a in both] == [a.path for a in one_by_one]
    assert both == one_by_one  # bytes, kind, title, order and navigation of every file
    assert forked.findings == serial.findings  # the artefact scan's findings too (file:line)


def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a build's own process: pytest-xdist's worker runs threads of its own, with which nothing forks."""
    monkeypatch.setattr(outputs.threading, "active_count", lambda: 1)


def test_a_large_design_forks_and_a_small_one_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    _one_thread(monkeypatch)
    deployment = _deployment("small-scale")
    assert not outputs.forking_pays(deployment)
    monkeypatch.setattr(outputs, "PARALLEL_DEVICES", 1)
    assert outputs.forking_pays(deployment) == ((os.cpu_count() or 1) > 1)


@pytest.mark.parametrize(("failing", "other"), [("diagrams", "host_configs"), ("host_configs", "diagrams")])
def test_a_failing_output_raises_its_error_in_either_process(monkeypatch: pytest.MonkeyPatch, failing: str,
                                                            other: str) -> None:
    assert (failing in FORKED) != (other in FORKED)
    _replace(monkeypatch, failing, _fails(f"{failing} cannot be drawn"))
    with pytest.raises(OutputError, match=f"^{failing} cannot be drawn$"):
        produce(_deployment("small-scale"), parallel=True)


def test_the_first_failing_output_is_raised_whichever_process_fails_first(monkeypatch: pytest.MonkeyPatch) -> None:
    order = [o.name for o in OUTPUTS]
    assert order.index("ports") < order.index("host_configs") < order.index("diagrams")
    _replace(monkeypatch, "ports", _fails("ports (forked)"))
    _replace(monkeypatch, "host_configs", _fails("host configurations (this process)"))
    with pytest.raises(OutputError, match=r"ports \(forked\)"):
        produce(_deployment("small-scale"), parallel=True)
    monkeypatch.undo()
    _replace(monkeypatch, "host_configs", _fails("host configurations (this process)"))
    _replace(monkeypatch, "diagrams", _fails("diagrams (forked)"))
    with pytest.raises(OutputError, match=r"host configurations \(this process\)"):
        produce(_deployment("small-scale"), parallel=True)


def test_an_exception_that_cannot_be_pickled_comes_back_by_type_and_message(monkeypatch: pytest.MonkeyPatch) -> None:
    class Local(Exception):  # a local class cannot be pickled
        pass

    _replace(monkeypatch, "cables", _fails("no cables", Local))
    with pytest.raises(RuntimeError, match=r"^Local: no cables$"):
        produce(_deployment("small-scale"), parallel=True)


def test_a_child_killed_leaves_its_outputs_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = produce(_deployment("small-scale"), parallel=False)
    racks = next(o for o in OUTPUTS if o.name == "racks")

    def dies_in_the_child(deployment: Deployment) -> list[Artefact]:
        if os.getpid() != PARENT:
            os._exit(9)  # as if killed: no answer
        return racks.produce(deployment)

    _replace(monkeypatch, "racks", dies_in_the_child)
    assert produce(_deployment("small-scale"), parallel=True) == serial


def test_build_reports_a_forked_failure_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _one_thread(monkeypatch)
    monkeypatch.setattr(outputs, "PARALLEL_DEVICES", 1)
    forked: list[bool] = []
    real = outputs._forked

    def spy(deployment: Deployment, todo: list[Output]) -> dict[str, list[Artefact]]:
        forked.append(True)
        return real(deployment, todo)

    monkeypatch.setattr(outputs, "_forked", spy)
    _replace(monkeypatch, "diagrams", _fails("Graphviz's dot was not found"))
    result = CliRunner().invoke(main, ["build", str(DESIGNS / "small-scale.yaml"), "--out", str(tmp_path / "out")])
    assert forked == ([True] if (os.cpu_count() or 1) > 1 else [])
    assert result.exit_code == 2, result.output
    assert "error: Graphviz's dot was not found" in result.output
    assert "Traceback" not in result.output
    _replace(monkeypatch, "diagrams", _fails("a bug", KeyError))
    result = CliRunner().invoke(main, ["build", str(DESIGNS / "small-scale.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "internal error (KeyError: 'a bug')" in result.output
    assert "Traceback" not in result.output
