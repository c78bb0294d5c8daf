"""`stackplan diff`: golden Markdown for typical changes, an empty diff for a pure reorder, git revisions."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import run_text as _deploy
from generator.review import compare, render_json, render_markdown
from generator.site.pages import changes_page, nav
from tests.conftest import ROOT, check_golden
from tests.core.shuffle import shuffled

GOLDEN = Path(__file__).with_name("golden")
SOURCE = ROOT / "designs" / "small-scale.yaml"
NAME = "designs/small-scale.yaml"


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SOURCE.read_text())
    return data


def _base(data: dict[str, Any]) -> dict[str, Any]:
    """The example with one host fewer: its switch's 8 host ports are full with 4 hosts of 2 NICs,
    so a host can be added only to this base."""
    cluster = data["regions"][0]["zones"][0]["pods"][0]["clusters"][0]
    cluster["hosts"][0]["count"] = 3
    cluster["planned_vms"] = 80
    return data


BASE = yaml.safe_dump(_base(_example()), sort_keys=False)


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BASE)
    return data


def _zone(data: dict[str, Any]) -> dict[str, Any]:
    zone: dict[str, Any] = data["regions"][0]["zones"][0]
    return zone


def _host_added(data: dict[str, Any]) -> None:
    _zone(data)["pods"][0]["clusters"][0]["hosts"][0]["count"] = 4


def _host_removed(data: dict[str, Any]) -> None:
    cluster = _zone(data)["pods"][0]["clusters"][0]
    cluster["hosts"][0]["count"] = 2
    cluster["planned_vms"] = 40


def _vlan_range(data: dict[str, Any]) -> None:
    _zone(data)["physical_networks"][1]["guest_vlans"] = ["500-649"]


def _setting(data: dict[str, Any]) -> None:
    data["settings"]["expunge.delay"] = 600


def _pod_added(data: dict[str, Any]) -> None:
    zone = _zone(data)
    pod = json.loads(json.dumps(zone["pods"][0]))
    pod.update(name="lab-p02", id=2, management={"network": "lab-mgmt2", "system_range": "10.10.1.200-10.10.1.229"})
    pod["clusters"][0].update(name="lab-c02", hosts=[{"name": "lab-p02-kvm{id:02d}", "id": 1, "count": 2}],
                              planned_vms=40, primary_storage=[{"name": "lab-primary2", "protocol": "nfs",
                                                                "server": "lab-nfs1", "path": "/export/p2"}])
    zone["pods"].append(pod)
    data["networks"]["lab-mgmt2"] = {"cidr": "10.10.1.0/24", "gateway": "10.10.1.1", "site": "lab"}
    data["firewalls"][0]["interfaces"].append({"network": "lab-mgmt2", "address": "10.10.1.1"})
    data["switches"].append({**data["switches"][0], "name": "lab-sw2", "pod": "lab-p02",
                             "management": {"network": "lab-mgmt2"}})


CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "host-added": _host_added, "host-removed": _host_removed, "vlan-range": _vlan_range,
    "setting": _setting, "pod-added": _pod_added,
}


def _diff_text(change: Callable[[dict[str, Any]], None], fmt: str = "md") -> str:
    data = _data()
    change(data)
    old, new = _deploy(BASE, NAME), _deploy(yaml.safe_dump(data, sort_keys=False), NAME)
    assert new.valid, [f.text() for f in new.findings if f.severity.value == "error"]
    diffs = [compare(old, new)]
    return render_markdown(diffs) if fmt == "md" else render_json(diffs)


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_diff(case: str, update_golden: bool) -> None:
    check_golden(GOLDEN / f"{case}.md", _diff_text(CASES[case]), update_golden)


def test_one_host_added_shows_only_that_host() -> None:
    data = _data()
    _host_added(data)
    diff = compare(_deploy(BASE, NAME), _deploy(yaml.safe_dump(data), NAME))
    by_name = {s.name: s for s in diff.sections}
    assert by_name["objects"].added == ["host lab-kvm04"] and not by_name["objects"].changed
    assert by_name["addresses"].added == ["host lab-kvm04 cloudbr0 on lab-mgmt"]
    assert by_name["host_configs"].added == ["hosts/lab-kvm04.yaml"] and not by_name["host_configs"].changed
    assert all(not s.removed for s in diff.sections if s.name != "findings")  # VERIFY-SPOF names the hosts


def test_a_pure_reorder_is_empty() -> None:
    text = BASE
    shuffled_text = yaml.safe_dump(shuffled(yaml.safe_load(text), random.Random(3)), sort_keys=False)
    diff = compare(_deploy(text, NAME), _deploy(shuffled_text, NAME))
    assert render_markdown([diff]) == "" and render_json([diff]) == ""


def test_design_strings_are_escaped_in_markdown() -> None:
    def hostile(data: dict[str, Any]) -> None:
        data["deployment"]["name"] = "<script>alert(1)</script> | *x*"
        _setting(data)
    text = _diff_text(hostile)
    assert "<script>" not in text and "&lt;script&gt;" in text and "&#42;x&#42;" in text


def test_long_diffs_fold_into_details(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.review.render.FOLD_AFTER", 3)
    text = _diff_text(_pod_added)
    assert "<details>" in text and text.count("<details>") == text.count("</details>")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
def test_git_revisions_are_read_without_touching_the_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "designs").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.net")
    _git(repo, "config", "user.name", "t")
    (repo / "designs" / "small-scale.yaml").write_text(BASE)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    _git(repo, "checkout", "-qb", "change")
    data = _data()
    _host_added(data)
    (repo / "designs" / "small-scale.yaml").write_text(yaml.safe_dump(data))
    _git(repo, "commit", "-qam", "two")
    before = sorted(p.name for p in (repo / "designs").iterdir())
    monkeypatch.chdir(repo)
    runner = CliRunner()
    for args in (["main", "HEAD"], ["main...HEAD"], ["main", "designs"]):
        result = runner.invoke(main, ["diff", *args])
        assert result.exit_code == 0, result.output
        assert "added host lab-kvm04" in result.output
    same = runner.invoke(main, ["diff", "HEAD", "designs"])
    assert same.exit_code == 0 and same.output == ""
    assert sorted(p.name for p in (repo / "designs").iterdir()) == before
    bad = runner.invoke(main, ["diff", "no-such-revision", "HEAD"])
    assert bad.exit_code == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
def test_build_since_writes_a_changes_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "designs").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    (repo / "designs" / "small-scale.yaml").write_text(BASE)
    _git(repo, "add", ".")
    _git(repo, "-c", "user.email=t@example.net", "-c", "user.name=t", "commit", "-qm", "one")
    data = _data()
    _setting(data)
    (repo / "designs" / "small-scale.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["build", "designs", "--out", "out", "--since", "HEAD"])
    assert result.exit_code == 0, result.output
    page = (repo / "out" / "changes.md").read_text()
    assert page.startswith("# Changes since `HEAD`") and "changed setting expunge.delay: value: 3600 → 600" in page
    assert changes_page("HEAD", "").endswith("Nothing changed in meaning: every deployment is as it was.\n")
    assert {"Changes": "changes.md"} in nav([], {}, [], changes=True)
    assert {"Changes": "changes.md"} not in nav([], {}, [])
