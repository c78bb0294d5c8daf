"""Network diagrams of a deployment, in two stages.

1. Builders (topology, planes, hierarchy, wiring) turn the design and inventory into small typed
   graphs (graph.py): nodes with stable ids, groups, labelled links. Tests check these.
2. The renderer (render.py) draws each graph with the `diagrams` package and returns a
   self-contained SVG: icons inlined, no path of the build machine, byte-identical per design.
"""

from __future__ import annotations

from dataclasses import replace

from ..inventory import Inventory
from ..model import Design
from ..ports.types import PortPlan
from .drawio import to_drawio
from .graph import DiagramKind, Graph, GraphError, NodeKind
from .hierarchy import hierarchy_graphs
from .planes import planes_graphs
from .render import layout, to_svg
from .topology import topology_graphs
from .wiring import wiring_graphs

__all__ = ["DiagramKind", "Graph", "GraphError", "NodeKind", "build_graphs", "drawio", "layout", "to_drawio", "to_svg"]


def build_graphs(design: Design, inventory: Inventory, ports: PortPlan | None = None) -> list[Graph]:
    """Every diagram of a deployment, in page order: topology, planes, hierarchy, host wiring.

    With the port plan, links carry their port-channels and each example host's NICs their
    switch ports, so the pictures and the switch configurations say the same thing.
    """
    graphs = [
        *topology_graphs(design, inventory, ports),
        *planes_graphs(design, inventory),
        *hierarchy_graphs(design, inventory),
        *wiring_graphs(design, inventory, ports),
    ]
    return _unique_names(graphs)


def drawio(graph: Graph) -> str:
    """The graph as an editable draw.io file, laid out as in its SVG."""
    return to_drawio(graph, layout(graph))


def _unique_names(graphs: list[Graph]) -> list[Graph]:
    """Two diagrams may not share a file: a later one that would gets '-2', '-3', … (in page order)."""
    taken: set[str] = set()
    unique: list[Graph] = []
    for graph in graphs:
        name, n = graph.name, 1
        while name in taken:
            n += 1
            name = f"{graph.name}-{n}"
        taken.add(name)
        unique.append(graph if name == graph.name else replace(graph, name=name))
    return unique
