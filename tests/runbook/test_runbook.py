"""Runbooks of the example designs: golden files, structure, roles, and no secret in any output."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from generator import pipeline
from generator.artefacts import Artefact
from generator.export import SCRIPT_PATH, vault
from generator.outputs.runbook import produce
from generator.runbook.build import build_runbook, context
from generator.runbook.model import Role, Runbook, Step
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
             "certificates", "acceptance", "day2"]
    assert keys == [k for k in order if k in keys]
    assert {"preflight", "mysql", "management", "hosts", "zone", "certificates", "acceptance", "day2"} <= set(keys)


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
    built = deployment(path)
    assert built.loaded.design is not None
    # The vault's own entries, and the placeholders the design names (a Ceph cluster's key).
    names = {s.name for s in vault.ALL} | {c.secret_var for c in built.loaded.design.ceph_clusters}
    for artefact in pipeline.artefacts(built):
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


VAULT_REF = re.compile(r"\$\{?(" + "|".join(s.name for s in vault.ALL) + r")\b(\}|:\?[^}]*\})?")


def _shell_texts(step: Step) -> list[tuple[str, str]]:
    """(caption, text) of every bash command and check of a step, its notes' commands included."""
    commands = [*step.commands, *(c for n in step.notes for c in n.commands)]
    out = [(c.caption, c.text) for c in commands if c.lang == "bash"]
    out += [("check", c.command) for c in step.checks if c.command and c.lang == "bash"]
    return out


@examples
def test_secrets_in_commands_refuse_to_run_without_them_and_say_so(path: Path) -> None:
    """A vault variable does not follow the installer over ssh: a command on another machine must not
    run with it empty (chpasswd, ALTER USER and cloudstack-setup-databases would set empty passwords)."""
    rb = runbook(path)
    page = {a.path: str(a.content) for a in artefacts(path)}["runbook.md"]
    announced = 0
    for step in rb.steps:
        for caption, text in _shell_texts(step):
            if caption == SCRIPT_PATH:
                continue  # the zone script checks its own secrets before the first call
            for match in VAULT_REF.finditer(text):
                assert match.group(0) == "${" + match.group(1) + ":?}", (step.title, match.group(0))
        for command in step.commands:
            if command.needs:
                announced += 1
                assert f", in a shell holding {', '.join(command.needs)}:" in page, (step.title, command.needs)
        for check in step.checks:
            if check.needs:
                announced += 1
                assert f", in a shell holding {', '.join(check.needs)}\"" in page, (step.title, check.needs)
    assert announced and page.count(", in a shell holding ") == announced


MYSQL_CALL = re.compile(r"^(?:MYSQL_PWD=\S+ )?mysql (?!--version)[^\n]*", re.M)  # a client login


@examples
def test_root_logs_in_to_mysql_with_its_password_once_it_has_one(path: Path) -> None:
    """The first statement gives root its password (socket logins without one end there); every later
    root login on a database server must use it, or the checks and the replica's set-up fail."""
    steps = next(p for p in runbook(path).phases if p.key == "mysql").steps
    calls = [m.group(0) for s in steps for _, text in _shell_texts(s) for m in MYSQL_CALL.finditer(text)]
    assert calls, "no mysql call in the MySQL phase"
    assert "ALTER USER 'root'@'localhost'" in calls[0] and "MYSQL_PWD" not in calls[0]
    for call in calls[1:]:
        bootstrap = "CHANGE REPLICATION SOURCE" in call  # the replica's root, before the primary's replicate
        assert ("MYSQL_PWD=" in call) != bootstrap, call


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck is not installed (Debian: apt-get install shellcheck; scripts/setup.sh does it)")
@examples
def test_runbook_shell_passes_shellcheck(path: Path) -> None:
    """Each step's bash (commands, then checks, in one file) as shellcheck sees it. SC1010: `ping -M do`."""
    problems = []
    for step in runbook(path).steps:
        texts = _shell_texts(step)
        if not texts:
            continue
        script = "\n".join(t for _, t in texts) + "\n"
        done = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "--exclude=SC1010", "-"],
                              input=script, text=True, capture_output=True, check=False)
        if done.returncode:
            problems.append(f"{step.id} {step.title}:\n{done.stdout}")
    assert not problems, "\n".join(problems)


