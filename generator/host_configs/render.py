"""Render a host's network model with the template of its kind (netplan, nmcli, xe, esxcli)."""

from __future__ import annotations

from ..templating import render
from .view import MANAGEMENT_PORTGROUP, HostNetwork

# xe bond-create modes for the design's bond modes
XE_BOND_MODES = {"802.3ad": "lacp", "active-backup": "active-backup", "balance-slb": "balance-slb"}


def config_text(net: HostNetwork, source: str) -> str:
    """The network configuration of one host (``source``: the design file, for the header)."""
    return render(f"host/{net.kind}/host.{net.extension}.j2", net=net, source=source, xe_modes=XE_BOND_MODES,
                  mgmt_portgroup=MANAGEMENT_PORTGROUP)
