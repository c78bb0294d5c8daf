"""Install runbook pages (whole and per role) and the zone deployment downloads."""

from __future__ import annotations

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..export import MARVIN_PATH, SCRIPT_PATH
from ..runbook.build import build_runbook, context
from ..runbook.model import ROLE_TITLES, Role
from ..templating import render

ROLE_ORDER = {Role.network: 71, Role.storage: 72, Role.cloud: 73}


def produce(deployment: Deployment) -> list[Artefact]:
    ctx = context(deployment)
    runbook = build_runbook(ctx)
    roles = dict(ROLE_TITLES)
    artefacts = [Artefact("runbook.md", render("runbook/runbook.md.j2", runbook=runbook, roles=roles,
                                                          devices=deployment.device_names), Kind.page,
                          "Install runbook", order=70)]
    for role, order in ROLE_ORDER.items():
        text = render("runbook/role.md.j2", runbook=runbook.for_role(role), roles=roles, role_title=ROLE_TITLES[role],
                      devices=frozenset())  # a page to print: it links nowhere, a device's name included
        artefacts.append(Artefact(f"runbook-{role.value}.md", text, Kind.page, f"Runbook: {ROLE_TITLES[role].lower()}",
                                  order=order))
    export = ctx.export
    artefacts.append(Artefact(SCRIPT_PATH, export.script(deployment.title, deployment.loaded.path)))
    artefacts.append(Artefact(MARVIN_PATH, export.marvin_text()))
    return artefacts
