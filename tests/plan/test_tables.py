"""The IP and VLAN plan artefacts: CSV columns, pages per network with utilisation, JSON."""

from __future__ import annotations

import csv
import io
import json

from generator.artefacts import Kind
from generator.outputs.address_tables import IP_COLUMNS, VLAN_COLUMNS, ip_json, produce, vlan_csv, vlan_json
from generator.pipeline import run
from tests.conftest import DESIGNS


def test_artefacts_paths_kinds_and_order() -> None:
    deployment = run(DESIGNS / "large-scale-redundant.yaml")
    got = {a.path: (a.kind, a.order) for a in produce(deployment)}
    assert got == {"ip-plan.md": (Kind.page, 20), "ip-plan.csv": (Kind.file, 100),
                   "vlan-plan.md": (Kind.page, 30), "vlan-plan.csv": (Kind.file, 100)}


def test_ip_csv_one_row_per_address_or_range() -> None:
    deployment = run(DESIGNS / "large-scale-redundant.yaml")
    text = next(a.content for a in produce(deployment) if a.path == "ip-plan.csv")
    assert isinstance(text, str)
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == IP_COLUMNS == ("zone", "pod", "network", "vlan", "cidr", "address", "role", "device",
                                             "interface")
    assert len(table) - 1 == len(deployment.address_plan.allocations)
    system = [r for r in table if r[6] == "system-vms"]
    assert ["ams1-z1", "ams1-p01", "ams1-p01-mgmt", "110", "10.20.1.0/24", "10.20.1.200-10.20.1.239",
            "system-vms", "", ""] in system
    assert ["ams1-z1", "ams1-p02", "ams1-p02-mgmt", "120", "10.20.2.0/24", "10.20.2.40", "host",
            "ams1-p02-kvm20", "cloudbr0"] in table


def test_vlan_csv_columns_and_guest_range() -> None:
    deployment = run(DESIGNS / "large-scale-redundant.yaml")
    text = next(a.content for a in produce(deployment) if a.path == "vlan-plan.csv")
    assert isinstance(text, str)
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == VLAN_COLUMNS == ("zone", "vlan", "hosts", "network", "traffic", "scope")
    assert ["ams1-z1", "1000-1999", "tagged", "ams1-pnet-data", "guest", "zone"] in table
    assert ["ams1-z1", "110", "tagged", "ams1-p01-mgmt", "management", "pod:ams1-p01"] in table
    assert ["ams1-z1", "130", "tagged", "ams1-storage", "storage", "zone"] in table
    assert ["ams1-z1", "100", "tagged", "ams1-svc", "management", "site:ams1"] in table


def test_ip_page_has_a_table_per_network_under_its_zone_and_pod() -> None:
    deployment = run(DESIGNS / "large-scale-redundant.yaml")
    page = next(a.content for a in produce(deployment) if a.path == "ip-plan.md")
    assert isinstance(page, str)
    order = [page.index(h) for h in ("## Deployment-wide networks", "### ams1-svc { #net-ams1-svc }",
                                     "## Zone ams1-z1", "### ams1-public", "### Pod ams1-p01",
                                     "#### ams1-p01-mgmt { #net-ams1-p01-mgmt }", "### Pod ams1-p02")]
    assert order == sorted(order)
    assert "254 usable addresses: **20** assigned, **40** reserved for CloudStack, **194** free (24% used)." in page
    assert "| `10.20.1.21` | 1 | host | [ams1-p01-kvm01](devices/ams1-p01-kvm01.md) | cloudbr0 |  |" in page
    assert "(ip-plan.csv)" in page


def test_vlan_page_lists_untagged_networks() -> None:
    deployment = run(DESIGNS / "small-scale.yaml")
    page = next(a.content for a in produce(deployment) if a.path == "vlan-plan.md")
    assert isinstance(page, str)
    assert "| 500-599 | tagged | lab-pnet-guest | guest | zone | guest VLAN range |" in page
    assert ("Untagged without a VLAN, so in the switches' default VLAN 1 (access ports, or the native VLAN of "
            "trunks): lab-mgmt.") in page


def test_vlan_tables_show_networks_untagged_at_the_hosts() -> None:
    deployment = run(DESIGNS / "iscsi-multipath.yaml")
    page = next(a.content for a in produce(deployment) if a.path == "vlan-plan.md")
    assert isinstance(page, str)
    assert "| 410 | untagged | par1-mgmt | management | pod:par1-p01 | `10.50.0.0/24` |" in page
    assert "| 431 | tagged | par1-iscsi-a |" in page
    assert "default VLAN 1" not in page
    table = list(csv.reader(io.StringIO(vlan_csv(deployment.address_plan))))
    assert ["par1-z1", "410", "untagged", "par1-mgmt", "management", "pod:par1-p01"] in table
    ip_page = next(a.content for a in produce(deployment) if a.path == "ip-plan.md")
    assert isinstance(ip_page, str)
    assert "`10.50.0.0/24` · VLAN 410, untagged at the hosts · MTU 1500" in ip_page
    assert "| `10.50.0.2` | 1 | vrrp | [par1-core1](devices/par1-core1.md) | irb.410 |  |" in ip_page


def test_json_tables() -> None:
    deployment = run(DESIGNS / "small-scale.yaml")
    ips = json.loads(ip_json(deployment.slug, deployment.address_plan))
    assert ips["deployment"] == "small-scale"
    assert ips["allocations"][0] == {"zone": "lab-z1", "pod": "", "network": "lab-public", "vlan": 100,
                                     "cidr": "192.168.100.0/24", "address": "192.168.100.1", "role": "gateway",
                                     "device": "lab-fw1", "interface": ""}
    mgmt = next(u for u in ips["usage"] if u["network"] == "lab-mgmt")
    assert (mgmt["usable"], mgmt["assigned"], mgmt["reserved"], mgmt["free"]) == (254, 8, 30, 216)
    vlans = json.loads(vlan_json(deployment.slug, deployment.address_plan))
    assert vlans["vlans"][-1] == {"zone": "lab-z1", "vlan": "500-599", "hosts": "tagged", "network": "lab-pnet-guest",
                                  "traffic": "guest", "scope": "zone"}
