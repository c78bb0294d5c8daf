"""The artefact text scan (issue 12): every address and VLAN id written in the rendered configurations,
zone script, runbook and tables is the one the plans give that device or network. The examples and a
new user's design pass; tampered artefacts and a plan that lands a duplicate in a configuration fail
at the artefact's line, reported at the design element responsible."""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import sys
from pathlib import Path

import pytest
import yaml

from generator.artefacts import Artefact
from generator.deployment import Deployment
from generator.diagnostics import Severity
from generator.loader import load_design
from generator.outputs import host_configs
from generator.pipeline import artefacts, run
from generator.runbook.phases.hosts_kvm import CONSOLE_PODS_LISTED
from generator.site.cache import build_one
from generator.verify.scan import ADDRESS_RULE, VLAN_RULE, scan
from generator.verify.types import CheckResult
from tests.conftest import DESIGNS, ROOT

HERE = Path(__file__).parent
BRANCH = HERE / "scan-branch.yaml"
EXAMPLES = sorted(p.stem for p in DESIGNS.glob("*.yaml"))
FIRES = (ADDRESS_RULE, VLAN_RULE)  # the rules the tests below fire (tests/rules/test_catalogue.py)


@pytest.fixture(scope="module")
def branch() -> tuple[Deployment, list[Artefact]]:
    deployment = run(BRANCH, "tests/verify/scan-branch.yaml")
    return deployment, artefacts(deployment)


def by_rule(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.rule: r for r in results}


def tampered(outputs: list[Artefact], path: str, old: str, new: str) -> tuple[list[Artefact], int]:
    """``outputs`` with the first ``old`` of artefact ``path`` replaced by ``new``; and that line's number."""
    out = []
    line = 0
    for a in outputs:
        if a.path == path:
            assert isinstance(a.content, str) and old in a.content, (path, old)
            line = a.content[:a.content.index(old)].count("\n") + 1
            out.append(dataclasses.replace(a, content=a.content.replace(old, new, 1)))
        else:
            out.append(a)
    return out, line


def design_line(needle: str) -> int:
    text = BRANCH.read_text()
    return text[:text.index(needle)].count("\n") + 1


def where(deployment: Deployment, results: list[CheckResult], rule: str) -> list[tuple[int, str]]:
    return [(deployment.loaded.where(f.obj, f.attr).line, f.message) for f in by_rule(results)[rule].failures]


# what passes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_writes_only_planned_addresses_and_vlans(name: str) -> None:
    built = build_one(DESIGNS / f"{name}.yaml", f"designs/{name}.yaml")
    assert built.valid
    assert not [f.text() for f in built.findings if f.rule in (ADDRESS_RULE, VLAN_RULE)]
    proof = next(str(a.content) for a in built.outputs if a.path == "proof.md")
    rows = [line for line in proof.splitlines() if f"[{ADDRESS_RULE}]" in line or f"[{VLAN_RULE}]" in line]
    assert len(rows) == 2 and all(row.endswith("| passed |") for row in rows), rows


def test_new_design_passes_and_every_kind_of_artefact_is_read(branch: tuple[Deployment, list[Artefact]]) -> None:
    deployment, outputs = branch
    assert deployment.valid, [f.text() for f in deployment.findings]
    results = by_rule(scan(deployment, outputs))
    assert results[ADDRESS_RULE].failures == () and results[VLAN_RULE].failures == ()
    # nmcli profiles, NX-OS configs, the zone script, the runbook and the CSVs hold ~250 addresses
    assert results[ADDRESS_RULE].cases > 200 and results[VLAN_RULE].cases > 100
    proof = next(str(a.content) for a in outputs if a.path == "proof.md")
    assert f"[{ADDRESS_RULE}](../../rules.md#{ADDRESS_RULE}) | {results[ADDRESS_RULE].cases} | passed" in proof


# tampered artefacts ----------------------------------------------------------------------------

