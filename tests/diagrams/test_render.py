"""Rendered diagrams: every example renders every picture, self-contained, byte-identical build to build."""

from __future__ import annotations

import base64
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphviz import CalledProcessError, ExecutableNotFound  # type: ignore[import-untyped]

import generator.diagrams.render as render_module
from generator.artefacts import Artefact, Kind
from generator.deployment import Deployment
from generator.diagrams import Graph, build_graphs, to_svg
from generator.diagrams.graph import DiagramKind, GraphBuilder, LinkKind, Node, NodeKind
from generator.diagrams.icons import ICON_DIR
from generator.diagrams.selfcontained import LeakError, check_self_contained, inline_icons, png_size, without_data
from generator.inventory import expand
from generator.model import Design
from generator.outputs import diagrams as diagram_pages
from tests.conftest import DESIGNS, ROOT
from tests.diagrams.conftest import SLUGS

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
MACHINE = ("/tmp", "/root", "/home", "site-packages", "/usr/", str(ROOT), sys.prefix, tempfile.gettempdir())


def svgs(artefacts: list[Artefact]) -> dict[str, str]:
    return {a.path: a.data().decode("utf-8") for a in artefacts if a.path.endswith(".svg")}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_diagram_is_rendered(slug: str, graphs: dict[str, list[Graph]],
                                   outputs: dict[str, list[Artefact]]) -> None:
    files = svgs(outputs[slug])
    assert sorted(files) == sorted(f"diagrams/{g.name}.svg" for g in graphs[slug])
    for path, text in files.items():
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg", path
        graph = next(g for g in graphs[slug] if path == f"diagrams/{g.name}.svg")
        assert root.find(f"{SVG}g/{SVG}title") is not None
        assert root.find(f"{SVG}g/{SVG}title").text == graph.title  # type: ignore[union-attr]
        drawn = {t.text for t in root.iter(f"{SVG}title")}
        assert {n.id for n in graph.nodes} <= drawn, path


@pytest.mark.parametrize("slug", SLUGS)
def test_icons_are_inlined_once_each(slug: str, outputs: dict[str, list[Artefact]]) -> None:
    for path, text in svgs(outputs[slug]).items():
        root = ET.fromstring(text)
        assert not [i for i in root.iter(f"{SVG}image") if not i.get(XLINK, "").startswith("data:image/png;base64,")]
        symbols = {s.get("id") for s in root.iter(f"{SVG}symbol")}
        uses = [u.get(XLINK) for u in root.iter(f"{SVG}use")]
        assert {u[1:] for u in uses if u} == symbols, path
        for image in root.iter(f"{SVG}image"):
            data = base64.b64decode(image.get(XLINK, "").split(",", 1)[1])
            assert png_size(data)[0] > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_no_path_of_the_build_machine_in_any_diagram_output(slug: str, outputs: dict[str, list[Artefact]]) -> None:
    for artefact in outputs[slug]:
        text = without_data(artefact.data().decode("utf-8"))
        if artefact.path.endswith(".drawio"):
            text = text.replace("<root>", "").replace("</root>", "")  # draw.io's own element, not the folder
        for marker in MACHINE:
            assert marker not in text, f"{artefact.path} names {marker}"
        assert "<!--" not in text


def test_two_builds_are_byte_identical(deployments: dict[str, Deployment],
                                       outputs: dict[str, list[Artefact]]) -> None:
    for slug, deployment in deployments.items():
        again = diagram_pages.produce(deployment)
        assert [(a.path, a.data()) for a in again] == [(a.path, a.data()) for a in outputs[slug]], slug


