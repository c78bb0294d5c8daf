"""StackWise Virtual pairs are brought up in the stages their configuration files describe."""

from __future__ import annotations

from generator.pipeline import run
from generator.runbook.build import context
from generator.runbook.model import Step
from generator.runbook.phases.switches import build
from tests.conftest import DESIGNS


def _steps() -> dict[str, Step]:
    deployment = run(DESIGNS / "primary-storage-separated.yaml")
    assert deployment.valid
    return {step.title: step for step in build(context(deployment)).steps}


def test_member_two_is_renumbered_then_joined_then_configured_on_the_pair() -> None:
    step = _steps()["Configure lon1-sw2"]
    texts = [c.text for c in step.commands]
    assert texts[0] == "switch 1 renumber 2\nreload"
    assert "down to its step 3" in texts[1]
    assert "from its step 3" in texts[2]
    assert [c.where for c in step.commands] == ["lon1-sw2", "lon1-sw2", "lon1-sw1"]
    assert step.checks[0].where == "lon1-sw1" and step.checks[0].command == "show stackwise-virtual"


def test_member_one_saves_without_reloading_and_keeps_its_checks() -> None:
    step = _steps()["Configure lon1-sw1"]
    assert "write memory" in step.commands[0].text and "reload" not in step.commands[0].text
    commands = [c.command for c in step.checks]
    assert commands[0] == "show stackwise-virtual"
    assert "show vlan brief" in commands and "show etherchannel summary" in commands
