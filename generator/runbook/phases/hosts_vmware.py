"""VMware clusters: what vCenter and the ESXi hosts need before CloudStack takes the cluster over."""

from __future__ import annotations

from ...escape import shell
from ...model import Hypervisor
from ..common import span
from ..context import ClusterRef, RunbookContext
from ..model import Check, Command, Role, Step


def _switch_names(ref: ClusterRef) -> list[str]:
    names = set()
    for pnet in ref.zone.physical_networks:
        for t in pnet.traffic:
            label = t.labels.get(Hypervisor.vmware)
            if label:
                names.add(label.split(",")[0] or "vSwitch0")
    return sorted(names)


def steps(ctx: RunbookContext, ref: ClusterRef) -> list[Step]:
    hosts = ctx.hosts_of(ref.cluster)
    vc = ref.cluster.vcenter
    where = f"vCenter {vc.address}" if vc else "vCenter"
    switches = _switch_names(ref)
    text = (f"Put the ESXi hosts ({span(hosts)}) into cluster {ref.cluster.name} of datacenter "
            f"{vc.datacenter if vc else '?'} in vCenter, with the same vSwitch names on every host "
            f"({', '.join(switches) or 'vSwitch0'}), every VLAN of the zone trunked to them, the management "
            "VMkernel port group named as the global setting vmware.management.portgroup says (default "
            "'Management Network'), and vMotion enabled. CloudStack adds the hosts with the cluster.")
    checks = [Check("each ESXi host", "esxcli network vswitch standard list | grep Name",
                    "Name: " + ", ".join(switches or ["vSwitch0"]))] if switches else []
    if vc is not None:
        checks.append(Check(f"a machine with govc (GOVC_URL={vc.address})",
                            f"govc find /{vc.datacenter}/host/{ref.cluster.name} -type h",
                            f"{len(hosts)} hosts: " + ", ".join(h.name for h in hosts)))
    names = switches or ["vSwitch0"]
    loop = (f"for vs in {' '.join(shell(n) for n in names)}; do esxcli network vswitch standard policy security set "
            '-v "$vs" --allow-promiscuous=true --allow-mac-change=true --allow-forged-transmits=true; done')
    probe = (f"for vs in {' '.join(shell(n) for n in names)}; do esxcli network vswitch standard policy security get "
             '-v "$vs"; done')
    nested = Step(f"Port-group security for nested ESXi ({ref.cluster.name})", Role.cloud,
                  "the outer ESXi hosts, when these ESXi hosts are VMs (a lab)",
                  "Nested ESXi hosts send frames from MAC addresses the outer vSwitch does not know (their VMs' and "
                  "the system VMs'): the outer vSwitches or port groups the nested hosts are connected to must "
                  "accept promiscuous mode, MAC address changes and forged transmits, or the system VMs never "
                  "reach the management server. Physical ESXi hosts skip this step.",
                  commands=(Command("each outer ESXi host", loop),),
                  checks=(Check("each outer ESXi host", probe,
                                "Allow Promiscuous: true, Allow MAC Address Change: true, Allow Forged Transmits: "
                                "true for every vSwitch listed"),))
    return [Step(f"vCenter cluster {ref.cluster.name}", Role.cloud, where, text, checks=tuple(checks)), nested]
