"""The verification stage: each defect of issue 12 on the examples and on designs a new user writes,
mutations of the plans that the right check catches at the right line, and the reachability API."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from generator.deployment import Deployment
from generator.diagnostics import Severity
from generator.loader import load_design
from generator.loader.load import load_text
from generator.outputs import proof as proof_output
from generator.pipeline import run
from generator.ports.types import LinkKind, PortMode, PortPlan
from generator.rules import RULES, validate
from generator.switch_configs.view import switch_configs
from generator.verify import PairKind, ReachPair, expected_pairs, prove

ROOT = Path(__file__).resolve().parents[2]
DESIGNS = ROOT / "designs"
HERE = Path(__file__).parent
EXAMPLES = sorted(p.stem for p in DESIGNS.glob("*.yaml"))


def example(name: str) -> Deployment:
    return run(DESIGNS / f"{name}.yaml", f"designs/{name}.yaml")


def edited(name: str, *edits: tuple[str, str]) -> Deployment:
    """An example with text edits, loaded (not validated: the stage proves the plans of any loadable design)."""
    text = (DESIGNS / f"{name}.yaml").read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    loaded = load_text(text, f"{name}-edited.yaml")
    assert loaded.design is not None, loaded.findings
    return Deployment(loaded, [])


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[:text.index(needle, start)].count("\n") + 1


def findings(deployment: Deployment, rule: str) -> list[tuple[int, Severity, str]]:
    out = []
    for issue in prove(deployment).issues:
        if issue.rule == rule:
            mark = deployment.loaded.where(issue.obj, issue.attr)
            out.append((mark.line, issue.severity, issue.message))
    return out


# the catalogue and the examples ---------------------------------------------------------------

def test_verify_rules_are_in_the_catalogue() -> None:
    for rule_id in ("VERIFY-DUPLICATE-ADDRESS", "VERIFY-UNCABLED", "VERIFY-LABEL-WITHOUT-BRIDGE",
                    "VERIFY-VLAN-NOT-JOINED", "VERIFY-SPOF", "VERIFY-MTU", "VERIFY-LACP-ID"):
        assert RULES[rule_id].fact and RULES[rule_id].title


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_builds_a_proof_page_without_errors(name: str) -> None:
    deployment = example(name)
    assert deployment.valid, [f.text() for f in deployment.findings if f.severity is Severity.error]
    page = proof_output.produce(deployment)[0]
    assert page.path == "proof.md"
    text = str(page.content)
    assert "## Reachability at layer 2" in text and "## Failure domains" in text
    assert all(f"[{c}]" in text for c in ("VERIFY-UNCABLED", "VERIFY-SPOF", "VERIFY-LACP-ID"))


# the defects of issue 12 ----------------------------------------------------------------------

def _without_cables_to(deployment: Deployment, device: str) -> Deployment:
    """The plan as it was before servers were cabled by default: no port towards ``device``."""
    rows = [r for r in deployment.port_plan.rows if r.peer_device != device or r.kind is not LinkKind.server]
    deployment.__dict__["port_plan"] = PortPlan(rows=rows, issues=[])
    return deployment


def test_every_server_of_the_examples_is_cabled_by_default() -> None:
    deployment = example("basic-sg")
    cabled = {(r.switch, r.peer_device, r.peer_interface) for r in deployment.port_plan.rows
              if r.kind is LinkKind.server}
    assert {("fra1-p01-sw1", "fra1-ms1", "eno1"), ("fra1-p01-sw2", "fra1-ms1", "eno2"),
            ("fra1-p01-sw1", "fra1-db1", "eno1"), ("fra1-p02-sw2", "fra1-p02-nfs1", "eno2")} <= cabled
    assert findings(deployment, "VERIFY-UNCABLED") == []
    assert findings(deployment, "VERIFY-UNREACHABLE") == []


def test_uncabled_management_server_is_an_error_at_its_line() -> None:
    text = (DESIGNS / "basic-sg.yaml").read_text()
    found = findings(_without_cables_to(example("basic-sg"), "fra1-ms1"), "VERIFY-UNCABLED")
    assert [(line, sev) for line, sev, _ in found] == [(line_of(text, "name: fra1-ms1"), Severity.error)]
    assert "fra1-svc" in found[0][2]


def test_storage_switch_management_port_is_cabled_to_its_network() -> None:
    deployment = example("iscsi-multipath")
    oob = [r for r in deployment.port_plan.rows if r.peer_device == "par1-stor-a" and r.kind is LinkKind.server]
    assert [(r.switch, r.peer_interface, r.mode, [c.network for c in r.carried]) for r in oob] == [
        ("par1-leaf1", "Management1", PortMode.access, ["par1-mgmt"])]
    text = (DESIGNS / "iscsi-multipath.yaml").read_text()
    found = findings(_without_cables_to(deployment, "par1-stor-a"), "VERIFY-UNCABLED")
    assert [line for line, _, m in found if "Management1" in m] == [
        line_of(text, "management:", after="name: par1-stor-a")]


def test_default_cabling_needs_server_ports() -> None:
    deployment = edited("small-scale", ("server_ports: [45, 46, 47]", "server_ports: [45]"))
    issues = [i for i in deployment.port_plan.issues if i.rule == "PORTS-SERVER-PORTS"]
    assert len(issues) == 1 and "lab-nfs1" in issues[0].message


def test_second_firewall_of_a_pair_is_cabled() -> None:
    rows = example("large-scale-redundant").port_plan.rows
    firewalls = {r.peer_device for r in rows if r.kind is LinkKind.uplink and "fw" in r.peer_device}
    assert firewalls == {"ams1-fw1", "ams1-fw2"}


def test_two_junos_pairs_present_different_lacp_identities() -> None:
    deployment = example("basic-sg")
    configs = {c.name: c for c in switch_configs(deployment.design, deployment.inventory, deployment.port_plan,
                                                 deployment.address_plan)}
    ids = {name: {(pc.number, pc.mc_ae.system_id) for pc in c.port_channels if pc.mc_ae}
           for name, c in configs.items()}
    assert ids["fra1-p01-sw1"] == ids["fra1-p01-sw2"]  # one identity per pair
    assert not ids["fra1-p01-sw1"] & ids["fra1-p02-sw1"]
    assert findings(deployment, "VERIFY-LACP-ID") == []


def test_pod_of_27_gives_each_device_its_own_address() -> None:
    deployment = Deployment(load_design(HERE / "pod27-servers.yaml"), [])
    assert findings(deployment, "VERIFY-DUPLICATE-ADDRESS") == []
    plan = deployment.address_plan
    assert plan.address("lab-kvm01", "lab-mgmt") != plan.address("lab-ms1", "lab-mgmt")


def test_public_label_on_the_guest_nic_has_no_bridge() -> None:
    deployment = edited("small-scale", ("- type: public\n                labels: {kvm: cloudbr1}",
                                        "- type: public\n                labels: {kvm: cloudbr2}"))
    text = (DESIGNS / "small-scale.yaml").read_text()
    found = findings(deployment, "VERIFY-LABEL-WITHOUT-BRIDGE")
    assert len(found) == 1 and "cloudbr2" in found[0][2]
    assert found[0][0] == line_of(text, "{kvm: cloudbr1}", after="type: public")


def test_storage_on_a_bridge_over_a_vlan_interface_is_double_tagged() -> None:
    deployment = edited(
        "small-scale",
        ("    cidr: 10.10.0.0/24\n    gateway: 10.10.0.1\n",
         "    cidr: 10.10.0.0/24\n    gateway: 10.10.0.1\n    vlan: 10\n"),
        ("  lab-public:\n", "  lab-storage:\n    cidr: 10.11.0.0/24\n    vlan: 20\n    site: lab\n  lab-public:\n"),
        ("              - type: management\n                labels: {kvm: cloudbr0}\n",
         "              - type: management\n                labels: {kvm: cloudbr0}\n"
         "              - type: storage\n                labels: {kvm: cloudbr0}\n"),
        ("              system_range: 10.10.0.200-10.10.0.229\n",
         "              system_range: 10.10.0.200-10.10.0.229\n"
         "            storage: {network: lab-storage, range: 10.11.0.100-10.11.0.150}\n"),
    )
    found = findings(deployment, "VERIFY-DOUBLE-TAG")
    assert found and "VLAN 20" in found[0][2] and "eno1.10" in found[0][2]


def test_vxlan_guest_nic_left_at_1500_fails_mtu() -> None:
    deployment = edited(
        "small-scale",
        ("              - type: management\n                labels: {kvm: cloudbr0}\n",
         "              - type: management\n                labels: {kvm: cloudbr0}\n"
         "              - type: public\n                labels: {kvm: cloudbr0}\n"),
        ("            interface: eno2\n",
         "            interface: eno2\n            isolation: VXLAN\n            mtu: 9000\n"),
        ("              - type: public\n                labels: {kvm: cloudbr1}\n            guest_vlans: [500-599]\n",
         "            guest_vlans: [500-599]\n"),
    )
    found = findings(deployment, "VERIFY-MTU")
    assert found and "9000" in found[0][2]


def test_single_switch_is_a_spof_warning_unless_the_design_promises_redundancy() -> None:
    text = (DESIGNS / "small-scale.yaml").read_text()
    found = findings(example("small-scale"), "VERIFY-SPOF")
    assert [(line, sev) for line, sev, _ in found] == [(line_of(text, "name: lab-sw1"), Severity.warning)]
    promised = edited("small-scale", ("redundant: false", "redundant: true"))
    assert {sev for _, sev, _ in findings(promised, "VERIFY-SPOF")} == {Severity.error}


# mutations of the plans -----------------------------------------------------------------------

def _mutate_row(deployment: Deployment, pick: str, **changes: object) -> str:
    plan = deployment.port_plan
    rows = list(plan.rows)
    index = next(i for i, r in enumerate(rows) if pick in (f"{r.switch} {r.port}", r.kind.value))
    rows[index] = dataclasses.replace(rows[index], **changes)  # type: ignore[arg-type]
    deployment.__dict__["port_plan"] = PortPlan(rows=rows, issues=[])
    return rows[index].switch


def test_mutated_host_port_vlan_fails_tagging_at_the_switch() -> None:
    deployment = example("basic-sg")
    row = next(r for r in deployment.port_plan.rows if r.kind is LinkKind.host)
    switch = _mutate_row(deployment, f"{row.switch} {row.port}", allowed=row.allowed - {110} | {999})
    text = (DESIGNS / "basic-sg.yaml").read_text()
    found = findings(deployment, "VERIFY-VLAN-TAGGING")
    assert found and {line for line, _, _ in found} == {line_of(text, f"name: {switch}")}


def test_mutated_uplink_without_the_vlan_splits_the_network() -> None:
    deployment = example("large-scale-redundant")
    plan = deployment.port_plan
    leaf = "ams1-p01-leaf1"
    rows = [r for r in plan.rows if r.switch in (leaf, "ams1-p01-leaf2") and r.kind is LinkKind.uplink]
    mgmt = next(c for c in rows[0].carried if c.network == "ams1-p01-mgmt")
    changed = {id(r): dataclasses.replace(r, carried=tuple(c for c in r.carried if c.network != mgmt.network),
                                          allowed=r.allowed - set(mgmt.vlans)) for r in rows}
    deployment.__dict__["port_plan"] = PortPlan(rows=[changed.get(id(r), r) for r in plan.rows], issues=[])
    found = findings(deployment, "VERIFY-VLAN-NOT-JOINED")
    assert found and all("ams1-p01-mgmt" in m for _, _, m in found)
    tagging = findings(deployment, "VERIFY-VLAN-TAGGING")
    assert tagging  # the core's end still carries it


def test_mutated_port_mtu_fails_mtu() -> None:
    deployment = edited("small-scale", ("            interface: eno2\n",
                                        "            interface: eno2\n            mtu: 9000\n"))
    assert findings(deployment, "VERIFY-MTU") == []
    row = next(r for r in deployment.port_plan.rows if r.host_interface == "eno2")
    _mutate_row(deployment, f"{row.switch} {row.port}", mtu=1500)
    text = deployment.loaded.path
    found = findings(deployment, "VERIFY-MTU")
    assert found and "switch ports at 1500" in found[0][2], text


def test_mutated_address_is_a_duplicate_at_the_host_line() -> None:
    deployment = example("small-scale")
    plan = deployment.address_plan
    ms = plan.address("lab-ms1", "lab-mgmt")
    assert ms is not None
    rows = [dataclasses.replace(a, first=ms, last=ms) if a.device == "lab-kvm03" and a.network == "lab-mgmt" else a
            for a in plan.allocations]
    deployment.__dict__["address_plan"] = dataclasses.replace(plan, allocations=rows)
    text = (DESIGNS / "small-scale.yaml").read_text()
    found = findings(deployment, "VERIFY-DUPLICATE-ADDRESS")
    assert [line for line, _, _ in found] == [line_of(text, 'name: "lab-kvm{id:02d}"')]


def test_mutated_label_bridge_is_found() -> None:
    deployment = edited("small-scale", ("- type: guest\n                labels: {kvm: cloudbr1}",
                                        "- type: guest\n                labels: {kvm: cloudbr0}"))
    found = findings(deployment, "VERIFY-LABEL-WITHOUT-BRIDGE")
    text = (DESIGNS / "small-scale.yaml").read_text()
    assert [(line, sev) for line, sev, _ in found] == [(line_of(text, "{kvm: cloudbr1}"), Severity.error)]
    assert "builds cloudbr0 on eno1" in found[0][2] and "eno2" in found[0][2]


# the reachability API -------------------------------------------------------------------------

def test_expected_pairs_are_typed_stable_and_answered() -> None:
    deployment = example("primary-storage-separated")
    pairs = expected_pairs(deployment)
    assert pairs == expected_pairs(example("primary-storage-separated"))
    assert all(isinstance(p, ReachPair) for p in pairs)
    kinds = {p.kind for p in pairs}
    assert PairKind.l2 in kinds and PairKind.isolated in kinds
    host = next(p for p in pairs if p.kind is PairKind.l2 and p.source == "lon1-kvm01"
                and p.networks == ("lon1-primary",) and p.target == "lon1-nas1")
    assert host.must_reach and host.path[0] == "lon1-kvm01" and host.path[-1] == "lon1-nas1"
    isolated = [p for p in pairs if p.kind is PairKind.isolated]
    assert isolated and all(not p.must_reach and p.holds for p in isolated)


def test_proof_page_escapes_design_strings() -> None:
    deployment = edited("small-scale", ("name: Small-scale lab", "name: Lab <b>|x|</b>"))
    text = str(proof_output.produce(deployment)[0].content)
    assert "<b>" not in text and re.search(r"Lab &lt;b&gt;", text)


def test_validation_of_loaded_design_still_passes_through_the_yaml_loader() -> None:
    data = yaml.safe_load((DESIGNS / "small-scale.yaml").read_text())
    loaded = load_text(yaml.safe_dump(data), "x.yaml")
    assert not [f for f in validate(loaded) if f.severity is Severity.error]
    assert PortMode.access  # the modes the checks read


# every proof rule fires -----------------------------------------------------------------------

def _old_lacp_ids(monkeypatch: pytest.MonkeyPatch) -> Deployment:
    """Before the fix the system id came from the port-channel number alone."""
    from generator.switch_configs import view

    monkeypatch.setattr(view, "lacp_system_id", lambda sw, n: f"02:00:00:00:{n // 256:02x}:{n % 256:02x}")
    return example("basic-sg")


def _mutated_duplicate(_: pytest.MonkeyPatch) -> Deployment:
    deployment = example("small-scale")
    plan = deployment.address_plan
    ms = plan.address("lab-ms1", "lab-mgmt")
    assert ms is not None
    rows = [dataclasses.replace(a, first=ms, last=ms) if a.device == "lab-kvm01" and a.network == "lab-mgmt" else a
            for a in plan.allocations]
    deployment.__dict__["address_plan"] = dataclasses.replace(plan, allocations=rows)
    return deployment


def _split_uplinks(_: pytest.MonkeyPatch) -> Deployment:
    deployment = example("large-scale-redundant")
    plan = deployment.port_plan
    rows = [dataclasses.replace(r, carried=tuple(c for c in r.carried if c.network != "ams1-p01-mgmt"))
            if r.switch.startswith("ams1-p01-leaf") and r.kind is LinkKind.uplink else r for r in plan.rows]
    deployment.__dict__["port_plan"] = PortPlan(rows=rows, issues=[])
    return deployment


def _tagging(_: pytest.MonkeyPatch) -> Deployment:
    deployment = example("basic-sg")
    row = next(r for r in deployment.port_plan.rows if r.kind is LinkKind.host)
    _mutate_row(deployment, f"{row.switch} {row.port}", allowed=row.allowed | {999})
    return deployment


GUEST_LABEL = "labels: {kvm: cloudbr1}\n              - type: public"

FIRING = {
    "VERIFY-UNCABLED": lambda _: _without_cables_to(example("basic-sg"), "fra1-ms1"),
    "VERIFY-UNREACHABLE": lambda _: _without_cables_to(example("basic-sg"), "fra1-ms1"),
    "VERIFY-VLAN-NOT-JOINED": _split_uplinks,
    "VERIFY-VLAN-TAGGING": _tagging,
    "VERIFY-SPOF": lambda _: example("small-scale"),
    "VERIFY-LABEL-WITHOUT-BRIDGE": lambda _: edited("small-scale", (GUEST_LABEL, GUEST_LABEL.replace("br1", "br3"))),
    "VERIFY-MTU": lambda _: edited("small-scale", ("            interface: eno2\n",
                                                   "            interface: eno2\n            isolation: VXLAN\n")),
    "VERIFY-DUPLICATE-ADDRESS": _mutated_duplicate,
    "VERIFY-LACP-ID": _old_lacp_ids,
}


@pytest.mark.parametrize("rule_id", sorted(FIRING))
def test_proof_rule_fires(rule_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert findings(FIRING[rule_id](monkeypatch), rule_id)


def test_every_proof_rule_has_a_firing_case() -> None:
    from generator.rules import Phase

    proof_rules = {r.id for r in RULES.values() if r.phase is Phase.proof}
    # VERIFY-DOUBLE-TAG is fired by its own test above; the artefact scan's rules by tests/verify/test_scan.py
    assert proof_rules - set(FIRING) == {"VERIFY-DOUBLE-TAG", "VERIFY-ARTEFACT-ADDRESS", "VERIFY-ARTEFACT-VLAN"}
    assert set(FIRING) <= proof_rules
