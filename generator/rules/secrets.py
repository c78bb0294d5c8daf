"""No secret in a design: passwords and keys come from the installer's vault, never from the file.

The model has no password fields; this rule catches secrets smuggled in anyway: a global setting
named like a password with a value, ``password=…`` or ``user:pass@`` inside a URL, path or
description. It runs with the reference checks so a leaked secret is reported even when other
parts of the design are still broken.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from ..secret_words import secret_name
from .catalogue import ERROR, Phase, rule
from .context import Context, Issue

_ASSIGNMENT = re.compile(
    r"(?i)\b(password|passwd|pwd|passphrase|secret|secret[_-]?key|api[_-]?key|access[_-]?key|token)\s*[=:]\s*"
    r"([^\s&;,'\"]+)")
_USERINFO = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@")


def _placeholder(value: str) -> bool:
    return value.startswith(("$", "<", "{", "%")) or set(value) <= {"*", "x", "X"}


def secret_in_text(text: str) -> str | None:
    """What looks like a secret written into a string (a password=… pair or a URL password)."""
    for match in _ASSIGNMENT.finditer(text):
        if not _placeholder(match.group(2)):
            return f"'{match.group(1)}=…'"
    for match in _USERINFO.finditer(text):
        if not _placeholder(match.group(1)):
            return "a password in a URL (user:password@host)"
    return None


def _walk(obj: object) -> Iterator[tuple[object, str | int, object]]:
    """(container, key, value) for every field, list item and mapping entry under ``obj``."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            yield obj, name, value
            yield from _walk(value)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield obj, i, item
            yield from _walk(item)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield obj, str(key), value
            yield from _walk(value)


@rule("SECRET-IN-DESIGN", ERROR, "No passwords or keys in the design",
      "Designs are reviewed in pull requests and published as a site; host, database, API and storage "
      "credentials belong in the installer's vault. Runbooks and scripts read them from environment variables.",
      Phase.references)
def secrets_in_design(ctx: Context) -> Iterator[Issue]:
    fix = ("remove it and keep it in your vault; the runbook and the zone script read secrets from environment "
           "variables")
    for container, key, value in _walk(ctx.design):
        if isinstance(container, dict) and isinstance(key, str) and secret_name(key) \
                and isinstance(value, str) and value and not _placeholder(value):
            yield Issue(container, key, f"'{key}' holds a secret in clear text", fix)
            continue
        if isinstance(value, str):
            found = secret_in_text(value)
            if found is not None:
                yield Issue(container, key, f"{found} in clear text", fix)
