"""What the address planner decides, case by case: owners, blocks, the host area, conflicts, exhaustion."""

from __future__ import annotations

import re
from ipaddress import IPv4Address
from typing import Any

import yaml

from generator.deployment import Deployment
from generator.inventory import expand
from generator.loader.load import load_text
from generator.pipeline import run
from generator.plan import plan_addresses
from generator.plan.types import AddressPlan
from generator.rules import validate
from tests.conftest import DESIGNS, EXAMPLES
from tests.plan.kit import ClusterSpec, PodSpec, Spec, addresses, check_invariants, plan_of


def example(slug: str) -> Deployment:
    deployment = run(DESIGNS / f"{slug}.yaml")
    assert deployment.valid, deployment.findings
    return deployment


def rows(plan: AddressPlan, network: str) -> list[tuple[str, str, str, str]]:
    return [(a.address_text, a.role, a.device, a.interface) for a in plan.allocations if a.network == network]


def one_pod(**changes: Any) -> PodSpec:
    pod = PodSpec(1, "10.1.0.0/24", "10.1.0.200-10.1.0.229", (ClusterSpec("c1", (1, 2, 3, 4)),),
                  gateway="10.1.0.1", switches=2)
    return PodSpec(**{**pod.__dict__, **changes})


def test_small_scale_management_network() -> None:
    plan = example("small-scale").address_plan
    assert rows(plan, "lab-mgmt") == [
        ("10.10.0.1", "gateway", "lab-fw1", ""),  # the firewall holds the gateway it is given
        ("10.10.0.2", "database", "lab-ms1", ""),  # a database named after a server runs on it
        ("10.10.0.2", "management-server", "lab-ms1", ""),
        ("10.10.0.6", "storage-server", "lab-nfs1", ""),
        ("10.10.0.10", "switch", "lab-sw1", "Vlan1"),  # in band: its access ports carry lab-mgmt
        ("10.10.0.21", "host", "lab-kvm01", "cloudbr0"),
        ("10.10.0.22", "host", "lab-kvm02", "cloudbr0"),
        ("10.10.0.23", "host", "lab-kvm03", "cloudbr0"),
        ("10.10.0.24", "host", "lab-kvm04", "cloudbr0"),
        ("10.10.0.200-10.10.0.229", "system-vms", "", ""),
    ]
    assert plan.address("lab-kvm03", "lab-mgmt") == IPv4Address("10.10.0.23")
    assert plan.address("lab-kvm03", "lab-public") is None


def test_core_pair_owns_gateways_with_vrrp_addresses_right_after() -> None:
    plan = plan_of(Spec((one_pod(),), core_pair=True).data())
    assert rows(plan, "p001-mgmt")[:3] == [
        ("10.1.0.1", "gateway", "core1/core2", "Vlan101"),
        ("10.1.0.2", "vrrp", "core1", "Vlan101"),
        ("10.1.0.3", "vrrp", "core2", "Vlan101"),
    ]
    assert not plan.issues


def test_firewall_pair_named_by_gateway_on_keeps_its_own_addresses() -> None:
    plan = example("large-scale-redundant").address_plan
    assert rows(plan, "ams1-public")[:3] == [
        ("172.20.0.1", "gateway", "ams1-fw1/ams1-fw2", ""),
        ("172.20.0.2", "firewall", "ams1-fw1", ""),
        ("172.20.0.3", "firewall", "ams1-fw2", ""),
    ]


def test_explicit_addresses_are_used_as_written() -> None:
    plan = example("large-scale-redundant").address_plan
    assert {d: plan.address(d, "ams1-svc") for d in ("ams1-ms1", "ams1-ms2", "ams1-ms3", "ams1-lb1/ams1-lb2")} == {
        "ams1-ms1": IPv4Address("10.20.0.11"), "ams1-ms2": IPv4Address("10.20.0.12"),
        "ams1-ms3": IPv4Address("10.20.0.13"), "ams1-lb1/ams1-lb2": IPv4Address("10.20.0.10")}


