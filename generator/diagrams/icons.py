"""Which picture stands for which kind of node.

Devices get icons: the `diagrams` package's own where it has a fitting one (Internet, firewall,
Cisco-style L2/L3 switch symbols, MySQL/MariaDB), and our PNGs in ``icons/`` for what it lacks
(CloudStack management server, load balancer, hosts by hypervisor, storage by protocol).
Logical objects and interfaces are drawn as coloured boxes instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from diagrams import Node as DiagramNode
from diagrams.custom import Custom
from diagrams.generic.network import Firewall
from diagrams.generic.storage import Storage
from diagrams.onprem.database import Mariadb, Mysql
from diagrams.onprem.network import CiscoSwitchL2, CiscoSwitchL3, Internet

from .graph import NodeKind

ICON_DIR = Path(__file__).resolve().parent / "icons"

NodeFactory = Callable[..., DiagramNode]


def _ours(name: str) -> NodeFactory:
    path = str(ICON_DIR / f"{name}.png")

    def make(label: str, **attrs: Any) -> DiagramNode:
        return Custom(label, path, **attrs)

    return make


_PACKAGE: dict[NodeKind, NodeFactory] = {
    NodeKind.internet: Internet,
    NodeKind.firewall: Firewall,
    NodeKind.core_switch: CiscoSwitchL3,
    NodeKind.access_switch: CiscoSwitchL2,
    NodeKind.storage_switch: CiscoSwitchL2,
}

HOST_ICONS = {"kvm", "xenserver", "vmware", "hyperv", "lxc", "baremetal"}
STORAGE_ICONS = {"nfs", "iscsi", "fc", "smb", "s3", "ceph", "rbd"}


def icon_factory(kind: NodeKind, variant: str) -> NodeFactory | None:
    """The `diagrams` node class (or Custom maker) for a node, or None to draw a plain box."""
    if kind in _PACKAGE:
        return _PACKAGE[kind]
    if kind is NodeKind.database:
        database: NodeFactory = Mariadb if variant == "mariadb" else Mysql
        return database
    if kind is NodeKind.management_server:
        return _ours("cloudstack-management")
    if kind is NodeKind.load_balancer:
        return _ours("load-balancer")
    if kind in (NodeKind.host, NodeKind.host_group):
        return _ours(f"host-{variant if variant in HOST_ICONS else 'baremetal'}")
    if kind is NodeKind.storage_server:
        name = "ceph" if variant == "rbd" else variant
        return _ours(f"storage-{name}") if name in STORAGE_ICONS else Storage
    return None


def icon_roots() -> list[Path]:
    """Folders icon files come from: paths under them must never reach an output file."""
    import diagrams

    package = Path(diagrams.__file__).resolve().parent
    return [ICON_DIR, package.parent / "resources", package]
