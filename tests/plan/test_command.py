"""``stackplan plan``: tables on stdout, findings and exit 1 for a broken design, exit 2 for misuse."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.plan import TABLES
from generator.pipeline import run
from tests.conftest import DESIGNS

SMALL = DESIGNS / "small-scale.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_every_table_in_every_format() -> None:
    deployment = run(SMALL)
    for kind, table in TABLES.items():
        for fmt in ("md", "csv", "json"):
            code, out, err = invoke("plan", str(SMALL), "--table", kind, "--format", fmt)
            assert code == 0, err
            assert out == table.render(fmt, deployment)
    code, out, _ = invoke("plan", str(SMALL), "--table", "ips", "--format", "csv")
    assert out.splitlines()[0] == "zone,pod,network,vlan,cidr,address,role,device,interface"
    code, out, _ = invoke("plan", str(SMALL), "--table", "vlans", "--format", "json")
    assert json.loads(out)["vlans"][0]["network"] == "lab-public"


def test_markdown_is_the_default_format() -> None:
    code, out, _ = invoke("plan", str(SMALL), "--table", "ips")
    assert code == 0 and out.startswith("# IP plan: Small-scale lab\n")


def test_invalid_design_prints_findings_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "exhausted.yaml"
    path.write_text(SMALL.read_text().replace("id: 1, count: 4}", "id: 1, count: 240}"))
    code, out, err = invoke("plan", str(path), "--table", "ips")
    assert code == 1 and out == ""
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "cidr: 10.10.0.0/24" in t)
    assert f"{path}:{line}:11: error PLAN-EXHAUSTED: network lab-mgmt" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("plan", str(SMALL), "--table", "bogus")[0] == 2
    assert invoke("plan", str(SMALL))[0] == 2
    assert invoke("plan", str(SMALL), "--table", "ips", "--format", "xml")[0] == 2
    assert invoke("plan", str(tmp_path / "missing.yaml"), "--table", "ips")[0] == 2
    assert invoke("plan", str(DESIGNS), "--table", "ips")[0] == 2
