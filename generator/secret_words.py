"""What is a secret: shared by the loader's hints, the SECRET-IN-DESIGN rule and every message.

A global setting is a secret when CloudStack says so (its settings data puts it in the category
``Secure``: CloudStack stores it encrypted), when CloudStack hides key material (category ``Hidden``
and a name ending in ``key`` or ``iv``, such as ``security.encryption.key``), or when its name says
password, secret, token or key. A secret's value is never shown, whatever its type.

A placeholder is exactly ``${NAME}`` (NAME in capitals, digits and ``_``): the form the runbook and
the zone script use for values the installer fills from the vault. Nothing else counts as one.
A setting named like a secret that CloudStack types Boolean or Integer (``log.hide.password``) is not
a secret, but its value is still never echoed in a message.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

SECRET_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "secret", "secretkey", "apikey", "accesskey",
                          "privatekey", "token", "credential", "credentials"})
SECRET_PAIRS = frozenset({("secret", "key"), ("private", "key"), ("api", "key"), ("access", "key")})
# Last words of Hidden settings that hold key material (security.encryption.iv, security.hash.key, …).
_HIDDEN_KEY_WORDS = frozenset({"key", "iv"})
PLACEHOLDER = re.compile(r"\$\{[A-Z_][A-Z0-9_]*\}")


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[._\-\s]+", name.lower()) if w]


def secret_name(name: str) -> bool:
    """A key that names a secret: its last word (or last two) say password, secret, key, token."""
    words = _words(name)
    if not words:
        return False
    return words[-1] in SECRET_WORDS or tuple(words[-2:]) in SECRET_PAIRS


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("generator.data").joinpath("cloudstack-settings.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)["settings"]
    return data


@cache
def secret_settings() -> frozenset[str]:
    """CloudStack global settings whose values are secrets, by CloudStack's own category."""
    found = set()
    for name, meta in _catalogue().items():
        category = meta.get("category")
        if category == "Secure" or (category == "Hidden" and _words(name)[-1:] and
                                    _words(name)[-1] in _HIDDEN_KEY_WORDS):
            found.add(name)
    return frozenset(found)


def secret_setting(name: str) -> bool:
    """A global setting whose value is a secret: by CloudStack's category, or by its name unless CloudStack
    types it as a flag or a number (``log.hide.password`` is a Boolean)."""
    if name in secret_settings():
        return True
    return secret_name(name) and _catalogue().get(name, {}).get("type", "String") == "String"


def placeholder(value: str) -> bool:
    """The value is exactly one ``${NAME}`` placeholder."""
    return PLACEHOLDER.fullmatch(value) is not None
