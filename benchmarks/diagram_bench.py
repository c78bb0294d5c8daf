"""Time every diagram of a large deployment (not a test): 8 pods × 4 clusters × 16 hosts = 512 hosts.

The design is the large-scale-redundant example grown in memory: each pod gets its own management
network, access pair and four clusters. Run:

    .venv/bin/python benchmarks/diagram_bench.py [--pods 8] [--clusters 4] [--hosts 16]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.diagrams import build_graphs, to_svg  # noqa: E402
from generator.inventory import expand  # noqa: E402
from tests.diagrams.scaled import scaled_design  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=8)
    parser.add_argument("--clusters", type=int, default=4)
    parser.add_argument("--hosts", type=int, default=16)
    args = parser.parse_args()
    design = scaled_design(args.pods, args.clusters, args.hosts)
    inventory = expand(design)
    start = time.perf_counter()
    graphs = build_graphs(design, inventory)
    built = time.perf_counter() - start
    print(f"{len(inventory.hosts)} hosts, {len(design.switches)} switches: {len(graphs)} graphs built in {built:.3f}s")
    total = built
    for graph in graphs:
        t = time.perf_counter()
        svg = to_svg(graph)
        elapsed = time.perf_counter() - t
        total += elapsed
        print(f"  {graph.name:<28} {len(graph.nodes):>4} nodes {len(graph.edges):>4} links "
              f"{len(svg) / 1024:>7.0f} KiB {elapsed:>6.2f}s")
    print(f"total {total:.2f}s")


if __name__ == "__main__":
    main()
