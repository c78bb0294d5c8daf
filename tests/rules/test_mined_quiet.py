"""No false positives: the mined rules stay silent on every example design and on the field list's
"not mistakes" (a storage range inside the management subnet, #3263; an empty KVM label, #8810)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loader.load import load_text
from generator.rules import RULES, validate
from tests.conftest import DESIGNS
from tests.rules.kit import Data, base, early, pnet, pod, run

MINED_MODULES = ("zone_networks", "host_networking", "hypervisor_pools", "storage_layout", "management_platform")
MINED = sorted(r.id for r in RULES.values() if r.check.__module__.rpartition(".")[2] in MINED_MODULES)


def test_the_mined_catalogue_holds_thirty_rules() -> None:
    assert len(MINED) >= 30, MINED


@pytest.mark.parametrize("path", sorted(DESIGNS.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_are_clean(path: Path) -> None:
    findings = validate(load_text(path.read_text(encoding="utf-8"), str(path)))
    hits = [f.text() for f in findings if f.rule in MINED]
    assert not hits, "\n".join(hits)


def storage_range_in_management_subnet(d: Data) -> None:
    """apache/cloudstack#3263: the storage range may sit in the management subnet."""
    pod(d)["storage"] = {"network": "lab-mgmt", "range": "10.10.0.240-10.10.0.250"}
    pnet(d, "management")["traffic"].append({"type": "storage", "labels": {"kvm": "cloudbr0"}})


def empty_kvm_management_label(d: Data) -> None:
    """apache/cloudstack#8810: an empty KVM label means cloudbr0."""
    pnet(d, "management")["traffic"][0]["labels"] = {}


@pytest.mark.parametrize("mutation", [storage_range_in_management_subnet, empty_kvm_management_label],
                         ids=lambda m: m.__name__)
def test_not_mistakes_are_clean(mutation: object) -> None:
    d = base()
    assert callable(mutation)
    mutation(d)
    _, findings = run(d)
    stopped = [f.text() for f in findings if early(f)]
    assert not stopped, "the design did not reach the design rules:\n" + "\n".join(stopped)
    hits = [f.text() for f in findings if f.rule in MINED]
    assert not hits, "\n".join(hits)
