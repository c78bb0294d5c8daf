"""Set-up, prove (drills included) and teardown seconds of `stackplan lab` per example design.

Needs root and Open vSwitch. Target on the 2-core machine: large-scale-redundant (36 hosts, 6 switches
as 3 bridges, 14 drills) in at most 60 s. Columns: the verify pairs pinged and those not proven in the lab,
the drills, seconds per phase, the kernel's neighbour entries at the fullest wave of pings (every namespace of
the machine counts; its limit gc_thresh3 is 1,024 by default) and the table-full events during the waves.
    .venv/bin/python benchmarks/lab_bench.py [design.yaml ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from generator.lab.prove import matrix_of, new_prefix, plan_of, run_lab
from generator.lab.run import MachineUnfit, preflight
from generator.pipeline import run


def main() -> int:
    try:
        preflight()
    except MachineUnfit as exc:
        print(f"lab_bench: {exc}", file=sys.stderr)
        return 2
    paths = [Path(a) for a in sys.argv[1:]] or sorted(Path("designs").glob("*.yaml"))
    print(f"{'design':28} {'hosts':>5} {'pairs':>5} {'unproven':>8} {'drills':>6} {'set-up':>7} {'prove':>7} "
          f"{'drills':>7} {'down':>6} {'total':>7} {'neigh':>5} {'full':>4}  result")
    for path in paths:
        d = run(path)
        plan = plan_of(d, None, new_prefix())
        start = time.monotonic()
        result = run_lab(plan, matrix_of(d, plan))
        total = time.monotonic() - start
        s = result.seconds
        hosts = sum(1 for n in plan.namespaces if n.role == "host")
        print(f"{d.slug:28} {hosts:5} {len(result.pairs):5} {len(result.matrix.unproven):8} {len(result.drills):6} "
              f"{s.get('set-up', 0):6.1f}s {s.get('prove', 0):6.1f}s {s.get('drills', 0):6.1f}s "
              f"{s.get('teardown', 0):5.1f}s {total:6.1f}s {result.neighbours:5} {result.table_fulls:4}  "
              f"{'pass' if result.ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
