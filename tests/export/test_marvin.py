"""The Marvin config of every example design: Marvin's keys, its quirks, and agreement with the cmk script."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

from .conftest import EXAMPLE_IDS, exported

pytestmark = pytest.mark.parametrize("path", EXAMPLES, ids=EXAMPLE_IDS)

# Which level of marvin-keys.json a key leads to: (level, key) -> child level.
CHILDREN = {
    ("top", "zones"): "zone", ("top", "mgtSvr"): "mgtSvr[]", ("top", "dbSvr"): "dbSvr",
    ("top", "globalConfig"): "globalConfig[]", ("top", "logger"): "logger",
    ("zone", "physical_networks"): "physical_network", ("zone", "pods"): "pod", ("zone", "ipranges"): "zone.iprange",
    ("zone", "secondaryStorages"): "secondaryStorage", ("zone", "primaryStorages"): "zone.primaryStorage",
    ("physical_network", "traffictypes"): "traffictype", ("physical_network", "providers"): "provider",
    ("pod", "clusters"): "cluster", ("pod", "guestIpRanges"): "pod.guestIpRange", ("pod", "vmwaredc"): "pod.vmwaredc",
    ("cluster", "hosts"): "host", ("cluster", "primaryStorages"): "cluster.primaryStorage",
}


def marvin_keys() -> dict[str, list[str]]:
    text = resources.files("generator.data").joinpath("marvin-keys.json").read_text("utf-8")
    levels: dict[str, list[str]] = json.loads(text)["levels"]
    return levels


def unknown_keys(node: Any, level: str, keys: dict[str, list[str]], where: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            out += unknown_keys(item, level, keys, f"{where}[{i}]")
        return out
    if not isinstance(node, dict):
        return out
    for key, value in node.items():
        if key not in keys[level]:
            out.append(f"{where}.{key} (level {level})")
        child = CHILDREN.get((level, key))
        if child is not None:
            out += unknown_keys(value, child, keys, f"{where}.{key}")
    return out


def config(path: Path) -> dict[str, Any]:
    return json.loads(exported(path).marvin_text())


def test_every_key_is_one_marvin_reads(path: Path) -> None:
    assert unknown_keys(config(path), "top", marvin_keys()) == []


def test_quirks(path: Path) -> None:
    cfg = config(path)
    assert len(cfg["mgtSvr"]) == 1  # Marvin uses mgtSvr[0] only
    assert cfg["mgtSvr"][0]["mgtSvrIp"]
    for zone in cfg["zones"]:
        assert zone["securitygroupenabled"] in ("true", "false")  # a string, not a JSON boolean
        if zone["securitygroupenabled"] == "true" or zone["networktype"] == "Basic":
            assert "guestcidraddress" not in zone
        for pnet in zone["physical_networks"]:
            for traffic in pnet["traffictypes"]:
                assert traffic["typ"] in ("Guest", "Management", "Public", "Storage")


def test_secrets_are_placeholders(path: Path) -> None:
    cfg = config(path)
    assert cfg["dbSvr"]["passwd"] == "${DB_CLOUD_PASSWORD}"
    assert cfg["mgtSvr"][0]["apiKey"] == "${CS_API_KEY}"
    for zone in cfg["zones"]:
        for pod in zone["pods"]:
            for cluster in pod["clusters"]:
                for host in cluster["hosts"]:
                    assert host["password"] == "${HOST_PASSWORD}"


def test_agrees_with_the_cmk_calls(path: Path) -> None:
    result = exported(path)
    cfg = config(path)
    host_urls = sorted(c.text("url") or "" for c in result.calls if c.api == "addHost")
    marvin_urls = sorted(h["url"] for z in cfg["zones"] for p in z["pods"] for c in p["clusters"] for h in c["hosts"])
    assert host_urls == marvin_urls
    pods = [(c.text("name"), c.text("startip"), c.text("endip")) for c in result.calls if c.api == "createPod"]
    assert pods == [(p["name"], p["startip"], p["endip"]) for z in cfg["zones"] for p in z["pods"]]


def test_zone_with_storage_range_is_left_disabled(path: Path) -> None:
    result = exported(path)
    cfg = config(path)
    _, notes = result.marvin()
    for spec, zone in zip(result.spec.zones, cfg["zones"], strict=True):
        has_storage = any(p.storage is not None for p in spec.pods)
        assert (zone.get("enabled") == "False") is has_storage
        if has_storage:
            assert any("createStorageNetworkIpRange" in c for n in notes for c in n.commands)
