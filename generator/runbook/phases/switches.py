"""Phase: switch configuration, then gateways and MTU end to end."""

from __future__ import annotations

from markupsafe import Markup

from ...ports.platforms import platform
from ...ports.types import LinkKind
from ...templating import vlan_list
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, Table
from ..platforms import commands

TITLE = "Switch configuration"
INTRO = Markup(  # Markdown of the project's own: its code spans stay
    "Load each switch's generated configuration (the `configs/` downloads), then prove that every "
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
    if sw.peer and info.mlag == "stackwise-virtual":
        own = [c for c in checks if c.command != cmds.pair]
        return _stackwise_step(sw.name, sw.peer, path, values, own)
    paste = f"{cmds.enter}\n{info.comment} paste {path} here\n{cmds.leave}"
    return Step(f"Configure {sw.name}", Role.network, f"{sw.name}, console or management session",
                f"Paste {path} (see the downloads) into the configuration mode of {sw.name}.",
                values=tuple(values), commands=(Command(sw.name, paste, "text"),), checks=tuple(checks))


def _stackwise_step(name: str, peer: str, path: str, values: list[tuple[str, str]],
                    checks: list[Check]) -> Step:
    """A StackWise Virtual member (``checks`` without the generic pair check): the pair becomes one
    switch, so its configuration goes on in stages.

    Member 1 (the name that sorts first) takes its whole file and is saved; member 2 is renumbered
    and reloaded, takes the pair block, both reload as one switch, and member 2's ports are then
    configured on the pair's console (member 1). The configuration files say the same in comments.
    """
    first = name < peer
    active = name if first else peer
    pair_check = Check(active, "show stackwise-virtual", f"both {min(name, peer)} (switch 1) and "
                       f"{max(name, peer)} (switch 2) listed, link 1 up", "text")
    if first:
        paste = f"configure terminal\n! paste {path} here\nend\nwrite memory"
        commands: tuple[Command, ...] = (Command(name, paste, "text"),)
        text = (f"Paste {path} into the configuration mode of {name} and save it. Do not reload yet: "
                f"the pair forms when {peer} has followed its steps 1 and 2 and both switches reload.")
        own_checks = tuple(checks)
    else:
        commands = (
            Command(name, "switch 1 renumber 2\nreload", "text", caption="Step 1, in exec mode"),
            Command(name, f"configure terminal\n! paste {path} down to its step 3\nend\nwrite memory", "text",
                    caption=f"Step 2, then reload both {active} and {name}"),
            Command(active, f"configure terminal\n! paste the rest of {path}, from its step 3\nend\nwrite memory",
                    "text", caption="Step 3, on the pair's console once both switches are listed"),
        )
        text = (f"{name} joins {active} as member 2 of one StackWise Virtual switch. Its file is in three "
                "stages, marked in its comments: a member's ports are configured on the pair's console, "
                "not on the member alone.")
        # Member 2's ports show on the pair's console: the checks of member 1's step cover them.
        own_checks = ()
    return Step(f"Configure {name}", Role.network, f"{name}, console", text, values=tuple(values),
                commands=commands, checks=(pair_check, *own_checks),
                caution="The pair runs as one switch after the reload: configuration pasted on member 2 on its "
                        "own after that is replaced by the active switch's.")


def _gateways(ctx: RunbookContext) -> Step | None:
    owners: dict[str, str] = {}
    for a in ctx.address_plan.allocations:
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
