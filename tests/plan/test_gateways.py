"""Who owns a network's gateway (generator/ports/gateways.py), the one reading every stage shares."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.loader.load import load_text
from generator.model import Design
from generator.pipeline import run
from generator.ports.gateways import gateway_networks, gateway_owner, gateway_owners
from tests.conftest import DESIGNS, EXAMPLES


def design(data: dict[str, Any]) -> Design:
    loaded = load_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    assert loaded.design is not None, loaded.findings
    return loaded.design


def small() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DESIGNS / "small-scale.yaml").read_text())
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_address_plan_and_the_port_plan_read_the_same_owner(path: Path) -> None:
    d = run(path)
    rows = {a.network: a.device for a in d.address_plan.allocations if a.role == "gateway"}
    for name in d.design.networks:
        owner = gateway_owner(d.design, name)
        assert (owner.text if owner else None) == rows.get(name), name
        for device in gateway_owners(d.design, name):
            assert name in gateway_networks(d.design, device)


def test_owner_order_gateway_on_then_holders_then_cores_then_first_firewall() -> None:
    data = small()
    assert gateway_owners(design(data), "lab-mgmt") == ("lab-fw1",)  # the firewall is given the address
    data["firewalls"][0]["interfaces"] = [{"network": "lab-public"}]
    assert gateway_owners(design(data), "lab-mgmt") == ("lab-fw1",)  # the site's first firewall
    cores = [{"name": f"lab-core{n}", "role": "core", "platform": "arista_eos", "site": "lab",
              "peer": f"lab-core{3 - n}"} for n in (1, 2)]
    data["switches"] += cores
    owner = gateway_owner(design(data), "lab-mgmt")
    assert owner is not None and owner.devices == ("lab-core1", "lab-core2") and owner.vrrp
    data["networks"]["lab-mgmt"]["gateway_on"] = "lab-fw1"
    owner = gateway_owner(design(data), "lab-mgmt")
    assert owner is not None and owner.devices == ("lab-fw1",) and not owner.vrrp and owner.switches == ()
    data["networks"]["lab-mgmt"]["gateway_on"] = "lab-core2"
    assert gateway_owners(design(data), "lab-mgmt") == ("lab-core1", "lab-core2")  # the owner and its peer


def test_the_first_firewall_is_chosen_by_id_then_name() -> None:
    data = small()
    data["firewalls"][0]["interfaces"] = [{"network": "lab-public"}]
    data["firewalls"].append({**copy.deepcopy(data["firewalls"][0]), "name": "lab-aaa-fw"})
    assert gateway_owners(design(data), "lab-mgmt") == ("lab-aaa-fw",)
    data["firewalls"][0]["id"] = 1
    assert gateway_owners(design(data), "lab-mgmt") == ("lab-fw1",)


def test_no_owner_without_a_site_and_none_without_a_gateway() -> None:
    data = small()
    data["networks"]["lab-mgmt"].pop("site")
    data["firewalls"][0]["interfaces"] = [{"network": "lab-public"}]
    owner = gateway_owner(design(data), "lab-mgmt")
    assert owner is not None and owner.devices == () and owner.text == ""
    data["networks"]["lab-mgmt"].pop("gateway")
    assert gateway_owner(design(data), "lab-mgmt") is None
