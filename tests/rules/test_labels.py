"""Traffic labels and KVM bridges (generator/rules/labels.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import (
    Case,
    Data,
    check_fires,
    check_quiet,
    mgmt_net,
    mutated,
    pnet,
    profile,
    run,
    to_vmware,
    to_xen,
    traffic,
    zone,
)


def xen_with_kvm_labels(d: Data) -> None:
    to_xen(d)
    for p in zone(d)["physical_networks"]:
        for t in p["traffic"]:
            t["labels"] = {"kvm": "cloudbr0"}


def guest_on_management_bridge(d: Data) -> None:
    for kind in ("guest", "public"):
        traffic(d, kind)["labels"]["kvm"] = "cloudbr0"


def xen_split_labels(d: Data) -> None:
    to_xen(d)
    traffic(d, "public")["labels"]["xenserver"] = "cloud-public"


def vmware_management_on_dvs(d: Data) -> None:
    to_vmware(d)
    traffic(d, "management")["labels"]["vmware"] = "dvSwitch0,,vmwaredvs"


def vmware_guest_on_dvs(d: Data) -> None:
    to_vmware(d)
    traffic(d, "guest")["labels"]["vmware"] = "dvSwitch1,,vmwaredvs"
    traffic(d, "public")["labels"]["vmware"] = "dvSwitch1,,vmwaredvs"


def rename_guest_nic(d: Data, name: str) -> None:
    p = pnet(d, "guest")
    for nic in profile(d)["nics"]:
        if nic["name"] == p["interface"]:
            nic["name"] = name
    p["interface"] = name


def long_nic(d: Data) -> None:
    rename_guest_nic(d, "enp129s0f1np1")


def short_nic(d: Data) -> None:
    rename_guest_nic(d, "enp1s0f1")


def odd_nic(d: Data) -> None:
    rename_guest_nic(d, "data0")


def one_pnet(d: Data, management_label: str) -> None:
    """Management moves onto the guest/public physical network; the management network is tagged."""
    guest = pnet(d, "guest")
    zone(d)["physical_networks"] = [guest]
    guest["traffic"].insert(0, {"type": "management", "labels": {"kvm": management_label}})
    mgmt_net(d)["vlan"] = 10


def tagged_management_on_trunk_bridge(d: Data) -> None:
    one_pnet(d, "cloudbr1")


def tagged_management_own_bridge(d: Data) -> None:
    one_pnet(d, "cloudbr0")


def xen_tagged_management(d: Data) -> None:
    to_xen(d)
    mgmt_net(d)["vlan"] = 10


def xen_networks_listed(d: Data) -> None:
    """The XCP-ng hosts' real networks: cloud-private on eno1, cloud-guest on eno2."""
    to_xen(d)
    profile(d)["host_switches"] = [{"name": "cloud-private", "kind": "xen-network", "uplink": "eno1"},
                                   {"name": "cloud-guest", "kind": "xen-network", "uplink": "eno2"}]


def xen_label_typo(d: Data) -> None:
    xen_networks_listed(d)
    traffic(d, "guest")["labels"]["xenserver"] = "cloud-gest"


def vmware_switches_listed(d: Data) -> None:
    to_vmware(d)
    profile(d)["host_switches"] = [{"name": "vSwitch0", "kind": "vswitch", "uplink": "eno1",
                                    "port_groups": ["Management Network"]},
                                   {"name": "vSwitch1", "kind": "vswitch", "uplink": "eno2"}]


def vmware_switch_on_other_nic(d: Data) -> None:
    vmware_switches_listed(d)
    profile(d)["host_switches"][1]["uplink"] = "eno1"


