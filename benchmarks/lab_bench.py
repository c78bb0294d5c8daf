"""Set-up, prove (drills included) and teardown seconds of `stackplan lab` per example design.

Needs root and Open vSwitch. Target on the 2-core machine: large-scale-redundant (36 hosts, 6 switches
as 3 bridges, 14 drills) in at most 60 s.
    .venv/bin/python benchmarks/lab_bench.py [design.yaml ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from generator.lab.expect import drill_pairs, expected_pairs
from generator.lab.prove import new_prefix, plan_of, run_lab
from generator.lab.run import MachineUnfit, preflight
from generator.pipeline import run


def main() -> int:
    try:
        preflight()
    except MachineUnfit as exc:
        print(f"lab_bench: {exc}", file=sys.stderr)
        return 2
    paths = [Path(a) for a in sys.argv[1:]] or sorted(Path("designs").glob("*.yaml"))
    print(f"{'design':28} {'hosts':>5} {'pairs':>5} {'drills':>6} {'set-up':>7} {'prove':>7} {'drills':>7} "
          f"{'down':>6} {'total':>7}  result")
    for path in paths:
        d = run(path)
        plan = plan_of(d, None, new_prefix())
        start = time.monotonic()
        result = run_lab(plan, expected_pairs(plan), drill_pairs(plan, d.design))
        total = time.monotonic() - start
        s = result.seconds
        hosts = sum(1 for n in plan.namespaces if n.role == "host")
        print(f"{d.slug:28} {hosts:5} {len(result.pairs):5} {len(result.drills):6} {s.get('set-up', 0):6.1f}s "
              f"{s.get('prove', 0):6.1f}s {s.get('drills', 0):6.1f}s {s.get('teardown', 0):5.1f}s {total:6.1f}s  "
              f"{'pass' if result.ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
