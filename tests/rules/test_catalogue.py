"""The rule catalogue itself: every rule documented, and every rule triggered by a test case."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from generator.rules import RULES
from tests.rules.kit import Case

HERE = Path(__file__).parent
MODULES = sorted(p.stem for p in HERE.glob("test_*.py") if p.stem != "test_catalogue")


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for name in MODULES:
        module = importlib.import_module(f"tests.rules.{name}")
        cases.extend(getattr(module, "CASES", []))
    return cases


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)+", rule.id), rule.id
    assert rule.title.strip() and rule.fact.strip(), rule.id
    assert not rule.title.endswith("."), rule.title


def test_every_rule_has_a_triggering_case() -> None:
    """Each case's test_fires asserts the rule really fires; here: no rule is without a case."""
    covered = {c.rule for c in all_cases()}
    # The verification stage's rules fire on plans, not designs alone: tests/verify has their cases.
    covered |= {*importlib.import_module("tests.verify.test_verify").FIRING, "VERIFY-DOUBLE-TAG",
                *importlib.import_module("tests.verify.test_scan").FIRES}
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rules without a test case: {missing}"
    assert not covered - set(RULES), f"cases for unknown rules: {sorted(covered - set(RULES))}"


def test_design_rules_cite_their_source() -> None:
    """Facts name a seed, a field mistake, the install facts, CloudStack's own behaviour or a web page."""
    sources = ("seed", "field mistake", "install facts", "cloudstack", "createzone", "createpod", "https://")
    for rule in RULES.values():
        if rule.phase.name == "design":
            assert any(s in rule.fact.lower() for s in sources), f"{rule.id}: {rule.fact}"
