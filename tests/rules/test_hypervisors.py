"""Hypervisors and clusters (generator/rules/hypervisors.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    check_fires,
    check_quiet,
    cluster,
    profile,
    to_basic,
    to_vmware,
    zone,
)


def xen_cluster_kvm_hosts(d: Data) -> None:
    cluster(d)["hypervisor"] = "xenserver"


def esxi_on_kvm(d: Data) -> None:
    profile(d)["os"] = "esxi-8"


def el9(d: Data) -> None:
    profile(d)["os"] = "el9"


def second_profile(d: Data, **changes: str) -> None:
    d["host_profiles"]["kvm-small2"] = {**profile(d), **changes}
    cluster(d)["hosts"].append({"name": "lab-kvm05", "id": 5, "profile": "kvm-small2"})


def mixed_cpu(d: Data) -> None:
    second_profile(d, cpu_model="Intel Xeon Gold 6430")


def mixed_cpu_no_migration(d: Data) -> None:
    mixed_cpu(d)
    cluster(d)["live_migration"] = False


def mixed_os(d: Data) -> None:
    second_profile(d, os="el9")


def same_os(d: Data) -> None:
    second_profile(d, os=profile(d)["os"])


def vmware_without_vcenter(d: Data) -> None:
    to_vmware(d)
    del cluster(d)["vcenter"]


def vmware_in_sg_zone(d: Data) -> None:
    to_vmware(d)
    zone(d)["security_groups"] = True


def kvm_in_sg_zone(d: Data) -> None:
    zone(d)["security_groups"] = True


def hyperv_basic(d: Data) -> None:
    to_basic(d)
    profile(d).update(hypervisor="hyperv", os="windows-2019")
    cluster(d)["hypervisor"] = "hyperv"


CASES = [
    Case("CLUSTER-HYPERVISOR-MISMATCH", xen_cluster_kvm_hosts, ("lab-kvm01", "kvm-small", "xenserver cluster lab-c01")),
    Case("PROFILE-OS-HYPERVISOR", esxi_on_kvm, ("kvm-small", "kvm", "esxi-8"), el9, at="os: esxi-8"),
    Case("CLUSTER-MIXED-CPU", mixed_cpu, ("lab-c01", "AMD EPYC 9124", "Intel Xeon Gold 6430 (kvm-small2)"),
         mixed_cpu_no_migration, at="profile: kvm-small2"),
    Case("CLUSTER-MIXED-OS", mixed_os, ("lab-c01", "ubuntu-24.04 (kvm-small)", "el9 (kvm-small2)"), same_os,
         at="profile: kvm-small2"),
    Case("CLUSTER-VCENTER", vmware_without_vcenter, ("lab-c01", "no vcenter"), to_vmware),
    Case("SG-HYPERVISOR", vmware_in_sg_zone, ("vmware cluster lab-c01", "lab-z1", "security groups"), kvm_in_sg_zone),
    Case("SG-HYPERVISOR-UNVERIFIED", hyperv_basic, ("hyperv cluster lab-c01", "basic zone lab-z1"), to_basic),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)
