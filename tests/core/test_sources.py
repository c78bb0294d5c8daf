"""Rule facts cite their sources in words a reader recognises."""

from __future__ import annotations

from generator.rules import RULES
from generator.rules.sources import FIELD_MISTAKES, SEEDS, cite


def test_seed_and_mistake_references_are_spelled_out() -> None:
    text = cite("Seed 002: pods need ranges; field mistake #11 shows why; see seed 000_*.")
    assert "Beginner's Guide to CloudStack Networking" in text
    assert "Apache CloudStack #7497" in text
    assert "separating primary-storage traffic" in text
    assert "eed 0" not in text and "mistake #" not in text


def test_unknown_references_are_left_alone() -> None:
    assert cite("seed 999 and field mistake #99") == "seed 999 and field mistake #99"


def test_every_rule_fact_cites_only_known_sources() -> None:
    for rule in RULES.values():
        cited = cite(rule.fact)
        assert "eed 0" not in cited.lower(), rule.id
        assert "mistake #" not in cited.lower(), rule.id
    assert set(SEEDS) == {"000", "001", "002", "003", "004"}
    assert sorted(FIELD_MISTAKES) == list(range(1, 21))
