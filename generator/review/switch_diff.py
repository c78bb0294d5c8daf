"""The switch configuration lines a design change adds and removes, per switch, in its platform's syntax.

Both versions of a switch's configuration are rendered by the switch configuration templates
(``outputs/switch_configs.configs``), so the change speaks exactly the lines a fresh build would.
Cisco NX-OS, IOS-XE and Arista EOS configurations are read as stanzas (a line, then its indented
lines): a new stanza is given whole, a changed one as its header with the lines to add and the
``no`` form of the lines to remove (a line replaced by one of the same setting, such as
``switchport trunk allowed vlan``, needs no ``no``), a removed physical interface goes back to its
defaults (``default interface``), any other removed stanza gets ``no``. VLANs are compared as sets
of ids: only ids no longer used get ``no vlan``. Junos ``set`` lines removed become ``delete``: a
list of VLAN members gains and loses only the members that differ (``set`` adds to a list), an
interface, VLAN or edge port that is gone is deleted whole, and a statement of one value is
simply set again.
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


# Junos statements that hold one value: a new ``set`` replaces it, and ``delete`` names the statement alone.
_JUNOS_LEAVES = frozenset({
    "802.3ad", "admin-key", "bridge-priority", "chassis-id", "configuration-name", "description", "device-count",
    "host-name", "interface-mode", "l3-interface", "local-ip-addr", "mc-ae-id", "minimum-interval", "mode", "mtu",
    "native-vlan-id", "redundancy-group", "revision-level", "service-id", "session-establishment-hold-time",
    "status-control", "system-id", "vlan-id"})
# Junos statements that hold a list (``set`` adds members, ``delete`` takes the members named away).
_JUNOS_LISTS = frozenset({"members", "vlan-id-list", "redundancy-group-id-list"})
# What ``delete`` can take away whole: an interface, a VLAN, a spanning-tree edge port.
_JUNOS_OBJECT = re.compile(r"^set ((?:interfaces|vlans) \S+|protocols \S+ interface \S+)(?: |$)")


def _junos_words(line: str) -> list[str]:
    """A ``set`` line's words; a double-quoted string (with its backslash escapes) is one word."""
    words: list[str] = []
    current, quoted, escaped = "", False, False
    for ch in line:
        if escaped:
            current, escaped = current + ch, False
        elif ch == "\\" and quoted:
            current, escaped = current + ch, True
        elif ch == '"':
            current, quoted = current + ch, not quoted
        elif ch == " " and not quoted:
            if current:
                words.append(current)
            current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return words


def _junos_list(words: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """A list statement's path and members (``... vlan members [ 1 220 ]`` or ``... vlan members 1``)."""
    if "[" in words and words[-1] == "]":
        i = words.index("[")
        return tuple(words[:i]), words[i + 1:-1]
    if len(words) > 2 and words[-2] in _JUNOS_LISTS:
        return tuple(words[:-1]), words[-1:]
    return None


def _junos_members(path: tuple[str, ...], members: list[str]) -> str:
    body = " ".join(path[1:])
    return f"{body} {members[0]}" if len(members) == 1 else f"{body} [ {' '.join(members)} ]"


def _set_change(old_text: str, new_text: str, comment: str) -> tuple[list[str], list[str]]:
    """Junos: the ``set`` lines to add and the ``delete`` lines that take the old configuration away.

    A list (VLAN members) gains only its new members and loses only the members no longer listed,
    since ``set`` adds to a list; a statement of one value is replaced by its new ``set`` (no delete);
    an interface, VLAN or edge port that is gone is deleted whole; any other line gone is deleted."""
    def lines(text: str) -> list[str]:
        return [x for x in text.splitlines() if x.strip() and not x.lstrip().startswith(comment)]
    old, new = lines(old_text), lines(new_text)
    old_words, new_words = [_junos_words(x) for x in old], [_junos_words(x) for x in new]

    def members(all_words: list[list[str]]) -> dict[tuple[str, ...], list[str]]:
        out: dict[tuple[str, ...], list[str]] = {}
        for words in all_words:
            found = _junos_list(words)
            if found:
                out.setdefault(found[0], []).extend(m for m in found[1] if m not in out.get(found[0], []))
        return out
    old_lists, new_lists = members(old_words), members(new_words)
    new_objects = {m[1] for x in new if (m := _JUNOS_OBJECT.match(x))}
    new_leaves = {tuple(w[:-1]) for w in new_words if len(w) > 2 and w[-2] in _JUNOS_LEAVES}

    add: list[str] = []
    done: set[tuple[str, ...]] = set()
    for line, words in zip(new, new_words, strict=True):
        found = _junos_list(words)
        if found is None:
            if line not in old:
                add.append(line)
        elif found[0] not in done:
            done.add(found[0])
            fresh = [m for m in new_lists[found[0]] if m not in old_lists.get(found[0], [])]
            if fresh:
                add.append(f"set {_junos_members(found[0], fresh)}")
    remove: list[str] = []
    done.clear()
    gone_objects: set[str] = set()
    for line, words in reversed(list(zip(old, old_words, strict=True))):
        obj = _JUNOS_OBJECT.match(line)
        if obj and obj[1] not in new_objects:
            if obj[1] not in gone_objects:
                gone_objects.add(obj[1])
                remove.append(f"delete {obj[1]}")
            continue
        found = _junos_list(words)
        if found is not None:
            if found[0] not in done:
                done.add(found[0])
                stale = [m for m in old_lists[found[0]] if m not in new_lists.get(found[0], [])]
                if stale:
                    remove.append(f"delete {_junos_members(found[0], stale)}")
            continue
        if line in new or not line.startswith("set "):
            if not line.startswith("set "):
                remove.append(f"{comment} remove: {line}")
            continue
        if len(words) > 2 and words[-2] in _JUNOS_LEAVES:
            if tuple(words[:-1]) not in new_leaves:  # a new value replaces it otherwise
                remove.append("delete " + " ".join(words[1:-1]))
            continue
        remove.append("delete" + line[len("set"):])
    # an object deleted whole takes its members with it: no line of it stays
    remove = [x for x in remove if not any(x != f"delete {o}" and x.startswith(f"delete {o} ") for o in gone_objects)]
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
