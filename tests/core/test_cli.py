"""The command line: exit codes, output formats, and safe writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.diagnostics import Severity
from generator.loader.load import load_text
from generator.rules import validate
from generator.writer import MARKER
from tests.conftest import DESIGNS

SMALL = DESIGNS / "small-scale.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(SMALL.read_text().replace("system_range: 10.10.0.200-10.10.0.229", "system_range: 10.10.0.2x"))
    return path


def test_validate_examples_clean() -> None:
    code, out, _ = invoke("validate", str(DESIGNS))
    assert code == 0, out


def test_validate_errors_exit_1_with_file_line(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out, _ = invoke("validate", str(path))
    assert code == 1
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "10.10.0.2x" in text)
    assert out.startswith(f"{path}:{line}:")
    assert " error SCHEMA-" in out


def test_validate_formats(tmp_path: Path) -> None:
    path = broken(tmp_path)
    code, out, _ = invoke("validate", str(path), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data[0]["file"] == str(path) and data[0]["severity"] == "error"
    code, out, _ = invoke("validate", str(path), "--format", "github")
    assert code == 1 and out.startswith(f"::error file={path},line=")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("validate", str(tmp_path / "nope.yaml"))[0] == 2
    assert invoke("validate", str(tmp_path))[0] == 2  # a folder without designs
    assert invoke("validate", "--format", "xml")[0] == 2
    assert invoke("build", str(SMALL))[0] == 2  # --out is required


def test_build_writes_and_is_deterministic(tmp_path: Path) -> None:
    assert invoke("build", str(SMALL), "--out", str(tmp_path / "a"))[0] == 0
    assert invoke("build", str(SMALL), "--out", str(tmp_path / "b"))[0] == 0
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b
    assert Path("small-scale/index.md") in a


def test_failed_build_keeps_earlier_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", str(SMALL), "--out", str(out))[0] == 0
    before = (out / "small-scale" / "index.md").read_bytes()
    bad = tmp_path / "small-scale.yaml"  # same slug, now broken
    bad.write_text(SMALL.read_text().replace("cidr: 10.10.0.0/24", "cidr: 10.10.0.0/33"))
    code, _, err = invoke("build", str(bad), "--out", str(out))
    assert code == 1 and "left as it was" in err
    assert (out / "small-scale" / "index.md").read_bytes() == before


def test_build_never_replaces_hand_written_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "small-scale").mkdir(parents=True)
    (out / "small-scale" / "notes.md").write_text("mine")
    code, _, err = invoke("build", str(SMALL), "--out", str(out))
    assert code == 2 and "refusing" in err
    assert (out / "small-scale" / "notes.md").read_text() == "mine"
    assert not (out / "small-scale" / MARKER).exists()


def test_schema_command_prints_json() -> None:
    code, out, _ = invoke("schema")
    assert code == 0 and json.loads(out)["title"] == "Design"


def test_expand_lists_every_host() -> None:
    """Entries with a count become one entry per host, and the result is a design that validates alike."""
    code, out, _ = invoke("expand", str(SMALL))
    assert code == 0
    cluster = json.loads(out)["regions"][0]["zones"][0]["pods"][0]["clusters"][0]
    assert [(h["name"], h["id"], h["count"]) for h in cluster["hosts"]] == [
        ("lab-kvm01", 1, 1), ("lab-kvm02", 2, 1), ("lab-kvm03", 3, 1), ("lab-kvm04", 4, 1)]
    again = load_text(out, "expanded.json")
    assert again.design is not None
    assert [f.text() for f in validate(again) if f.severity is Severity.error] == []


def test_module_entry_point() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(SMALL)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_missing_graphviz_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no 'dot' anywhere
    code, _, err = invoke("build", str(SMALL), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "Graphviz" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "small-scale").exists()


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(paths: object, root: object = None) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("generator.cli.run_all", broken)
    code, _, err = invoke("validate", str(SMALL))
    assert code == 3
    assert "internal error (KeyError: 'boom')" in err and "Traceback" not in err


def test_validate_sarif_names_file_line_rule_and_level() -> None:
    path = Path(__file__).resolve().parents[1] / "errors" / "traffic.yaml"
    code, out, _ = invoke("validate", str(path), "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["TRAFFIC-ONE-PNET", "TRAFFIC-REQUIRED"]
    first = run["results"][0]
    assert rules[first["ruleIndex"]] == first["ruleId"] == "TRAFFIC-REQUIRED"
    assert first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (30, 11)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("tests/errors/traffic.yaml")
    code, out, _ = invoke("validate", str(DESIGNS), "--format", "sarif")
    assert code == 0 and all(r["level"] == "warning" for r in json.loads(out)["runs"][0]["results"])
