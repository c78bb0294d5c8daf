"""NFS exports (generator/rules/nfs.py): the /etc/exports block in the runbook and the zone script's paths."""

from __future__ import annotations

import pytest

from generator.deployment import Deployment
from generator.export import zone_export
from generator.loader.load import load_text
from generator.rules import validate
from generator.runbook.build import build_runbook, context
from tests.rules.kit import Case, Data, check_fires, check_quiet, mutated, pool, run, zone


def server(d: Data) -> Data:
    s: Data = d["storage_servers"][0]
    return s


def with_exports(d: Data) -> None:
    """What a new user writes for the lab's NFS server: the two exports, open to the management subnet (hosts,
    system VMs and the management server all live there)."""
    server(d)["exports"] = [
        {"path": "/export/primary", "clients": ["10.10.0.0/24"], "options": ["rw", "sync", "no_root_squash"]},
        {"path": "/export/secondary", "clients": ["10.10.0.0/24"], "version": "4.1"},
    ]
    d["settings"]["secstorage.nfs.version"] = "4.1"  # the secondary-storage VM mounts what the export offers


def pool_path_not_exported(d: Data) -> None:
    with_exports(d)
    pool(d)["path"] = "/srv/primary"


def path_below_an_export(d: Data) -> None:
    with_exports(d)
    pool(d)["path"] = "/export/primary/c01/"


def clients_miss_the_hosts(d: Data) -> None:
    with_exports(d)
    server(d)["exports"][0]["clients"] = ["10.99.0.0/24", "lab-ms1"]


def clients_cover_part_of_the_subnet(d: Data) -> None:
    """A client list narrower than the subnet may still name every host: no finding without the plan."""
    with_exports(d)
    server(d)["exports"][0]["clients"] = ["10.10.0.0/25", "10.10.0.200/29"]


def secondary_clients_miss_the_ssvm(d: Data) -> None:
    with_exports(d)
    server(d)["exports"][1]["clients"] = ["lab-ms1"]


def everyone(d: Data) -> None:
    with_exports(d)
    server(d)["exports"][1]["clients"] = ["*"]


CASES = [
    Case("NFS-EXPORT-MISSING", pool_path_not_exported, ("lab-primary1", "/srv/primary", "lab-nfs1",
                                                         "/export/primary"), path_below_an_export,
         at="/srv/primary"),
    Case("NFS-EXPORT-CLIENTS", clients_miss_the_hosts, ("/export/primary", "the hosts of pod lab-p01",
                                                         "10.10.0.0/24"), clients_cover_part_of_the_subnet,
         at="10.99.0.0/24"),
    Case("NFS-EXPORT-CLIENTS", secondary_clients_miss_the_ssvm, ("/export/secondary",
                                                                 "secondary-storage VM of pod lab-p01"), everyone,
         at="lab-ms1"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def _deployment(data: Data, allow: tuple[str, ...] = ()) -> Deployment:
    text, findings = run(data)
    assert [f.text() for f in findings if f.severity.value == "error" and f.rule not in allow] == []
    loaded = load_text(text, "case.yaml")
    return Deployment(loaded, validate(loaded))


def test_the_runbook_writes_etc_exports_from_the_design() -> None:
    runbook = build_runbook(context(_deployment(mutated(with_exports))))
    step = next(s for s in runbook.steps if s.title == "NFS exports on lab-nfs1")
    setup = step.commands[0].text
    block = setup.split("cat >> /etc/exports <<'EOF'\n")[1].split("\nEOF")[0].splitlines()
    assert block == ["/export/primary 10.10.0.0/24(rw,sync,no_root_squash)",
                     "/export/secondary 10.10.0.0/24(rw,async,no_root_squash,no_subtree_check)"]
    assert step.table is not None
    assert [r[3] for r in step.table.rows] == ["3", "4.1"]


def test_an_export_path_with_spaces_stays_one_path_in_etc_exports() -> None:
    data = mutated(with_exports)
    server(data)["exports"][0]["path"] = "/export/my primary"
    pool(data)["path"] = "/export/my primary"
    # NFS-PATH-FORMAT refuses the path; were it let through, /etc/exports would still read one path.
    runbook = build_runbook(context(_deployment(data, allow=("NFS-PATH-FORMAT",))))
    setup = next(s for s in runbook.steps if s.title == "NFS exports on lab-nfs1").commands[0].text
    assert "/export/my\\040primary 10.10.0.0/24(rw,sync,no_root_squash)" in setup


def test_the_zone_script_spells_the_path_as_the_export_does() -> None:
    data = mutated(path_below_an_export)
    zone(data)["secondary_storage"][0]["path"] = "export/secondary/"
    export = zone_export(_deployment(data))
    urls = [c.text("url") for c in export.calls if c.api in ("createStoragePool", "addImageStore")]
    assert "nfs://10.10.0.5/export/primary/c01" in urls or any(u and u.endswith("/export/primary/c01")
                                                               for u in urls), urls
    assert any(u and u.endswith("/export/secondary") for u in urls), urls


@pytest.mark.parametrize(("field", "value"), [("clients", ["10.0.0.0/24 (rw)"]), ("clients", ["a;b"]),
                                              ("options", ["rw,sync"]), ("options", ["rw) * (rw"]),
                                              ("path", "export/primary")])
def test_export_fields_refuse_what_would_change_etc_exports(field: str, value: object) -> None:
    data = mutated(with_exports)
    server(data)["exports"][0][field] = value
    _, findings = run(data)
    assert any(f.rule.startswith("SCHEMA") for f in findings), [f.text() for f in findings]
