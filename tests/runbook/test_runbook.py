"""Runbooks of the example designs: golden files, structure, roles, and no secret in any output."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from generator.artefacts import Artefact
from generator.export import vault
from generator.outputs.runbook import produce
from generator.runbook.build import build_runbook, context
from generator.runbook.model import Role, Runbook
from tests.conftest import EXAMPLES, ROOT, check_golden
from tests.export.conftest import EXAMPLE_IDS, deployment

GOLDEN = Path(__file__).parent / "golden"
examples = pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)


@cache
def runbook(path: Path) -> Runbook:
    return build_runbook(context(deployment(path)))


@cache
def artefacts(path: Path) -> tuple[Artefact, ...]:
    return tuple(produce(deployment(path)))


@examples
def test_golden(path: Path, update_golden: bool) -> None:
    for artefact in artefacts(path):
        check_golden(GOLDEN / path.stem / artefact.path, artefact.content, update_golden)


@examples
def test_pages_and_files(path: Path) -> None:
    found = {a.path: a for a in artefacts(path)}
    assert sorted(found) == ["deploy-zone.cmk.sh", "marvin.json", "runbook-cloud.md", "runbook-network.md",
                             "runbook-storage.md", "runbook.md"]
    assert [found[p].order for p in ("runbook.md", "runbook-network.md", "runbook-storage.md", "runbook-cloud.md")] \
        == [70, 71, 72, 73]


@examples
def test_phases_in_install_order(path: Path) -> None:
    keys = [p.key for p in runbook(path).phases]
    order = ["preflight", "cabling", "switches", "storage", "mysql", "management", "templates", "hosts", "zone",
             "checks"]
    assert keys == [k for k in order if k in keys]
    assert {"preflight", "mysql", "management", "hosts", "zone", "checks"} <= set(keys)


@examples
def test_every_step_has_a_check_with_an_expected_result(path: Path) -> None:
    rb = runbook(path)
    ids = [s.id for s in rb.steps]
    assert len(ids) == len(set(ids))
    for phase in rb.phases:
        for step in phase.steps:
            assert step.checks, step.title
            for check in step.checks:
                assert check.expect and check.where
                assert check.command or phase.key == "preflight", step.title  # only site checks are physical


@examples
def test_role_pages_hold_only_their_role(path: Path) -> None:
    rb = runbook(path)
    for role in Role:
        part = rb.for_role(role)
        assert all(s.role is role for s in part.steps)
        assert [s.id for s in part.steps] == [s.id for s in rb.steps if s.role is role]
    assert sum(len(rb.for_role(r).steps) for r in Role) == len(rb.steps)


@examples
def test_pages_have_checkboxes_and_role_pages_no_links(path: Path) -> None:
    found = {a.path: str(a.content) for a in artefacts(path)}
    rb = runbook(path)
    assert found["runbook.md"].count("\n- [ ] **") == len(rb.steps)
    for role in Role:
        page = found[f"runbook-{role.value}.md"]
        assert page.count("\n- [ ] **") == len(rb.for_role(role).steps)
        assert not re.search(r"\]\([^)]*\)", page), "a printable page links elsewhere"


@examples
def test_zone_phase_shows_the_script(path: Path) -> None:
    found = {a.path: str(a.content) for a in artefacts(path)}
    script = found["deploy-zone.cmk.sh"]
    assert script.strip() in found["runbook.md"]
    assert script.strip() in found["runbook-cloud.md"]


SECRET_ASSIGNMENT = re.compile(
    r"(?i)(?<![\w$])(password|passwd|secretkey|securityKey|apikey|secret)(\"?\s*[:=]\s*\"?|=\"|=)([^\s\"',;)]*)")


@examples
def test_no_secret_value_in_any_output(path: Path) -> None:
    """Every password or key in every artefact is a reference to a vault variable, never a value."""
    names = {s.name for s in vault.ALL}
    for artefact in deployment(path).artefacts():
        text = artefact.data().decode("utf-8", errors="replace")
        for match in SECRET_ASSIGNMENT.finditer(text):
            value = match.group(3)
            if not value:
                continue
            reference = re.fullmatch(r"\$\{?(\w+)\}?(:\?.*)?|<[^>]*>?", value)
            assert reference is not None and (reference.group(1) is None or reference.group(1) in names), \
                f"{artefact.path}: {match.group(0)!r}"


def test_goldens_cover_every_example() -> None:
    if not GOLDEN.exists():
        pytest.skip("no golden files yet")
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == sorted(p.stem for p in EXAMPLES), \
        f"golden folders in {GOLDEN.relative_to(ROOT)} do not match designs/: run pytest --update-golden"
