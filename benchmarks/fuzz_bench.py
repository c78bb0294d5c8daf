"""Random mutations of the example designs, run through the whole pipeline to artefacts.

Each mutation takes one example design as plain data, applies one to three random edits (the same
kinds as the property test in tests/core/test_robustness.py: drop a key, replace a value with one of
another type, nudge a number, duplicate a list item) plus edits that target names and text, writes it
as YAML and runs load → validate → plan → every artefact of a valid design (the site's pages and zip
too). A finding is the expected answer; any exception is a crash. Prints the number of mutations, the
crashes grouped by signature (exception type and the innermost stackplan frame), and the time per
mutation.

    .venv/bin/python benchmarks/fuzz_bench.py -n 10000 --seed 1
    nice -n 19 .venv/bin/python benchmarks/fuzz_bench.py -n 10000 --save-crashes /tmp/crashes

Exit status: 0 no crash, 1 at least one crash.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import run  # noqa: E402
from generator.site.pages import deployment_pages  # noqa: E402

EXAMPLES = sorted((ROOT / "designs").glob("*.yaml"))

REPLACEMENTS: list[Any] = [None, True, False, 0, 1, -1, 2, 7, 4094, 4095, 65536, 5000, "", "x", "10.0.0.0/8",
                           "10.10.0.1", "255.255.255.255/32", "0.0.0.0/0", "1-4094", "a b", "UPPER", "x" * 200,
                           [], {}, 1.5, "-lead", ".dot", "é", "{id}", "h{id}"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_paths(value, (*prefix, i)))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(rng: random.Random, data: Any) -> list[str]:
    """Apply one to three random edits to ``data`` in place; return what was done, for the crash report."""
    done: list[str] = []
    for _ in range(rng.randint(1, 3)):
        paths = _paths(data)
        if not paths:
            break
        path = rng.choice(paths)
        parent = _parent(data, path)
        key = path[-1]
        current = parent[key]
        action = rng.choice(["drop", "replace", "nudge", "duplicate", "copy-sibling", "text"])
        where = ".".join(map(str, path))
        if action == "drop":
            del parent[key]
        elif action == "nudge" and isinstance(current, int) and not isinstance(current, bool):
            parent[key] = current + rng.randint(-3, 3)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(current))
        elif action == "copy-sibling" and isinstance(parent, dict) and len(parent) > 1:
            # a value of another key of the same mapping: right shape, wrong place (names shared, counts swapped)
            other = rng.choice([k for k in parent if k != key])
            parent[key] = copy.deepcopy(parent[other])
        elif action == "text" and isinstance(current, str):
            parent[key] = current + rng.choice(["2", "-x", " ", "\n", "'", "{id}", ""]) if current else "y"
        else:
            parent[key] = copy.deepcopy(rng.choice(REPLACEMENTS))
        done.append(f"{action} {where}")
    return done


def signature(exc: BaseException) -> str:
    """Exception type and the innermost frame inside the project (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(ROOT) in f.filename and "/.venv/" not in f.filename]
    frame = (ours or frames)[-1] if frames else None
    where = f"{Path(frame.filename).relative_to(ROOT) if str(ROOT) in frame.filename else frame.filename}:" \
            f"{frame.lineno} in {frame.name}" if frame else "?"
    return f"{type(exc).__name__} at {where}"


def one(path: Path) -> int:
    """Run one design file through everything; the number of artefacts (0 for a design with errors)."""
    deployment = run(path)
    pages = deployment_pages(deployment)  # overview and validation report even for a broken design
    if deployment.valid:
        return len(pages)
    if not deployment.findings:
        raise AssertionError("an invalid design without findings")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--mutations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save-crashes", type=Path, help="folder to keep the first design of each crash signature")
    parser.add_argument("--progress", type=int, default=0, help="print a line every N mutations")
    args = parser.parse_args()

    originals = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES}
    names = sorted(originals)
    rng = random.Random(args.seed)
    crashes: Counter[str] = Counter()
    examples: dict[str, tuple[str, list[str]]] = {}
    valid = 0
    started = time.perf_counter()
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory(prefix="stackplan-fuzz.") as tmp:
        for i in range(args.mutations):
            name = rng.choice(names)
            data = copy.deepcopy(originals[name])
            edits = mutate(rng, data)
            path = Path(tmp) / f"{name}.yaml"
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
            path.write_text(text, encoding="utf-8")
            t0 = time.perf_counter()
            try:
                valid += one(path) > 0
            except Exception as exc:  # a crash is what we count
                sig = signature(exc)
                crashes[sig] += 1
                if sig not in examples:
                    examples[sig] = (name, edits)
                    if args.save_crashes:
                        args.save_crashes.mkdir(parents=True, exist_ok=True)
                        (args.save_crashes / f"crash-{len(examples):03d}-{name}.yaml").write_text(text, "utf-8")
            took = time.perf_counter() - t0
            if took > slowest[0]:
                slowest = (took, f"{name}: {'; '.join(edits)}")
            if args.progress and (i + 1) % args.progress == 0:
                elapsed = time.perf_counter() - started
                print(f"  {i + 1} mutations, {sum(crashes.values())} crashes, {elapsed / (i + 1) * 1000:.0f} ms each",
                      flush=True)
    elapsed = time.perf_counter() - started
    n = max(args.mutations, 1)
    print(f"mutations: {args.mutations} (seed {args.seed}; {valid} still valid and built completely)")
    print(f"crashes: {sum(crashes.values())} ({len(crashes)} signature(s))")
    for sig, count in crashes.most_common():
        name, edits = examples[sig]
        print(f"  {count:6d}  {sig}\n          first: {name}: {'; '.join(edits)}")
    print(f"time: {elapsed:.1f} s, {elapsed / n * 1000:.1f} ms per mutation "
          f"(slowest {slowest[0] * 1000:.0f} ms: {slowest[1]})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
