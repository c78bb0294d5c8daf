"""Host NICs, bonds and names as each hypervisor really builds them.

Each rule restates a mistake operators made, with the CloudStack issue or the vendor document that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Bond, HostProfile, Hypervisor
from ..model.hardware import BondMode
from .catalogue import ERROR, rule
from .context import Context, Issue

# Linux bonding modes: 802.3ad aggregates links of one speed and duplex.
LINUX_BONDING_MODES = ("https://www.ibm.com/support/knowledgecenter/linuxonibm/com.ibm.linux.z.l0wlcb00/"
                       "l0wlcb00_bondingmodes.html")
VMWARE_LACP = "https://knowledge.broadcom.com/external/article/389732/introduction-to-lacp-in-vmware-by-broadc.html"
VMWARE_LAG_SPEED = ("https://docs.vmware.com/en/VMware-vSphere/6.5/com.vmware.vsphere.networking.doc/"
                    "GUID-0D1EF5B4-7581-480B-B99D-5714B42CD7A9.html")
VMNIC = re.compile(r"^vmnic\d+$")
# RFC 1123 host-name labels, the same grammar CloudStack applies to network domains (apache/cloudstack#7071).
HOSTNAME_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def _profiles(ctx: Context, hypervisors: tuple[Hypervisor, ...]) -> Iterator[tuple[str, HostProfile]]:
    for name, profile in sorted(ctx.design.host_profiles.items()):
        if profile.hypervisor in hypervisors:
            yield name, profile


def _member_speeds(profile: HostProfile, bond: Bond) -> dict[str, str]:
    return {n.name: str(n.speed) for n in profile.nics if n.name in bond.members}


@rule("BOND-MIXED-SPEED", ERROR, "LACP bond members run at one speed",
      f"802.3ad aggregates only links of the same speed and duplex (Linux bonding, {LINUX_BONDING_MODES}; vSphere "
      f"LACP, {VMWARE_LAG_SPEED}): a faster or slower member is left out of the aggregate or the port-channel "
      "suspends it.")
def bond_mixed_speed(ctx: Context) -> Iterator[Issue]:
    for name, profile in sorted(ctx.design.host_profiles.items()):
        for bond in profile.bonds:
            speeds = _member_speeds(profile, bond)
            if bond.mode is BondMode.lacp and len(set(speeds.values())) > 1:
                listed = ", ".join(f"{n} {s}" for n, s in speeds.items())
                yield Issue(bond, "members", f"802.3ad bond {bond.name} of profile {name} mixes speeds: {listed}",
                            "bond NICs of one speed, or use 'active-backup'")


@rule("VMWARE-NIC-NAMES", ERROR, "ESXi host NICs are named vmnicN",
      f"ESXi names its physical uplinks vmnic0, vmnic1, … ({VMWARE_LACP}: 'each ESXi host will have vmnics'); "
      "the vSwitch uplinks, the host configuration and the cabling tables name them that way, so a Linux name "
      "(eno1, ens1f0) in a VMware profile matches no uplink on the host.")
def vmware_nic_names(ctx: Context) -> Iterator[Issue]:
    for name, profile in _profiles(ctx, (Hypervisor.vmware,)):
        for nic in profile.nics:
            if not VMNIC.fullmatch(nic.name):
                yield Issue(nic, "name", f"NIC {nic.name} of VMware profile {name} is not an ESXi uplink name",
                            "name ESXi NICs as the host lists them: vmnic0, vmnic1, …")


def _hostname_problem(name: str) -> str:
    for label in name.split("."):
        if not HOSTNAME_LABEL.fullmatch(label):
            return (f"'{label}' is not 1-63 letters, digits and hyphens that start and end with a letter or digit"
                    + (" (an underscore is not allowed in host names)" if "_" in label else ""))
    return ""


@rule("HOST-NAME-INVALID", ERROR, "Hosts and servers have valid host names",
      "RFC 1123 host names, the grammar CloudStack applies to its own domain names (apache/cloudstack#7071): "
      "letters, digits and hyphens per label. The runbook sets each host's and server's name as its hostname, "
      "and hostnamectl, the hypervisors and TLS certificates (the agent's certificate names the host) refuse or "
      "mangle an underscore.")
def host_name(ctx: Context) -> Iterator[Issue]:
    seen: set[int] = set()
    for host in ctx.inventory.hosts:
        if id(host.entry) in seen:
            continue
        problem = _hostname_problem(host.name)
        if problem:
            seen.add(id(host.entry))
            yield Issue(host.entry, "name", f"host name {host.name} is not a valid host name: {problem}",
                        "use letters, digits and '-' (e.g. 'ams1-kvm01')")
    servers: list[tuple[object, str, str]] = [(ms, ms.name, "management server") for ms in
                                              ctx.design.management.servers]
    servers += [(srv, srv.name, "storage server") for srv in ctx.design.storage_servers]
    for obj, name, kind in servers:
        problem = _hostname_problem(name)
        if problem:
            yield Issue(obj, "name", f"{kind} name {name} is not a valid host name: {problem}",
                        "use letters, digits and '-'")