CASES = [
    Case("LABEL-NOT-ON-HOST", xen_label_typo, ("xenserver label 'cloud-gest'", "lab-pnet-guest", "kvm-small",
                                               "cloud-guest, cloud-private"), xen_networks_listed),
    Case("LABEL-NOT-ON-HOST", vmware_switch_on_other_nic, ("vmware label 'vSwitch1'", "vswitch", "on eno1",
                                                           "on eno2"), vmware_switches_listed),
    Case("LABEL-MISSING", xen_with_kvm_labels, ("no xenserver label", "lab-pnet-mgmt", "lab-z1"), to_xen),
    Case("LABEL-REUSED-ACROSS-INTERFACES", guest_on_management_bridge,
         ("kvm label cloudbr0", "lab-pnet-guest", "eno2", "lab-pnet-mgmt", "eno1")),
    Case("LABEL-SPLIT-ON-INTERFACE", xen_split_labels, ("cloud-public", "cloud-guest", "eno2"), to_xen),
    Case("VMWARE-DVS-MANAGEMENT", vmware_management_on_dvs, ("dvSwitch0,,vmwaredvs", "management", "lab-pnet-mgmt"),
         vmware_guest_on_dvs),
    Case("KVM-BRIDGE-NAME-LENGTH", long_nic, ("brenp129s0f1np1-599", "lab-pnet-guest"), short_nic,
         at="interface: enp129s0f1np1"),
    Case("KVM-BRIDGE-MEMBER-NAME", odd_nic, ("data0", "lab-pnet-guest")),
    Case("KVM-MANAGEMENT-VLAN-BRIDGE", tagged_management_on_trunk_bridge, ("lab-mgmt", "lab-p01", "VLAN 10",
                                                                           "cloudbr1"),
         tagged_management_own_bridge),
    Case("XENSERVER-MANAGEMENT-TAGGED", xen_tagged_management, ("lab-p01", "lab-mgmt", "VLAN 10"), to_xen),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_kvm_labels_may_be_empty() -> None:
    """Field mistakes, 'not mistakes': an empty KVM label means cloudbr0 (apache/cloudstack#8810)."""

    def no_labels(d: Data) -> None:
        for p in zone(d)["physical_networks"]:
            for t in p["traffic"]:
                t["labels"] = {}

    _, findings = run(mutated(no_labels))
    assert not [f for f in findings if f.rule.startswith(("LABEL-", "KVM-"))]


def test_empty_kvm_management_label_counts_as_cloudbr0() -> None:
    def empty_management(d: Data) -> None:
        traffic(d, "management")["labels"] = {}
        guest_on_management_bridge(d)

    _, findings = run(mutated(empty_management))
    assert any(f.rule == "LABEL-REUSED-ACROSS-INTERFACES" and "default for an empty KVM management label"
               in f.message for f in findings)


def test_kvm_label_longer_than_an_interface_name() -> None:
    def long_label(d: Data) -> None:
        traffic(d, "guest")["labels"]["kvm"] = "cloud-guest-bridge"
        traffic(d, "public")["labels"]["kvm"] = "cloud-guest-bridge"

    _, findings = run(mutated(long_label))
    hits = [f.message for f in findings if f.rule == "KVM-BRIDGE-NAME-LENGTH"]
    assert len(hits) == 2 and "'cloud-guest-bridge'" in hits[0] and "18 characters" in hits[0]


def test_management_untagged_at_the_hosts_is_neither_tagged_for_xenserver_nor_needs_a_kvm_vlan_bridge() -> None:
    """'untagged: true' keeps the switch VLAN but the hosts send the network untagged: the rules that
    read a management VLAN look at the host side."""

    def xen_untagged(d: Data) -> None:
        xen_tagged_management(d)
        mgmt_net(d)["untagged"] = True

    def kvm_untagged_on_trunk_bridge(d: Data) -> None:
        tagged_management_on_trunk_bridge(d)
        mgmt_net(d)["untagged"] = True

    for mutation, rule in ((xen_untagged, "XENSERVER-MANAGEMENT-TAGGED"),
                           (kvm_untagged_on_trunk_bridge, "KVM-MANAGEMENT-VLAN-BRIDGE")):
        _, findings = run(mutated(mutation))
        assert not [f for f in findings if f.rule == rule], rule
        assert not [f for f in findings if f.severity.value == "error"], [f.text() for f in findings]


def test_xenserver_management_fix_names_untagged() -> None:
    _, findings = run(mutated(xen_tagged_management))
    hit = next(f for f in findings if f.rule == "XENSERVER-MANAGEMENT-TAGGED")
    assert "untagged: true" in hit.fix and "VLAN 10" in hit.fix
