"""Every output of a deployment, in one list. Each output is a pure function of the deployment.

An output marked ``needs_valid`` runs only when the design has no errors; the overview and
the validation report run for every design that loaded, so a broken design still shows why.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

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

# A design of this many devices or more renders FORKED in a forked child process while this process renders
# the other outputs (on a machine of two cores or more): the diagrams (Python waits for each Graphviz run,
# so the child's core runs Graphviz while this one goes on) and the small tables. Below it, forking costs
# more than it saves.
PARALLEL_DEVICES = 500
FORKED = ("address_tables", "ports", "switch_configs", "diagrams", "racks", "cables")


def produce(deployment: Deployment, parallel: bool | None = None) -> list[Artefact]:
    """Every output; the Proof page reads back what the others wrote (the artefact scan), and the reports of
    the findings come last, so a wrong address in a configuration shows in the validation report too.

    ``parallel``: render FORKED in a forked child (None: when ``forking_pays``); the files are the same."""
    todo = [o for o in OUTPUTS if o.name not in REPORTS and (deployment.valid or not o.needs_valid)]
    if parallel is None:
        parallel = forking_pays(deployment)
    made = _forked(deployment, todo) if parallel else _one_by_one(deployment, todo)
    artefacts = [a for output in todo for a in made[output.name]]
    if deployment.valid:
        artefacts.extend(proof.produce(deployment, rendered=list(artefacts)))
    for output in OUTPUTS:
        if output.name in REPORTS:
            artefacts.extend(output.produce(deployment))
    paths = [a.path for a in artefacts]
    if len(paths) != len(set(paths)):
        raise ValueError(f"two outputs wrote the same path in {deployment.slug}")
    return sorted(artefacts, key=lambda a: a.path)


def forking_pays(deployment: Deployment) -> bool:
    """A valid design of PARALLEL_DEVICES devices or more, two cores or more, no other thread in this process
    (forking a process with threads, as ``mkdocs serve`` has, may hang the child) and not a worker process
    itself (the designs of a build already share the cores, one process each)."""
    return (deployment.valid and len(deployment.device_names) >= PARALLEL_DEVICES and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and multiprocessing.parent_process() is None)


def _one_by_one(deployment: Deployment, outputs: list[Output]) -> dict[str, list[Artefact]]:
    return {output.name: output.produce(deployment) for output in outputs}


def _forked(deployment: Deployment, outputs: list[Output]) -> dict[str, list[Artefact]]:
    """The outputs' files, FORKED's rendered by a forked child while this process renders the others. An
    output's exception is raised here as it would be one by one: the first failing output's (in the order of
    ``outputs``). A child that dies without an answer (killed) leaves its outputs to this process."""
    theirs = [o for o in outputs if o.name in FORKED]
    mine = [o for o in outputs if o.name not in FORKED]
    if not theirs or not mine:
        return _one_by_one(deployment, outputs)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(deployment, theirs, send), daemon=True)
    child.start()
    send.close()
    try:
        made, failed = _failing_first(deployment, mine)
        try:
            answer: tuple[dict[str, list[Artefact]], tuple[str, BaseException] | None] = receive.recv()
        except (EOFError, OSError):
            answer = _failing_first(deployment, theirs)
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    made.update(answer[0])
    failures = [f for f in (failed, answer[1]) if f is not None]
    if failures:
        order = [o.name for o in outputs]
        raise min(failures, key=lambda f: order.index(f[0]))[1]
    return made


def _failing_first(deployment: Deployment, outputs: list[Output]
                   ) -> tuple[dict[str, list[Artefact]], tuple[str, BaseException] | None]:
    """The outputs' files up to the first that raises, and (its name, its exception)."""
    made: dict[str, list[Artefact]] = {}
    for output in outputs:
        try:
            made[output.name] = output.produce(deployment)
        except Exception as exc:
            return made, (output.name, exc)
    return made, None


def _child(deployment: Deployment, outputs: list[Output], send: Connection) -> None:
    """In the forked child: render ``outputs`` and send their files (and a failure) to the parent. An exception
    that cannot be pickled is sent as a RuntimeError of its type and message."""
    made, failed = _failing_first(deployment, outputs)
    if failed is not None:
        try:
            pickle.dumps(failed[1])
        except Exception:
            failed = (failed[0], RuntimeError(f"{type(failed[1]).__name__}: {failed[1]}"))
    send.send((made, failed))
    send.close()
