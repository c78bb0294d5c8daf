"""Proof of the outputs: checks the verification stage (generator/verify/) runs on the plans and the
configurations built from them, after planning — cabling, layer 2 and 3 reachability, failure
domains, and whether the artefacts agree with each other.

Their checks live in generator/verify/checks.py and generator/verify/failures.py; here each has
its stable id, severity and the fact it rests on. A single point of failure is a warning where the
design says 'redundant: false'.
"""

from __future__ import annotations

from collections.abc import Iterator

from .catalogue import ERROR, Phase, rule
from .context import Context, Issue


def _after_planning(ctx: Context) -> Iterator[Issue]:
    """Proof rules have no check over the design alone: the verification stage reports them."""
    return iter(())


def _declare(rule_id: str, severity: object, title: str, fact: str) -> None:
    from ..diagnostics import Severity

    assert isinstance(severity, Severity)

    def check(ctx: Context) -> Iterator[Issue]:
        return _after_planning(ctx)

    check.__module__ = __name__
    rule(rule_id, severity, title, fact, Phase.proof)(check)


_declare("VERIFY-UNCABLED", ERROR, "Every device that holds an address is cabled to its network",
         "A device reaches its network only over a cable to a switch port that carries the network's VLAN; an "
         "address on a device no planned port carries it to is an address on paper (seed 003: every storage "
         "and computing server connects to the access switches; install facts: the management server must "
         "reach every host on 8250 and the hosts it on 22).")
_declare("VERIFY-VLAN-NOT-JOINED", ERROR, "Each network joins all its holders at layer 2",
         "Two holders of one subnet talk directly (ARP) only when every port and inter-switch link between "
         "them carries the network's VLAN; a VLAN missing from one uplink splits the subnet into islands.")
_declare("VERIFY-VLAN-TAGGING", ERROR, "One VLAN per network and one tag per frame on every link",
         "IEEE 802.1Q: both ends of a link must agree on the untagged (native/access) VLAN and the tagged set, "
         "or frames land in another VLAN or are dropped; a port should carry only the VLANs its device uses.")
_declare("VERIFY-UNREACHABLE", ERROR, "Management, API, DNS and storage are reachable; isolated networks "
         "stay isolated",
         "Install facts: hosts reach the management servers (8250, 8080), the system VMs secondary storage and "
         "DNS; seed 000: primary storage separated from management is reached over its own interface, never "
         "routed over the management network.")
_declare("VERIFY-SPOF", ERROR, "No single switch, inter-switch cable or pair member cuts a host off "
         "(a warning where the design says 'redundant: false')",
         "Seed 003 (large-scale redundant setup): redundant NICs to separate access switches, switch pairs and "
         "redundant uplinks so that no one device failure takes hosts out of management or storage.")
_declare("VERIFY-LABEL-WITHOUT-BRIDGE", ERROR, "Every traffic label is a bridge, network or vSwitch the hosts "
         "build",
         "Install facts §5-7: the KVM agent attaches traffic to the bridge its label names (an empty label "
         "means cloudbr0); a label no host builds fails host add or leaves the traffic on the wrong NIC; a "
         "Linux interface joins one bridge only.")
_declare("VERIFY-DOUBLE-TAG", ERROR, "Traffic CloudStack tags is not put on a bridge over a VLAN interface",
         "CloudStack's KVM agent tags storage, public and guest VLANs itself on the label's bridge device; on a "
         "bridge built over bond0.110 those frames leave with two 802.1Q tags and no switch port accepts them.")
_declare("VERIFY-MTU", ERROR, "MTU consistent end to end (NIC, bond, bridge, switch port, VXLAN underlay)",
         "Field mistake #10 (apache/cloudstack#7364, #7930): every hop must take the largest frame; with VXLAN "
         "the underlay needs the guest MTU + 50, or pings work while large transfers stall.")
_declare("VERIFY-DUPLICATE-ADDRESS", ERROR, "Every address is planned once, with one owner",
         "Two devices with one address answer ARP in turn: both lose traffic, and CloudStack adding a host "
         "whose address a management server holds adds the wrong machine.")
_declare("VERIFY-LACP-ID", ERROR, "LACP and MLAG identities unique per switch pair",
         "IEEE 802.1AX: a partner bundles every link whose actor presents the same system id and key; two "
         "MC-LAG pairs with one system id cabled to the same device merge into one broken port-channel.")
_declare("VERIFY-ARTEFACT-ADDRESS", ERROR, "Every address written in an artefact is the one the IP plan gives "
         "that device",
         "What an operator pastes is what runs: an address a host or switch configuration gives itself that the "
         "IP plan gives another device (or none) answers ARP beside its owner, and an address two devices are "
         "planned to hold breaks both; the configurations, zone script, runbook and tables are read back "
         "after render and every address matched with the plan.")
_declare("VERIFY-ARTEFACT-VLAN", ERROR, "Every VLAN id written in a configuration is one the plans give that "
         "device",
         "IEEE 802.1Q: a VLAN a switch or host configuration creates or allows that its planned ports do not "
         "carry leaks a network to a port that should not see it (or, missing, cuts it off); the zone script's "
         "VLAN and VNI ranges must be the planned ones, or CloudStack hands out tags the switches drop.")
