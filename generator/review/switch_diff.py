"""The switch configuration lines a design change adds and removes, per switch, in its platform's syntax.

Both versions of a switch's configuration are rendered by the switch configuration templates
(``outputs/switch_configs.configs``), so the change speaks exactly the lines a fresh build would.
Cisco NX-OS, IOS-XE and Arista EOS configurations are read as stanzas (a line, then its indented
lines): a new stanza is given whole, a changed one as its header with the lines to add and the
``no`` form of the lines to remove (a line replaced by one of the same setting, such as
``switchport trunk allowed vlan``, needs no ``no``), a removed physical interface goes back to its
defaults (``default interface``), any other removed stanza gets ``no``. VLANs are compared as sets
of ids: only ids no longer used get ``no vlan``. Junos ``set`` lines removed become ``delete``.
Comment lines (the header names the design file) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..outputs.switch_configs import ConfigSection
from ..templating import vlan_expand, vlan_list


@dataclass(frozen=True)
class SwitchChange:
    switch: str
    platform: str  # the platform's title
    comment: str  # its comment character
    add: tuple[str, ...]  # lines to enter, in order (stanza headers included)
    remove: tuple[str, ...]  # lines that take the old configuration away, in order, after ``add``

    @property
    def add_text(self) -> str:
        return "\n".join(self.add)

    @property
    def remove_text(self) -> str:
        return "\n".join(self.remove)


_VLAN_HEADER = re.compile(r"^vlan (\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*)$")
_LOGICAL = re.compile(r"^interface (?:port-channel|Port-[Cc]hannel|Vlan|vlan|Loopback|loopback|mgmt|Management)")


def _stanzas(text: str, comment: str) -> dict[str, list[str]]:
    """Header line → its indented lines, in the order of the file."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.strip() == "!" or line.lstrip().startswith(comment):
            if not line.startswith(" "):
                current = None
            continue
        if line.startswith(" ") and current is not None:
            current.append(line)
        else:
            current = out.setdefault(line, [])
    return out


def _negate(line: str) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    return indent + (body[3:] if body.startswith("no ") else "no " + body)


def _supersedes(new: str, old: str) -> bool:
    """Whether entering ``new`` replaces ``old`` (the same setting with another value)."""
    a, b = new.split(), old.split()
    if a[:1] == b[:1] and a[:1] in (["description"], ["name"]):
        return True
    return len(a) == len(b) and len(a) > 1 and a[:-1] == b[:-1]


def _stanza_change(old: dict[str, list[str]], new: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    add: list[str] = []
    remove: list[str] = []
    old_vlans = {v for h in old if (m := _VLAN_HEADER.match(h)) for v in vlan_expand(m[1])}
    new_vlans = {v for h in new if (m := _VLAN_HEADER.match(h)) for v in vlan_expand(m[1])}
    for header, lines in new.items():
        if header not in old:
            add += [header, *lines]
            continue
        before = old[header]
        added = [x for x in lines if x not in before]
        gone = [x for x in before if x not in lines and not any(_supersedes(n, x) for n in added)]
        if added:
            add += [header, *added]
        if gone:
            remove += [header, *(_negate(x) for x in gone)]
    for header in reversed(old):
        if header in new or _VLAN_HEADER.match(header):
            continue
        if header.startswith("interface ") and not _LOGICAL.match(header):
            remove.append(f"default {header}")
        else:
            remove.append(_negate(header))
    if old_vlans - new_vlans:
        remove.append(f"no vlan {vlan_list(old_vlans - new_vlans)}")
    return add, remove


def _set_change(old_text: str, new_text: str, comment: str) -> tuple[list[str], list[str]]:
    def lines(text: str) -> list[str]:
        return [x for x in text.splitlines() if x.strip() and not x.lstrip().startswith(comment)]
    old, new = lines(old_text), lines(new_text)
    add = [x for x in new if x not in old]
    remove = ["delete" + x[len("set"):] if x.startswith("set ") else f"{comment} remove: {x}"
              for x in reversed(old) if x not in new]
    return add, remove


def switch_changes(old: list[ConfigSection], new: list[ConfigSection]) -> list[SwitchChange]:
    """Per switch of either version (by name), the lines to add and to remove; unchanged switches left out."""
    before = {s.config.name: s for s in old}
    after = {s.config.name: s for s in new}
    out: list[SwitchChange] = []
    for name in sorted(before.keys() | after.keys()):
        a, b = before.get(name), after.get(name)
        section = b or a
        assert section is not None
        platform = section.config.platform
        comment = platform.comment
        old_text = a.text if a else ""
        new_text = b.text if b else ""
        if platform.key == "juniper_junos":
            add, remove = _set_change(old_text, new_text, comment)
        else:
            add, remove = _stanza_change(_stanzas(old_text, comment), _stanzas(new_text, comment))
        if add or remove:
            out.append(SwitchChange(name, platform.title, comment, tuple(add), tuple(remove)))
    return out
