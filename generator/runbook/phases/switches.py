"""Phase: switch configuration, then gateways and MTU end to end."""

from __future__ import annotations

from ...ports.platforms import platform
from ...ports.types import LinkKind
from ...templating import vlan_list
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, Table
from ..platforms import commands

TITLE = "Switch configuration"
INTRO = ("Load each switch's generated configuration (the `configs/` downloads), then prove that every "
         "network reaches its gateway with its full MTU.")


def _switch_step(ctx: RunbookContext, name: str) -> Step:
    sw = next(s for s in ctx.design.switches if s.name == name)
    cmds = commands(sw.platform)
    info = platform(sw.platform)
    path = f"configs/{sw.name}.cfg"
    values: list[tuple[str, str]] = [("Configuration file", path), ("Platform", info.title)]
    mgmt = sw.management
    mgmt_ip = ctx.switch_ip(sw) if mgmt is not None else None
    if mgmt is not None and mgmt_ip is not None:
        values.append(("Management address", f"{mgmt_ip} on {mgmt.network}"))
    checks: list[Check] = []
    if ctx.ports is not None:
        vlans = sorted(v for v in ctx.ports.switch_vlans(sw.name) if v != 1)
        if vlans:
            values.append(("VLANs", vlan_list(vlans)))
            checks.append(Check(sw.name, cmds.vlans, f"VLANs {vlan_list(vlans)} listed and active", "text"))
        lags = sorted({(r.lag.number, r.lag.name) for r in ctx.ports.of_switch(sw.name) if r.lag is not None})
        if lags:
            hosts = sum(1 for r in ctx.ports.of_switch(sw.name) if r.lag and r.kind is LinkKind.host)
            names = lags[0][1] if len(lags) == 1 else f"{lags[0][1]} … {lags[-1][1]}"
            expect = f"{len(lags)} port-channel{'s' if len(lags) > 1 else ''} ({names}) with their members bundled"
            if hosts:
                expect += f"; the host port-channels ({hosts} ports) come up once the hosts' bonds are set up"
            checks.append(Check(sw.name, cmds.lags, expect, "text"))
    if sw.peer:
        values.append(("Pair", sw.peer))
        checks.append(Check(sw.name, cmds.pair, cmds.pair_ok, "text"))
    if mgmt_ip is not None and mgmt is not None:
        checks.append(Check(f"a machine on {mgmt.network}", f"ping -c3 {mgmt_ip}", "3 packets received"))
    paste = f"{cmds.enter}\n{info.comment} paste {path} here\n{cmds.leave}"
    return Step(f"Configure {sw.name}", Role.network, f"{sw.name}, console or management session",
                f"Paste {path} (see the downloads) into the configuration mode of {sw.name}.",
                values=tuple(values), commands=(Command(sw.name, paste, "text"),), checks=tuple(checks))


def _gateways(ctx: RunbookContext) -> Step | None:
    plan = ctx.book.plan
    owners: dict[str, str] = {}
    if plan is not None:
        for a in plan.allocations:
            if a.role == "gateway":
                owners.setdefault(a.network, a.device)
    rows = []
    checks = []
    for name, net in sorted(ctx.design.networks.items()):
        if net.gateway is None and net.mtu <= 1500:
            continue
        rows.append((name, str(net.cidr), net.vlan_text.removeprefix("VLAN "),
                     str(net.gateway) if net.gateway else "not routed", owners.get(name, net.gateway_on or "—"),
                     str(net.mtu)))
        if net.gateway is not None:
            probe = f"ping -c3 {net.gateway}"
            expect = "3 packets received"
            if net.mtu > 1500:
                probe += f"\nping -c3 -M do -s {net.mtu - 28} {net.gateway}"
                expect += f"; the {net.mtu}-byte pings get replies too (no 'message too long')"
            checks.append(Check(f"a machine on {name}", probe, expect))
    if not rows:
        return None
    return Step("Gateways and MTU", Role.network, "one machine in each network",
                "Each routed network answers on its gateway; networks with a jumbo MTU carry full-size frames "
                "without fragmenting (a VXLAN or storage network that silently drops large frames passes pings and "
                "stalls real traffic). Networks without a gateway are checked from the hosts in the host phase.",
                table=Table(("Network", "CIDR", "VLAN", "Gateway", "Gateway on", "MTU"), tuple(rows)),
                checks=tuple(checks))


def build(ctx: RunbookContext) -> Phase:
    steps = [_switch_step(ctx, s.name) for s in sorted(ctx.design.switches, key=lambda s: s.name)]
    gateways = _gateways(ctx)
    if gateways is not None:
        steps.append(gateways)
    return Phase("switches", TITLE, INTRO, tuple(steps))
