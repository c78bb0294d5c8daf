"""Names and references, the phase before the design rules (generator/rules/references.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, cluster, mutated, pnet, pool, run, zone


def duplicate_switch_name(d: Data) -> None:
    d["switches"][0]["name"] = "lab-fw1"


def unknown_site(d: Data) -> None:
    d["storage_servers"][0]["site"] = "lba"


def unknown_network(d: Data) -> None:
    zone(d)["public_ranges"][0]["network"] = "lab-pubic"


def unknown_profile(d: Data) -> None:
    cluster(d)["profile"] = "kvm-smal"


def unknown_server(d: Data) -> None:
    pool(d)["server"] = "lab-nsf1"


def unknown_peer(d: Data) -> None:
    d["switches"][0]["peer"] = "lab-sw2"


def unknown_interface(d: Data) -> None:
    pnet(d, "guest")["interface"] = "eno3"


def switch_ids(d: Data, second: int) -> None:
    d["switches"][0]["id"] = 1
    d["switches"].append({**d["switches"][0], "name": "lab-sw2", "id": second})


def same_switch_id(d: Data) -> None:
    switch_ids(d, 1)


def other_switch_id(d: Data) -> None:
    switch_ids(d, 2)
    d["firewalls"][0]["id"] = 1  # ids are per kind: a firewall may have a switch's id


def server_nic(d: Data, switch: str) -> None:
    d["storage_servers"][0]["nics"] = [{"name": "eno1", "cabled_to": switch}]
    d["switches"][0]["server_ports"] = [47]


def server_on_unknown_switch(d: Data) -> None:
    server_nic(d, "lab-sw9")


def server_on_its_switch(d: Data) -> None:
    server_nic(d, "lab-sw1")


def access_switch_interface(d: Data) -> None:
    d["switches"][0]["interfaces"] = [{"network": "lab-public"}]


def core_switch_interface(d: Data) -> None:
    d["switches"].append({"name": "lab-core1", "role": "core", "platform": "cisco_nxos", "site": "lab",
                          "interfaces": [{"network": "lab-public"}]})


CASES = [
    Case("NAME-DUPLICATE", duplicate_switch_name, ("lab-fw1",)),
    Case("REF-SITE", unknown_site, ("'lba'",)),
    Case("REF-NETWORK", unknown_network, ("'lab-pubic'",), at="lab-pubic"),
    Case("REF-PROFILE", unknown_profile, ("'kvm-smal'",)),
    Case("REF-STORAGE-SERVER", unknown_server, ("'lab-nsf1'",)),
    Case("REF-SWITCH", unknown_peer, ("'lab-sw2'",)),
    Case("REF-INTERFACE", unknown_interface, ("lab-pnet-guest", "'eno3'", "kvm-small")),
    Case("DEVICE-ID-DUPLICATE", same_switch_id, ("switch id 1", "lab-sw2", "lab-sw1"), other_switch_id,
         at="id: 1"),
    Case("SERVER-CABLING", server_on_unknown_switch, ("NIC eno1 of server lab-nfs1", "'lab-sw9'"),
         server_on_its_switch, at="cabled_to: lab-sw9"),
    Case("SWITCH-INTERFACES", access_switch_interface, ("access switch lab-sw1", "only core switches route"),
         core_switch_interface),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_reference_errors_stop_the_design_rules() -> None:
    def broken(d: Data) -> None:
        unknown_network(d)
        zone(d)["planned_routers"] = 500  # PUBLIC-POOL-SMALL, were the design phase to run

    _, findings = run(mutated(broken))
    assert {f.rule for f in findings} == {"REF-NETWORK"}
    assert [f.fix for f in findings] == ["did you mean 'lab-public'?"]


def test_a_switch_interface_per_network_and_not_on_its_management_network() -> None:
    def twice(d: Data) -> None:
        core_switch_interface(d)
        d["switches"][-1]["interfaces"].append({"network": "lab-public"})

    def on_management(d: Data) -> None:
        core_switch_interface(d)
        d["switches"][-1]["management"] = {"network": "lab-public"}

    for mutation, text in ((twice, "two interfaces on network lab-public"),
                           (on_management, "its management network already")):
        _, findings = run(mutated(mutation))
        assert any(f.rule == "SWITCH-INTERFACES" and text in f.message for f in findings), text


def test_switch_interfaces_must_name_a_network() -> None:
    def unknown(d: Data) -> None:
        core_switch_interface(d)
        d["switches"][-1]["interfaces"] = [{"network": "lab-transit"}]

    _, findings = run(mutated(unknown))
    assert any(f.rule == "REF-NETWORK" and "'lab-transit'" in f.message for f in findings)


def test_server_nics_stay_at_their_site_carry_their_own_networks_and_have_names_of_their_own() -> None:
    def broken(d: Data) -> None:
        server_on_its_switch(d)
        nics = d["storage_servers"][0]["nics"]
        nics[0]["networks"] = ["lab-public"]
        nics.append({"name": "eno1", "cabled_to": "lab-sw1"})
        d["sites"].append({"name": "lab2"})
        d["management"]["servers"][0]["site"] = "lab2"
        d["management"]["servers"][0]["nics"] = [{"name": "eno1", "cabled_to": "lab-sw1"}]

    _, findings = run(mutated(broken))
    messages = [f.message for f in findings if f.rule == "SERVER-CABLING"]
    assert any("carries network lab-public, where the server has no address" in m for m in messages), messages
    assert any("server lab-nfs1 has two NICs named eno1" in m for m in messages), messages
    assert any("server lab-ms1 (site lab2) is cabled to lab-sw1 at site lab" in m for m in messages), messages


def test_a_secondary_store_listed_twice_is_a_finding_not_a_crash() -> None:
    """Found by the robustness property test (a duplicated list entry): the diagrams need unique names."""
    def twice(d: Data) -> None:
        zone(d)["secondary_storage"].append(dict(zone(d)["secondary_storage"][0]))

    _, findings = run(mutated(twice))
    assert [f.message for f in findings if f.rule == "NAME-DUPLICATE"] == [
        "secondary storage name 'lab-secondary1' is used twice in zone lab-z1"]
