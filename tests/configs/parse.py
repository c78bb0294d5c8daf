"""Read rendered switch configurations back into ports, port-channels and VLANs.

NX-OS, IOS-XE and EOS go through ciscoconfparse2 (a real parser of the Cisco CLI family: it
builds the interface/child hierarchy from indentation); Junos ``set`` lines get a structural
check (every line a ``set`` statement under a known hierarchy, quotes and brackets balanced)
and are then read statement by statement.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from ciscoconfparse2 import CiscoConfParse

from generator.templating import vlan_expand


@dataclass
class Port:
    name: str
    mode: str = ""
    access_vlan: int | None = None
    native_vlan: int | None = None
    allowed: frozenset[int] = frozenset()
    channel_group: int | None = None
    svl_link: bool = False
    description: str = ""

    @property
    def has_switchport(self) -> bool:
        return bool(self.mode)


@dataclass
class Parsed:
    vlans: set[int] = field(default_factory=set)
    interfaces: dict[str, Port] = field(default_factory=dict)

    def effective(self, port: str, lag_name: str) -> Port:
        """A port's switchport settings: its own, or its port-channel's when it has none (EOS, Junos)."""
        own = self.interfaces[port]
        if own.has_switchport or own.channel_group is None:
            return own
        return self.interfaces[lag_name]


_SYNTAX = {"cisco_nxos": "nxos", "cisco_iosxe": "ios", "arista_eos": "ios"}


def parse_cisco(text: str, platform: str) -> Parsed:
    conf = CiscoConfParse(text.splitlines(), syntax=_SYNTAX[platform])
    parsed = Parsed()
    for vlan in conf.find_objects(r"^vlan\s+\S+"):
        parsed.vlans.update(vlan_expand(vlan.text.split()[1]))
    for obj in conf.find_objects(r"^interface\s+\S+"):
        port = Port(obj.text.split()[1])
        for child in obj.children:
            line = child.text.strip()
            words = line.split()
            if line.startswith("description "):
                port.description = line.removeprefix("description ")
            elif line.startswith("switchport mode "):
                port.mode = words[2]
            elif line.startswith("switchport access vlan "):
                port.access_vlan = int(words[3])
            elif line.startswith("switchport trunk native vlan "):
                port.native_vlan = int(words[4])
            elif line.startswith("switchport trunk allowed vlan "):
                port.allowed = frozenset(vlan_expand(words[4]))
            elif line.startswith("channel-group "):
                port.channel_group = int(words[1])
            elif line == "stackwise-virtual link 1":
                port.svl_link = True
        parsed.interfaces[port.name] = port
    return parsed


JUNOS_HIERARCHIES = ("system", "chassis", "vlans", "interfaces", "protocols", "multi-chassis", "switch-options",
                     "routing-options", "routing-instances")


def check_junos_structure(text: str) -> list[str]:
    """Problems that would stop ``load set terminal``: returns one message per bad line."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line != line.strip():
            problems.append(f"line {number}: leading or trailing blanks")
        if line.count('"') % 2:
            problems.append(f"line {number}: unbalanced quotes")
        try:
            words = shlex.split(line)
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if len(words) < 3 or words[0] != "set" or words[1] not in JUNOS_HIERARCHIES:
            problems.append(f"line {number}: not a set statement under a known hierarchy: {line}")
        if words.count("[") != words.count("]") or ("[" in words and words.index("[") > words.index("]")):
            problems.append(f"line {number}: unbalanced [ ] list")
        if "[" in words and words[-1] != "]":
            problems.append(f"line {number}: a [ ] list must end the statement")
    return problems


def _members(words: list[str]) -> frozenset[int]:
    items = words[1:-1] if words and words[0] == "[" else words
    return frozenset(v for item in items for v in vlan_expand(item))


def parse_junos(text: str) -> Parsed:
    parsed = Parsed()
    for line in text.splitlines():
        if not line.startswith("set "):
            continue
        words = shlex.split(line)[1:]
        if words[0] == "vlans" and len(words) == 4 and words[2] in ("vlan-id", "vlan-id-list"):
            parsed.vlans.update(vlan_expand(words[3]))
        if words[0] != "interfaces" or words[1] == "irb":
            continue
        port = parsed.interfaces.setdefault(words[1], Port(words[1]))
        rest = words[2:]
        if rest[:1] == ["description"]:
            port.description = rest[1]
        elif rest[:2] == ["ether-options", "802.3ad"]:
            port.channel_group = int(re.sub(r"^ae", "", rest[2]))
        elif rest[:1] == ["native-vlan-id"]:
            port.native_vlan = int(rest[1])
        elif rest[:5] == ["unit", "0", "family", "ethernet-switching", "interface-mode"]:
            port.mode = rest[5]
        elif rest[:6] == ["unit", "0", "family", "ethernet-switching", "vlan", "members"]:
            members = _members(rest[6:])
            if port.mode == "access":
                port.access_vlan = next(iter(members))
            else:
                port.allowed = members
    return parsed


def parse(text: str, platform: str) -> Parsed:
    return parse_junos(text) if platform == "juniper_junos" else parse_cisco(text, platform)
