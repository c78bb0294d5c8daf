"""Racks, cables, materials and device pages, on a design written for them (two racks of one pod).

The rack rules are shown to fail when they should by mutating that design, one rule at a time, and
checking the finding names the line of the value at fault.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from generator.artefacts import Artefact
from generator.cabling import cabling
from generator.deployment import Deployment
from generator.pipeline import artefacts, run, run_text
from generator.ports import LinkKind
from generator.site.pages import deployment_pages
from tests.conftest import ROOT, check_golden
from tests.core.shuffle import shuffled

DESIGN = Path(__file__).with_name("two-racks.yaml")
TEXT = DESIGN.read_text()
GOLDEN = ROOT / "tests" / "golden" / "two-racks"


@pytest.fixture(scope="module")
def deployment() -> Deployment:
    d = run(DESIGN)
    assert d.valid, [f.text() for f in d.findings]
    return d


@pytest.fixture(scope="module")
def outputs(deployment: Deployment) -> dict[str, Artefact]:
    return {a.path: a for a in artefacts(deployment)}


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _mutated(old: str, new: str) -> tuple[Deployment, str]:
    assert TEXT.count(old) == 1, old
    text = TEXT.replace(old, new)
    return run_text(text, "tests/devices/two-racks.yaml"), text


# --- placement ---------------------------------------------------------------------------------------

def test_devices_are_placed_by_the_rule(deployment: Deployment) -> None:
    """Switches at the top, hosts from the bottom of their pod's racks in name order, explicit positions kept."""
    plan = deployment.rack_plan
    where = {p.device: (p.rack, p.position, p.units) for p in plan.placed}
    assert where["dc1-sw1"] == ("dc1-r01", 12, 1)
    assert where["dc1-sw2"] == ("dc1-r02", 24, 1)
    assert [where[f"dc1-kvm0{i}"] for i in range(1, 6)] == [("dc1-r01", u, 2) for u in (1, 3, 5, 7, 9)]
    assert where["dc1-ms1"] == ("dc1-r01", 11, 1)  # the one free unit left below the switch
    assert where["dc1-kvm09"] == ("dc1-r02", 10, 2)  # placed by hand
    assert [where[h] for h in ("dc1-kvm06", "dc1-kvm07", "dc1-kvm08", "dc1-kvm10")] == [
        ("dc1-r02", 1, 2), ("dc1-r02", 3, 2), ("dc1-r02", 5, 2), ("dc1-r02", 7, 2)]
    assert where["dc1-nfs1"] == ("dc1-r02", 20, 2)
    assert plan.power("dc1-r01") == 5 * 500 + 300 + 250
    assert not plan.problems


# --- the rules, each shown to fail ------------------------------------------------------------------

def _finding(d: Deployment, rule: str) -> tuple[int, str]:
    found = [f for f in d.findings if f.rule == rule]
    assert found, [f.text() for f in d.findings]
    assert not d.valid
    return found[0].line, found[0].message


def test_overlap_is_found_at_the_position() -> None:
    d, text = _mutated("    rack: dc1-r02\n    position: 20\n", "    rack: dc1-r02\n    position: 11\n")
    line, message = _finding(d, "RACK-OVERLAP")
    assert line == _line_of(text, "    position: 11\n")
    assert "dc1-nfs1 (U11-U12) overlaps dc1-kvm09 in rack dc1-r02" in message


def test_a_device_above_the_top_does_not_fit() -> None:
    d, text = _mutated("    rack: dc1-r02\n    position: 20\n", "    rack: dc1-r02\n    position: 24\n")
    line, message = _finding(d, "RACK-DOES-NOT-FIT")
    assert line == _line_of(text, "    position: 24\n")
    assert "reaches U25, above the top of rack dc1-r02 (24 U)" in message


def test_hosts_beyond_their_pods_racks_do_not_fit() -> None:
    d, text = _mutated('id: 1, count: 10}', 'id: 1, count: 16}')
    line, message = _finding(d, "RACK-DOES-NOT-FIT")
    assert line == _line_of(text, '{name: "dc1-kvm{id:02d}"')
    assert "does not fit in the racks of pod dc1-p01" in message


