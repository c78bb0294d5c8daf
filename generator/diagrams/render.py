"""Draw a Graph with the `diagrams` package and return a self-contained, deterministic SVG.

`diagrams` is used the way a generator needs it: every node gets ``nodeid=`` (its own default
is a random uuid), every cluster gets a name from the group id (its default is the label, and
two clusters with one label would merge), and the picture is piped from Graphviz into memory
instead of being written next to the build's working directory. The SVG is then made
self-contained (selfcontained.py) and checked for any path of this machine.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from diagrams import Cluster, Diagram, Edge, setdiagram
from diagrams import Node as DiagramNode
from graphviz import CalledProcessError, ExecutableNotFound  # type: ignore[import-untyped]

from ..artefacts import OutputError
from ..escape import dot_label, dot_url
from .graph import DiagramKind, Graph, GroupKind, LinkKind, Node, NodeKind
from .graph import Edge as GraphEdge
from .icons import icon_factory, icon_roots
from .selfcontained import check_self_contained, inline_icons, machine_paths

FONT = "Sans-Serif"
ICON_SIZE = 1.0  # inches
INK = "#2D3436"

GRAPH_ATTRS = {
    "pad": "0.3",
    "splines": "spline",  # 'ortho' (the package default) is slow on big graphs and drops edge labels
    "nodesep": "0.35",
    "ranksep": "0.9",
    "fontsize": "20",
    "labelloc": "t",
    "newrank": "true",
}
NODE_ATTRS = {"fontsize": "12"}
EDGE_ATTRS = {"fontsize": "11", "fontcolor": "#37474F"}

GROUP_COLOURS = {
    GroupKind.site: "#F4F6F7",
    GroupKind.pod: "#EBF3E7",
    GroupKind.switch_group: "#E5F5FD",
    GroupKind.cluster: "#FDF7E3",
    GroupKind.management: "#ECE8F6",
    GroupKind.storage: "#FCEBEA",
    GroupKind.edge: "#FDEDE3",
    GroupKind.host: "#F7F7F7",
    GroupKind.zone: "#F4F6F7",
}

# Traffic colours, shared by the plane boxes and the links that carry them.
TRAFFIC_COLOURS = {
    "management": "#1E88E5",
    "guest": "#43A047",
    "public": "#FB8C00",
    "storage": "#8E24AA",
    "primary_storage": "#E53935",
    "": "#78909C",
}

BOX_FILLS = {
    NodeKind.region: "#CFD8DC",
    NodeKind.zone: "#B3E5FC",
    NodeKind.pod: "#C8E6C9",
    NodeKind.cluster: "#FFF9C4",
    NodeKind.host: "#FFFFFF",
    NodeKind.host_group: "#FFFFFF",
    NodeKind.primary_pool: "#FFCDD2",
    NodeKind.secondary_store: "#E1BEE7",
    NodeKind.physical_network: "#ECEFF1",
    NodeKind.nic: "#FFFFFF",
    NodeKind.bond: "#F5F5F5",
    NodeKind.vlan_interface: "#FFFFFF",
    NodeKind.bridge: "#FFFFFF",
}

EDGE_STYLES: dict[LinkKind, dict[str, str]] = {
    LinkKind.cable: {"color": "#7B8894"},
    LinkKind.uplink: {"color": "#37474F", "penwidth": "2.5"},
    LinkKind.peer: {"color": "#1565C0", "style": "dashed", "penwidth": "2", "constraint": "false"},
    LinkKind.wan: {"color": "#37474F", "penwidth": "2.5"},
    LinkKind.replication: {"color": "#C62828", "style": "dashed", "penwidth": "2", "dir": "forward",
                          "constraint": "false"},
    LinkKind.service: {"color": "#6C5CE7", "style": "dotted", "penwidth": "2", "dir": "forward"},
    LinkKind.contains: {"color": "#90A4AE", "dir": "forward", "arrowsize": "0.6"},
    LinkKind.carries: {"color": "#78909C", "penwidth": "1.5"},
}

# In these pictures a host is a small box, not an icon: a hierarchy has many of them.
ICONLESS = {DiagramKind.hierarchy: {NodeKind.host, NodeKind.host_group}}


class _InMemoryDiagram(Diagram):  # type: ignore[misc]
    """A Diagram that pipes its SVG into memory on exit instead of writing files."""

    svg: bytes = b""
    pipe_format = "svg"  # or "json0": Graphviz's layout (positions and sizes), for the draw.io file

    def render(self) -> None:
        self.svg = self.dot.pipe(format=self.pipe_format, quiet=True)

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.render()
        finally:
            setdiagram(None)


def _quote(node_id: str) -> str:
    """A node id as a DOT string literal."""
    return '"' + node_id.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(label: str) -> str:
    """A label as Graphviz should print it (escape.dot_label): lines split on newlines, the rest literal."""
    return dot_label(label)


def _box_attrs(node: Node) -> dict[str, str]:
    fill = BOX_FILLS.get(node.kind, "#FFFFFF")
    attrs = {
        "shape": "box", "style": "rounded,filled", "fillcolor": fill, "color": "#90A4AE",
        "fixedsize": "false", "width": "0", "height": "0", "margin": "0.14,0.07", "labelloc": "c",
        "fontsize": "12",
    }
    if node.kind is NodeKind.network:
        colour = TRAFFIC_COLOURS.get(node.variant, TRAFFIC_COLOURS[""])
        attrs.update(fillcolor=colour, fontcolor="#FFFFFF", color=colour)
    elif node.kind is NodeKind.bridge:
        colour = TRAFFIC_COLOURS.get(node.variant, TRAFFIC_COLOURS[""])
        attrs.update(shape="hexagon", style="filled", color=colour, penwidth="2")
    elif node.kind is NodeKind.bond:
        attrs.update(peripheries="2")
    elif node.kind is NodeKind.vlan_interface:
        attrs.update(style="rounded,dashed")
    elif node.kind in (NodeKind.primary_pool, NodeKind.secondary_store):
        attrs.update(shape="cylinder", style="filled")
    return attrs


def _link_attrs(node: Node, links: Mapping[str, str]) -> dict[str, str]:
    """A node that draws a device with a page of its own links to it (an ``<a>`` around the node in the SVG,
    followed where the SVG is opened by itself: the zoom view's "Open the SVG")."""
    url = links.get(node.id)
    if not url:
        return {}
    return {"URL": dot_url(url), "target": "_top", "tooltip": _text(f"{node.label.splitlines()[0]}: its page")}


def _make_node(graph: Graph, node: Node, links: Mapping[str, str]) -> DiagramNode:
    factory = None if node.kind in ICONLESS.get(graph.kind, set()) else icon_factory(node.kind, node.variant)
    if factory is None:
        return DiagramNode(_text(node.label), nodeid=node.id, **_box_attrs(node), **_link_attrs(node, links))
    lines = node.label.count("\n") + 1
    return factory(_text(node.label), nodeid=node.id, width=str(ICON_SIZE),
                   height=f"{ICON_SIZE + 0.08 + 0.2 * lines:.2f}", imagepos="tc", **_link_attrs(node, links))


def _representatives(graph: Graph) -> dict[str, str]:
    """For every group, a node inside it: where an edge to the group is anchored."""
    return {g.id: _rank_leaders(graph, g.id)[0] for g in graph.groups}


def _edge_attrs(edge: GraphEdge, reps: dict[str, str]) -> dict[str, Any]:
    source, target = edge.source, edge.target
    attrs: dict[str, Any] = {**EDGE_ATTRS, **EDGE_STYLES[edge.kind]}
    if edge.variant in TRAFFIC_COLOURS:
        attrs["color"] = TRAFFIC_COLOURS[edge.variant]
    if edge.span > 1:
        attrs["minlen"] = str(edge.span)
    if source in reps:
        attrs["ltail"] = f"cluster_{source}"
    if target in reps:
        attrs["lhead"] = f"cluster_{target}"
    return attrs


class RenderError(OutputError):
    """Graphviz could not draw a diagram."""


def to_svg(graph: Graph, links: Mapping[str, str] | None = None) -> str:
    """The graph as a self-contained SVG document (UTF-8 text). ``links``: node id → the relative URL of the
    page the node links to (a device's page); nothing else is linked.

    Links to a group's border need Graphviz's compound edges, whose router has crashed on some
    layouts in older releases; the picture is then drawn again with links to the group's first node.
    """
    links = links or {}
    raw, icons = _drawn(graph, "svg", links)
    svg = inline_icons(raw.decode("utf-8"), icons)
    check_self_contained(svg, _forbidden(), {dot_url(url) for url in links.values()})
    return svg


@dataclass(frozen=True)
class Box:
    """Where Graphviz put a node or a group: its top left corner and size, in points, y downwards."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """The picture's size and every node's and group's box, by id: the SVG's own geometry."""

    width: float
    height: float
    boxes: dict[str, Box]


def layout(graph: Graph) -> Layout:
    """Graphviz's layout of the graph, the same as in its SVG (read from ``dot -Tjson0``)."""
    raw, _ = _drawn(graph, "json0")
    data = json.loads(raw, strict=False)  # Graphviz writes a label's line breaks raw
    _, _, right, top = (float(v) for v in data["bb"].split(","))
    boxes: dict[str, Box] = {}
    for item in data.get("objects", []):
        name = str(item.get("name", ""))
        if "bb" in item:
            if not name.startswith("cluster_"):
                continue
            x0, y0, x1, y1 = (float(v) for v in item["bb"].split(","))
            boxes[name.removeprefix("cluster_")] = Box(x0, top - y1, x1 - x0, y1 - y0)
        elif "pos" in item:
            cx, cy = (float(v) for v in item["pos"].split(","))
            width, height = float(item["width"]) * 72, float(item["height"]) * 72
            boxes[name] = Box(cx - width / 2, top - cy - height / 2, width, height)
    return Layout(right, top, boxes)


def _drawn(graph: Graph, fmt: str, links: Mapping[str, str] | None = None) -> tuple[bytes, dict[str, bytes]]:
    graph.check()
    try:
        try:
            return _draw(graph, compound=True, fmt=fmt, links=links or {})
        except CalledProcessError:
            return _draw(graph, compound=False, fmt=fmt, links=links or {})
    except ExecutableNotFound as exc:
        raise RenderError(f"Graphviz is needed to draw diagrams and its 'dot' command was not found: {exc}") from None
    except CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip() if isinstance(exc.stderr, bytes) else str(exc)
        raise RenderError(f"Graphviz failed to draw diagram {graph.name}: {detail}") from None


def _draw(graph: Graph, compound: bool, fmt: str = "svg",
          links: Mapping[str, str] | None = None) -> tuple[bytes, dict[str, bytes]]:
    """Graphviz's SVG for the graph, and the icon files it refers to (path → PNG bytes)."""
    reps = _representatives(graph)
    made: dict[str, DiagramNode] = {}
    icons: dict[str, bytes] = {}
    with _InMemoryDiagram(
        name=graph.title, filename=graph.name, direction=graph.direction, outformat="svg", show=False,
        graph_attr={**GRAPH_ATTRS, "fontname": FONT, "fontcolor": INK, "compound": str(compound).lower()},
        node_attr=NODE_ATTRS, edge_attr=EDGE_ATTRS,
    ) as diagram:
        diagram.pipe_format = fmt
        links = links or {}
        _draw_groups(graph, None, made, links)
        for node in graph.members(None):
            made[node.id] = _make_node(graph, node, links)
        for edge in graph.edges:
            tail = made[reps.get(edge.source, edge.source)]
            head = made[reps.get(edge.target, edge.target)]
            attrs = _edge_attrs(edge, reps if compound else {})
            forward = attrs.pop("dir", "") == "forward"
            tail.connect(head, Edge(tail, forward=forward, label=_text(edge.label), **attrs))
            _rank_group_members(graph, edge.target, tail, head, made)
        for made_node in made.values():
            image = made_node._attrs.get("image")
            if image:
                icons[image] = _read_icon(image)
    return diagram.svg, icons


def _rank_group_members(graph: Graph, target: str, tail: DiagramNode, head: DiagramNode,
                        made: dict[str, DiagramNode]) -> None:
    """An edge drawn to a group's border ranks only its anchor node; rank the group's other nodes too.

    Without this, nodes of the group that have no edges of their own land in the first rank.
    Invisible edges only constrain the layout; they are not drawn. A stacked group shares one
    rank already, so only its first node needs one.
    """
    if not any(g.id == target for g in graph.groups):
        return
    for node_id in _rank_leaders(graph, target):
        if node_id != head.nodeid:
            tail.connect(made[node_id], Edge(tail, style="invis"))


def _rank_leaders(graph: Graph, group: str) -> list[str]:
    spec = next(g for g in graph.groups if g.id == group)
    members = [n.id for n in graph.members(group)]
    ids = members[:1] if spec.stacked else members
    for child in graph.children(group):
        ids.extend(_rank_leaders(graph, child.id))
    return ids


def _grid(cluster: Cluster, nodes: list[DiagramNode], columns: int, direction: str) -> None:
    """Members in ``columns`` ranks of equal length, each kept in order; rank k+1 follows rank k."""
    per_rank = -(-len(nodes) // max(1, columns))
    ranks = [nodes[i:i + per_rank] for i in range(0, len(nodes), per_rank)]
    for rank in ranks:
        # Graphviz orders a rank left to right; in LR pictures that is bottom to top
        _stack(cluster, rank[::-1] if direction == "LR" else rank)
    for before, after in itertools.pairwise(ranks):
        for left, right in zip(before, after, strict=False):
            left.connect(right, Edge(left, style="invis"))


def _stack(cluster: Cluster, nodes: list[DiagramNode]) -> None:
    """One rank for the nodes, kept in order by invisible flat edges between neighbours."""
    cluster.dot.body.append("\t{rank=same; " + " ".join(_quote(n.nodeid) for n in nodes) + "}\n")
    for left, right in itertools.pairwise(nodes):
        left.connect(right, Edge(left, style="invis"))


def _draw_groups(graph: Graph, parent: str | None, made: dict[str, DiagramNode], links: Mapping[str, str]) -> None:
    for group in graph.children(parent):
        with ExitStack() as stack:
            cluster = Cluster(_text(group.label), graph_attr={
                "bgcolor": GROUP_COLOURS[group.kind], "fontsize": "13", "margin": "14",
            })
            cluster.dot.name = f"cluster_{group.id}"
            stack.enter_context(cluster)
            members = graph.members(group.id)
            for node in members:
                made[node.id] = _make_node(graph, node, links)
            if group.stacked and len(members) > 1:
                _grid(cluster, [made[n.id] for n in members], group.columns, graph.direction)
            _draw_groups(graph, group.id, made, links)


@lru_cache(maxsize=64)
def _read_icon(path: str) -> bytes:
    return Path(path).read_bytes()


@lru_cache(maxsize=1)
def _forbidden() -> tuple[str, ...]:
    return tuple(machine_paths(icon_roots()))