def test_one_lookup_answers_in_a_role_and_for_the_load_balancer() -> None:
    """The plan is the one address lookup: by role where a device has two addresses on a network
    (a core's own VRRP address beside the gateway the pair shares), and the load balancer's VIP."""
    d = example("large-scale-redundant")
    plan = d.address_plan
    assert plan.address("ams1-core1", "ams1-svc", "vrrp") == IPv4Address("10.20.0.2")
    assert plan.address("ams1-core1/ams1-core2", "ams1-svc", "gateway") == IPv4Address("10.20.0.1")
    assert plan.address("ams1-core1", "ams1-svc", "switch-interface") is None
    assert plan.address("ams1-core1", "ams1-oob", "switch") == plan.address("ams1-core1", "ams1-oob")
    lb = d.design.management.load_balancer
    assert lb is not None and lb.vip is not None
    assert plan.vip(lb) == lb.vip
    assert plan.vip(None) is None


def given_addresses(d: Deployment) -> list[tuple[str, str, IPv4Address]]:
    """(device, network, address) for every address the design writes down."""
    design = d.design
    given = [(h.name, net, address) for h in d.inventory.hosts for net, address in h.addresses.items()]
    given += [(ms.name, ms.network, ms.address) for ms in design.management.servers if ms.address]
    given += [(db.name, db.network, db.address) for db in (design.management.database.primary,
                                                           design.management.database.replica)
              if db is not None and db.address is not None]
    lb = design.management.load_balancer
    if lb is not None:
        given += [(name, lb.network, address) for name, address in zip(lb.names, lb.addresses, strict=False)]
    given += [(s.name, att.network, att.address) for s in design.storage_servers for att in s.interfaces
              if att.address is not None]
    return given


def test_explicit_addresses_are_what_the_plan_answers() -> None:
    """Every address a design gives is the plan's answer for that device and network, so no output
    needs a lookup of its own that puts the design's addresses first."""
    checked = 0
    for path in EXAMPLES:
        d = run(path)
        for device, network, address in given_addresses(d):
            assert d.address_plan.address(device, network) == address, (path.stem, device, network)
            checked += 1
    assert checked >= 10


def test_blocks_per_device_class_in_name_order() -> None:
    plan = plan_of(Spec((one_pod(switches=0),), servers=3, load_balancer=True, db_on_server=False).data())
    assert [r[:3] for r in rows(plan, "svc")] == [
        ("10.0.0.1", "gateway", "fw1"),  # fw1 has no address there and is the site's router
        ("10.0.0.2", "management-server", "ms1"),
        ("10.0.0.3", "management-server", "ms2"),
        ("10.0.0.4", "management-server", "ms3"),
        ("10.0.0.6", "lb-vip", "lb1/lb2"),
        ("10.0.0.7", "load-balancer", "lb1"),
        ("10.0.0.8", "load-balancer", "lb2"),
        ("10.0.0.10", "database", "db1"),
    ]


def test_hosts_start_after_infrastructure_in_the_lower_half() -> None:
    plain = addresses(plan_of(Spec((one_pod(),)).data()))
    assert plain[("p001-kvm001", "p001-mgmt", "host")] == "10.1.0.11"  # switches .2-.3, hosts from .11
    below = addresses(plan_of(Spec((one_pod(storage_server="10.1.0.37"),)).data()))
    assert below[("p001-kvm001", "p001-mgmt", "host")] == "10.1.0.41"  # after the NFS server at .37


def test_hosts_skip_addresses_of_other_devices_above_the_middle() -> None:
    pod = one_pod(clusters=(ClusterSpec("c1", tuple(range(1, 141))),), storage_server="10.1.0.140")
    got = addresses(plan_of(Spec((pod,)).data()))
    assert got[("p001-kvm129", "p001-mgmt", "host")] == "10.1.0.139"
    assert got[("p001-kvm130", "p001-mgmt", "host")] == "10.1.0.141"


