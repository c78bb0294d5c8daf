"""Big pages split per pod or rack with an index, and links from every page that names a device to its page.

On a design written for it (``three-halls.yaml``: 216 hosts in three pods of two racks): the port plan is one
page per pod (and one per site for the cores), the host configurations one per pod, the cable sheet one per
rack, each found from its index, every row on exactly one part, and the CSV downloads whole. The same design
with fewer hosts keeps each page whole. Every table row, runbook step and diagram node that names a host,
switch or server links to its page; the checks are shown to fail on a page with one link taken out.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.artefacts import SPLIT_ROWS, Artefact, Kind
from generator.cabling import cabling
from generator.deployment import Deployment
from generator.pipeline import artefacts, run, run_text
from generator.site.pages import Built, held_pages, nav, page_refs
from generator.verify import proved as deployment_proof
from tests.conftest import EXAMPLES

DESIGN = Path(__file__).with_name("three-halls.yaml")
TEXT = DESIGN.read_text()
PODS = ["hx-p1", "hx-p2", "hx-p3"]
RACKS = ["hx-a1", "hx-a2", "hx-b1", "hx-b2", "hx-c1", "hx-c2", "hx-core"]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def deployment() -> Deployment:
    d = run(DESIGN)
    assert d.valid, [f.text() for f in d.findings]
    return d


@pytest.fixture(scope="module")
def outputs(deployment: Deployment) -> dict[str, Artefact]:
    return {a.path: a for a in artefacts(deployment)}


def _smaller(hosts: int) -> Deployment:
    """The design with ``hosts`` hosts in each pod instead of 72."""
    assert TEXT.count("count: 72") == 3
    d = run_text(TEXT.replace("count: 72", f"count: {hosts}"), "tests/split/three-halls.yaml")
    assert d.valid, [f.text() for f in d.findings]
    return d


def _rows(text: str) -> list[list[str]]:
    """The body rows of every Markdown table of a page, as cells (header and separator rows left out)."""
    rows, header = [], False
    for line in text.splitlines():
        if re.fullmatch(r"\|(?::?-+:?\|)+", line.replace(" ", "")):
            continue
        if not line.startswith("| "):
            header = False
            continue
        if not header:  # the first row of a table is its header
            header = True
            continue
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def _plain(cell: str) -> str:
    """A cell's text without Markdown: links as their text, code spans as their content."""
    return re.sub(r"`([^`]*)`", r"\1", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell))


def _parts(outputs: dict[str, Artefact], folder: str) -> dict[str, Artefact]:
    return {p: a for p, a in outputs.items() if p.startswith(folder + "/") and a.kind is Kind.page}


# --- the split ----------------------------------------------------------------------------------------