def test_host_config_with_another_hosts_address_fails_at_its_line(branch: tuple[Deployment, list[Artefact]]) -> None:
    deployment, outputs = branch
    mine = deployment.address_plan.address("br1-kvm1", "br1-mgmt")
    theirs = deployment.address_plan.address("br1-kvm2", "br1-mgmt")
    changed, line = tampered(outputs, "hosts/br1-kvm1.sh", f"ipv4.addresses {mine}/24", f"ipv4.addresses {theirs}/24")
    found = where(deployment, scan(deployment, changed), ADDRESS_RULE)
    assert len(found) == 1
    assert found[0][0] == design_line('name: "br1-kvm{id}"')
    assert found[0][1].startswith(f"hosts/br1-kvm1.sh:{line}: the configuration of br1-kvm1 assigns itself "
                                  f"{theirs}/24, but the IP plan gives it to br1-kvm2")


def test_switch_config_with_an_unplanned_address_fails(branch: tuple[Deployment, list[Artefact]]) -> None:
    deployment, outputs = branch
    mine = deployment.address_plan.address("br1-sw1", "br1-mgmt")
    changed, line = tampered(outputs, "configs/br1-sw1.cfg", f"ip address {mine}/24", "ip address 172.20.10.250/24")
    found = where(deployment, scan(deployment, changed), ADDRESS_RULE)
    assert found == [(design_line("name: br1-sw1"),
                      f"configs/br1-sw1.cfg:{line}: the configuration of br1-sw1 assigns itself 172.20.10.250/24, "
                      "but the IP plan gives it to no device")]


def test_wrong_prefix_and_unknown_address_in_documents(branch: tuple[Deployment, list[Artefact]]) -> None:
    deployment, outputs = branch
    mine = deployment.address_plan.address("br1-kvm2", "br1-storage")
    changed, _ = tampered(outputs, "hosts/br1-kvm2.sh", f"{mine}/24", f"{mine}/23")
    changed, line = tampered(changed, "deploy-zone.cmk.sh", "endip=203.0.113.60", "endip=203.0.113.61")
    messages = [m for _, m in where(deployment, scan(deployment, changed), ADDRESS_RULE)]
    assert any(m.startswith("hosts/br1-kvm2.sh:") and f"{mine}/23 has prefix /23" in m for m in messages)
    assert f"deploy-zone.cmk.sh:{line}: 203.0.113.61 is in no plan" in "\n".join(messages)
    assert len(messages) == 2


def test_vlans_no_port_carries_fail(branch: tuple[Deployment, list[Artefact]]) -> None:
    deployment, outputs = branch
    changed, switch_line = tampered(outputs, "configs/br1-sw2.cfg", "vlan 330\n", "vlan 331\n")
    changed, host_line = tampered(changed, "hosts/br1-kvm3.sh", " id 320 ", " id 321 ")
    changed, script_line = tampered(changed, "deploy-zone.cmk.sh", "vlan=1200-1299", "vlan=1200-1399")
    found = where(deployment, scan(deployment, changed), VLAN_RULE)
    assert sorted(found) == sorted([
        (design_line("name: br1-sw2"), f"configs/br1-sw2.cfg:{switch_line}: VLAN 331 is written there, but "
         "br1-sw2's planned ports carry no such VLAN"),
        (design_line('name: "br1-kvm{id}"'), f"hosts/br1-kvm3.sh:{host_line}: VLAN 321 is written there, but "
         "br1-kvm3's planned ports carry no such VLAN"),
        (design_line("name: Branch office cloud"), f"deploy-zone.cmk.sh:{script_line}: VLAN 1200-1399 is written "
         "there, but the deployment plans no such VLAN or VNI range"),
    ])


# a wrong plan lands in the artefacts -----------------------------------------------------------

def test_duplicate_address_planned_into_a_host_config_fails(branch: tuple[Deployment, list[Artefact]]) -> None:
    deployment = Deployment(load_design(BRANCH, "tests/verify/scan-branch.yaml"), [])
    plan = deployment.address_plan
    ms = plan.address("br1-ms1", "br1-mgmt")
    rows = [dataclasses.replace(a, first=ms, last=ms) if a.device == "br1-kvm3" and a.network == "br1-mgmt" else a
            for a in plan.allocations]
    deployment.__dict__["address_plan"] = dataclasses.replace(plan, allocations=rows)
    outputs = artefacts(deployment)
    found = where(deployment, scan(deployment, outputs), ADDRESS_RULE)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == design_line('name: "br1-kvm{id}"')
    assert re.match(rf"[\w./-]+:\d+: {ms} is written there, and the IP plan gives it to br1-kvm3 and br1-ms1$",
                    message)
    host = next(a for a in outputs if a.path == "hosts/br1-kvm3.sh")
    assert f"ipv4.addresses {ms}/24" in str(host.content)  # the duplicate did land in the configuration