def test_a_pinned_host_keeps_the_others_where_they_are() -> None:
    free = addresses(plan_of(Spec((one_pod(),)).data()))
    pinned = one_pod(clusters=(ClusterSpec("c1", (1, 2, 3, 4), ((2, "10.1.0.150"),)),))
    got = addresses(plan_of(Spec((pinned,)).data()))
    assert got[("p001-kvm002", "p001-mgmt", "host")] == "10.1.0.150"
    for host in ("p001-kvm001", "p001-kvm003", "p001-kvm004"):
        assert got[(host, "p001-mgmt", "host")] == free[(host, "p001-mgmt", "host")]


def test_a_host_planned_onto_a_pinned_host_address_is_reported() -> None:
    pod = one_pod(clusters=(ClusterSpec("c1", (1, 2, 3, 4), ((4, "10.1.0.12"),)),))  # host 2's place
    plan = plan_of(Spec((pod,)).data())
    assert [i.rule for i in plan.issues] == ["PLAN-ADDRESS"]
    message = plan.issues[0].message
    assert "10.1.0.12" in message and "p001-kvm004" in message and "p001-kvm002" in message
    check_invariants(plan)


def test_pods_sharing_a_network_need_disjoint_host_ids() -> None:
    pods = tuple(PodSpec(i, "10.9.0.0/24", f"10.9.0.{180 + 20 * i}-10.9.0.{189 + 20 * i}",
                         (ClusterSpec("c1", (1, 2, 3)),), switches=0, shared_network="shared") for i in (1, 2))
    plan = plan_of(Spec(pods, shared_cidrs={"shared": "10.9.0.0/24"}).data())
    assert [i.rule for i in plan.issues] == ["PLAN-HOST-ID"]
    assert "p001 and p002" in plan.issues[0].message and "1-3" in plan.issues[0].message
    check_invariants(plan)


def test_host_address_on_a_network_without_an_interface_is_reported() -> None:
    data = Spec((one_pod(),)).data()
    data["regions"][0]["zones"][0]["pods"][0]["clusters"][0]["hosts"].append(
        {"name": "odd", "id": 50, "addresses": {"svc": "10.0.0.99"}})
    plan = plan_of(data)
    assert [(i.rule, i.attr) for i in plan.issues] == [("PLAN-HOST-NETWORK", "svc")]


def test_explicit_address_problems_are_reported_not_planned() -> None:
    data = Spec((one_pod(),)).data()
    data["management"]["servers"][0]["address"] = "10.99.0.5"  # outside svc
    data["switches"][0]["management"]["address"] = "10.1.0.210"  # inside the system-VM range
    plan = plan_of(data)
    messages = sorted(i.message for i in plan.issues)
    assert len(messages) == 2
    assert "outside network svc" in messages[0] or "outside network svc" in messages[1]
    assert any("inside the system-VM range of pod p001" in m for m in messages)
    check_invariants(plan)


def test_overlapping_ranges_are_reported() -> None:
    data = Spec((one_pod(),)).data()
    pod = data["regions"][0]["zones"][0]["pods"][0]
    data["regions"][0]["zones"][0]["physical_networks"][0]["traffic"].append({"type": "storage"})
    pod["storage"] = {"network": "p001-mgmt", "range": "10.1.0.220-10.1.0.240"}
    plan = plan_of(data)
    assert [i.rule for i in plan.issues] == ["PLAN-RANGE"]
    assert "overlaps the system-VM range of pod p001" in plan.issues[0].message


def test_primary_storage_addresses_sit_on_the_profile_interface() -> None:
    plan = plan_of(Spec((one_pod(primary_cidr="10.101.0.0/24"),)).data())
    assert rows(plan, "p001-primary")[0] == ("10.101.0.1", "host-storage", "p001-kvm001", "eno2")


