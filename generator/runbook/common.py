"""Small text helpers the phases share."""

from __future__ import annotations

from collections.abc import Sequence

from ..inventory import Host


def span(hosts: Sequence[Host]) -> str:
    """``kvm01 … kvm16, 16 hosts``, or the one name."""
    if not hosts:
        return "no hosts"
    if len(hosts) == 1:
        return hosts[0].name
    return f"{hosts[0].name} … {hosts[-1].name}, {len(hosts)} hosts"


def words(items: Sequence[str]) -> str:
    return " ".join(items)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def gb(size_bytes: int) -> str:
    return f"{size_bytes / 10**12:g} TB" if size_bytes >= 10**12 else f"{size_bytes / 10**9:g} GB"
