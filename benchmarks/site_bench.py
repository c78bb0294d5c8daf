"""Benchmark (not a test): the whole site of a big design, stage by stage, at growing sizes.

Makes designs of 250 and 2,500 KVM hosts (and 25,000 with ``--big``) with the build benchmark's
generator (racks of about 30 hosts, each with a leaf pair, behind a core pair), each in a project
folder of its own that uses this repository's mkdocs.yml, guide and hook, then runs as a user does:

- ``validate``: ``stackplan validate`` on the design;
- ``build``: ``stackplan build --out`` (every artefact);
- ``build again``: the same with nothing changed;
- ``mkdocs build``: the site a user opens;
- ``mkdocs again``: the same with nothing changed (the no-op rebuild);
- ``serve edit``: what ``mkdocs serve`` does after a one-line edit of the design: in one process,
  a build, then the edit, then the timed rebuild (config reloaded, as serve does);
- ``serve small``: the same with the repository's small-scale example beside the big design, and a line
  of the small one's description edited: the big deployment's pages must not be converted again.

For the serve stages it also prints how many pages the rebuild converted from Markdown and how many it
reused.

Each stage runs in a child process of its own; for each it prints the wall time, the wall time per
device (hosts + switches + servers), the child's CPU time (user + system, its own children included;
the machine is shared, so wall times are noisy and CPU times less so) and peak resident memory, and
the growth exponent of the CPU time against the previous size (1.0 = linear:
log(cpu2/cpu1) / log(devices2/devices1)). The serve edit's CPU time leaves out Graphviz.

    .venv/bin/python benchmarks/site_bench.py [--big] [--sizes 250,2500] [--keep DIR] [--stages build,mkdocs]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import valid_design  # noqa: E402

BIN = Path(sys.executable).parent
HOSTS_PER_RACK = 30
STAGES = ["validate", "build", "build again", "mkdocs build", "mkdocs again", "serve edit", "serve small"]
EDITED = "deployment:\n  name: Benchmark"  # the one line the serve edit changes
SMALL = ROOT / "designs" / "small-scale.yaml"
SMALL_EDITED = "    A trial cloud in one rack"  # ... and in the small design beside it (its description)


@dataclass
class Figure:
    stage: str
    hosts: int
    devices: int
    seconds: float
    cpu: float
    peak_mib: float
    ok: bool


def design_for(hosts: int) -> dict[str, Any]:
    return valid_design(hosts, max(1, math.ceil(hosts / HOSTS_PER_RACK)))


def devices_of(data: dict[str, Any], hosts: int) -> int:
    return hosts + len(data["switches"]) + len(data["storage_servers"])


def project(folder: Path, data: dict[str, Any]) -> Path:
    """A project folder using this repository's mkdocs.yml, guide pages and hook, with one design."""
    (folder / "designs").mkdir(parents=True, exist_ok=True)
    (folder / "designs" / "bench.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["site_dir"] = str(folder / "site")
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks", [])]
    config["watch"] = [str(folder / "designs")]
    config.setdefault("extra", {})["stackplan_designs"] = "designs"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return folder / "mkdocs.yml"


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, bool, str]:
    """Run ``command``; its wall time, its CPU time (user + system), its own peak RSS (MiB) and whether it
    succeeded."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, child.returncode == 0, output.decode("utf-8", "replace")


def command_of(stage: str, config: Path) -> list[str]:
    design, out = "designs/bench.yaml", "out"  # as a user types them in the project folder (the cache key holds it)
    return {
        "validate": [str(BIN / "stackplan"), "validate", design],
        "build": [str(BIN / "stackplan"), "build", design, "--out", out],
        "build again": [str(BIN / "stackplan"), "build", design, "--out", out],
        "mkdocs build": [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)],
        "mkdocs again": [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)],
        "serve edit": [sys.executable, __file__, "--serve-edit", str(config)],
        "serve small": [sys.executable, __file__, "--serve-edit", str(config), "--small"],
    }[stage]


def serve_edit(config_file: Path, small: bool) -> None:
    """As ``mkdocs serve`` does: build, edit one line of a design, rebuild (timed, printed with the pages
    converted and reused). ``small``: the small example sits beside the big design and is the one edited."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.site import mkdocs_speed

    designs = config_file.parent / "designs"
    design, line = (designs / "small-scale.yaml", SMALL_EDITED) if small else (designs / "bench.yaml", EDITED)
    if small:
        shutil.copy(SMALL, design)
    try:
        with tempfile.TemporaryDirectory(prefix="mkdocs_") as site_dir:  # serve builds into a folder of its own
            build(load_config(str(config_file), site_dir=site_dir), dirty=False)
            text = design.read_text("utf-8")
            assert line in text, f"{design} has no line {line!r} to edit"
            design.write_text(text.replace(line, line + " edited", 1), "utf-8")
            try:
                before = dict(mkdocs_speed.counts)
                started, cpu = time.perf_counter(), time.process_time()
                build(load_config(str(config_file), site_dir=site_dir), dirty=False)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                converted, reused = (mkdocs_speed.counts[k] - before[k] for k in ("converted", "reused"))
                print(f"rebuild {elapsed:.3f} {cpu:.3f} {converted} {reused}")
            finally:
                design.write_text(text, "utf-8")
    finally:
        if small:
            design.unlink(missing_ok=True)