STARTED = re.compile(r"^systemctl (?:re)?start ([\w@. -]+)$", re.M)
ENABLED = re.compile(r"^systemctl enable (?:--now )?([\w@. -]+)$", re.M)
# ssh: enabled from the OS install on, only reloaded; rpc-statd: a static unit nfs-server pulls in.
STARTED_AT_BOOT_ANYWAY = {"ssh", "sshd", "rpc-statd"}


@examples
def test_services_a_step_starts_also_start_at_boot(path: Path) -> None:
    """A service started by hand but not enabled (nfs-server on EL, libvirtd on EL 9) is gone after the
    first reboot of that machine."""
    for step in runbook(path).steps:
        text = "\n".join(c.text for c in step.commands)
        started = {u for m in STARTED.finditer(text) for u in m.group(1).split()}
        enabled = {u for m in ENABLED.finditer(text) for u in m.group(1).split()}
        assert started - enabled <= STARTED_AT_BOOT_ANYWAY, (step.title, started - enabled)


@examples
def test_agent_server_list_check_allows_the_order_the_algorithm_gives(path: Path) -> None:
    """With indirect.agent.lb.algorithm each agent gets the servers in its own order (roundrobin
    rotates them) and agent.properties may carry '@<algorithm>': no check may expect one literal list."""
    checks = [c for s in runbook(path).steps for c in s.checks if "^host=" in c.command]
    for check in checks:
        assert not re.search(r"host=\d+\.\d+\.\d+\.\d+,", check.expect), check.expect
        assert "any order" in check.expect


@examples
def test_host_names_are_checked_before_the_post_install_checks_rely_on_them(path: Path) -> None:
    """listHosts shows a KVM host under its own hostname: the post-install check looks for the design's names."""
    rb = runbook(path)
    for step in next(p for p in rb.phases if p.key == "hosts").steps:
        if step.title.startswith("Bridges and addresses of the KVM hosts"):
            assert any(c.command == "hostname" for c in step.checks), step.title


@examples
def test_marvin_is_built_from_the_cloudstack_source_not_pypi(path: Path) -> None:
    """PyPI's 'marvin' is an unrelated package: Marvin comes from tools/marvin of the release's source."""
    text = str({a.path: a for a in artefacts(path)}["runbook.md"].content)
    assert "pip package Marvin" not in text and not re.search(r"pip3? install [Mm]arvin\b", text)
    assert "--branch 4.22.0.0 https://github.com/apache/cloudstack.git" in text
    assert "tools/marvin && python3 setup.py sdist" in text


def test_storage_servers_are_told_their_trunks_and_the_bond_their_two_ports_need() -> None:
    """A storage array on tagged trunks is told to tag (a VLAN interface per VLAN); two NICs on two switches
    without a port-channel get an active-backup bond."""
    path = next(p for p in EXAMPLES if p.stem == "multi-site")
    storage = next(ph for ph in runbook(path).phases if ph.key == "storage")
    ports = next(s for s in storage.steps if s.title == "Network ports of dc1-nfs1")
    assert ports.table is not None
    assert ("eno1", "dc1-p01-leaf1 Ethernet47", "trunk", "tagged VLAN 110 (dc1-p01-mgmt)") in ports.table.rows
    assert "create a VLAN interface" in ports.text and "active-backup" in ports.text
    assert any("mode=active-backup" in c.text for c in ports.commands)
    sec = next(s for s in storage.steps if s.title == "Network ports of dc1-sec1")
    assert "Every port is an access port" in sec.text
