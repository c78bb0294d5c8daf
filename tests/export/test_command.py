"""``stackplan export`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import DESIGNS


def test_cmk_script_on_stdout() -> None:
    result = CliRunner().invoke(main, ["export", str(DESIGNS / "small-scale.yaml"), "--format", "cmk"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("#!/usr/bin/env bash\n")
    assert "run updateZone" in result.stdout


def test_marvin_config_on_stdout_and_notes_on_stderr() -> None:
    result = CliRunner().invoke(main, ["export", str(DESIGNS / "large-scale-redundant.yaml"), "--format", "marvin"])
    assert result.exit_code == 0, result.output
    config = json.loads(result.stdout)
    assert config["zones"][0]["enabled"] == "False"
    assert "createStorageNetworkIpRange" in result.stderr


def test_design_with_errors_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (DESIGNS / "small-scale.yaml").read_text("utf-8")
    bad.write_text(text.replace("  storage.overprovisioning.factor: 2\n",
                                "  storage.overprovisioning.factor: 2\n  ldap.bind.password: hunter2\n"), "utf-8")
    result = CliRunner().invoke(main, ["export", str(bad), "--format", "cmk"])
    assert result.exit_code == 1
    assert "SECRET-IN-DESIGN" in result.stderr
    assert "hunter2" not in result.stdout


def test_unknown_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["export", str(DESIGNS / "small-scale.yaml"), "--format", "terraform"])
    assert result.exit_code == 2
