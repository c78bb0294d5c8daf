"""Golden IP and VLAN tables of every example design (pytest --update-golden rewrites them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.outputs.address_tables import ip_csv, vlan_csv
from generator.pipeline import run
from tests.conftest import EXAMPLES, ROOT, check_golden

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("design", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_ip_and_vlan_tables(design: Path, update_golden: bool) -> None:
    deployment = run(design)
    assert deployment.valid, [f.text() for f in deployment.findings]
    check_golden(GOLDEN / deployment.slug / "ip-plan.csv", ip_csv(deployment.address_plan), update_golden)
    check_golden(GOLDEN / deployment.slug / "vlan-plan.csv", vlan_csv(deployment.address_plan), update_golden)
