"""Assemble the runbook of a deployment, phase by phase, in install order."""

from __future__ import annotations

from ..deployment import Deployment
from ..export import vault, zone_export
from ..host_configs import deployment_host_networks
from .context import RunbookContext
from .model import Runbook, Secret, numbered
from .phases import (
    acceptance,
    cabling,
    certificates,
    database,
    day2,
    hosts,
    management,
    preflight,
    storage,
    switches,
    templates,
    zone,
)


def secret_names(ctx: RunbookContext) -> list[str]:
    """Every vault entry the install needs, in the vault catalogue's order."""
    wanted = {vault.DB_ROOT_PASSWORD.name, vault.DB_CLOUD_PASSWORD.name, vault.MS_SECRET_KEY.name,
              vault.DB_SECRET_KEY.name, vault.CS_ADMIN_PASSWORD.name, vault.CS_API_KEY.name,
              vault.CS_SECRET_KEY.name}
    if ctx.design.management.database.replica is not None:
        wanted.add(vault.DB_REPL_PASSWORD.name)
    if any(z.domain for z in ctx.export.spec.zones):
        wanted.add(vault.SYSVM_TLS_KEY.name)
    if ctx.inventory.hosts:
        wanted.add(vault.HOST_PASSWORD.name)
    wanted.update(ctx.export.spec.secrets())
    return vault.ordered(wanted)


def context(deployment: Deployment) -> RunbookContext:
    nets = deployment_host_networks(deployment)
    return RunbookContext(
        title=deployment.title, slug=deployment.slug, source=deployment.loaded.path, design=deployment.design,
        inventory=deployment.inventory, address_plan=deployment.address_plan, ports=deployment.port_plan,
        export=zone_export(deployment), host_networks={n.host: n for n in nets},
    )


def deployment_runbook(deployment: Deployment) -> Runbook:
    """The deployment's runbook, built once: the runbook pages and the device pages (their steps) read it."""
    return deployment.once("runbook", lambda: build_runbook(context(deployment)))


def build_runbook(ctx: RunbookContext) -> Runbook:
    names = secret_names(ctx)
    script = ctx.export.script(ctx.title, ctx.source)
    _, notes = ctx.export.marvin()
    phases = numbered([
        preflight.build(ctx, [n for n in names if n not in vault.GENERATED]),
        cabling.build(ctx),
        switches.build(ctx),
        storage.build(ctx),
        database.build(ctx),
        management.build(ctx),
        templates.build(ctx),
        hosts.build(ctx),
        zone.build(ctx, script, notes),
        certificates.build(ctx),
        acceptance.build(ctx),
        day2.build(ctx),
    ])
    return Runbook(ctx.title, ctx.slug, ctx.source, phases,
                   tuple(Secret(n, vault.purpose(n)) for n in names))
