"""Example designs run through the pipeline once, and their diagram outputs rendered once, per session."""

from __future__ import annotations

import pytest

from generator.artefacts import Artefact
from generator.deployment import Deployment
from generator.diagrams import Graph, build_graphs
from generator.outputs import diagrams as diagram_pages
from generator.pipeline import run
from tests.conftest import EXAMPLES

SLUGS = [p.stem for p in EXAMPLES]


@pytest.fixture(scope="session")
def deployments() -> dict[str, Deployment]:
    found = {p.stem: run(p) for p in EXAMPLES}
    for slug, deployment in found.items():
        assert deployment.valid, f"example {slug} does not validate: {deployment.findings[:3]}"
    return found


@pytest.fixture(scope="session")
def graphs(deployments: dict[str, Deployment]) -> dict[str, list[Graph]]:
    return {slug: build_graphs(d.design, d.inventory, d.port_plan) for slug, d in deployments.items()}


@pytest.fixture(scope="session")
def outputs(deployments: dict[str, Deployment]) -> dict[str, list[Artefact]]:
    """The diagrams page and SVG files of every example, rendered once."""
    return {slug: diagram_pages.produce(d) for slug, d in deployments.items()}
