"""Golden error reports: each tests/errors/<case>.yaml is a small bad design, and <case>.txt holds the exact
`stackplan validate --format text` output for it. Run pytest --update-golden to rewrite the .txt files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT, check_golden

HERE = Path(__file__).parent
CASES = sorted(HERE.glob("*.yaml"))


@pytest.mark.parametrize("design", CASES, ids=lambda p: p.stem)
def test_error_report(design: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # reports name the file as given: tests/errors/<case>.yaml
    result = CliRunner().invoke(main, ["validate", "--format", "text", str(design.relative_to(ROOT))])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.stdout
    check_golden(design.with_suffix(".txt"), result.stdout, update_golden)


def test_there_are_cases() -> None:
    assert len(CASES) >= 12
