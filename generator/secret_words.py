"""Names that say "this is a secret": shared by the loader's hints and the SECRET-IN-DESIGN rule."""

from __future__ import annotations

import re

SECRET_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "secret", "secretkey", "apikey", "accesskey",
                          "privatekey", "token", "credential", "credentials"})
SECRET_PAIRS = frozenset({("secret", "key"), ("private", "key"), ("api", "key"), ("access", "key")})


def secret_name(name: str) -> bool:
    """A key that names a secret: its last word (or last two) say password, secret, key, token."""
    words = [w for w in re.split(r"[._\-\s]+", name.lower()) if w]
    if not words:
        return False
    return words[-1] in SECRET_WORDS or tuple(words[-2:]) in SECRET_PAIRS
