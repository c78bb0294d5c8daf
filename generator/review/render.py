"""A design change for people (Markdown, fit for a pull-request comment) and for tools (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..deployment import Deployment
from ..escape import markdown
from .diff import DIGESTS, SECTIONS, Change, DeploymentDiff, Section, compare

MAX_CHARS = 60_000  # a GitHub comment holds 65,536
FOLD_AFTER = 15  # items of a section shown before the rest goes into a <details> fold


def _md(text: str) -> str:
    """A design string as Markdown text (escape.markdown: no HTML, no Markdown syntax, one line)."""
    return str(markdown(text))


def _item(prefix: str, key: str) -> str:
    return f"- {prefix} {_md(key)}"


def _changed(c: Change) -> list[str]:
    parts = "; ".join(f"{_md(f)} changed" if f in DIGESTS else f"{_md(f)}: {_md(a) or '—'} → {_md(b) or '—'}"
                      for f, a, b in c.fields)
    return [f"- changed {_md(c.key)}" + (f": {parts}" if parts else "")]


def _section(section: Section) -> list[str]:
    lines = [_item("added", k) for k in section.added] + [_item("removed", k) for k in section.removed]
    for c in section.changed:
        lines += _changed(c)
    head = f"### {SECTIONS[section.name]} ({len(lines)})"
    if len(lines) <= FOLD_AFTER:
        return [head, "", *lines, ""]
    return [head, "", *lines[:FOLD_AFTER], "", f"<details><summary>{len(lines) - FOLD_AFTER} more</summary>", "",
            *lines[FOLD_AFTER:], "", "</details>", ""]


def render_markdown(diffs: list[DeploymentDiff]) -> str:
    """The changes, grouped by deployment; empty when nothing changed in meaning."""
    out: list[str] = []
    for d in diffs:
        if not d:
            continue
        out += [f"## {_md(d.title)} (`{_md(d.slug)}`): {d.status}", ""]
        before, after = d.capacity
        if before != after:
            out += ["| Capacity | Before | After |", "|---|---|---|"]
            out += [f"| {k} | {before.get(k, '—')} | {after.get(k, '—')} |" for k in sorted(set(before) | set(after))
                    if before.get(k) != after.get(k)]
            out.append("")
        for section in d.sections:
            if section:
                out += _section(section)
    if not out:
        return ""
    text = "\n".join(["# Design changes", "", *out])
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS - 200)
        text = text[:cut] + "\n\n… (cut to fit a comment: run `stackplan diff --format json` for all of it)"
        text += "\n</details>\n" if text.count("<details>") > text.count("</details>") else ""
    return text + "\n"


def changes(old: list[Deployment], new: list[Deployment], fmt: str = "md") -> str:
    """The change from one set of deployments to another, matched by slug."""
    a, b = {d.slug: d for d in old}, {d.slug: d for d in new}
    diffs = [compare(a.get(slug), b.get(slug)) for slug in sorted(set(a) | set(b))]
    return render_markdown(diffs) if fmt == "md" else render_json(diffs)


def render_json(diffs: list[DeploymentDiff]) -> str:
    data = [asdict(d) for d in diffs if d]
    return json.dumps(data, indent=2, sort_keys=True) + "\n" if data else ""
