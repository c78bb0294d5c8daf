"""Property test: on designs Hypothesis draws (the planner tests' strategy), what the planners produce
passes every check that is the planners' own job — one address per device, one VLAN and one tag per
link, labels the hosts build, MTU end to end, LACP identities per pair."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings

from generator.deployment import Deployment
from generator.diagnostics import Severity
from generator.loader.load import load_text
from generator.rules import validate
from generator.verify import prove
from tests.plan.kit import Spec
from tests.plan.test_properties import specs

PLANNERS_OWN = {"VERIFY-DUPLICATE-ADDRESS", "VERIFY-VLAN-TAGGING", "VERIFY-LABEL-WITHOUT-BRIDGE",
                "VERIFY-DOUBLE-TAG", "VERIFY-MTU", "VERIFY-LACP-ID"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_the_planners_pass_their_own_checks(spec: Spec) -> None:
    loaded = load_text(yaml.safe_dump(spec.data(), sort_keys=False), "drawn.yaml")
    assert loaded.design is not None
    deployment = Deployment(loaded, [])
    # The drawn designs are whole enough to plan, not to deploy (no public range, no DNS): the stage
    # proves the plans of any design the planners accept. Explicit addresses the validator rejects as
    # duplicates are not the planners' doing.
    rejected = {f.rule for f in validate(loaded) if f.severity is Severity.error}
    if "ADDRESS-DUPLICATE" in rejected or deployment.address_plan.issues or deployment.port_plan.issues:
        return
    proof = prove(deployment)
    failed = [(i.rule, i.message) for i in proof.issues if i.rule in PLANNERS_OWN]
    assert failed == []
    assert [c.rule for c in proof.checks] == [c.rule for c in prove(deployment).checks]  # deterministic
