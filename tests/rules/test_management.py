"""Management servers, load balancer and agents (generator/rules/management.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, mutated, run


def two_servers(d: Data) -> None:
    mgmt = d["management"]
    mgmt["servers"][0]["address"] = "10.10.0.11"
    mgmt["servers"].append({"name": "lab-ms2", "site": "lab", "network": "lab-mgmt", "address": "10.10.0.12"})


def two_servers_balanced(d: Data) -> None:
    two_servers(d)
    d["management"]["load_balancer"] = {"names": ["lab-lb1", "lab-lb2"], "site": "lab", "network": "lab-mgmt",
                                        "vip": "10.10.0.10"}


def agents_to_vip(d: Data) -> None:
    two_servers_balanced(d)
    d["settings"]["host"] = "10.10.0.10"


def agents_to_list(d: Data) -> None:
    two_servers_balanced(d)
    d["settings"]["host"] = "10.10.0.11,10.10.0.12"


def bad_algorithm(d: Data) -> None:
    d["management"]["agent_lb_algorithm"] = "random"


def good_algorithm(d: Data) -> None:
    d["management"]["agent_lb_algorithm"] = "shuffle"


CASES = [
    Case("MGMT-NO-LOAD-BALANCER", two_servers, ("lab-ms1", "lab-ms2", "no load balancer"), two_servers_balanced),
    Case("MGMT-AGENTS-VIA-LB", agents_to_vip, ("10.10.0.10", "load-balancer VIP"), agents_to_list, at="host:"),
    Case("MGMT-AGENT-LB-ALGORITHM", bad_algorithm, ("'random'", "roundrobin"), good_algorithm),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_host_setting_lists_every_server() -> None:
    def one_address(d: Data) -> None:
        two_servers_balanced(d)
        d["settings"]["host"] = "10.10.0.11"

    _, findings = run(mutated(one_address))
    assert [f.message for f in findings if f.rule == "MGMT-AGENTS-VIA-LB"] == [
        "setting 'host' lists 1 address(es) for 2 management servers"]


def test_algorithm_and_setting_agree() -> None:
    def contradiction(d: Data) -> None:
        good_algorithm(d)
        d["settings"]["indirect.agent.lb.algorithm"] = "roundrobin"

    _, findings = run(mutated(contradiction))
    assert [f.message for f in findings if f.rule == "MGMT-AGENT-LB-ALGORITHM"] == [
        "agent_lb_algorithm 'shuffle' contradicts setting indirect.agent.lb.algorithm 'roundrobin'"]
