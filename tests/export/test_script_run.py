"""The zone script of every example, run for real against a stand-in cmk (tests/export/fake_cmk.sh)
and checked with shellcheck: the calls that reach cmk, their argument words, and the ids read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from generator.export import ApiCall
from generator.export.calls import Ref, Secret, Value
from tests.conftest import EXAMPLES

from .conftest import EXAMPLE_IDS, deployment, exported

FAKE = Path(__file__).with_name("fake_cmk.sh")
needs_bash_and_jq = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("jq") is None,
                                       reason="bash and jq are needed to run the zone script")
examples = pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)


def _secret_value(name: str) -> str:
    """A value full of characters a careless script would split, expand or unquote."""
    return f"p a$s'w\"o`r\\d {name} *"


def _word(value: Value, ids: dict[str, str]) -> str:
    return "".join(ids[p.var] if isinstance(p, Ref) else _secret_value(p.var) if isinstance(p, Secret) else p
                   for p in value.parts)


def expected_calls(calls: list[ApiCall]) -> list[list[str]]:
    """What cmk must receive on a first run: each create after its lookup (which finds nothing),
    each call once, in order, ids as the fake hands them out."""
    ids: dict[str, str] = {}
    out: list[list[str]] = []
    for c in calls:
        if c.lookup is not None:
            out.append([c.lookup.api] + [f"{k}={_word(v, ids)}" for k, v in c.lookup.params])
        out.append([c.api] + [f"{k}={_word(v, ids)}" for k, v in c.params])
        if c.capture:
            ids[c.capture] = f"{c.api}-{len(out)}"
    return out


def sent_before(calls: list[ApiCall], index: int) -> int:
    """How many cmk calls the script sends before ``calls[index]`` (lookups included)."""
    return sum(1 + (c.lookup is not None) for c in calls[:index])


def run_script(script: str, tmp_path: Path, secrets: list[str], hosts: int,
               state: Path | None = None, *, extra: dict[str, str] | None = None,
               ) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """Run the script against the stand-in cmk in a fresh folder under ``tmp_path``; ``state`` is
    the stand-in's memory of the cloud (kept between runs), None for a stateless stand-in; ``extra``:
    more environment for the stand-in (FAKE_CMK_SYSTEMVMS)."""
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "cmk").symlink_to(FAKE)
    log = tmp_path / "calls.log"
    env = {"PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(tmp_path),
           "FAKE_CMK_LOG": str(log), "FAKE_CMK_HOSTS": str(hosts), "LC_ALL": "C.UTF-8"}
    if state is not None:
        env["FAKE_CMK_STATE"] = str(state)
    env.update({name: _secret_value(name) for name in secrets})
    env.update(extra or {})
    (tmp_path / "deploy-zone.cmk.sh").write_text(script, "utf-8")
    done = subprocess.run(["bash", "deploy-zone.cmk.sh"], cwd=tmp_path, env=env, text=True, capture_output=True,
                          timeout=120, check=False)
    records = log.read_bytes().decode("utf-8").split("\0\0") if log.exists() else []
    return done, [r.split("\0") for r in records if r]


@needs_bash_and_jq
@examples
def test_script_sends_every_call_with_its_exact_words_and_ids(path: Path, tmp_path: Path) -> None:
    d = deployment(path)
    result = exported(path)
    script = result.script(d.title, d.loaded.path)
    # listHosts answers with as many hosts as the largest cluster has (vCenter brings a VMware cluster's
    # hosts: the script waits for host_count of them, with no addHost of its own)
    hosts = max((max(len(c.hosts), c.host_count) for z in result.spec.zones for p in z.pods for c in p.clusters),
                default=0)
    done, calls = run_script(script, tmp_path, result.spec.secrets(), hosts)
    assert done.returncode == 0, done.stderr[-2000:]
    assert calls == expected_calls(result.calls)
    assert "done: every zone is deployed and enabled" in done.stderr
    # Without asyncblock cmk returns a job id at once and the next call races the job.
    assert next(tmp_path.glob("*/calls.log.set")).read_text("utf-8").splitlines() == ["set asyncblock true"]


@needs_bash_and_jq
def test_script_stops_when_the_hosts_do_not_come_up(tmp_path: Path) -> None:
    path = next(p for p in EXAMPLES if p.stem == "small-scale")
    d = deployment(path)
    result = exported(path)
    waits = [i for i, c in enumerate(result.calls) if c.wait_count is not None]
    assert waits
    # No host ever comes Up: the first wait gives up, and nothing after it (primary storage) is sent.
    script = result.script(d.title, d.loaded.path).replace("$(seq 60)", "$(seq 2)").replace("sleep 10", "sleep 0")
    done, calls = run_script(script, tmp_path, result.spec.secrets(), 0)
    assert done.returncode != 0
    assert "found 0 of" in done.stderr
    first = sent_before(result.calls, waits[0])
    assert calls[:first] == expected_calls(result.calls)[:first]
    assert [c[0] for c in calls[first:]] == ["listHosts", "listHosts"]


@needs_bash_and_jq
def test_script_stops_at_a_missing_secret(tmp_path: Path) -> None:
    path = next(p for p in EXAMPLES if p.stem == "small-scale")
    d = deployment(path)
    done, calls = run_script(exported(path).script(d.title, d.loaded.path), tmp_path, [], 0)
    assert done.returncode != 0 and "HOST_PASSWORD" in done.stderr
    assert calls == []


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck is not installed (Debian: apt-get install shellcheck; scripts/setup.sh does it)")
@examples
def test_script_passes_shellcheck(path: Path) -> None:
    d = deployment(path)
    script = exported(path).script(d.title, d.loaded.path)
    done = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "-"], input=script, text=True,
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stdout


CREATES = ("create", "add")


@needs_bash_and_jq
@examples
def test_a_second_run_creates_nothing(path: Path, tmp_path: Path) -> None:
    d = deployment(path)
    result = exported(path)
    script = result.script(d.title, d.loaded.path)
    hosts = max((max(len(c.hosts), c.host_count) for z in result.spec.zones for p in z.pods for c in p.clusters),
                default=0)  # vCenter brings a VMware cluster's hosts (no addHost): the script waits for host_count
    state = tmp_path / "cloud.jsonl"
    first, calls = run_script(script, tmp_path, result.spec.secrets(), hosts, state)
    assert first.returncode == 0, first.stderr[-2000:]
    made = [c for c in calls if c[0].startswith(CREATES)]
    assert len(made) == sum(1 for c in result.calls if c.api.startswith(CREATES))
    again, calls = run_script(script, tmp_path, result.spec.secrets(), hosts, state)
    assert again.returncode == 0, again.stderr[-2000:]
    assert [c for c in calls if c[0].startswith(CREATES)] == []
    assert "is there already" in again.stderr


@needs_bash_and_jq
def test_a_run_that_stopped_half_way_resumes(tmp_path: Path) -> None:
    path = next(p for p in EXAMPLES if p.stem == "small-scale")
    d = deployment(path)
    result = exported(path)
    script = result.script(d.title, d.loaded.path)
    state = tmp_path / "cloud.jsonl"
    # The first run stops at the wait for Up hosts (none come up): zone, network, pod, cluster and hosts exist.
    stopped = script.replace("$(seq 60)", "$(seq 1)").replace("sleep 10", "sleep 0")
    done, first = run_script(stopped, tmp_path, result.spec.secrets(), 0, state)
    assert done.returncode != 0
    made_first = [c[0] for c in first if c[0].startswith(CREATES)]
    assert "addHost" in made_first
    done, second = run_script(script, tmp_path, result.spec.secrets(), 4, state)
    assert done.returncode == 0, done.stderr[-2000:]
    made_second = [c[0] for c in second if c[0].startswith(CREATES)]
    assert not set(made_second) & {"createZone", "createPhysicalNetwork", "createPod", "addCluster", "addHost"}
    assert len(made_first) + len(made_second) == sum(1 for c in result.calls if c.api.startswith(CREATES))