@pytest.mark.parametrize("slug", SLUGS)
def test_page_links_every_picture_to_itself(slug: str, outputs: dict[str, list[Artefact]]) -> None:
    page = next(a for a in outputs[slug] if a.path == "diagrams.md")
    assert (page.kind, page.title, page.order) == (Kind.page, "Diagrams", 10)
    text = page.data().decode("utf-8")
    linked = re.findall(r"\[!\[[^\]]+\]\((diagrams/[^)]+\.svg)\)\]\((diagrams/[^)]+\.svg)\)", text)
    assert [a for a, b in linked if a != b] == []
    assert sorted(a for a, _ in linked) == sorted(svgs(outputs[slug]))
    for heading in ("## Physical topology", "## Network planes", "## Hierarchy", "## Host wiring"):
        assert heading in text


def _one_icon_graph() -> Graph:
    b = GraphBuilder("g", DiagramKind.topology, "Test <&> picture", "c", "LR")
    b.add(Node("internet", NodeKind.internet, "Internet"))
    b.add(Node("fw_a", NodeKind.firewall, 'fw "a"\\n & b'))
    b.add(Node("fw_b", NodeKind.firewall, "fw b"))
    b.link("internet", "fw_a", LinkKind.wan, "NAT")
    b.link("internet", "fw_b", LinkKind.wan)
    return b.build()


def test_renderer_escapes_labels_and_shares_icons() -> None:
    text = to_svg(_one_icon_graph())
    root = ET.fromstring(text)
    assert root.find(f"{SVG}g/{SVG}title").text == "Test <&> picture"  # type: ignore[union-attr]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert 'fw "a"\\n & b' in labels
    assert len(list(root.iter(f"{SVG}symbol"))) == 2  # Internet and firewall, the firewall drawn twice
    assert len(list(root.iter(f"{SVG}use"))) == 3


def test_inline_icons_refuses_unknown_images() -> None:
    svg = ('<svg width="1pt" height="1pt">\n<image xlink:href="/elsewhere/x.png" width="10px" height="10px" '
           'preserveAspectRatio="xMinYMin meet" x="0" y="-10"/></svg>')
    with pytest.raises(LeakError, match="did not supply"):
        inline_icons(svg, {})


def test_inline_icons_makes_one_symbol_per_file() -> None:
    icon = (ICON_DIR / "host-kvm.png").read_bytes()
    image = ('<image xlink:href="/x/host.png" width="72px" height="72px" preserveAspectRatio="xMinYMin meet" '
             'x="{x}" y="-80"/>')
    svg = ('<svg width="1pt" height="1pt" viewBox="0 0 1 1">\n<!-- comment -->\n<g>'
           + image.format(x=1) + image.format(x=100) + "</g></svg>")
    out = inline_icons(svg, {"/x/host.png": icon})
    assert out.count("<symbol ") == 1 and out.count("<use ") == 2
    assert "/x/host.png" not in out and "comment" not in out
    assert 'viewBox="0 0 256 256"' in out
    check_self_contained(out, ["/x/"])
    assert without_data(out).count('xlink:href=""') == 1


@pytest.mark.parametrize("svg", [
    '<svg><image xlink:href="file:///etc/x.png"/></svg>',
    '<svg><a href="https://example.org/x">x</a></svg>',
    "<svg><text>/work/secret</text></svg>",
])
def test_check_self_contained_catches_leaks(svg: str) -> None:
    with pytest.raises(LeakError):
        check_self_contained(svg, ["/work/secret"])


def test_labels_may_name_the_temporary_folder() -> None:
    """A design's storage path in /tmp is the design's word, not a leak of this machine."""
    import tempfile

    check_self_contained(f"<svg><text>pool {tempfile.gettempdir()}/pool1</text></svg>", [tempfile.gettempdir()])
    with pytest.raises(LeakError):
        check_self_contained(f'<svg><g id="{tempfile.gettempdir()}/x"></g></svg>', [tempfile.gettempdir()])


def test_png_size_reads_the_header() -> None:
    assert png_size((ICON_DIR / "storage-nfs.png").read_bytes()) == (256, 256)
    with pytest.raises(ValueError, match="PNG"):
        png_size(b"GIF89a" + bytes(30))