def test_power_over_the_budget() -> None:
    d, text = _mutated("power_budget_watts: 3500}", "power_budget_watts: 3000}")
    line, message = _finding(d, "RACK-POWER-OVER-BUDGET")
    assert line == _line_of(text, "dc1-r01, site: dc1")
    assert "draw 3050 W, more than its budget of 3000 W" in message


def test_an_unknown_rack_is_a_reference_error() -> None:
    d, text = _mutated("    rack: dc1-r01\n    power_watts: 300\n", "    rack: dc1-r1\n    power_watts: 300\n")
    line, message = _finding(d, "RACK-REFERENCE")
    assert line == _line_of(text, "    rack: dc1-r1\n")
    assert "rack dc1-r1, which is not in 'racks'" in message


def test_a_rack_of_another_site() -> None:
    d, _ = _mutated("{name: dc1-r02, site: dc1,", "{name: dc1-r02, site: dc9,")
    _finding(d, "RACK-REFERENCE")  # a site that does not exist
    second_site = "  - name: dc1\n    location: Hall 1\n  - name: dc2\n"
    moved = TEXT.replace("  - name: dc1\n    location: Hall 1\n", second_site)
    moved = moved.replace("{name: dc1-r02, site: dc1,", "{name: dc1-r02, site: dc2,")
    d = run_text(moved, "tests/devices/two-racks.yaml")
    line, message = _finding(d, "RACK-SITE")
    assert line == _line_of(moved, "    rack: dc1-r02\n    power_watts: 300\n")  # dc1-sw2, the first in the file
    assert "switch dc1-sw2 is at site dc1, but rack dc1-r02 stands at site dc2" in message


def test_the_cli_exits_non_zero_with_file_and_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    bad = tmp_path / "two-racks.yaml"
    bad.write_text(TEXT.replace("power_budget_watts: 3500}", "power_budget_watts: 3000}"))
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert re.search(r"two-racks\.yaml:\d+:\d+: error RACK-POWER-OVER-BUDGET", result.output), result.output


# --- cables and materials ------------------------------------------------------------------------------

