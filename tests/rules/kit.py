"""Rule tests: a valid base design (designs/small-scale.yaml), small mutations of it, and assertions.

Each test module lists ``CASES``: per rule, a mutation that must trigger it (with the names the
message must mention) and a near miss that must not. ``test_catalogue.py`` checks that every
registered rule has a case, so every rule is triggered by at least one test.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from generator.diagnostics import Finding, Severity
from generator.loader.load import load_text
from generator.rules import RULES, Phase, validate
from tests.conftest import DESIGNS

Data = dict[str, Any]
Mutation = Callable[[Data], None]

# Findings of the loader: when one of these (or a references-phase rule) is an error, the design
# phase did not run, so "the rule did not fire" would prove nothing.
LOADER = ("YAML-", "SCHEMA-", "FILE-")


def early(finding: Finding) -> bool:
    rule = RULES.get(finding.rule)
    before_design = finding.rule.startswith(LOADER) or (rule is not None and rule.phase is Phase.references)
    return before_design and finding.severity is Severity.error


@cache
def _base_text() -> str:
    return (DESIGNS / "small-scale.yaml").read_text(encoding="utf-8")


def base() -> Data:
    data: Data = yaml.safe_load(_base_text())
    return data


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Data) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, default_flow_style=False, width=200)


def run(data: Data) -> tuple[str, list[Finding]]:
    text = dump(data)
    return text, validate(load_text(text, "case.yaml"))


def nothing(data: Data) -> None:
    """The base design as it is."""


@dataclass(frozen=True)
class Case:
    """One rule's trigger (``bad``) and near miss (``good``)."""

    rule: str
    bad: Mutation
    names: tuple[str, ...]
    good: Mutation = nothing
    at: str = ""  # text expected on the line the finding points at

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.bad.__name__}"


def mutated(mutation: Mutation) -> Data:
    data = base()
    mutation(data)
    return data


@cache
def outcome(mutation: Mutation) -> tuple[str, list[Finding]]:
    """Design text and findings of a mutation (computed once per mutation per test session)."""
    return run(mutated(mutation))


def check_fires(case: Case) -> None:
    text, findings = outcome(case.bad)
    hits = [f for f in findings if f.rule == case.rule]
    shown = "\n".join(f.text() for f in findings)
    assert hits, f"{case.rule} did not fire; findings were:\n{shown}"
    assert any(all(n in f.message for n in case.names) for f in hits), (
        f"no {case.rule} message names {case.names}:\n{shown}")
    for f in hits:
        assert f.file == "case.yaml" and f.line >= 1 and f.fix, f.text()
    if case.at:
        lines = text.splitlines()
        assert any(case.at in lines[f.line - 1] for f in hits), (
            f"{case.rule} points at {[lines[f.line - 1] for f in hits]}, expected a line with {case.at!r}")


def check_quiet(case: Case) -> None:
    _, findings = outcome(case.good)
    stopped = [f for f in findings if early(f)]
    assert not stopped, "the near miss did not reach the design phase:\n" + "\n".join(f.text() for f in stopped)
    hits = [f.text() for f in findings if f.rule == case.rule]
    assert not hits, "\n".join(hits)


# Navigation in the base design ---------------------------------------------------------------


def zone(d: Data) -> Data:
    z: Data = d["regions"][0]["zones"][0]
    return z


def pod(d: Data) -> Data:
    p: Data = zone(d)["pods"][0]
    return p


def cluster(d: Data) -> Data:
    c: Data = pod(d)["clusters"][0]
    return c


def pool(d: Data) -> Data:
    p: Data = cluster(d)["primary_storage"][0]
    return p


def profile(d: Data) -> Data:
    p: Data = d["host_profiles"][cluster(d)["profile"]]
    return p


def pnet(d: Data, kind: str) -> Data:
    """The physical network carrying traffic ``kind``."""
    return next(p for p in zone(d)["physical_networks"] if any(t["type"] == kind for t in p["traffic"]))


def traffic(d: Data, kind: str) -> Data:
    t: Data = next(t for t in pnet(d, kind)["traffic"] if t["type"] == kind)
    return t


def nfs(d: Data) -> Data:
    s: Data = next(s for s in d["storage_servers"] if s["name"] == pool(d)["server"])
    return s


def mgmt_net(d: Data) -> Data:
    n: Data = d["networks"][pod(d)["management"]["network"]]
    return n


def public_net(d: Data) -> Data:
    n: Data = d["networks"][zone(d)["public_ranges"][0]["network"]]
    return n


# Variants of the base design -----------------------------------------------------------------


def rehost(d: Data, hypervisor: str, os: str) -> None:
    profile(d).update(hypervisor=hypervisor, os=os)
    cluster(d)["hypervisor"] = hypervisor


def to_xen(d: Data) -> None:
    """XenServer hosts with XenServer labels on every traffic type."""
    rehost(d, "xenserver", "xcp-ng-8")
    for p in zone(d)["physical_networks"]:
        for t in p["traffic"]:
            t["labels"] = {"xenserver": "cloud-private" if t["type"] == "management" else "cloud-guest"}


def to_vmware(d: Data) -> None:
    rehost(d, "vmware", "esxi-8")
    cluster(d)["vcenter"] = {"address": "vc.lab.example.net", "datacenter": "lab"}
    for p in zone(d)["physical_networks"]:
        for t in p["traffic"]:
            t["labels"] = {"vmware": "vSwitch0" if t["type"] == "management" else "vSwitch1"}


