"""Phase: cabling, one step per switch, straight from the port plan."""

from __future__ import annotations

from ...ports.types import LinkKind, PortRow
from ..context import RunbookContext
from ..model import Check, Phase, Role, Step, Table
from ..platforms import commands

TITLE = "Cabling"
INTRO = ("Cable every port as listed, switch by switch. Host NICs are keyed on the host's id, so the same host "
         "always lands on the same ports. Label both ends with the peer's name and interface.")

_KIND = {LinkKind.host: "host", LinkKind.server: "server", LinkKind.uplink: "uplink",
         LinkKind.downlink: "downlink", LinkKind.peer_link: "peer link"}


def _row(r: PortRow) -> tuple[str, ...]:
    vlans = (str(r.access_vlan) if r.access_vlan is not None else "") if r.mode.value == "access" else (
        r.allowed_text + (f" (native {r.native_vlan})" if r.native_vlan is not None else ""))
    return (r.port, _KIND[r.kind], r.peer_device, r.peer_interface or "—", r.lag.name if r.lag else "—",
            r.mode.value, vlans or "—")


def build(ctx: RunbookContext) -> Phase:
    steps = []
    if ctx.ports is not None:
        for sw in sorted(ctx.design.switches, key=lambda s: s.name):
            rows = sorted(ctx.ports.of_switch(sw.name), key=lambda r: r.number)
            if not rows:
                continue
            cmds = commands(sw.platform)
            switch_peers = sorted({r.peer_device for r in rows if not r.edge})
            checks = [Check(sw.name, cmds.interfaces,
                            f"the {len(rows)} ports in the table are up (connected) at their speed", "text")]
            if switch_peers:
                checks.append(Check(sw.name, cmds.lldp, "neighbours " + ", ".join(switch_peers) +
                                    " on the uplink and peer-link ports of the table", "text"))
            hosts = sorted({r.peer_device for r in rows if r.kind is LinkKind.host})
            servers = sorted({r.peer_device for r in rows if r.kind is LinkKind.server})
            text = (f"{len(rows)} cables: {len(hosts)} hosts"
                    + (f", servers {', '.join(servers)}" if servers else "")
                    + (f", links to {', '.join(switch_peers)}" if switch_peers else "") + ".")
            steps.append(Step(f"Cable {sw.name}", Role.network, f"{sw.name} ({sw.model or sw.platform.value})", text,
                              table=Table(("Port", "Link", "Peer", "Peer interface", "LAG", "Mode", "VLANs"),
                                          tuple(_row(r) for r in rows)),
                              checks=tuple(checks)))
    return Phase("cabling", TITLE, INTRO, tuple(steps))