def test_a_template_that_writes_a_wrong_address_makes_the_build_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the pipeline: the finding joins the deployment's findings, the validation report and the Proof
    page show it, and the build stops (errors)."""
    real = host_configs.config_text

    def wrong(net: object, source: str) -> str:
        text = real(net, source)  # type: ignore[arg-type]
        return text.replace("172.20.10.21/24", "172.20.10.99/24")

    monkeypatch.setattr(host_configs, "config_text", wrong)
    built = build_one(BRANCH, "tests/verify/scan-branch.yaml")
    assert not built.valid
    errors = [f for f in built.findings if f.severity is Severity.error]
    assert [(f.rule, f.line) for f in errors] == [(ADDRESS_RULE, design_line('name: "br1-kvm{id}"'))]
    assert "hosts/br1-kvm1.sh:" in errors[0].message and "172.20.10.99/24" in errors[0].message
    pages = {a.path: str(a.content) for a in built.outputs}
    assert "172.20.10.99/24" in pages["validation.md"]


def test_address_and_netmask_form_is_an_assignment_too() -> None:
    """IOS-XE writes 'ip address A MASK': the scan reads it as A/prefix, owned by the switch."""
    deployment = run(DESIGNS / "small-scale.yaml", "designs/small-scale.yaml")
    outputs = artefacts(deployment)
    mine = deployment.address_plan.address("lab-sw1", "lab-mgmt")
    kvm = deployment.address_plan.address("lab-kvm02", "lab-mgmt")
    wrong_owner, line = tampered(outputs, "configs/lab-sw1.cfg", f"ip address {mine} 255.255.255.0",
                                 f"ip address {kvm} 255.255.255.0")
    found = [f.message for f in by_rule(scan(deployment, wrong_owner))[ADDRESS_RULE].failures]
    assert found == [f"configs/lab-sw1.cfg:{line}: the configuration of lab-sw1 assigns itself {kvm}, but the IP "
                     "plan gives it to lab-kvm02"]
    wrong_mask, _ = tampered(outputs, "configs/lab-sw1.cfg", f"ip address {mine} 255.255.255.0",
                             f"ip address {mine} 255.255.254.0")
    found = [f.message for f in by_rule(scan(deployment, wrong_mask))[ADDRESS_RULE].failures]
    assert len(found) == 1 and "has prefix /23, but the IP plan puts" in found[0]


# summaries of many networks ----------------------------------------------------------------------

def test_a_summary_of_planned_networks_passes_and_one_beyond_them_fails(tmp_path: Path) -> None:
    """A zone of more pods than the runbook lists one by one writes its console rule for the pods' networks
    merged (10.64.8.0/21 for eight /24s): made of planned networks only, it passes; a summary one prefix
    shorter, which takes in addresses no plan has, still fails at its line. (Found when the runbook's merged
    console rules met the scan: every design of nine pods or more failed to build.)"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from build_bench import valid_design

    path = tmp_path / "many-pods.yaml"
    pods = CONSOLE_PODS_LISTED + 4
    path.write_text(yaml.safe_dump(valid_design(4 * pods, pods), sort_keys=False), "utf-8")
    deployment = run(path)
    assert deployment.valid, [f.text() for f in deployment.findings][:3]
    outputs = artefacts(deployment)
    runbook = next(str(a.content) for a in outputs if a.path == "runbook.md")
    summaries = sorted({m.group(1) for m in re.finditer(r"from (\d+\.\d+\.\d+\.\d+/\d+) to any port 5900", runbook)})
    planned = {str(n.cidr) for n in deployment.design.networks.values()}
    merged = [s for s in summaries if s not in planned]
    assert merged, "the console rules summarise the pods' networks"
    results = by_rule(scan(deployment, outputs))
    assert results[ADDRESS_RULE].failures == ()
    wider = str(ipaddress.IPv4Network(merged[0]).supernet())
    changed, line = tampered(outputs, "runbook.md", f"from {merged[0]} to", f"from {wider} to")
    messages = [f.message for f in by_rule(scan(deployment, changed))[ADDRESS_RULE].failures]
    assert messages == [f"runbook.md:{line}: network {wider} is no network of the IP plan"], messages
