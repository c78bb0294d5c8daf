"""Which lab runs are live: a run is removed as stale only when the process that made it has gone.

Every helper of a shared machine may run the lab at once (the test suite does); an earlier version took a run
for stale unless its owner's command line said "stackplan", so a benchmark or a pytest run in another checkout
had its namespaces and daemons removed by a neighbour's run mid-proof."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.lab.run import _owner_alive, _starting, neighbour_stats, neighbour_turn, owner_stamp


def test_the_own_stamp_is_live(tmp_path: Path) -> None:
    (tmp_path / "owner.pid").write_text(owner_stamp())
    assert _owner_alive(tmp_path / "owner.pid")


def test_another_live_process_is_live_whatever_its_command_line(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        start = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[-1].split()[19]
        (tmp_path / "owner.pid").write_text(f"{proc.pid} {start}")
        assert "stackplan" not in Path(f"/proc/{proc.pid}/cmdline").read_text()
        assert _owner_alive(tmp_path / "owner.pid")
    finally:
        proc.kill()
        proc.wait()
    assert not _owner_alive(tmp_path / "owner.pid"), "gone: stale"


def test_a_reused_pid_or_a_broken_stamp_is_stale(tmp_path: Path) -> None:
    stamp = tmp_path / "owner.pid"
    stamp.write_text(f"{os.getpid()} 1")  # this pid, but a process that started at another time
    assert not _owner_alive(stamp)
    stamp.write_text("not a pid")
    assert not _owner_alive(stamp)
    assert not _owner_alive(tmp_path / "missing.pid")


def test_a_run_folder_without_its_stamp_yet_is_starting(tmp_path: Path) -> None:
    run = tmp_path / "ab12"
    run.mkdir()
    assert _starting(run)
    assert not _starting(run, grace=-1)
    (run / "owner.pid").write_text(owner_stamp())
    assert not _starting(run)


def test_neighbour_turns_let_two_processes_in_and_hold_a_third_until_one_ends(tmp_path: Path) -> None:
    """Lab runs take turns at the machine's one neighbour table (each wave of pings in a turn): two turns at once
    (two waves of at most 384 entries stay under 1,024); a third process finds every turn taken until one ends."""
    lock = tmp_path / "turn.lock"
    # how many of the two turns another process finds taken (its exit status)
    free = [sys.executable, "-c", "import fcntl, sys\nheld = 0\nfor i in (0, 1):\n    try:\n        fcntl.flock("
            "open(f'{sys.argv[1]}.{i}', 'a'), fcntl.LOCK_EX | fcntl.LOCK_NB)\n    except BlockingIOError:\n        "
            "held += 1\nsys.exit(held)", str(lock)]
    with neighbour_turn(lock):
        assert subprocess.run(free, check=False).returncode == 1, "one turn taken, one free"
        with neighbour_turn(lock):
            assert subprocess.run(free, check=False).returncode == 2, "both turns taken"
        assert subprocess.run(free, check=False).returncode == 1
    assert subprocess.run(free, check=False).returncode == 0, "both free again"


def test_neighbour_stats_read_the_shared_table_and_sum_table_fulls_over_cpus(tmp_path: Path) -> None:
    stat = tmp_path / "arp_cache"
    head = ("entries  allocs   destroys hash_grows lookups  hits     res_failed rcv_probes_mcast rcv_probes_ucast "
            "periodic_gc_runs forced_gc_runs unresolved_discards table_fulls")
    rows = ["00000402 0 0 0 0 0 0 0 0 0 0 0 00000121", "00000402 0 0 0 0 0 0 0 0 0 0 0 00000002"]
    stat.write_text("\n".join([head, *rows]) + "\n")
    got = neighbour_stats(stat)
    assert (got.entries, got.table_fulls) == (1026, 291)
    assert neighbour_stats(tmp_path / "missing") == type(got)(0, 0)
