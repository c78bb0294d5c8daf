"""Install runbook pages (whole and per role) and the zone deployment downloads."""

from __future__ import annotations

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..export import MARVIN_PATH, SCRIPT_PATH, zone_export
from ..runbook.build import deployment_runbook
from ..runbook.model import ROLE_TITLES, Role
from ..templating import render

ROLE_ORDER = {Role.network: 71, Role.storage: 72, Role.cloud: 73}
# Up to this many steps, each role's page holds its steps in full, to print for that team; beyond it the role
# page lists its steps, each linking to the step in runbook.md, which holds every step once (a 2,500-host
# runbook of 1,200 steps was rendered twice, 4.4 MB in runbook.md and as much again in the role pages).
ROLE_PAGES_IN_FULL = 400


def produce(deployment: Deployment) -> list[Artefact]:
    runbook = deployment_runbook(deployment)
    roles = dict(ROLE_TITLES)
    in_full = len(runbook.steps) <= ROLE_PAGES_IN_FULL
    artefacts = [Artefact("runbook.md", render("runbook/runbook.md.j2", runbook=runbook, roles=roles,
                                               devices=deployment.device_names, roles_in_full=in_full),
                          Kind.page, "Install runbook", order=70)]
    for role, order in ROLE_ORDER.items():
        part = runbook.for_role(role)
        if in_full:
            text = render("runbook/role.md.j2", runbook=part, roles=roles, role_title=ROLE_TITLES[role],
                          devices=frozenset())  # a page to print: it links nowhere, a device's name included
        else:
            text = render("runbook/role_index.md.j2", runbook=part, role_title=ROLE_TITLES[role],
                          steps=len(part.steps), total=len(runbook.steps))
        artefacts.append(Artefact(f"runbook-{role.value}.md", text, Kind.page, f"Runbook: {ROLE_TITLES[role].lower()}",
                                  order=order))
    export = zone_export(deployment)
    artefacts.append(Artefact(SCRIPT_PATH, export.script(deployment.title, deployment.loaded.path)))
    artefacts.append(Artefact(MARVIN_PATH, export.marvin_text()))
    return artefacts
