"""The zone script of every example design, checked against CloudStack's API data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.export.api_check import catalogue, check_calls
from generator.export.calls import Secret
from tests.conftest import EXAMPLES

from .conftest import EXAMPLE_IDS, deployment, exported

pytestmark = pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)


def test_design_is_valid(path: Path) -> None:
    d = deployment(path)
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]


def test_every_api_and_parameter_exists_and_required_ones_are_sent(path: Path) -> None:
    apis = catalogue()
    calls = exported(path).calls
    assert calls
    for c in calls:
        assert c.api in apis, c.api
        names = {n.split("[", 1)[0] for n in c.names}
        assert names <= set(apis[c.api].params), (c.api, names - set(apis[c.api].params))
        assert set(apis[c.api].required) <= names, (c.api, set(apis[c.api].required) - names)


def test_checker_finds_nothing(path: Path) -> None:
    result = exported(path)
    assert result.spec.problems == ()
    assert [p.message for p in check_calls(result.calls)] == []


def test_server_side_rules(path: Path) -> None:
    result = exported(path)
    zones = {z.name: z for z in result.spec.zones}
    for c in result.calls:
        zone = zones.get(c.zone)
        if c.api == "createPod":
            assert {"startip", "gateway", "netmask"} <= set(c.names)
        if c.api == "createZone":
            assert zone is not None
            if zone.basic or zone.security_groups:
                assert "guestcidraddress" not in c.names
        if c.api == "createVlanIpRange" and zone is not None and zone.security_groups:
            assert c.text("forvirtualnetwork") != "true"
        if c.api == "createStoragePool" and c.text("scope") == "zone":
            assert (c.text("hypervisor") or "").lower() != "xenserver"
        if c.api == "addHost":
            assert ("clusterid" in c.names) != ("clustername" in c.names)
            password = c.get("password")
            assert password is not None and password.secrets == ["HOST_PASSWORD"]


def test_each_zone_ends_enabled(path: Path) -> None:
    result = exported(path)
    for zone in result.spec.zones:
        own = [c for c in result.calls if c.zone == zone.name]
        assert own[0].api == "createZone"
        enables = [i for i, c in enumerate(own) if c.api == "updateZone" and c.text("allocationstate") == "Enabled"]
        assert len(enables) == 1
        after = {c.api for c in own[enables[0] + 1:]}
        assert after <= {"listNetworkOfferings", "createNetwork"}  # shared networks come once the zone is up


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_script_is_valid_bash(path: Path) -> None:
    d = deployment(path)
    script = exported(path).script(d.title, d.loaded.path)
    done = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


def test_script_reads_secrets_from_the_environment_only(path: Path) -> None:
    d = deployment(path)
    result = exported(path)
    script = result.script(d.title, d.loaded.path)
    secrets = sorted({p.var for c in result.calls for _, v in c.params for p in v.parts if isinstance(p, Secret)})
    assert secrets == result.spec.secrets()
    for name in secrets:
        assert f': "${{{name}:?' in script  # checked before the first call
    for match in re.finditer(r"(password|secretkey|apikey)=(\S+)", script):
        assert match.group(2).startswith('"${'), match.group(0)


def test_ids_flow_from_capture_to_use(path: Path) -> None:
    d = deployment(path)
    script = exported(path).script(d.title, d.loaded.path)
    assigned = re.findall(r"^(\w+)=\$\(id_of ", script, flags=re.M)
    used = set(re.findall(r"\$\{(Z\d+\w*)\}", script))
    assert len(assigned) == len(set(assigned))
    assert used <= set(assigned)


def test_script_is_deterministic(path: Path) -> None:
    d = deployment(path)
    assert exported(path).script(d.title, d.loaded.path) == exported(path).script(d.title, d.loaded.path)


def test_hosts_are_added_once_and_a_xenserver_pool_through_its_master(path: Path) -> None:
    """Adding a XenServer pool's master brings in every member; an addHost for a member CloudStack
    already has fails ("Failed to add host") and would stop the script (and Marvin)."""
    result = exported(path)
    calls = result.calls
    clusters = [c for z in result.spec.zones for p in z.pods for c in p.clusters if c.hosts]
    expected: list[str] = []
    for cluster in clusters:
        xen = cluster.hypervisor == "XenServer"
        expected += [f"http://{h.address}" for h in (cluster.hosts[:1] if xen else cluster.hosts)]
        if xen:
            assert any(c.wait_count == len(cluster.hosts) for c in calls), cluster.name
    assert [c.text("url") for c in calls if c.api == "addHost"] == expected
    marvin = json.loads(result.marvin_text())
    urls = [h["url"] for z in marvin["zones"] for p in z["pods"] for c in p["clusters"] for h in c["hosts"]]
    assert urls == expected
