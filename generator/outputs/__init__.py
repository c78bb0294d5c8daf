"""Every output of a deployment, in one list. Each output is a pure function of the deployment.

An output marked ``needs_valid`` runs only when the design has no errors; the overview and
the validation report run for every design that loaded, so a broken design still shows why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..artefacts import Artefact
from ..deployment import Deployment
from . import address_tables, cables, devices, host_configs, overview, ports, proof, racks, switch_configs, validation
from . import diagrams as diagram_pages
from . import runbook as runbook_pages


@dataclass(frozen=True)
class Output:
    """One output; the Proof page is not listed: ``produce`` renders it after the others, from them."""

    name: str
    produce: Callable[[Deployment], list[Artefact]]
    needs_valid: bool = True


OUTPUTS: list[Output] = [
    Output("overview", overview.produce, needs_valid=False),
    Output("validation", validation.produce, needs_valid=False),
    Output("address_tables", address_tables.produce),
    Output("ports", ports.produce),
    Output("switch_configs", switch_configs.produce),
    Output("host_configs", host_configs.produce),
    Output("runbook", runbook_pages.produce),
    Output("diagrams", diagram_pages.produce),
    Output("devices", devices.produce),
    Output("racks", racks.produce),
    Output("cables", cables.produce),
]


# Rendered after the Proof page, which scans every other output and adds what it finds to the findings.
REPORTS = ("overview", "validation")


def produce(deployment: Deployment) -> list[Artefact]:
    """Every output; the Proof page reads back what the others wrote (the artefact scan), and the reports of
    the findings come last, so a wrong address in a configuration shows in the validation report too."""
    artefacts: list[Artefact] = []
    for output in OUTPUTS:
        if output.name in REPORTS or (output.needs_valid and not deployment.valid):
            continue
        artefacts.extend(output.produce(deployment))
    if deployment.valid:
        artefacts.extend(proof.produce(deployment, rendered=list(artefacts)))
    for output in OUTPUTS:
        if output.name in REPORTS:
            artefacts.extend(output.produce(deployment))
    paths = [a.path for a in artefacts]
    if len(paths) != len(set(paths)):
        raise ValueError(f"two outputs wrote the same path in {deployment.slug}")
    return sorted(artefacts, key=lambda a: a.path)
