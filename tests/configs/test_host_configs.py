"""Host network configurations: they parse, they build the label bridges, and their VLANs and
addresses agree with the port plan and the IP plan."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from ipaddress import IPv4Interface
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.deployment import Deployment
from generator.host_configs import HostNetwork, config_text, host_networks
from generator.inventory import expand
from generator.loader.load import load_text
from generator.model import Hypervisor
from generator.pipeline import run
from generator.plan import plan_addresses
from generator.ports import plan_ports
from tests.conftest import EXAMPLES, ROOT, check_golden

GOLDEN = ROOT / "tests" / "golden"


@cache
def deployment(path: Path) -> Deployment:
    d = run(path, str(path.relative_to(ROOT)))
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    return d


@cache
def networks(path: Path) -> tuple[tuple[HostNetwork, str], ...]:
    d = deployment(path)
    nets = host_networks(d.design, d.inventory, d.port_plan, d.address_plan)
    return tuple((n, config_text(n, d.loaded.path)) for n in nets)


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _kvm_labels(d: Deployment, net: HostNetwork) -> set[str]:
    zone = next(z for _, z in d.inventory.zones() if z.name == net.zone)
    return {t.labels.get(Hypervisor.kvm) or "cloudbr0" for p in zone.physical_networks for t in p.traffic
            if t.labels.get(Hypervisor.kvm) or t.type.value == "management"}


def _netplan(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)["network"]
    return data


def _nmcli(text: str) -> dict[str, dict[str, str]]:
    """con-name → settings of every ``nmcli connection add``."""
    out: dict[str, dict[str, str]] = {}
    joined = text.replace("\\\n", " ")
    for line in joined.rsplit(_NMCLI_CLEANUP_END, 1)[-1].splitlines():
        words = shlex.split(line, comments=True)
        if words[:3] != ["nmcli", "connection", "add"]:
            assert not words or words[:3] == ["nmcli", "connection", "up"], line
            continue
        settings = dict(zip(words[3::2], words[4::2], strict=True))
        out[settings["con-name"]] = settings
    return out


_NMCLI_CLEANUP_END = """nmcli connection delete "$uuid" ;; esac
done
"""


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_every_host_gets_a_file_and_it_parses(path: Path) -> None:
    d = deployment(path)
    rendered = networks(path)
    assert {n.host for n, _ in rendered} == {h.name for h in d.inventory.hosts}
    for net, text in rendered:
        if net.kind == "netplan":
            assert _netplan(text)["version"] == 2
        elif net.kind == "nmcli":
            assert _nmcli(text)
        else:
            for line in text.replace("\\\n", " ").splitlines():
                shlex.split(line, comments=True)  # balanced quotes


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_kvm_hosts_build_a_bridge_per_traffic_label_with_the_planned_address(path: Path) -> None:
    d = deployment(path)
    for net, text in networks(path):
        if net.kind == "netplan":
            data = _netplan(text)
            bridges = {name: b.get("addresses", []) for name, b in data["bridges"].items()}
            ports = [p for b in data["bridges"].values() for p in b["interfaces"]]
            vlans = {name: v["id"] for name, v in data.get("vlans", {}).items()}
        elif net.kind == "nmcli":
            cons = _nmcli(text)
            bridges = {n: c.get("ipv4.addresses", "").split(",") for n, c in cons.items() if c["type"] == "bridge"}
            ports = [n for n, c in cons.items() if c.get("slave-type") == "bridge"]
            vlans = {n: int(c["id"]) for n, c in cons.items() if c["type"] == "vlan"}
        else:
            continue
        assert set(bridges) == _kvm_labels(d, net), net.host
        assert len(ports) == len(set(ports)), f"{net.host}: an interface in two bridges"
        mgmt = d.address_plan.address(net.host, net.management_network)
        assert mgmt is not None
        holders = [b for b, addrs in bridges.items() if any(a.startswith(f"{mgmt}/") for a in addrs)]
        assert len(holders) == 1, net.host
        # every VLAN the host tags must be allowed on the switch ports of its parent interface
        rows = d.port_plan.of_host(net.host)
        for name, vid in vlans.items():
            parent = name.rsplit(".", 1)[0]
            allowed = [r.vlans for r in rows if r.host_interface == parent]
            assert allowed and all(vid in v for v in allowed), f"{net.host} {name}"


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_primary_storage_has_its_own_interface_and_subnet(path: Path) -> None:
    """Seed 000: the host reaches primary storage over an interface in the storage subnet, not management."""
    d = deployment(path)
    for net, text in networks(path):
        pod = next(p.pod for p in d.inventory.pods() if p.pod.name == net.pod)
        assert [s.network for s in net.primary_storage] == pod.primary_storage_networks
        mgmt = d.design.networks[net.management_network].cidr
        label = net.management_label
        for s in net.storage:
            cidr = d.design.networks[s.network].cidr
            assert s.address.ip in cidr and not cidr.overlaps(mgmt)
            assert s.address.ip == d.address_plan.address(net.host, s.network)
            assert label is None or s.device != label.name, f"{net.host}: storage on the management bridge"
            assert str(s.address.ip) in text


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids(EXAMPLES))
def test_golden_host_configs(path: Path, update_golden: bool) -> None:
    seen: set[str] = set()
    for net, text in networks(path):
        if net.cluster in seen:
            continue  # the first host of each cluster: the others differ in values only
        seen.add(net.cluster)
        check_golden(GOLDEN / path.stem / "hosts" / net.file.removeprefix("hosts/"), text, update_golden)


def _variant(path: Path, change: Any) -> list[HostNetwork]:
    data = yaml.safe_load(path.read_text())
    change(data)
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "variant.yaml")
    assert loaded.design is not None, loaded.findings
    inventory = expand(loaded.design)
    return host_networks(loaded.design, inventory, plan_ports(loaded.design, inventory),
                         plan_addresses(loaded.design, inventory))


def _to_vmware(data: dict[str, Any]) -> None:
    profile = data["host_profiles"]["kvm-r650"]
    profile.update(hypervisor="vmware", os="esxi-8")
    profile["bonds"] = [dict(b, mode="active-backup") for b in profile["bonds"]]
    for n in profile["nics"]:
        n["name"] = n["name"].replace("eno", "vmnic").replace("ens1f", "vmnic1").replace("ens2f", "vmnic2")
    profile["bonds"] = [dict(b, members=[m.replace("eno", "vmnic").replace("ens1f", "vmnic1")
                                         .replace("ens2f", "vmnic2") for m in b["members"]])
                        for b in profile["bonds"]]
    zone = data["regions"][0]["zones"][0]
    for pnet in zone["physical_networks"]:
        for t in pnet["traffic"]:
            t["labels"] = {"vmware": "vSwitch0" if t["type"] == "management" else "vSwitch1"}
    for pod in zone["pods"]:
        for cluster in pod["clusters"]:
            cluster.update(hypervisor="vmware", vcenter={"address": "vc.example", "datacenter": "dc"})


@cache
def _esxi_variant() -> tuple[HostNetwork, ...]:
    return tuple(_variant(ROOT / "designs" / "primary-storage-separated.yaml", _to_vmware))


def test_esxi_hosts_get_a_storage_vmkernel_port() -> None:
    net = _esxi_variant()[0]
    assert net.kind == "esxcli"
    text = config_text(net, "variant.yaml")
    storage = net.storage[0]
    assert storage.vmk == "vmk1" and storage.vswitch == "vSwitch-bond2"
    assert f"--interface-name=vmk1 --type=static --ipv4={storage.address.ip}" in text
    assert "esxcli network vswitch standard add --vswitch-name=vSwitch-bond2" in text
    assert "--interface-name=vmk0 --type=static" in text
    body = text.split("\n}\n", 1)[1]  # after the uplink() helper
    for line in body.splitlines():
        if line and not line.startswith("#"):
            assert line.startswith(("esxcli network ", "uplink ", "    esxcli network ", "done")), line
    assert IPv4Interface(storage.address).ip in IPv4Interface("10.40.16.0/24").network


def test_management_untagged_at_the_hosts_needs_no_vlan_interface() -> None:
    """With 'untagged: true' the switch port untags the management VLAN: cloudbr0 sits on the bond itself."""
    tagged = [n for n in networks(ROOT / "designs" / "large-scale-redundant.yaml") if n[0].pod == "ams1-p01"]
    assert any(v.vlan == 110 for v in tagged[0][0].vlans)  # the design as it is: bond0.110 under cloudbr0

    def untag(data: dict[str, Any]) -> None:
        data["networks"]["ams1-p01-mgmt"]["untagged"] = True

    nets = [n for n in _variant(ROOT / "designs" / "large-scale-redundant.yaml", untag) if n.pod == "ams1-p01"]
    assert nets
    for net in nets:
        label = net.management_label
        assert label is not None and label.vlan is None and label.port == label.interface, net.host
        assert not any(v.vlan == 110 for v in net.vlans), net.host
        text = config_text(net, "variant.yaml")
        assert ".110" not in text and str(net.management_address) in text


def _all_networks() -> list[tuple[HostNetwork, str]]:
    return [item for path in EXAMPLES for item in networks(path)]


@pytest.mark.skipif(shutil.which("netplan") is None,
                    reason="netplan is not installed (Debian: apt-get install netplan.io; scripts/setup.sh does it)")
def test_every_netplan_file_passes_netplan_generate(tmp_path: Path) -> None:
    """netplan itself reads each file as it would in /etc/netplan and writes the systemd-networkd units."""
    files = [(net.host, text) for net, text in _all_networks() if net.kind == "netplan"]
    assert files

    def generate(item: tuple[str, str]) -> tuple[str, int, str, list[str]]:
        host, text = item
        root = tmp_path / host
        (root / "etc" / "netplan").mkdir(parents=True)
        path = root / "etc" / "netplan" / "01-cloudstack.yaml"
        path.write_text(text)
        path.chmod(0o600)
        done = subprocess.run(["netplan", "generate", "--root-dir", str(root)], capture_output=True, text=True,
                              check=False)
        units = sorted(p.name for p in (root / "run" / "systemd" / "network").glob("*"))
        return host, done.returncode, done.stdout + done.stderr, units

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(generate, files))
    for host, code, output, units in results:
        assert code == 0 and output == "", f"{host}: {output}"
        assert "10-netplan-cloudbr0.netdev" in units, f"{host}: {units}"


@pytest.mark.skipif(shutil.which("netplan") is None, reason="netplan is not installed")
def test_netplan_generate_rejects_a_broken_file(tmp_path: Path) -> None:
    """The check above has teeth: a bond mode netplan does not know fails it."""
    net, text = next((n, t) for n, t in networks(ROOT / "designs" / "large-scale-redundant.yaml"))
    path = tmp_path / "etc" / "netplan" / "01-cloudstack.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace("mode: 802.3ad", "mode: lacp"))
    path.chmod(0o600)
    done = subprocess.run(["netplan", "generate", "--root-dir", str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode != 0 and "unknown bond mode" in done.stderr, net.host


def _esxi_text() -> str:
    return config_text(_esxi_variant()[0], "variant.yaml")


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck is not installed (Debian: apt-get install shellcheck; scripts/setup.sh does it)")
def test_host_shell_scripts_pass_shellcheck(tmp_path: Path) -> None:
    scripts = {f"{net.host}.sh": text for net, text in _all_networks() if net.extension == "sh"}
    scripts["esxi.sh"] = _esxi_text()
    assert any(net.kind == "nmcli" for net, _ in _all_networks()) and any(n.kind == "xe" for n, _ in _all_networks())
    for name, text in scripts.items():
        (tmp_path / name).write_text(text)
    done = subprocess.run(["shellcheck", "-s", "sh", *sorted(str(tmp_path / n) for n in scripts)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_nmcli_scripts_first_delete_the_profiles_of_their_devices() -> None:
    """An installed EL host has a profile on its NIC already (with the install-time address). Left in place
    it keeps the NIC, so the new bond never gets its ports and both fight over the NIC at the next boot."""
    checked = 0
    for net, text in _all_networks():
        if net.kind != "nmcli":
            continue
        cleanup, _, rest = text.partition("# cloudbr0")
        devices = next(line for line in cleanup.splitlines() if line.startswith("DEVICES="))
        assert shlex.split(devices.removeprefix("DEVICES="))[0].split() == list(net.devices)
        assert {c["ifname"] for c in _nmcli(text).values()} == set(net.devices), net.host
        assert "nmcli connection delete" in cleanup and "nmcli connection delete" not in rest
        checked += 1
    assert checked


def test_esxi_script_tolerates_what_the_installer_set() -> None:
    """The installer leaves a NIC on vSwitch0, a default route and DNS servers; under 'set -e' adding any of
    them again would stop the script half way."""
    text = _esxi_text()
    assert "uplink vmnic1 vSwitch0" in text and "esxcli network vswitch standard uplink add --uplink-name=vmnic1 " \
        "--vswitch-name=vSwitch0" not in text
    remove = text.index("esxcli network ip route ipv4 remove --network=default")
    assert remove < text.index("esxcli network ip route ipv4 add --network=default --gateway=10.40.0.1")
    assert text.index("esxcli network ip dns server remove --all") < text.index("esxcli network ip dns server add")
