"""The index structures behind big designs give what the scans they replace gave: the inventory's hosts
by cluster and pod, the sweep of overlapping subnets and ranges, the topology's per-pod lookups."""

from __future__ import annotations

import random
import sys
from ipaddress import IPv4Network
from itertools import combinations
from pathlib import Path

import pytest

from generator.diagrams.facts import groups_of_pod
from generator.diagrams.topology import Lookups
from generator.inventory import expand
from generator.loader import load_design
from generator.pipeline import run
from generator.rules.walk import overlapping_pairs, subnet_span
from tests.conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from build_bench import valid_design


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_hosts_by_cluster_and_pod_are_the_scans(path: Path) -> None:
    design = load_design(path).design
    assert design is not None
    inventory = expand(design)
    for ref in inventory.pods():
        assert inventory.hosts_in_pod(ref.pod) == [h for h in inventory.hosts if h.pod is ref.pod]
        for cluster in ref.pod.clusters:
            found = inventory.hosts_of(cluster)
            assert found == [h for h in inventory.hosts if h.cluster is cluster]
            found.clear()  # a caller's list is its own
            assert inventory.hosts_of(cluster) == [h for h in inventory.hosts if h.cluster is cluster]
    removed = inventory.hosts.pop()
    assert removed not in inventory.hosts_of(removed.cluster)  # the index follows a changed host list


def test_sweep_finds_exactly_the_overlapping_pairs() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 30)):
            first = rng.randint(0, 100)
            spans.append((first, first + rng.randint(0, 20)))
        expected = sorted((i, j) for i, j in combinations(range(len(spans)), 2)
                          if spans[i][0] <= spans[j][1] and spans[j][0] <= spans[i][1])
        assert overlapping_pairs(spans) == expected


def test_sweep_of_subnets_is_cidr_overlap() -> None:
    rng = random.Random(11)
    nets = [IPv4Network(f"10.{rng.randint(0, 3)}.{rng.randint(0, 3) * 64}.0/{rng.choice([16, 18, 24, 26])}",
                        strict=False) for _ in range(60)]
    expected = [(i, j) for i, j in combinations(range(len(nets)), 2) if nets[i].overlaps(nets[j])]
    assert overlapping_pairs([subnet_span(n) for n in nets]) == expected


def test_topology_lookups_are_the_scans() -> None:
    deployment = run(ROOT / "designs" / "large-scale-redundant.yaml")
    look = Lookups(deployment.design, deployment.inventory, deployment.port_plan)
    for ref in deployment.inventory.pods():
        assert look.pod_fabrics[ref.pod.name] == groups_of_pod(look.groups, ref.pod)
        assert look.pod_group_ids[ref.pod.name] == {g.id for g in look.groups if g.pod == ref.pod.name}
    for i, group in enumerate(look.groups):
        for switch in group.switches:
            assert look.groups[look.switch_group_index[switch.name]] is next(
                g for g in look.groups if any(s.name == switch.name for s in g.switches))
            assert look.switch_group_index[switch.name] <= i


@pytest.mark.parametrize("hosts", [31, 250])
def test_benchmark_generator_is_valid(hosts: int, tmp_path: Path) -> None:
    """The benchmark's designs are valid at every size (a finding would make its figures meaningless)."""
    import yaml

    path = tmp_path / "bench.yaml"
    path.write_text(yaml.safe_dump(valid_design(hosts, max(1, -(-hosts // 30))), sort_keys=False))
    deployment = run(path)
    assert deployment.valid, [f.text() for f in deployment.findings if f.severity.value == "error"][:3]
    assert len(deployment.inventory.hosts) == hosts
