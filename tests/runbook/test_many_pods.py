"""Big runbooks. A zone of many pods: each cluster's host firewall step stays the same size whatever the number
of pods (a console rule and a check per pod in every cluster's step made the runbook grow with pods x
clusters), and the rules still admit exactly the pods' and management servers' networks. A runbook of many
steps: the role pages list their steps, linking to runbook.md, instead of holding them a second time."""

from __future__ import annotations

import random
import re
import sys
from ipaddress import IPv4Network, collapse_addresses
from pathlib import Path

import pytest
import yaml

from generator.outputs import runbook as runbook_output
from generator.pipeline import run
from generator.runbook.build import build_runbook, context
from generator.runbook.context import merged_cidrs
from generator.runbook.model import Role, Runbook, Step
from generator.runbook.phases.hosts_kvm import CONSOLE_PODS_LISTED
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from build_bench import valid_design


def _runbook(tmp_path: Path, pods: int) -> Runbook:
    """A runbook of ``pods`` pods of 12 KVM hosts each (Ubuntu: ufw rules), one cluster per pod."""
    path = tmp_path / f"pods{pods}.yaml"
    path.write_text(yaml.safe_dump(valid_design(12 * pods, pods), sort_keys=False), "utf-8")
    deployment = run(path)
    assert deployment.valid, [f.text() for f in deployment.findings][:3]
    return build_runbook(context(deployment))


def _firewalls(rb: Runbook) -> list[Step]:
    found = [s for s in rb.steps if s.title.startswith("Firewall of the KVM hosts")]
    assert found
    return found


def _console_sources(step: Step) -> list[IPv4Network]:
    return [IPv4Network(c) for c in re.findall(r"from (\S+) to any port 5900:6100$", step.commands[0].text, re.M)]


def _pod_and_server_networks(pods: int) -> set[IPv4Network]:
    data = valid_design(12 * pods, pods)
    names = [p["management"]["network"] for p in data["regions"][0]["zones"][0]["pods"]]
    names += [ms["network"] for ms in data["management"]["servers"]]
    return {IPv4Network(data["networks"][n]["cidr"]) for n in names}


def test_many_pods_console_rules_admit_exactly_the_pods_and_servers(tmp_path: Path) -> None:
    pods = CONSOLE_PODS_LISTED + 4
    rb = _runbook(tmp_path, pods)
    wanted = list(collapse_addresses(_pod_and_server_networks(pods)))
    for step in _firewalls(rb):
        sources = _console_sources(step)
        assert len(sources) < pods  # merged, not one a pod
        assert list(collapse_addresses(sources)) == wanted, step.title  # the same addresses, no more, no fewer
        console = [c for c in step.checks if "5900 6100" in c.command and c.where.startswith("a machine in")]
        assert len(console) == 1, step.title
        assert f"{pods} networks" in console[0].where and "each pod network" in console[0].where


def test_firewall_step_does_not_grow_with_the_pods(tmp_path: Path) -> None:
    small, big = (max(len(repr(s)) for s in _firewalls(_runbook(tmp_path, n))) for n in (10, 30))
    assert big <= small * 1.1, (small, big)


def test_few_pods_keep_a_rule_and_a_check_per_pod(tmp_path: Path) -> None:
    pods = CONSOLE_PODS_LISTED
    rb = _runbook(tmp_path, pods)
    networks = _pod_and_server_networks(pods)
    for step in _firewalls(rb):
        assert set(_console_sources(step)) == networks
        console = [c for c in step.checks if "5900 6100" in c.command and c.where.startswith("a machine in")]
        assert len(console) == pods


@pytest.mark.parametrize("seed", range(20))
def test_merged_cidrs_hold_the_same_addresses(seed: int) -> None:
    rng = random.Random(seed)
    cidrs = [f"10.{rng.randint(0, 3)}.{rng.randint(0, 255)}.0/{rng.choice([22, 23, 24, 25])}"
             for _ in range(rng.randint(1, 40))]
    merged = [IPv4Network(m) for m in merged_cidrs(cidrs)]
    given = {int(a) for c in cidrs for a in IPv4Network(c, strict=False)}
    admitted = [int(a) for m in merged for a in m]
    assert len(admitted) == len(set(admitted))  # disjoint
    assert set(admitted) == given  # the same addresses
    assert merged == sorted(merged)


LARGE = ROOT / "designs" / "large-scale-redundant.yaml"


def test_long_runbook_role_pages_list_their_steps_linking_to_the_runbook(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond ROLE_PAGES_IN_FULL steps each role page lists its steps, in order, each linking to its heading in
    runbook.md, which still holds every step in full, once."""
    deployment = run(LARGE)
    rb = build_runbook(context(deployment))
    full = {a.path: str(a.content) for a in runbook_output.produce(deployment)}
    monkeypatch.setattr(runbook_output, "ROLE_PAGES_IN_FULL", len(rb.steps) - 1)
    listed = {a.path: str(a.content) for a in runbook_output.produce(deployment)}
    said = "Each role's steps, listed with links to them here:"
    assert listed["runbook.md"] == full["runbook.md"].replace("Per role, printable:", said) != full["runbook.md"]
    anchors = re.findall(r"\{ #(step-[0-9-]+) \}", listed["runbook.md"])
    assert len(anchors) == len(set(anchors)) == len(rb.steps)
    for role in Role:
        page = listed[f"runbook-{role.value}.md"]
        wanted = [f"step-{s.id.replace('.', '-')}" for s in rb.for_role(role).steps]
        assert re.findall(r"\]\(runbook\.md#(step-[0-9-]+)\)", page) == wanted, role
        assert set(wanted) <= set(anchors)
        assert page.count("\n- [ ] ") == len(wanted)
        assert "```" not in page and len(page) < len(full[f"runbook-{role.value}.md"]) / 2
        assert "search:\n  exclude: true" in page  # runbook.md is what search finds
    monkeypatch.setattr(runbook_output, "ROLE_PAGES_IN_FULL", len(rb.steps))
    assert {a.path: str(a.content) for a in runbook_output.produce(deployment)} == full  # in full up to it
