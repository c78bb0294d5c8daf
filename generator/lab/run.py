"""The lab's executor: turns a ``LabPlan`` into namespaces, veths and Open vSwitch bridges, pings, tears down.

Everything lives under names carrying the run's prefix: namespaces ``splab-<run>-<key>``, OVS and veth
names ``sp<run>…`` inside the lab's own fabric namespace, and a private run directory
``/run/stackplan-lab/<run>/`` holding the OVS database, sockets, logs and pid files. ``ovsdb-server``
and ``ovs-vswitchd`` (userspace datapath, ``--disable-system``) are started here and stopped at the end;
``ovs-vswitchd`` runs inside the fabric namespace, so no interface of the lab is in the machine's own
namespace and no packet of the design's addresses can leave the namespaces the lab made.

This module runs commands (``ip``, ``ovs-vsctl``, ``ping``); the plan it reads is pure.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .expect import Pair, waves
from .plan import FABRIC, Drill, LabPlan, StorageCheck

RUN_ROOT = Path("/run/stackplan-lab")
SCHEMA = Path("/usr/share/openvswitch/vswitch.ovsschema")
TOOLS = ("ip", "ping", "ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-appctl")
NS_PREFIX = "splab-"
SOCKET_BUFFER = 8 << 20
BOND_WAIT = 8.0  # seconds a new lab waits for its LACP bonds (fast rate: they take 1-3 s; a miscabled one never comes)
# The kernel keeps one IPv4 neighbour table for every namespace of the machine: its hard limit gc_thresh3 (1,024 by
# default) can be raised only in the machine's own namespace, and an entry younger than 5 s cannot be collected. A
# wave of pings creates at most NEIGHBOUR_BUDGET entries and the lab's entries are flushed when the wave ends; every
# lab run of the machine (any checkout, command or test runner) pings its waves in one of NEIGHBOUR_TURNS turns
# (lock files NEIGHBOUR_TURN.0, .1), so at most two waves run at once: 768 entries, 256 left to the machine.
NEIGHBOUR_BUDGET = 384
NEIGHBOUR_TURNS = 2
NEIGHBOUR_TURN = Path("/run/stackplan-lab.lock")
PING_WAIT = 1.0  # seconds a ping waits for its reply (answers took at most 0.27 s at a load of 15: see README)


class MachineUnfit(Exception):
    """The machine cannot run the lab (exit status 2)."""


class LabError(Exception):
    """A lab command failed (the plan could not be brought up)."""


def preflight() -> None:
    """Raise ``MachineUnfit`` naming what is missing."""
    if os.geteuid() != 0:
        raise MachineUnfit("the lab creates network namespaces and Open vSwitch bridges: run it as root")
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise MachineUnfit(f"missing {', '.join(missing)}: install openvswitch-switch and iputils-ping "
                           "(bash scripts/setup.sh does)")
    if not SCHEMA.exists():
        raise MachineUnfit(f"missing {SCHEMA}: install openvswitch-switch")


def _run(args: list[str], stdin: str | None = None, check: bool = True) -> str:
    proc = subprocess.run(args, input=stdin, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise LabError(f"{' '.join(args[:6])}{' …' if len(args) > 6 else ''} failed: {proc.stderr.strip()}")
    return proc.stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _namespaces() -> list[str]:
    out = _run(["ip", "netns", "list"], check=False)
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def remove_stale(root: Path = RUN_ROOT) -> list[str]:
    """Remove what earlier runs left (killed, or kept with --keep): their daemons, namespaces and run folders.

    A run is stale when the process that made it has gone. Returns the run ids removed."""
    removed = []
    live = set()
    if root.is_dir():
        for run_dir in sorted(root.iterdir()):
            if _owner_alive(run_dir / "owner.pid") or _starting(run_dir):
                live.add(run_dir.name)
                continue
            for daemon in ("ovs-vswitchd.pid", "ovsdb-server.pid"):
                with contextlib.suppress(OSError, ValueError):
                    pid = int((run_dir / daemon).read_text())
                    if _alive(pid) and str(run_dir) in _cmdline(pid):
                        os.kill(pid, signal.SIGTERM)
                        _wait_gone(pid)
            removed.append(run_dir.name)
            shutil.rmtree(run_dir, ignore_errors=True)
    # a namespace's run is looked at after the namespace is listed: a run starting meanwhile wrote its owner
    # stamp before making any namespace, so it is seen live
    stale = [ns for ns in _namespaces() if ns.startswith(NS_PREFIX) and ns.split("-")[1] not in live
             and not _owner_alive(root / ns.split("-")[1] / "owner.pid")]
    if stale:
        _run(["ip", "-force", "-batch", "-"], "".join(f"netns del {ns}\n" for ns in stale), check=False)
        removed.extend(sorted({ns.split("-")[1] for ns in stale} - set(removed)))
    return removed


def _started(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot, /proc/<pid>/stat field 22), "" if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]  # fields after the command name start at field 3


def owner_stamp() -> str:
    """What a run's ``owner.pid`` holds: the pid of the process that made it and when that process started."""
    return f"{os.getpid()} {_started(os.getpid())}"


