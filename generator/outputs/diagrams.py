"""The diagrams page of a deployment and its SVG files (diagrams/<name>.svg)."""

from __future__ import annotations

from dataclasses import dataclass

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..diagrams import DiagramKind, Graph, NodeKind, build_graphs, drawio, to_svg
from ..escape import url_part
from ..templating import render

INTRO = ("Click a picture to open it full window: drag to pan, the mouse wheel or + and − to zoom, Esc to close; "
         "there, \"Open the SVG\" shows the picture by itself, where a click on a host, switch or server opens "
         "its page. "
         "Each SVG file is self-contained (icons embedded), so it can be saved, attached to a change request "
         "or viewed offline; the physical topology is also a draw.io file, to edit in diagrams.net.")

SECTIONS = {
    DiagramKind.topology: ("Physical topology",
                           "How the equipment is cabled: Internet edge, firewalls, core and access switches, "
                           "hosts by pod and cluster, storage servers and the management plane. Links are "
                           "labelled with their port-channels, speeds, bonds and networks."),
    DiagramKind.planes: ("Network planes",
                         "Which CloudStack network (management, guest, public, storage) and which dedicated "
                         "primary-storage network rides which physical network and host interface, with CIDRs "
                         "and VLANs."),
    DiagramKind.hierarchy: ("Hierarchy",
                            "Region → zone → pod → cluster → host, as CloudStack will hold them, with primary "
                            "storage at cluster or zone scope and secondary storage per zone."),
    DiagramKind.wiring: ("Host wiring",
                         "One example host per host profile: its NICs and the switch ports they are cabled to, "
                         "bonds, VLAN interfaces, the bridges (or hypervisor networks) named by the traffic "
                         "labels and the networks on each. This is what the host configuration builds before "
                         "the host is added to CloudStack."),
}


# Pictures also published as an editable draw.io file (diagrams.net), beside the SVG.
EDITABLE = {DiagramKind.topology}


@dataclass(frozen=True)
class Figure:
    heading: str
    caption: str
    path: str
    alt: str
    editable: str = ""  # the draw.io file of the same picture, where there is one


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    figures: list[Figure]


def _heading(graph: Graph, alone: bool) -> str:
    if alone:
        return ""
    if graph.kind is DiagramKind.topology:
        return f"Pod {graph.subject}" if graph.subject else "Whole deployment"
    if graph.kind is DiagramKind.planes:
        return f"Zone {graph.subject}"
    if graph.kind is DiagramKind.wiring:
        return f"Profile {graph.subject}"
    return graph.title


def sections(graphs: list[Graph]) -> list[Section]:
    result: list[Section] = []
    for kind, (title, intro) in SECTIONS.items():
        members = [g for g in graphs if g.kind is kind]
        if not members:
            continue
        figures = [
            Figure(_heading(g, len(members) == 1), g.caption, f"diagrams/{g.name}.svg",
                   g.title.replace("[", "(").replace("]", ")"),
                   f"diagrams/{g.name}.drawio" if g.kind in EDITABLE else "")
            for g in members
        ]
        result.append(Section(title, intro, figures))
    return result


# Nodes that draw one device (a host, switch or server): they link to its page.
DEVICE_NODES = {NodeKind.host, NodeKind.core_switch, NodeKind.access_switch, NodeKind.storage_switch,
                NodeKind.storage_server, NodeKind.management_server, NodeKind.database}


def device_links(graph: Graph, devices: frozenset[str]) -> dict[str, str]:
    """Node id → the page of the device it draws, relative to the SVG (``diagrams/``) in the site, where a
    page ``devices/<name>.md`` is ``devices/<name>.html``."""
    return {n.id: f"../devices/{url_part(n.stands_for[0])}.html" for n in graph.nodes
            if n.kind in DEVICE_NODES and len(n.stands_for) == 1 and n.stands_for[0] in devices}


def produce(deployment: Deployment) -> list[Artefact]:
    graphs = build_graphs(deployment.design, deployment.inventory, deployment.port_plan)
    devices = deployment.device_names
    files = [Artefact(f"diagrams/{g.name}.svg", to_svg(g, device_links(g, devices)), Kind.file) for g in graphs]
    files += [Artefact(f"diagrams/{g.name}.drawio", drawio(g), Kind.file,
                       f"{g.title}: editable in draw.io (diagrams.net)") for g in graphs if g.kind in EDITABLE]
    page = render("diagrams/page.md.j2", intro=INTRO, sections=sections(graphs))
    return [Artefact("diagrams.md", page, Kind.page, "Diagrams", order=10), *files]