def test_every_custom_icon_has_its_source() -> None:
    pngs = sorted(p.stem for p in ICON_DIR.glob("*.png"))
    sources = sorted(p.stem for p in (ICON_DIR / "src").glob("*.svg"))
    assert pngs == sources


def test_sections_follow_diagram_kinds(graphs: dict[str, list[Graph]]) -> None:
    sections = diagram_pages.sections(graphs["multi-site"])
    assert [s.title for s in sections] == ["Physical topology", "Network planes", "Hierarchy", "Host wiring"]
    wiring = sections[-1]
    assert [f.heading for f in wiring.figures] == ["Profile kvm-std (zone dc1-z1)", "Profile kvm-std (zone dc2-z1)"]
    hierarchy = sections[2]
    assert [f.heading for f in hierarchy.figures] == [""]


def test_icon_folder_is_inside_the_package() -> None:
    assert Path(ICON_DIR).is_relative_to(ROOT / "generator")


def test_compound_edge_crash_falls_back_to_plain_links(monkeypatch: pytest.MonkeyPatch) -> None:
    real = render_module._draw
    calls: list[bool] = []

    def crashing(graph: Graph, compound: bool, fmt: str = "svg",
                 links: dict[str, str] | None = None) -> tuple[bytes, dict[str, bytes]]:
        calls.append(compound)
        if compound:
            raise CalledProcessError(-6, ["dot"], b"", b"compound.c: Assertion failed")
        return real(graph, compound, fmt, links)

    monkeypatch.setattr(render_module, "_draw", crashing)
    text = to_svg(_one_icon_graph())
    assert calls == [True, False]
    assert ET.fromstring(text).tag == f"{SVG}svg"


def test_missing_graphviz_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(graph: Graph, compound: bool, fmt: str = "svg",
                links: dict[str, str] | None = None) -> tuple[bytes, dict[str, bytes]]:
        raise ExecutableNotFound(["dot"])

    monkeypatch.setattr(render_module, "_draw", missing)
    with pytest.raises(render_module.RenderError, match="'dot' command was not found"):
        to_svg(_one_icon_graph())


def _bare(data: dict[str, Any]) -> None:
    data["switches"], data["firewalls"] = [], []


def _vmware(data: dict[str, Any]) -> None:
    data["host_profiles"]["kvm-small"]["hypervisor"] = "vmware"
    zone = data["regions"][0]["zones"][0]
    zone["pods"][0]["clusters"][0]["hypervisor"] = "vmware"
    for pnet in zone["physical_networks"]:
        for traffic in pnet["traffic"]:
            traffic["labels"] = {"vmware": "vSwitch0"}


def _no_labels(data: dict[str, Any]) -> None:
    for pnet in data["regions"][0]["zones"][0]["physical_networks"]:
        for traffic in pnet["traffic"]:
            traffic["labels"] = {}


def _zone_wide_ceph(data: dict[str, Any]) -> None:
    data["storage_servers"].append({"name": "lab-ceph1", "site": "lab", "role": "ceph",
                                    "interfaces": [{"network": "lab-mgmt"}]})
    data["regions"][0]["zones"][0]["primary_storage"] = [
        {"name": "lab-rbd", "protocol": "rbd", "server": "lab-ceph1", "size": "10TB"}]


@pytest.mark.parametrize("change", [_bare, _vmware, _no_labels, _zone_wide_ceph])
def test_unusual_designs_still_draw(change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load((DESIGNS / "small-scale.yaml").read_text())
    change(data)
    design = Design.model_validate(data)
    inventory = expand(design)
    graphs = build_graphs(design, inventory)
    for graph in graphs:
        assert ET.fromstring(to_svg(graph)).tag == f"{SVG}svg"
    names = {n for g in graphs for n in g.stands_for()}
    assert {s.name for s in design.storage_servers} | {h.name for h in inventory.hosts} <= names
