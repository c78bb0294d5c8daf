"""Small text helpers the phases share."""

from __future__ import annotations

from collections.abc import Sequence

from ..escape import shell, shell_words
from ..inventory import Host


def span(hosts: Sequence[Host]) -> str:
    """``kvm01 … kvm16, 16 hosts``, or the one name."""
    if not hosts:
        return "no hosts"
    if len(hosts) == 1:
        return hosts[0].name
    return f"{hosts[0].name} … {hosts[-1].name}, {len(hosts)} hosts"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def gb(size_bytes: int) -> str:
    return f"{size_bytes / 10**12:g} TB" if size_bytes >= 10**12 else f"{size_bytes / 10**9:g} GB"


def tcp_allow(family: str, rules: Sequence[tuple[str | None, str]]) -> str:
    """Firewall commands admitting TCP ``ports`` ("8250", "22,1798", "5900:6100") from ``source``
    (a CIDR, or None for anywhere), for ufw (Ubuntu) or firewalld (EL); rules apply at once."""
    lines = []
    for source, ports in rules:
        if family == "ubuntu":
            origin = f"from {shell(source)} " if source else ""
            lines.append(f"ufw allow proto tcp {origin}to any port {ports}")
            continue
        for spec in ports.split(","):
            port = spec.replace(":", "-")
            if source:
                lines.append(f"firewall-cmd --permanent --add-rich-rule='rule family=ipv4 source address={source} "
                             f"port port={port} protocol=tcp accept'")
            else:
                lines.append(f"firewall-cmd --permanent --add-port={port}/tcp")
    if family != "ubuntu":
        lines.append("firewall-cmd --reload")
    return "\n".join(lines)


def reach(ports: Sequence[int], targets: Sequence[str]) -> str:
    """Knock on every port of every target, as a firewall check from where the traffic comes."""
    host = shell(targets[0]) if len(targets) == 1 else '"$h"'
    port = str(ports[0]) if len(ports) == 1 else '"$p"'
    text = f"nc -zv -w3 {host} {port}"
    if len(ports) > 1:
        text = f"for p in {shell_words(ports)}; do {text}; done"
    if len(targets) > 1:
        text = f"for h in {shell_words(targets)}; do {text}; done"
    return text


REACHED = ("for every address and port 'succeeded', or 'Connection refused' where nothing listens yet; "
           "never a time-out (a time-out means a firewall drops the traffic)")
