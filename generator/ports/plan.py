"""The port plan: which switch port each host NIC is cabled to, and what every port carries.

Cabling is keyed on stable ids, so adding a host never moves another host's cables:

* a NIC on the ``access`` fabric goes to the pod's access switches, one on the ``storage``
  fabric to the pod's storage switches; bond members are spread over the switches of the
  fabric (member *j* → switch *j* mod *n*), other NICs take turns;
* on each switch, host *id* gets the block of ports
  ``first_host_port + (id − 1) × stride …``, where ``stride`` is the most NICs any host
  profile of the pod puts on that switch;
* an LACP bond becomes a port-channel numbered ``10 + (id − 1) × bonds + bond index + 1``
  (same number on both switches of a pair, which then run it as vPC/MLAG/MC-LAG);
  port-channel 1 is the peer link, 2 the uplink, 11 onwards on the core the downlinks;
* access and storage switches uplink to the site's core switches (else its firewalls),
  uplink *i* to core *i* mod *n*; a core numbers its downlinks from its first host port in
  pod order. Uplinks and peer links carry the union of every VLAN below them.

Each idea has its module: ``hosts.py`` (host cabling), ``servers.py`` (server cabling),
``interconnects.py`` (switch interconnects), ``builder.py`` (what every port shares); this one
composes them and checks the whole plan.
"""

from __future__ import annotations

from ..inventory import Inventory
from ..model import Design, SwitchRole
from .hosts import HostCabling
from .interconnects import MLAG_PEER_NAME, Interconnects
from .servers import ServerCabling
from .types import NATIVE_VLAN, PortPlan


class _Planner(HostCabling, ServerCabling, Interconnects):
    """The whole port plan: hosts, then servers, then interconnects (which carry what is below them)."""

    def check_vlan_clash(self) -> None:
        """One VLAN id, two networks on one switch: their layer 2 would merge. Networks without a
        ``vlan`` all land in the default VLAN, so a switch can hold only one of them."""
        for sw in sorted(self.design.switches, key=lambda s: (s.role is SwitchRole.core, s.name)):
            users: dict[int, set[str]] = {}
            default: set[str] = set()  # untagged networks without a 'vlan'
            for c in {c for r in self.by_switch.get(sw.name, []) for c in r.carried}:
                net = self.design.networks.get(c.network)
                if net is not None and net.vlan is None:
                    default.add(c.network)
                for vlan in c.vlans:
                    users.setdefault(vlan, set()).add(c.network)
            for vlan in sorted(users):
                if len(users[vlan]) < 2:
                    continue
                names = sorted(users[vlan])
                if vlan == NATIVE_VLAN and default & users[vlan]:
                    self.issue(("PORTS-UNTAGGED-SWITCH", frozenset(names)), sw, "name",
                               f"switch {sw.name} would put {len(names)} networks ({', '.join(names)}) into VLAN "
                               f"{NATIVE_VLAN}, joining their layer 2: a network without a 'vlan' is in the default "
                               "VLAN", "give each network a 'vlan' of its own; with 'untagged: true' the hosts still "
                               "send it untagged (the switch port's access or native VLAN)")
                    continue
                self.issue(("PORTS-VLAN-CLASH", vlan, frozenset(names)), sw, "name",
                           f"switch {sw.name} carries VLAN {vlan} for {' and '.join(names)}"
                           + (" (VLAN 4094 is the MLAG peer VLAN of the pair)" if MLAG_PEER_NAME in names
                              else ""), "give each network its own VLAN id")


def plan_ports(design: Design, inventory: Inventory) -> PortPlan:
    """Cable every host NIC and every switch interconnect. Pure: same design, same plan."""
    planner = _Planner(design, inventory)
    if design.switches:
        planner.pods()
        planner.servers()
        planner.interconnects()
        planner.check_vlan_clash()
    rows = sorted(planner.rows, key=lambda r: (r.switch, r.number, r.kind.value))
    return PortPlan(rows=rows, issues=planner.issues)