def with_storage(d: Data) -> None:
    """A storage network (Storage traffic and a storage range in the pod)."""
    d["networks"]["lab-storage"] = {"cidr": "10.10.8.0/24", "gateway": "10.10.8.1", "vlan": 130, "site": "lab"}
    pod(d)["storage"] = {"network": "lab-storage", "range": "10.10.8.100-10.10.8.120"}
    pnet(d, "guest")["traffic"].append({"type": "storage", "labels": {"kvm": "cloudbr1"}})


def separate_primary(d: Data, cidr: str = "10.10.64.0/24") -> None:
    """Primary storage on a network of its own (seed 000), over a third NIC."""
    first = cidr.split("/", maxsplit=1)[0].rsplit(".", 1)[0]
    d["networks"]["lab-pstore"] = {"cidr": cidr, "gateway": f"{first}.1", "vlan": 140, "site": "lab"}
    pod(d)["primary_storage_networks"] = ["lab-pstore"]
    profile(d)["nics"].append({"name": "eno3", "speed": "25G"})
    profile(d)["primary_storage_interfaces"] = ["eno3"]
    nfs(d)["interfaces"].append({"network": "lab-pstore"})


def multipath(d: Data) -> None:
    """XenServer with an iSCSI array reached over two storage networks."""
    to_xen(d)
    for name, third, vlan in (("lab-iscsi-a", 64, 431), ("lab-iscsi-b", 65, 432)):
        d["networks"][name] = {"cidr": f"10.10.{third}.0/24", "gateway": f"10.10.{third}.1", "vlan": vlan,
                               "site": "lab"}
    d["storage_servers"].append({"name": "lab-san1", "site": "lab", "role": "iscsi", "interfaces": [
        {"network": "lab-iscsi-a"}, {"network": "lab-iscsi-b"}]})
    profile(d)["nics"] += [{"name": "eno3", "speed": "25G"}, {"name": "eno4", "speed": "25G"}]
    profile(d)["primary_storage_interfaces"] = ["eno3", "eno4"]
    pod(d)["primary_storage_networks"] = ["lab-iscsi-a", "lab-iscsi-b"]
    pool(d).update(protocol="iscsi", server="lab-san1", path="iqn.2026-01.net.example:lab-san1/1", multipath=True)


def add_pod(d: Data, name: str, pid: int, network: str, system_range: str) -> Data:
    """A second pod with a copy of the first pod's cluster (renamed hosts)."""
    c = copy.deepcopy(cluster(d))
    c["name"] = f"{name}-c01"
    c["hosts"] = [{"name": f"{name}-kvm{{id:02d}}", "id": 1, "count": 4}]
    for p in c.get("primary_storage", []):
        p["name"] = f"{name}-{p['name']}"
    new: Data = {"name": name, "id": pid, "management": {"network": network, "system_range": system_range},
                 "clusters": [c]}
    zone(d)["pods"].append(new)
    return new


def to_basic(d: Data) -> None:
    """A basic zone: guests on a per-pod range, no public or guest VLAN ranges."""
    z = zone(d)
    z["networking"] = "basic"
    for key in ("guest_cidr", "public_ranges", "guest_network_kinds"):
        z.pop(key, None)
    z["planned_routers"] = 0
    # A basic zone has one physical network (CloudStack refuses a second, BASIC-ONE-PNET).
    merged = z["physical_networks"][0]
    for p in z["physical_networks"][1:]:
        merged["traffic"] += [t for t in p["traffic"] if t["type"] != "public"]
    merged.pop("guest_vlans", None)
    z["physical_networks"] = [merged]
    d["networks"]["lab-guest"] = {"cidr": "10.20.0.0/22", "gateway": "10.20.0.1", "vlan": 200, "site": "lab"}
    pod(d)["guest_ranges"] = [{"network": "lab-guest", "range": "10.20.0.10-10.20.1.250"}]


def make_redundant(d: Data) -> None:
    """Everything a redundant design promises: bonds, switch and firewall pairs, MS cluster, DB replica."""
    d["deployment"]["redundant"] = True
    prof = profile(d)
    prof["nics"] += [{"name": "eno3", "speed": "10G"}, {"name": "eno4", "speed": "10G"}]
    prof["bonds"] = [{"name": "bond0", "members": ["eno1", "eno3"]}, {"name": "bond1", "members": ["eno2", "eno4"]}]
    pnet(d, "management")["interface"] = "bond0"
    pnet(d, "guest")["interface"] = "bond1"
    sw = d["switches"][0]
    twin = copy.deepcopy(sw)
    twin["name"] = sw["name"] + "b"
    sw["peer"], twin["peer"] = twin["name"], sw["name"]
    d["switches"].append(twin)
    fw = d["firewalls"][0]
    fw2 = {"name": fw["name"] + "b", "site": fw["site"], "peer": fw["name"]}
    fw["peer"] = fw2["name"]
    d["firewalls"].append(fw2)
    mgmt = d["management"]
    ms = mgmt["servers"][0]
    mgmt["servers"].append({**ms, "name": ms["name"] + "b"})
    mgmt["load_balancer"] = {"names": ["lab-lb1", "lab-lb2"], "site": "lab", "network": ms["network"]}
    mgmt["database"]["replica"] = {"name": "lab-db2", "site": "lab", "network": ms["network"]}