def test_one_cable_row_per_planned_cable(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    """Host and server NICs once each, every link between switches once (the port plan lists it on both)."""
    rows = deployment.port_plan.rows
    switch_ports = {(r.switch, r.port) for r in rows}
    edge = sum(1 for r in rows if r.edge)
    between = sum(1 for r in rows if not r.edge and (r.peer_device, r.peer_interface) in switch_ports)
    to_firewall = sum(1 for r in rows if not r.edge and (r.peer_device, r.peer_interface) not in switch_ports)
    assert between % 2 == 0
    planned = edge + between // 2 + to_firewall
    table = list(csv.reader(io.StringIO(str(outputs["cables.csv"].content))))
    assert len(table) - 1 == planned == 26
    labels = [r[0] for r in table[1:]]
    assert len(set(labels)) == len(labels), "every cable has its own label"
    ends = {frozenset([(r[1], r[4]), (r[5], r[8])]) for r in table[1:]}
    assert len(ends) == planned, "no cable twice, A→Z or Z→A"
    sheet = str(outputs["cables.md"].content)
    assert all(f"`{label}`" in sheet for label in labels)


def test_media_follow_the_racks(deployment: Deployment) -> None:
    by_label = {c.label: c for c in cabling(deployment).cables}
    in_rack = by_label["dc1-sw1-001"]  # dc1-kvm01 in dc1-r01 to the switch at its top
    assert (in_rack.a.device, in_rack.a.rack, in_rack.a.position) == ("dc1-kvm01", "dc1-r01", 1)
    assert in_rack.dac and in_rack.optic == "" and "DAC" in in_rack.medium
    across = by_label["dc1-sw1-006"]  # dc1-kvm06 in dc1-r02 to dc1-sw1 in dc1-r01
    assert not across.dac and across.optic == "SFP28 25GBASE-SR" and "fibre" in across.medium
    peer = [c for c in by_label.values() if c.kind is LinkKind.peer_link]
    assert [(c.a.device, c.z.device) for c in peer] == [("dc1-sw1", "dc1-sw2")] * 2


def test_bill_of_materials(outputs: dict[str, Artefact]) -> None:
    table = list(csv.reader(io.StringIO(str(outputs["bom.csv"].content))))
    assert table[0] == ["category", "item", "detail", "quantity", "power_each_w", "power_total_w"]
    rows = {(r[0], r[1]): r for r in table[1:]}
    assert rows[("Hypervisor hosts", "kvm-2u")][3:] == ["10", "500", "5000"]
    assert rows[("Switches", "arista_eos")][3] == "2"
    assert rows[("Servers", "nfs storage server")][3:] == ["1", "400", "400"]
    optics = sum(int(r[3]) for r in table[1:] if r[0] == "Optics and direct-attach cables" and "SR" in r[1])
    dacs = sum(int(r[3]) for r in table[1:] if r[0] == "Optics and direct-attach cables" and "DAC" in r[1])
    fibres = sum(int(r[3]) for r in table[1:] if r[0] == "Cables" and "fibre" in r[1])
    assert optics == 2 * fibres and dacs + fibres == 26
    assert rows[("Racks", "dc1-r01")][5] == "3050"
    assert "| kvm-2u |" in str(outputs["bom.md"].content)


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    """A switch model that starts like a formula stays text in bom.csv."""
    d = run_text(TEXT.replace("    platform: arista_eos\n    site: dc1\n    pod: dc1-p01\n    peer: dc1-sw2\n",
                              "    platform: arista_eos\n    model: '=HYPERLINK(1)'\n    site: dc1\n    pod: dc1-p01\n"
                              "    peer: dc1-sw2\n"), "tests/devices/two-racks.yaml")
    bom = next(a for a in artefacts(d) if a.path == "bom.csv")
    assert "'=HYPERLINK(1)" in str(bom.content)


# --- rack elevations -----------------------------------------------------------------------------------

def test_rack_svgs_are_self_contained_and_escape_design_text() -> None:
    hostile = '<script>alert(1)</script>&"x'
    text = TEXT.replace("    platform: arista_eos\n    site: dc1\n    pod: dc1-p01\n    peer: dc1-sw2\n",
                        f"    platform: arista_eos\n    model: '{hostile}'\n    site: dc1\n    pod: dc1-p01\n"
                        "    peer: dc1-sw2\n")
    d = run_text(text, "tests/devices/two-racks.yaml")
    assert d.valid, [f.text() for f in d.findings]
    svgs = {a.path: a for a in artefacts(d) if a.path.endswith(".svg") and "rack" in a.path}
    assert sorted(svgs) == ["racks/rack-dc1-r01.svg", "racks/rack-dc1-r02.svg"]
    root = ElementTree.fromstring(svgs["racks/rack-dc1-r01.svg"].data())
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert hostile in texts, "the model is shown as written"
    links = []
    for element in root.iter():
        assert not element.tag.endswith("script")
        assert not any(k.startswith("on") for k in element.attrib)
        hrefs = [v for k, v in element.attrib.items() if k.endswith("href")]
        assert not hrefs or element.tag == "{http://www.w3.org/2000/svg}a", "only a device's link has a target"
        links += hrefs
    # every device of the rack links to its page, and nothing else is linked
    in_rack = sorted(p.device for p in d.rack_plan.in_rack("dc1-r01"))
    assert sorted(links) == sorted(f"../devices/{name}.html" for name in in_rack) and "dc1-sw1" in in_rack
    assert "dc1-sw1" in texts and "U11" not in texts and "11" in texts


# --- device pages --------------------------------------------------------------------------------------

def test_device_page_golden(outputs: dict[str, Artefact], update_golden: bool) -> None:
    check_golden(GOLDEN / "devices" / "dc1-kvm06.md", str(outputs["devices/dc1-kvm06.md"].content), update_golden)


def test_every_device_has_a_page_out_of_the_navigation(deployment: Deployment,
                                                       outputs: dict[str, Artefact]) -> None:
    pages = {p for p in outputs if p.startswith("devices/")}
    assert pages == {f"devices/{n}.md" for n in deployment.device_names}
    assert len(pages) == 14
    assert not any(outputs[p].in_nav for p in pages)
    assert outputs["devices.md"].in_nav
    page = str(outputs["devices/dc1-sw1.md"].content)
    assert page.startswith("---\nsearch:\n  boost: 10\n---\n# dc1-sw1\n")
    assert "| `Ethernet6` | access: 1 untagged |" in page and "[dc1-kvm06](dc1-kvm06.md) `eno1`" in page
    assert "[dc1-sw2](dc1-sw2.md) `Ethernet23`" in page  # the peer link
    assert "[`dc1-sw1.cfg`](../configs/dc1-sw1.cfg)" in page


def test_tables_naming_devices_link_to_their_pages(outputs: dict[str, Artefact]) -> None:
    for path in ("ports.md", "ip-plan.md", "host-configs.md", "racks.md", "cables.md", "devices.md"):
        assert "[dc1-kvm06](devices/dc1-kvm06.md)" in str(outputs[path].content), path
    assert "[dc1-ms1](devices/dc1-ms1.md)" in str(outputs["index.md"].content)


def test_runbook_links_land_on_step_headings(outputs: dict[str, Artefact]) -> None:
    runbook = str(outputs["runbook.md"].content)
    anchors = set(re.findall(r"\{ #(step-[0-9-]+) \}", runbook))
    links = re.findall(r"\(\.\./runbook\.md#(step-[0-9-]+)\)", str(outputs["devices/dc1-nfs1.md"].content))
    assert links and set(links) <= anchors


# --- downloads -------------------------------------------------------------------------------------------

def test_the_archive_holds_the_design_runbooks_configs_csvs_and_scripts(deployment: Deployment) -> None:
    pages = {a.path: a for a in deployment_pages(deployment)}
    archive = zipfile.ZipFile(io.BytesIO(pages["two-racks-files.zip"].data()))
    names = set(archive.namelist())
    for wanted in ("design/two-racks.yaml", "runbook.md", "runbook-network.md", "configs/dc1-sw1.cfg",
                   "hosts/dc1-kvm01.yaml", "cables.csv", "bom.csv", "ports.csv", "deploy-zone.cmk.sh",
                   "racks/rack-dc1-r01.svg"):
        assert f"two-racks/{wanted}" in names, wanted
    assert archive.read("two-racks/design/two-racks.yaml").decode() == TEXT
    overview = str(pages["index.md"].content)
    assert "Design file: [`" in overview and "](design/two-racks.yaml)" in overview
    assert "[`design/two-racks.yaml`](design/two-racks.yaml)" in str(pages["downloads.md"].content)


def test_a_design_holding_a_secret_publishes_no_design_file() -> None:
    d = run_text(TEXT.replace("    role: nfs\n", "    role: nfs\n    description: admin password=hunter2\n"),
                 "tests/devices/two-racks.yaml")
    assert any(f.rule == "SECRET-IN-DESIGN" for f in d.findings)
    assert not [a for a in artefacts(d) if a.path.startswith("design/")]


# --- determinism -----------------------------------------------------------------------------------------

def test_same_output_whatever_the_order_of_the_lists(outputs: dict[str, Artefact]) -> None:
    data = yaml.safe_load(TEXT)
    for seed in (1, 2):
        text = yaml.safe_dump(shuffled(data, random.Random(seed)), sort_keys=False)
        d = run_text(text, "tests/devices/two-racks.yaml")
        again = {a.path: a for a in artefacts(d)}
        for path in ("cables.csv", "bom.csv", "racks.md", "cables.md", "bom.md", "devices.md",
                     "racks/rack-dc1-r02.svg", "devices/dc1-sw1.md", "devices/dc1-kvm06.md"):
            assert again[path].data() == outputs[path].data(), (seed, path)