def test_vmware_and_xenserver_management_interfaces() -> None:
    data = Spec((one_pod(),)).data()
    data["host_profiles"]["kvm"]["hypervisor"] = "xenserver"
    data["host_profiles"]["kvm"]["os"] = "xcp-ng-8"
    cluster = data["regions"][0]["zones"][0]["pods"][0]["clusters"][0]
    cluster["hypervisor"] = "xenserver"
    data["regions"][0]["zones"][0]["physical_networks"][0]["traffic"][0]["labels"] = {"xenserver": "cloud-private"}
    assert rows(plan_of(data), "p001-mgmt")[3][3] == "cloud-private"
    cluster["hypervisor"] = "vmware"
    assert rows(plan_of(data), "p001-mgmt")[3][3] == "vmk0"


def _exhausted_text() -> str:
    data = yaml.safe_load((DESIGNS / "small-scale.yaml").read_text(encoding="utf-8"))
    data["regions"][0]["zones"][0]["pods"][0]["clusters"][0]["hosts"][0]["count"] = 240
    return yaml.safe_dump(data, sort_keys=False, width=200)


def _listed_sum(message: str) -> int:
    """The parts a PLAN-EXHAUSTED message lists, added up (a block counts its size)."""
    said = re.search(r"needs about (\d+): (.*?)\. No address", message)
    assert said is not None, message
    total = 0
    for part in said.group(2).split("; "):
        block = re.search(r"a block of (\d+)\)$", part)
        total += int(block.group(1)) if block else int(part.split()[0])
    assert total == int(said.group(1)), message
    return total


def test_exhaustion_names_network_size_need_and_where_to_grow() -> None:
    text = _exhausted_text()
    loaded = load_text(text, "exhausted.yaml")
    deployment = Deployment(loaded, validate(loaded))
    issues = [i for i in deployment.address_plan.issues if i.rule == "PLAN-EXHAUSTED"]
    assert len(issues) == 1
    issue = issues[0]
    assert "network lab-mgmt (10.10.0.0/24) has 254 usable addresses but needs about 290" in issue.message
    assert "system-vms 10.10.0.200-10.10.0.229" in issue.message
    assert "240 host address(es) keyed by host id 1-240, from 10.10.0.21" in issue.message
    assert "host lab-kvm205 (id 205)" in issue.message and "and 33 more" in issue.message
    assert "grow the cidr of lab-mgmt to /23 (e.g. 10.10.0.0/23)" in issue.fix
    assert _listed_sum(issue.message) == 290  # the count said is the sum of what is listed
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "cidr: 10.10.0.0/24" in t)
    assert loaded.where(issue.obj, issue.attr).line == line
    check_invariants(deployment.address_plan)


def test_core_interfaces_on_the_transit_network_get_addresses_after_the_firewalls() -> None:
    plan = example("large-scale-redundant").address_plan
    assert rows(plan, "ams1-transit") == [
        ("10.20.255.1", "gateway", "ams1-fw1/ams1-fw2", ""),
        ("10.20.255.2", "firewall", "ams1-fw1", ""),
        ("10.20.255.3", "firewall", "ams1-fw2", ""),
        ("10.20.255.4", "switch-interface", "ams1-core1", "Vlan999"),
        ("10.20.255.5", "switch-interface", "ams1-core2", "Vlan999"),
    ]


def test_a_core_interface_on_a_network_it_routes_is_its_gateway_row() -> None:
    data = yaml.safe_load((DESIGNS / "multi-site.yaml").read_text())
    for sw in data["switches"]:
        if sw["name"] in ("dc1-core1", "dc1-core2"):
            sw["interfaces"].append({"network": "dc1-p01-mgmt"})
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    assert loaded.design is not None and not [f for f in validate(loaded) if f.severity.value == "error"]
    plan = plan_addresses(loaded.design, expand(loaded.design))
    assert not [a for a in plan.allocations if a.network == "dc1-p01-mgmt" and a.role == "switch-interface"]
    assert [r[1] for r in rows(plan, "dc1-p01-mgmt")[:3]] == ["gateway", "vrrp", "vrrp"]
