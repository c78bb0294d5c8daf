"""Racks: every rack and device names what exists, and what is placed fits, stays apart and within the power budget."""

from __future__ import annotations

from collections.abc import Iterator

from ..racks import ProblemKind, servers_of
from .catalogue import ERROR, Phase, rule
from .context import Context, Issue
from .references import _suggest


@rule("RACK-REFERENCE", ERROR, "Racks name existing sites and pods; devices name existing racks",
      "A rack stands at one site; a device placed in a rack that is not in 'racks' would be drawn nowhere and its "
      "cables would have no length class.", Phase.references)
def rack_references(ctx: Context) -> Iterator[Issue]:
    design = ctx.design
    names = [r.name for r in design.racks]
    pods = {p.name for _, z in ctx.inventory.zones() for p in z.pods}
    seen: set[str] = set()
    for rack in design.racks:
        if rack.name in seen:
            yield Issue(rack, "name", f"rack {rack.name} is defined twice", "give each rack its own name")
        seen.add(rack.name)
        if rack.site not in ctx.site_names:
            yield Issue(rack, "site", f"rack {rack.name} stands at site {rack.site}, which is not in 'sites'",
                        _suggest(rack.site, ctx.site_names))
        if rack.pod is not None and rack.pod not in pods:
            yield Issue(rack, "pod", f"rack {rack.name} is for pod {rack.pod}, which is not a pod of the design",
                        _suggest(rack.pod, pods))
    known = set(names)
    entries = {id(h.entry): h.entry for h in ctx.inventory.hosts}
    devices: list[tuple[object, str, str | None]] = [
        *((sw, sw.name, sw.rack) for sw in design.switches),
        *((e, e.name, e.rack) for e in entries.values()),
        *((s, s.name, s.rack) for s in servers_of(design)),
    ]
    for obj, name, wanted in devices:
        if wanted is not None and wanted not in known:
            yield Issue(obj, "rack", f"{name} is placed in rack {wanted}, which is not in 'racks'",
                        _suggest(wanted, known))


def _problems(ctx: Context, kind: ProblemKind) -> Iterator[Issue]:
    for p in ctx.rack_plan.problems:
        if p.kind is kind:
            yield Issue(p.obj, p.attr, p.message, p.fix)


@rule("RACK-OVERLAP", ERROR, "Devices in a rack do not share rack units",
      "Seed 004: a pod is usually one physical rack, so its devices, their units and their cables are planned per "
      "rack; two devices cannot be mounted in the same rack unit.")
def overlap(ctx: Context) -> Iterator[Issue]:
    yield from _problems(ctx, ProblemKind.overlap)


@rule("RACK-DOES-NOT-FIT", ERROR, "Every device fits in its rack",
      "Seed 004: a pod is usually one physical rack; a device's units lie between U1 and the rack's height, and a "
      "pod's racks hold the hosts placed in them.")
def does_not_fit(ctx: Context) -> Iterator[Issue]:
    yield from _problems(ctx, ProblemKind.fit)


@rule("RACK-POWER-OVER-BUDGET", ERROR, "A rack's devices draw no more than its power budget",
      "Seed 004: zones are set apart by separate power, and a pod is usually one rack: a rack's feeds deliver a "
      "fixed power, and devices drawing more trip its breakers.")
def power(ctx: Context) -> Iterator[Issue]:
    yield from _problems(ctx, ProblemKind.power)


@rule("RACK-SITE", ERROR, "A device is mounted in a rack of its own site",
      "Seed 004: a zone is usually one data centre and a pod one rack in it: a rack stands at one site, and a "
      "device of another site cannot be mounted in it.")
def site(ctx: Context) -> Iterator[Issue]:
    yield from _problems(ctx, ProblemKind.site)