def _owner_alive(pid_file: Path) -> bool:
    """Whether the process that made a run still runs: its pid is alive and started when the stamp says (a
    pid the system has since given to another process does not count). Any other lab run on the machine, of
    any user's checkout, command or test runner, is live while its process runs."""
    try:
        words = pid_file.read_text().split()
        pid = int(words[0])
    except (OSError, ValueError, IndexError):
        return False
    if len(words) < 2:  # a stamp of an older stackplan: the pid alone
        return _alive(pid)
    return _started(pid) == words[1]


def _starting(run_dir: Path, grace: float = 30.0) -> bool:
    """A run folder made a moment ago whose owner has not written its stamp yet."""
    try:
        return not (run_dir / "owner.pid").exists() and time.time() - run_dir.stat().st_mtime < grace
    except OSError:
        return False


def _wait_gone(pid: int, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < end:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        time.sleep(0.05)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@dataclass
class Lab:
    plan: LabPlan
    root: Path = RUN_ROOT
    daemons: list[subprocess.Popen[bytes]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # namespaces made
    peak_neighbours: int = 0  # the kernel's neighbour entries (every namespace) at the end of the fullest wave
    table_fulls: int = 0  # "neighbor table overflow" events on the machine while this lab's waves ran

    @property
    def run_dir(self) -> Path:
        return self.root / self.plan.prefix[2:]

    @property
    def db(self) -> str:
        return f"unix:{self.run_dir / 'db.sock'}"

    def ns(self, key: str) -> str:
        return self.plan.namespace_name(key)

    # Bring up -------------------------------------------------------------------------------------

    def up(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=False)
        (self.run_dir / "owner.pid").write_text(owner_stamp())
        names = [self.ns(FABRIC), *(self.ns(n.key) for n in self.plan.namespaces)]
        self.created = names
        _run(["ip", "-batch", "-"], "".join(f"netns add {n}\n" for n in names))
        # sysctls before any interface exists: no IPv6 chatter, forwarding where a namespace routes; in the
        # fabric, socket buffers deep enough for ovs-vswitchd to ride out a burst of ARP floods on a busy machine
        for key in [FABRIC, *(n.key for n in self.plan.namespaces)]:
            forwarding = key != FABRIC and any(n.forwarding for n in self.plan.namespaces if n.key == key)
            settings = ["net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                        f"net.ipv4.ip_forward={1 if forwarding else 0}", "net.ipv4.conf.all.rp_filter=0",
                        "net.ipv4.conf.default.rp_filter=0"]
            if key == FABRIC:
                settings += [f"net.core.{b}mem_{m}={SOCKET_BUFFER}" for b in "rw" for m in ("max", "default")]
            _run(["ip", "netns", "exec", self.ns(key), "sysctl", "-q", "-w", *settings])
        self.start_ovs()
        fabric = ["link set lo up"]
        for link in self.plan.links:
            mtu = f" mtu {link.mtu}" if link.mtu else ""
            peer_mtu = f" mtu {link.peer_mtu}" if link.peer_mtu else ""
            if link.b_ns == FABRIC:
                fabric.append(f"link add {link.a}{mtu} type veth peer name {link.b}{peer_mtu}")
                fabric.append(f"link set {link.b} up")
            else:
                fabric.append(f"link add {link.a}{mtu} type veth peer name {link.b}{peer_mtu} "
                              f"netns {self.ns(link.b_ns)}")
            if link.a_ns != FABRIC:  # both ends in lab namespaces (the site-to-site link)
                fabric.append(f"link set {link.a} netns {self.ns(link.a_ns)}")
            else:
                fabric.append(f"link set {link.a} up")
        _run(["ip", "-n", self.ns(FABRIC), "-batch", "-"], "\n".join(fabric) + "\n")
        for n in self.plan.namespaces:
            lines = ["link set lo up"]
            lines += [f"link set {link.b} up" for link in self.plan.links if link.b_ns == n.key]
            lines += [f"link set {link.a} up" for link in self.plan.links if link.a_ns == n.key]
            lines += [f"addr add {a} dev {i.name}" for i in self.plan.interfaces if i.namespace == n.key
                      for a in i.addresses]
            lines += [f"route add {r.destination} via {r.via}" for r in self.plan.routes if r.namespace == n.key]
            _run(["ip", "-n", self.ns(n.key), "-batch", "-"], "\n".join(lines) + "\n")
        self.configure_ovs()

    def start_ovs(self) -> None:
        d = self.run_dir
        env = {**os.environ, "OVS_RUNDIR": str(d), "OVS_DBDIR": str(d), "OVS_LOGDIR": str(d)}
        _run(["ovsdb-tool", "create", str(d / "conf.db"), str(SCHEMA)])
        self.daemons.append(subprocess.Popen(
            ["ovsdb-server", str(d / "conf.db"), f"--remote=punix:{d / 'db.sock'}",
             f"--pidfile={d / 'ovsdb-server.pid'}", f"--unixctl={d / 'ovsdb-server.ctl'}",
             f"--log-file={d / 'ovsdb-server.log'}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        _wait_for(d / "db.sock")
        _run(["ovs-vsctl", f"--db={self.db}", "--no-wait", "init"])
        self.daemons.append(subprocess.Popen(
            ["ip", "netns", "exec", self.ns(FABRIC), "ovs-vswitchd", self.db, "--disable-system",
             f"--pidfile={d / 'ovs-vswitchd.pid'}", f"--unixctl={d / 'ovs-vswitchd.ctl'}",
             f"--log-file={d / 'ovs-vswitchd.log'}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        _wait_for(d / "ovs-vswitchd.ctl")

    def configure_ovs(self) -> None:
        args = ["ovs-vsctl", f"--db={self.db}", "--timeout=120"]
        for b in self.plan.bridges:
            args += ["--", "add-br", b.name, "--", "set", "bridge", b.name, "datapath_type=netdev",
                     "other_config:mac-aging-time=300"]
        for p in self.plan.ports:
            settings = []
            if p.tag is not None:
                settings.append(f"tag={p.tag}")
            elif p.native is not None:
                settings += ["vlan_mode=native-untagged", f"tag={p.native}"]
                if p.trunks:
                    settings.append(f"trunks={','.join(map(str, sorted({*p.trunks, p.native})))}")
            elif p.trunks:
                settings.append(f"trunks={','.join(map(str, p.trunks))}")
            if p.lacp:
                settings += ["lacp=active", "other_config:lacp-time=fast", "bond_mode=balance-slb"]
            elif len(p.members) > 1:
                settings.append(f"bond_mode={p.bond_mode or 'active-backup'}")
            if len(p.members) > 1:
                args += ["--", "add-bond", p.bridge, p.name, *p.members, *settings]
            else:
                args += ["--", "add-port", p.bridge, p.name, *settings]
                if p.lacp:
                    pass
        _run(args)

    # Proof ----------------------------------------------------------------------------------------

    def ping(self, pairs: list[Pair], wait: float = PING_WAIT, batch: int = 16, workers: int = 3) -> dict[Pair, bool]:
        """One packet per pair, once (no retry: a pair that does not answer within ``wait`` fails), the pings of
        each namespace run in parallel. Call it through ``ping_waves``, which keeps the neighbour table in bounds."""
        if not pairs:
            return {}
        by_ns: dict[str, list[Pair]] = {}
        for p in pairs:
            by_ns.setdefault(p.source.namespace, []).append(p)
        out: dict[Pair, bool] = {}

        def one(ns: str) -> dict[Pair, bool]:
            todo = by_ns[ns]
            lines = ['p(){ i=$1; s=$2; t=$3; shift 3; if ping -n -q -c1 -W' + f"{wait:g}" + ' -I "$s" "$@" "$t" '
                     '>/dev/null 2>&1; then echo "$i ok"; else echo "$i no"; fi; }']
            for i, p in enumerate(todo):
                lines.append(f"p {i} {p.source_option} {p.target.address} {p.ping_options} &")
                if i % batch == batch - 1:
                    lines.append("wait")
            lines.append("wait")
            text = _run(["ip", "netns", "exec", self.ns(ns), "sh", "-c", "\n".join(lines)], check=False)
            got = dict(line.split() for line in text.splitlines() if line.strip())
            return {p: got.get(str(i)) == "ok" for i, p in enumerate(todo)}

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(one, sorted(by_ns)):
                out.update(result)
        return out

    def egress(self, checks: list[StorageCheck]) -> dict[StorageCheck, str]:
        out = {}
        for c in checks:
            text = _run(["ip", "-n", self.ns(c.namespace), "-o", "route", "get", str(c.target)], check=False)
            words = text.split()
            out[c] = words[words.index("dev") + 1] if "dev" in words else ""
        return out

    def ping_waves(self, pairs: list[Pair], budget: int = NEIGHBOUR_BUDGET,
                   wait: float = PING_WAIT) -> dict[Pair, bool]:
        """``ping`` in waves of at most ``budget`` new neighbour entries, each wave in the machine's neighbour turn
        and the lab's entries flushed before the turn passes on. Records the peak of the kernel's table and the
        table-full events seen during the waves."""
        out: dict[Pair, bool] = {}
        for wave in waves(pairs, budget):
            with neighbour_turn():
                before = neighbour_stats()
                out.update(self.ping(wave, wait=wait))
                after = neighbour_stats()
                self.flush_neighbours(wave)
            self.peak_neighbours = max(self.peak_neighbours, after.entries)
            self.table_fulls += max(0, after.table_fulls - before.table_fulls)
        return out

    def settle(self, pairs: list[Pair], timeout: float = 20.0) -> float:
        """Wait until the bonds are negotiated and the pairs stop coming up (MACs learned), or ``timeout``;
        seconds waited. A pair a fault breaks never answers: settling stops at the first round that brings no
        pair up once every bond member is enabled, rather than waiting for it."""
        start = time.monotonic()
        members = tuple(m for p in self.plan.ports if p.lacp for m in p.members)
        self.wait_members(members, min(timeout, BOND_WAIT), listed=True)
        todo = list(pairs)
        while todo and time.monotonic() - start < timeout:
            result = self.ping_waves(todo, wait=0.5)
            up = [p for p in todo if result[p]]
            todo = [p for p in todo if not result[p]]
            if todo and not up:
                break
            if todo:
                time.sleep(0.3)
        return time.monotonic() - start

    def link_ends(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """``names`` and the fabric interfaces at the other end of their veths."""
        ends = set(names)
        for link in self.plan.links:
            if link.b_ns == FABRIC and (link.a in names or link.b in names):
                ends |= {link.a, link.b}
        return tuple(sorted(ends))

    @contextlib.contextmanager
    def drill(self, drill: Drill) -> Iterator[None]:
        """Take the drill's interfaces down and let the fabric converge before the proof: every bond member at
        either end of them disabled (the bonds have failed over), then the datapath's cached flows purged, as a
        switch reprograms its forwarding when a port goes down (the userspace datapath otherwise keeps sending a
        flow's packets to the dead member until its revalidators next run: 1.5-2 s under load, measured). Afterwards
        bring them up, wait until those members are enabled again (LACP renegotiated) and purge again."""
        fab = self.ns(FABRIC)
        ends = self.link_ends(drill.down)
        _run(["ip", "-n", fab, "-batch", "-"], "".join(f"link set {x} down\n" for x in drill.down))
        try:
            self.wait_members(ends, want="disabled")
            self.purge_flows()
            yield
        finally:
            _run(["ip", "-n", fab, "-batch", "-"], "".join(f"link set {x} up\n" for x in drill.down))
            self.wait_members(ends)
            self.purge_flows()

    def purge_flows(self) -> None:
        """Drop every flow the datapath has cached: the next packets take the slow path, which sees the bonds as
        they are now."""
        _run(["ovs-appctl", "-t", str(self.run_dir / "ovs-vswitchd.ctl"), "revalidator/purge"])

    def wait_members(self, names: tuple[str, ...], timeout: float = 15.0, listed: bool = False,
                     want: str = "enabled") -> None:
        """Wait until every bond member among ``names`` is ``want`` (enabled: LACP negotiated; disabled: the bond
        has stopped using it); a name that is no bond member counts as done, unless ``listed`` (a bond Open
        vSwitch does not show yet)."""
        ctl = str(self.run_dir / "ovs-vswitchd.ctl")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            text = _run(["ovs-appctl", "-t", ctl, "bond/show"], check=False)
            states = {}
            for raw in text.splitlines():
                line = raw.strip()
                if line.startswith("member ") and ":" in line:
                    name, state = line[len("member "):].split(":", 1)
                    states[name.strip()] = state.strip()
            if all(states.get(n, "" if listed else want) == want for n in names):
                return
            time.sleep(0.1)

    def flush_neighbours(self, pairs: list[Pair] | None = None) -> None:
        """Forget what the lab's namespaces resolved (their neighbour entries), freeing room in the kernel's
        neighbour table that every namespace shares: the namespaces ``pairs`` pinged from and to and every
        forwarding one (all of the lab's when ``pairs`` is None), in one shell."""
        keys = {n.key for n in self.plan.namespaces}
        if pairs is not None:
            keys = ({k for p in pairs for k in (p.source.namespace, p.target.namespace)}
                    | {n.key for n in self.plan.namespaces if n.forwarding})
        names = [self.ns(k) for k in sorted(keys)]
        _run(["sh", "-c", 'for n; do ip -n "$n" neigh flush all; done', "sh", *names], check=False)

    # Tear down -------------------------------------------------------------------------------------

    def down(self) -> None:
        """Stop the daemons, delete the namespaces and the run folder. Most of the time goes to ``ovs-vswitchd``'s
        exit, in the kernel (3.0 s on iscsi-multipath, whether it is terminated or killed: each of its ports' packet
        sockets waits for an RCU grace period as it closes); the rest takes 0.02 s."""
        for proc in reversed(self.daemons):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        # ovs-vswitchd runs under "ip netns exec", which execs it: the pid is the daemon's
        for pidfile in ("ovs-vswitchd.pid", "ovsdb-server.pid"):
            with contextlib.suppress(OSError, ValueError):
                pid = int((self.run_dir / pidfile).read_text())
                if _alive(pid) and str(self.run_dir) in _cmdline(pid):
                    os.kill(pid, signal.SIGTERM)
                    _wait_gone(pid)
        self.daemons = []
        mine = [n for n in _namespaces() if n.startswith(f"{NS_PREFIX}{self.plan.prefix[2:]}-")]
        if mine:
            _run(["ip", "-force", "-batch", "-"], "".join(f"netns del {n}\n" for n in mine), check=False)
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _wait_for(path: Path, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > end:
            raise LabError(f"Open vSwitch did not start: {path} missing after {timeout:g} s")
        time.sleep(0.02)


@dataclass(frozen=True)
class NeighbourStats:
    entries: int  # entries in the kernel's IPv4 neighbour table, every namespace of the machine
    table_fulls: int  # times an entry could not be made since boot ("neighbor table overflow"), summed over CPUs


def neighbour_stats(path: Path = Path("/proc/net/stat/arp_cache")) -> NeighbourStats:
    """The kernel's IPv4 neighbour table, read only: one table for every namespace of the machine."""
    try:
        lines = path.read_text().splitlines()
        head = lines[0].split()
        rows = [r.split() for r in lines[1:] if r.strip()]
        fulls = head.index("table_fulls")
        return NeighbourStats(int(rows[0][0], 16), sum(int(r[fulls], 16) for r in rows))
    except (OSError, IndexError, ValueError):
        return NeighbourStats(0, 0)


@contextlib.contextmanager
def neighbour_turn(lock: Path = NEIGHBOUR_TURN, turns: int = NEIGHBOUR_TURNS) -> Iterator[None]:
    """One of the machine's ``turns`` at its neighbour table: an exclusive lock on one of the files ``<lock>.0`` …
    every lab run takes for each wave of pings, waiting while all are held (the kernel releases a lock if its
    process dies)."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    slots = [lock.with_name(f"{lock.name}.{i}") for i in range(turns)]
    while True:
        for slot in slots:
            handle = slot.open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        time.sleep(0.05)


def leftovers(prefix: str) -> list[str]:
    """Namespaces and processes of run ``prefix`` still present (none after a clean teardown)."""
    run = prefix[2:]
    found = [f"namespace {n}" for n in _namespaces() if n.startswith(f"{NS_PREFIX}{run}-")]
    for pid_dir in Path("/proc").iterdir():
        if pid_dir.name.isdigit() and f"stackplan-lab/{run}" in _cmdline(int(pid_dir.name)):
            found.append(f"process {pid_dir.name}: {_cmdline(int(pid_dir.name)).strip()}")
    return found