def test_port_plan_is_one_page_per_pod_with_an_index(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    parts = _parts(outputs, "ports")
    assert sorted(parts) == [*(f"ports/pod-{p}.md" for p in PODS), "ports/site-hx.md"]
    assert all(not a.in_nav for a in parts.values()) and outputs["ports.md"].in_nav
    index = str(outputs["ports.md"].content)
    for path in parts:
        assert f"]({path})" in index, f"the index links {path}"
    # each switch's ports are on its pod's page (the cores on the site's), once; the index holds none
    on_pages: Counter[tuple[str, str]] = Counter()
    for path, page in parts.items():
        switch = ""
        for line in str(page.content).splitlines():
            if line.startswith("## "):
                switch = line[3:].split(" {")[0]
            elif line.startswith("| `"):
                on_pages[(switch, _plain(line.split("|")[1]).strip())] += 1
                pod = next(sw.pod for sw in deployment.design.switches if sw.name == switch)
                assert path == (f"ports/pod-{pod}.md" if pod else "ports/site-hx.md")
    assert not [line for line in index.splitlines() if line.startswith("| `")], "the index lists no port"
    table = list(csv.DictReader(io.StringIO(str(outputs["ports.csv"].content))))
    assert len(table) == len(deployment.port_plan.rows) > SPLIT_ROWS, "the spreadsheet is whole"
    assert on_pages == Counter((r.switch, r.port) for r in deployment.port_plan.rows)
    assert max(on_pages.values()) == 1


def test_host_configurations_are_one_page_per_pod(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    parts = _parts(outputs, "host-configs")
    assert sorted(parts) == [f"host-configs/pod-{p}.md" for p in PODS]
    index = str(outputs["host-configs.md"].content)
    hosts: Counter[str] = Counter()
    for path, page in parts.items():
        pod = path.removeprefix("host-configs/pod-").removesuffix(".md")
        for row in _rows(str(page.content)):
            host = _plain(row[0])
            hosts[host] += 1
            assert host.startswith(pod + "-"), (path, host)
            assert f"](../hosts/{host}.yaml)" in row[-1], "the file links from the part's folder"
        assert f"]({path})" in index
    assert hosts == Counter(h.name for h in deployment.inventory.hosts)
    assert not any(_plain(r[0]) in hosts for r in _rows(index)), "the index lists pods, not hosts"
    # a host's page sends the reader to its part, at its cluster
    page = str(outputs["devices/hx-p2-kvm07.md"].content)
    assert "(../host-configs/pod-hx-p2.md#cluster-hx-p2-c1)" in page
    assert "{ #cluster-hx-p2-c1 }" in str(parts["host-configs/pod-hx-p2.md"].content)


def test_cable_sheet_is_one_page_per_rack(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    parts = _parts(outputs, "cables")
    assert sorted(parts) == sorted([*(f"cables/rack-{r}.md" for r in RACKS), "cables/not-in-a-rack.md"])
    index = str(outputs["cables.md"].content)
    wired = cabling(deployment).cables
    by_label = {c.label: c for c in wired}
    labels: Counter[str] = Counter()
    for path, page in parts.items():
        rack = path.removeprefix("cables/rack-").removesuffix(".md") if "/rack-" in path else ""
        rows = _rows(str(page.content))
        for row in rows:
            label = _plain(row[0])
            labels[label] += 1
            assert by_label[label].a.rack == rack, f"{label} is on the page of the rack of its A end"
        assert f"]({path}) | {len(rows)} |" in index, "the index links the page and counts its cables"
    assert labels == Counter(by_label.keys()) and len(wired) > SPLIT_ROWS
    table = list(csv.DictReader(io.StringIO(str(outputs["cables.csv"].content))))
    assert sorted(r["label"] for r in table) == sorted(by_label), "the spreadsheet is whole"


def _address_rows(text: str) -> list[tuple[str, str, str]]:
    """(address, role, device) of each address row of an IP plan page."""
    return [(_plain(r[0]), r[2], _plain(r[3])) for r in _rows(text) if len(r) == 6 and r[0].startswith("`")]


def test_ip_plan_is_one_page_per_pod_with_an_index(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    parts = _parts(outputs, "ip-plan")
    assert sorted(parts) == [f"ip-plan/pod-{p}.md" for p in PODS]
    assert all(not a.in_nav for a in parts.values()) and outputs["ip-plan.md"].in_nav
    index = str(outputs["ip-plan.md"].content)
    rows: Counter[tuple[str, str, str]] = Counter(_address_rows(index))
    for path, page in parts.items():
        pod = path.removeprefix("ip-plan/pod-").removesuffix(".md")
        assert f"]({path})" in index, f"the index links {path}"
        assert f"](ip-plan/pod-{pod}.md#net-{pod}-mgmt)" in index, "the summary table links the network's part"
        text = str(page.content)
        assert "](../devices/" in text and "](devices/" not in text, "device links from the part's folder"
        on_page = _address_rows(text)
        assert on_page and all(a.startswith("10.40.") for a, _, _ in on_page)
        assert all(d.startswith(pod + "-") for _, role, d in on_page if role == "host"), path
        rows.update(on_page)
    # every allocation of the plan is on exactly one page; the spreadsheet holds them all
    plan = Counter((a.address_text, a.role, a.device) for a in deployment.address_plan.allocations)
    assert rows == plan and max(rows.values()) == 1
    assert sum(plan.values()) > SPLIT_ROWS
    table = list(csv.DictReader(io.StringIO(str(outputs["ip-plan.csv"].content))))
    assert len(table) == sum(plan.values()), "the spreadsheet is whole"
    assert not [r for r in _address_rows(index) if r[1] == "host"], "the index lists no host address"


def _pair_rows(text: str) -> list[tuple[str, str, str]]:
    """(network, holder, address) of each layer-2 pair row of a Proof page."""
    return [(r[0], _plain(r[1]), r[2]) for r in _rows(text) if len(r) == 5 and r[2][:1].isdigit()]


def test_proof_layer_2_pairs_are_one_page_per_pod(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    parts = _parts(outputs, "proof")
    assert sorted(parts) == [f"proof/pod-{p}.md" for p in PODS]
    assert all(not a.in_nav for a in parts.values())
    index = str(outputs["proof.md"].content)
    assert "## Checks" in index and "## Failure domains" in index, "the checks and failures stay on the page"
    pairs: Counter[tuple[str, str, str]] = Counter(_pair_rows(index))
    assert all(not net.startswith("hx-p") for net, _, _ in pairs), "the index keeps only site-wide networks' pairs"
    for path, page in parts.items():
        pod = path.removeprefix("proof/pod-").removesuffix(".md")
        assert f"]({path})" in index
        on_page = _pair_rows(str(page.content))
        assert on_page and {net for net, _, _ in on_page} == {f"{pod}-mgmt"}, path
        pairs.update(on_page)
    proof = deployment_proof(deployment)
    want = Counter((p.networks[0], p.source, p.source_address) for p in proof.pairs if p.kind.value == "l2")
    assert pairs == want and max(pairs.values()) == 1, "every layer-2 pair on exactly one page"


def test_pages_under_the_limit_stay_whole() -> None:
    """With 20 hosts a pod (fewer rows than SPLIT_ROWS on every page) nothing is split: each page holds
    every row, as before."""
    d = _smaller(20)
    out = {a.path: a for a in artefacts(d)}
    assert not [p for p in out if p.startswith(("ports/", "cables/", "host-configs/", "ip-plan/", "proof/"))]
    ip_rows = _address_rows(str(out["ip-plan.md"].content))
    assert len(ip_rows) == len(d.address_plan.allocations), "the IP plan holds every address"
    ports = str(out["ports.md"].content)
    assert sum(1 for line in ports.splitlines() if line.startswith("| `")) == len(d.port_plan.rows)
    assert len(_rows(str(out["host-configs.md"].content))) == len(d.inventory.hosts)
    assert sum(1 for r in _rows(str(out["cables.md"].content)) if r[0].startswith("`")) == len(cabling(d).cables)
    assert "(../host-configs.md#cluster-hx-p1-c1)" in str(out["devices/hx-p1-kvm01.md"].content)


# --- links to device pages --------------------------------------------------------------------------------

def _unlinked(page_path: str, text: str, devices: frozenset[str], pages: set[str]) -> list[str]:
    """Each table row, runbook "Where" line and bold "single points of failure" line of a page that names a
    device (outside a code span) without a link to that device's page; and each device link that leads
    nowhere."""
    problems = []
    folder = posixpath.dirname(page_path)
    lines = [line for line in text.splitlines() if line.startswith(("| ", "**Role:**", "**Single points"))]
    for line in lines:
        linked = set()
        for _name, target in re.findall(r"\[([^\]]*)\]\(([^)]*)\)", line):
            resolved = posixpath.normpath(posixpath.join(folder, target.split("#")[0]))
            if resolved.startswith("devices/"):
                if resolved not in pages:
                    problems.append(f"{page_path}: link to a missing page {target}")
                linked.add(resolved.removeprefix("devices/").removesuffix(".md"))
        words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]", re.sub(r"`[^`]*`", " ", line)))
        problems += [f"{page_path}: {name} unlinked in {line[:140]}" for name in sorted((words & devices) - linked)]
    return problems


# The runbook of one role is a page to print: it links nowhere (tests/runbook/test_runbook.py), a device included.
PRINTED = {"runbook-network.md", "runbook-storage.md", "runbook-cloud.md"}


def _problems(d: Deployment, outputs: dict[str, Artefact]) -> list[str]:
    pages = {p for p, a in outputs.items() if a.kind is Kind.page}
    return [p for path in sorted(pages - PRINTED)
            for p in _unlinked(path, str(outputs[path].content), d.device_names, pages)]


def test_every_page_links_each_device_it_names(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    """On every page (the parts, the runbook, the Proof page, the plans, the device pages themselves) but the
    runbook pages of one role, which are printed."""
    problems = _problems(deployment, outputs)
    assert not problems, "\n".join(problems[:20])
    runbook = str(outputs["runbook.md"].content)
    assert "**Where:** [hx-p1-leaf1](devices/hx-p1-leaf1.md)" in runbook
    proof = str(outputs["proof.md"].content)
    assert "[hx-p1-kvm01](devices/hx-p1-kvm01.md) → [hx-p1-leaf1](devices/hx-p1-leaf1.md)" in proof
    assert "| [hx-core1](devices/hx-core1.md)/[hx-core2](devices/hx-core2.md) |" in proof  # a VRRP pair


@pytest.mark.parametrize("design", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_page_of_the_examples_links_each_device_it_names(design: Path) -> None:
    d = run(design)
    problems = _problems(d, {a.path: a for a in artefacts(d)})
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("page", ["ports/pod-hx-p2.md", "cables/rack-hx-core.md", "runbook.md", "proof.md",
                                  "host-configs/pod-hx-p3.md"])
def test_the_link_check_finds_a_link_taken_out(deployment: Deployment, outputs: dict[str, Artefact],
                                               page: str) -> None:
    """The check above fails when one device link of the page is written as bare text, or leads nowhere."""
    text = str(outputs[page].content)
    devices = deployment.device_names
    pages = {p for p, a in outputs.items() if a.kind is Kind.page}
    found = re.search(r"^\|.*?\[([^\]]+)\]\(((?:\.\./)?devices/\1\.md)\)", text, re.M)
    assert found, f"{page} links a device in a table"
    name, target, line = found[1], found[2], text[found.start():text.index("\n", found.start())]
    unlinked = text.replace(line, line.replace(f"[{name}]({target})", name), 1)
    assert any(f": {name} unlinked" in p for p in _unlinked(page, unlinked, devices, pages))
    moved = text.replace(line, line.replace(f"({target})", f"({target.replace('devices/', 'device/')})"), 1)
    assert _unlinked(page, moved, devices, pages), "a link beside the device pages does not count"
    assert not _unlinked(page, text, devices, pages)


def test_diagram_and_rack_nodes_link_to_device_pages(deployment: Deployment, outputs: dict[str, Artefact]) -> None:
    """Every node of the topology that draws one switch or server, every host of the hierarchy and every
    device of a rack elevation links to its page (``devices/<name>.html`` in the site)."""
    pages = {p for p, a in outputs.items() if a.kind is Kind.page}

    def links(path: str) -> set[str]:
        root = ElementTree.fromstring(outputs[path].data())
        found = set()
        for a in root.iter(f"{SVG}a"):
            href = a.get(XLINK) or a.get("href") or ""
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            assert target.endswith(".html") and target.removesuffix(".html") + ".md" in pages, href
            found.add(target.removeprefix("devices/").removesuffix(".html"))
        return found

    switches = {sw.name for sw in deployment.design.switches}
    servers = {"hx-p1-nfs1", "hx-p2-nfs1", "hx-p3-nfs1", "hx-sec1", "hx-ms1"}
    assert switches | servers <= links("diagrams/topology.svg")
    assert {"hx-p1-leaf1", "hx-p1-leaf2"} <= links("diagrams/host-kvm-1u.svg")  # the example host's switches
    in_rack = {p.device for p in deployment.rack_plan.in_rack("hx-a2")}
    assert links("racks/rack-hx-a2.svg") == in_rack and "hx-p1-leaf2" in in_rack


# --- a design that gets an error while the site is served ----------------------------------------------------

def test_held_parts_and_device_pages_stay_out_of_the_navigation(deployment: Deployment,
                                                                 outputs: dict[str, Artefact]) -> None:
    """While ``mkdocs serve`` shows a broken design's report in place of each page it had, a part or a device
    page keeps its place outside the navigation (else the sidebar would list every device)."""
    before = page_refs(list(outputs.values()))
    assert TEXT.count("rack: hx-a2, rack_units: 2") == 1
    broken = run_text(TEXT.replace("rack: hx-a2, rack_units: 2", "rack: hx-a1, rack_units: 2"),
                      "tests/split/three-halls.yaml")
    assert [f.rule for f in broken.findings if f.severity.value == "error"] == ["RACK-DOES-NOT-FIT"]
    built = Built.of(broken, artefacts(broken))
    held = {a.path: a for a in held_pages(built, built.outputs, before)}
    assert {"ports/pod-hx-p1.md", "cables/rack-hx-a1.md", "devices/hx-p1-kvm01.md", "ports.md"} <= set(held)
    assert "is not generated while the design has errors" in str(held["ports/pod-hx-p1.md"].content)
    assert not held["ports/pod-hx-p1.md"].in_nav and not held["devices/hx-p1-kvm01.md"].in_nav
    listed = [p for section in nav([built], {built.slug: list(held.values())}, [])[1]["Deployments"]
              for items in section.values() for item in items for p in item.values()]
    assert "deployments/three-halls/ports.md" in listed
    assert not [p for p in listed if "/devices/" in p or "/ports/" in p or "/cables/" in p], listed
