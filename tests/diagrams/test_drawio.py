"""The topology as an editable draw.io file: the same graph as the SVG, laid out the same, valid XML
whatever the design's names say, byte-identical for the same design."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.artefacts import Artefact
from generator.diagrams import Graph, drawio, layout
from generator.diagrams.graph import DiagramKind, GraphBuilder, Group, GroupKind, LinkKind, Node, NodeKind
from tests.diagrams.conftest import SLUGS


def cells(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "mxfile"
    found = {c.get("id", ""): c for c in root.iter("mxCell")}
    assert len(found) == len(list(root.iter("mxCell"))), "cell ids are unique"
    return found


def box(cell: ET.Element) -> tuple[float, float, float, float]:
    geometry = cell.find("mxGeometry")
    assert geometry is not None
    return tuple(float(geometry.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def absolute(found: dict[str, ET.Element], cell: ET.Element) -> tuple[float, float, float, float]:
    """A cell's box in page coordinates (draw.io places a container's children relative to it)."""
    x, y, w, h = box(cell)
    parent = found.get(cell.get("parent", ""))
    while parent is not None and parent.get("vertex") == "1":
        px, py, _, _ = box(parent)
        x, y = x + px, y + py
        parent = found.get(parent.get("parent", ""))
    return x, y, w, h


@pytest.mark.parametrize("slug", SLUGS)
def test_topology_is_also_a_drawio_file(slug: str, graphs: dict[str, list[Graph]],
                                        outputs: dict[str, list[Artefact]]) -> None:
    files = {a.path: a.data().decode("utf-8") for a in outputs[slug] if a.path.endswith(".drawio")}
    topologies = [g for g in graphs[slug] if g.kind is DiagramKind.topology]
    assert topologies and sorted(files) == sorted(f"diagrams/{g.name}.drawio" for g in topologies)
    page = next(a for a in outputs[slug] if a.path == "diagrams.md").data().decode("utf-8")
    for graph in topologies:
        path = f"diagrams/{graph.name}.drawio"
        assert f"]({path})" in page, "the diagrams page links the editable file"
        found = cells(files[path])
        groups = {g.id for g in graph.groups}
        for node in graph.nodes:
            cell = found[f"node:{node.id}"]
            assert cell.get("value") == node.label and cell.get("vertex") == "1"
            if node.group:
                assert cell.get("parent") == f"group:{node.group}"
                nx, ny, nw, nh = absolute(found, cell)
                gx, gy, gw, gh = absolute(found, found[f"group:{node.group}"])
                assert gx <= nx and gy <= ny and nx + nw <= gx + gw + 0.2 and ny + nh <= gy + gh + 0.2, node.id
        for group in graph.groups:
            cell = found[f"group:{group.id}"]
            assert cell.get("value") == group.label
            assert cell.get("parent") == (f"group:{group.parent}" if group.parent else "1")
        edges = [c for c in found.values() if c.get("edge") == "1"]
        assert len(edges) == len(graph.edges)
        for cell, edge in zip(edges, graph.edges, strict=True):
            ends = [f"{'group' if e in groups else 'node'}:{e}" for e in (edge.source, edge.target)]
            assert [cell.get("source"), cell.get("target")] == ends and cell.get("value") == edge.label


HOSTILE = 'pod "a" <b> & \'c\' ]]> <!-- x --> \\N\nsecond line\x01'


def hostile_graph() -> Graph:
    builder = GraphBuilder("topology", DiagramKind.topology, f"Title {HOSTILE}", "caption", "TB")
    builder.group(Group("g1", GroupKind.pod, f"group {HOSTILE}"))
    builder.add(Node("n1", NodeKind.access_switch, f"switch {HOSTILE}", group="g1"))
    builder.add(Node("n2", NodeKind.host, f"host {HOSTILE}", group="g1"))
    builder.add(Node("n3", NodeKind.firewall, "fw"))
    builder.link("n1", "n2", LinkKind.cable, f"cable {HOSTILE}")
    builder.link("n3", "g1", LinkKind.uplink, "")
    return builder.build()


def test_design_strings_are_escaped_and_read_back_as_written() -> None:
    graph = hostile_graph()
    text = drawio(graph)
    found = cells(text)  # parses: nothing in a label broke the XML
    readable = HOSTILE.replace("\x01", "\ufffd")  # XML 1.0 cannot hold U+0001
    assert found["node:n1"].get("value") == f"switch {readable}"
    assert found["group:g1"].get("value") == f"group {readable}"
    assert found["title"].get("value") == f"Title {readable}"
    assert [c.get("value") for c in found.values() if c.get("edge") == "1"] == [f"cable {readable}", ""]
    assert "<!-- x -->" not in text and "]]>" not in text


def test_drawio_is_deterministic_and_placed_as_in_the_svg() -> None:
    graph = hostile_graph()
    assert drawio(graph) == drawio(graph)
    placed = layout(graph)
    found = cells(drawio(graph))
    for node in graph.nodes:
        x, y, w, h = absolute(found, found[f"node:{node.id}"])
        want = placed.boxes[node.id]
        assert (round(x), round(y), round(w), round(h)) == (round(want.x), round(want.y), round(want.width),
                                                            round(want.height))
        assert x >= 0 and x + w <= placed.width + 0.5 and y >= 0 and y + h <= placed.height + 0.5
