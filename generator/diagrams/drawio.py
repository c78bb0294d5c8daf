"""A diagram as an editable draw.io file (diagrams.net): the same graph as the SVG, laid out the same.

Each group becomes a container, each node a box inside it, each link an edge between them, at the
positions Graphviz gave them in the SVG (render.layout). Ids are the graph's own, so the file is
byte-identical for the same design, and every design string is escaped with escape.xml_attr.
"""

from __future__ import annotations

from ..escape import xml_attr
from .graph import Graph, GroupKind, LinkKind, Node, NodeKind
from .render import BOX_FILLS, EDGE_STYLES, GROUP_COLOURS, TRAFFIC_COLOURS, Box, Layout

# Devices (drawn with icons in the SVG) as coloured boxes: the fill says what the device is.
DEVICE_FILLS = {
    NodeKind.internet: "#ECEFF1",
    NodeKind.firewall: "#FFE0B2",
    NodeKind.core_switch: "#B3E5FC",
    NodeKind.access_switch: "#B3E5FC",
    NodeKind.storage_switch: "#B3E5FC",
    NodeKind.management_server: "#D1C4E9",
    NodeKind.load_balancer: "#D1C4E9",
    NodeKind.database: "#D1C4E9",
    NodeKind.storage_server: "#F8BBD0",
}
SHAPES = {NodeKind.internet: "ellipse;", NodeKind.primary_pool: "shape=cylinder3;size=8;",
          NodeKind.secondary_store: "shape=cylinder3;size=8;",
          NodeKind.bridge: "shape=hexagon;perimeter=hexagonPerimeter2;"}


def _number(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing '.0' (stable text for the same layout)."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _geometry(box: Box, parent: Box | None) -> str:
    x, y = (box.x - parent.x, box.y - parent.y) if parent else (box.x, box.y)
    return (f'<mxGeometry x="{_number(x)}" y="{_number(y)}" width="{_number(box.width)}" '
            f'height="{_number(box.height)}" as="geometry"/>')


def _node_style(node: Node) -> str:
    fill = DEVICE_FILLS.get(node.kind) or BOX_FILLS.get(node.kind, "#FFFFFF")
    font = "#263238"
    if node.kind is NodeKind.network:
        fill = TRAFFIC_COLOURS.get(node.variant, TRAFFIC_COLOURS[""])
        font = "#FFFFFF"
    return (f"{SHAPES.get(node.kind, 'rounded=1;')}whiteSpace=wrap;html=0;fillColor={fill};strokeColor=#90A4AE;"
            f"fontColor={font};fontSize=11;")


def _group_style(kind: GroupKind) -> str:
    return (f"rounded=1;arcSize=4;whiteSpace=wrap;html=0;container=1;collapsible=0;fillColor={GROUP_COLOURS[kind]};"
            "strokeColor=#B0BEC5;verticalAlign=top;align=left;spacingLeft=6;fontSize=12;fontStyle=1;")


def _edge_style(kind: LinkKind, variant: str) -> str:
    attrs = EDGE_STYLES[kind]
    colour = TRAFFIC_COLOURS.get(variant, attrs.get("color", "#78909C")) if variant else attrs.get("color", "#78909C")
    width = attrs.get("penwidth", "1")
    dashed = "dashed=1;" if attrs.get("style") in ("dashed", "dotted") else ""
    arrow = "endArrow=block;endSize=6;" if attrs.get("dir") == "forward" else "endArrow=none;"
    return (f"edgeStyle=none;rounded=0;html=0;{arrow}{dashed}strokeColor={colour};strokeWidth={width};"
            "fontSize=10;fontColor=#37474F;labelBackgroundColor=#FFFFFF;")


def _cell_id(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def to_drawio(graph: Graph, placed: Layout) -> str:
    """The graph as a draw.io document (XML text, UTF-8). ``placed`` is render.layout(graph)."""
    groups = {g.id: g for g in graph.groups}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<mxfile host="stackplan" type="device">',
        f'  <diagram id="{xml_attr(graph.name)}" name="{xml_attr(graph.title)}">',
        f'    <mxGraphModel dx="0" dy="0" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" '
        f'fold="1" page="0" pageScale="1" pageWidth="{_number(placed.width)}" pageHeight="{_number(placed.height)}" '
        'math="0" shadow="0">',
        "      <root>",
        '        <mxCell id="0"/>',
        '        <mxCell id="1" parent="0"/>',
        f'        <mxCell id="title" value="{xml_attr(graph.title)}" style="text;html=0;fontSize=16;fontStyle=1;'
        f'align=center;verticalAlign=top;" vertex="1" parent="1">'
        f'<mxGeometry x="0" y="0" width="{_number(placed.width)}" height="24" as="geometry"/></mxCell>',
    ]

    def parent_of(group: str | None) -> tuple[str, Box | None]:
        if group is None or group not in placed.boxes:
            return "1", None
        return _cell_id("group", group), placed.boxes[group]

    def add_groups(parent: str | None) -> None:
        for group in graph.children(parent):
            box = placed.boxes.get(group.id)
            if box is None:
                continue
            cell, origin = parent_of(parent)
            ident = xml_attr(_cell_id("group", group.id))
            lines.append(f'        <mxCell id="{ident}" value="{xml_attr(group.label)}" '
                         f'style="{_group_style(group.kind)}" vertex="1" parent="{xml_attr(cell)}">'
                         f"{_geometry(box, origin)}</mxCell>")
            add_groups(group.id)

    add_groups(None)
    for node in graph.nodes:
        box = placed.boxes.get(node.id)
        if box is None:
            continue
        cell, origin = parent_of(node.group if node.group in groups else None)
        lines.append(f'        <mxCell id="{xml_attr(_cell_id("node", node.id))}" value="{xml_attr(node.label)}" '
                     f'style="{_node_style(node)}" vertex="1" parent="{xml_attr(cell)}">'
                     f"{_geometry(box, origin)}</mxCell>")
    for number, edge in enumerate(graph.edges, start=1):
        ends = [_cell_id("group" if end in groups else "node", end) for end in (edge.source, edge.target)]
        lines.append(f'        <mxCell id="edge:{number}" value="{xml_attr(edge.label)}" '
                     f'style="{_edge_style(edge.kind, edge.variant)}" edge="1" parent="1" '
                     f'source="{xml_attr(ends[0])}" target="{xml_attr(ends[1])}">'
                     '<mxGeometry relative="1" as="geometry"/></mxCell>')
    lines += ["      </root>", "    </mxGraphModel>", "  </diagram>", "</mxfile>", ""]
    return "\n".join(lines)
