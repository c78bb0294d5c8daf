"""No secret in a design: passwords and keys come from the installer's vault, never from the file.

The model has no password fields; this rule catches secrets smuggled in anyway: a global setting
CloudStack marks Secure or Hidden key material, or named like a password, with a value of any type
(a number is a password too); ``password=…``, ``api_key AKIA…``, a private key block or ``user:pass@``
inside a URL, path or description. Only an exact ``${NAME}`` placeholder is not a secret. It runs
with the reference checks so a leaked secret is reported even when other parts of the design are
still broken.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from ..secret_words import placeholder, secret_name, secret_setting
from .catalogue import ERROR, Phase, rule
from .context import Context, Issue

_ASSIGNMENT = re.compile(
    r"(?i)\b(password|passwd|pwd|passphrase|secret[_\s-]?key|api[_\s-]?key|access[_\s-]?key|secret|token)\s*[=:]\s*"
    r"([^\s&;,'\"]+)")
# "api_key AKIA…", "password hunter2": a secret word, then a word that looks like a credential (below)
_SPACED = re.compile(
    r"(?i)\b(password|passwd|passphrase|secret[_\s-]?key|api[_\s-]?key|access[_\s-]?key|token)\s+(?:is\s+)?"
    r"([^\s&;,'\"]+)")
_USERINFO = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@")
_KEY_BLOCK = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def _placeholder(value: str) -> bool:
    """An exact ``${NAME}`` (nothing else: ``$x``, ``<pw>``, ``{pw}`` or ``%pw%`` are taken as written)."""
    return placeholder(value)


def _credential_like(word: str) -> bool:
    """A word that reads like a password or key rather than prose: six characters or more, with a digit
    or a symbol among letters (``hunter2``, ``AKIA0123…``), and not a placeholder."""
    word = word.rstrip(".!?)")
    return (len(word) >= 6 and not _placeholder(word) and any(c.isalpha() for c in word)
            and any(c.isdigit() or not c.isalnum() for c in word))


def secret_in_text(text: str) -> str | None:
    """What looks like a secret written into a string (a password=… pair, a URL password, a key block)."""
    for match in _ASSIGNMENT.finditer(text):
        if not _placeholder(match.group(2)):
            return f"'{match.group(1)}=…'"
    for match in _SPACED.finditer(text):
        if _credential_like(match.group(2)):
            return f"'{match.group(1)} …' followed by what looks like a credential"
    for match in _USERINFO.finditer(text):
        if not _placeholder(match.group(1)):
            return "a password in a URL (user:password@host)"
    if _KEY_BLOCK.search(text):
        return "a private key"
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
    for name, setting in ctx.design.settings.items():
        if secret_setting(name) and setting != "" and not (isinstance(setting, str) and _placeholder(setting)):
            yield Issue(ctx.design.settings, name, f"'{name}' holds a secret in clear text", fix)
    for container, key, value in _walk(ctx.design):
        if container is ctx.design.settings:
            if secret_setting(str(key)):
                continue  # reported above, whatever the value's type
        elif isinstance(container, dict) and isinstance(key, str) and secret_name(key) \
                and value not in ("", None) and not isinstance(value, (dict, list, BaseModel)) \
                and not (isinstance(value, str) and _placeholder(value)):
            yield Issue(container, key, f"'{key}' holds a secret in clear text", fix)
            continue
        if isinstance(value, str):
            found = secret_in_text(value)
            if found is not None:
                yield Issue(container, key, f"{found} in clear text", fix)