def exponent(figures: list[Figure], figure: Figure) -> str:
    before = [f for f in figures if f.stage == figure.stage and f.hosts < figure.hosts and f.ok]
    if not before or not figure.ok:
        return ""
    prev = before[-1]
    if prev.cpu <= 0 or figure.cpu <= 0 or figure.devices == prev.devices:
        return ""
    return f"{math.log(figure.cpu / prev.cpu) / math.log(figure.devices / prev.devices):5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also 25,000 hosts (minutes, about 1 GB)")
    parser.add_argument("--sizes", default="", help="host counts, comma-separated (default 250,2500)")
    parser.add_argument("--stages", default="", help=f"some of: {', '.join(STAGES)} (comma-separated)")
    parser.add_argument("--keep", type=Path, help="make the projects in this folder and keep them")
    parser.add_argument("--serve-edit", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--small", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_edit:
        serve_edit(args.serve_edit, args.small)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s] or [250, 2500, *([25000] if args.big else [])]
    stages = [s.strip() for s in args.stages.split(",") if s.strip()] or STAGES
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s) {unknown}; known: {STAGES}")
    base = args.keep or Path(tempfile.mkdtemp(prefix="site-bench-"))
    figures: list[Figure] = []
    print(f"{'stage':14} {'hosts':>6} {'devices':>7} {'wall s':>8} {'cpu s':>7} {'ms/device':>9} {'peak MiB':>9} "
          f"{'exp':>5}")
    try:
        for hosts in sizes:
            data = design_for(hosts)
            devices = devices_of(data, hosts)
            folder = base / f"h{hosts}"
            shutil.rmtree(folder, ignore_errors=True)
            config = project(folder, data)
            for stage in stages:
                seconds, cpu, peak, ok, output = timed(command_of(stage, config), folder)
                pages = ""
                if stage.startswith("serve") and ok:
                    fields = output.strip().splitlines()[-1].split()
                    seconds, cpu = float(fields[1]), float(fields[2])
                    pages = f"  pages converted {fields[3]}, reused {fields[4]}"
                figure = Figure(stage, hosts, devices, seconds, cpu, peak, ok)
                figures.append(figure)
                mark = "" if ok else "  FAILED: " + " | ".join(output.strip().splitlines()[-3:])[:300]
                print(f"{stage:14} {hosts:6} {devices:7} {seconds:8.2f} {cpu:7.2f} {1000 * seconds / devices:9.2f} "
                      f"{peak:9.0f} {exponent(figures, figure):>5}{pages}{mark}", flush=True)
            site = [f for f in figures if f.hosts == hosts and f.stage in ("build", "mkdocs build")]
            if len(site) == 2:
                total, cpu_total = sum(f.seconds for f in site), sum(f.cpu for f in site)
                print(f"{'site (b + m)':14} {hosts:6} {devices:7} {total:8.2f} {cpu_total:7.2f} "
                      f"{1000 * total / devices:9.2f}",
                      flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
