"""The sources rule facts cite, so reports can name them in words a reader recognises.

Rule facts refer to sources briefly ("seed 002", "field mistake #11"); ``cite`` expands those
references into the document's title, or the Apache CloudStack issues where the mistake was seen.
"""

from __future__ import annotations

import re

SEEDS: dict[str, str] = {
    "000": "“CloudStack Primary Storage” (ShapeBlue: separating primary-storage traffic from management)",
    "001": "“CloudStack Primary Storage” (ShapeBlue: separating primary-storage traffic from management)",
    "002": "“A Beginner's Guide to CloudStack Networking” (ShapeBlue)",
    "003": "CloudStack documentation: deployment architectures, hypervisor support tables and best practices",
    "004": "CloudStack notes on primary storage (local vs shared), physical networks and the hierarchy",
}

# Design mistakes operators made, with the apache/cloudstack issues or documents that show them.
FIELD_MISTAKES: dict[int, str] = {
    1: "#6823, #7185", 2: "#7171", 3: "#13509", 4: "#10163, #7244", 5: "the storage traffic documentation",
    6: "#4086", 7: "#10727, #9694", 8: "bridge-name length limits on KVM", 9: "#6641", 10: "#7364, #7930",
    11: "#7497", 12: "PR #9323", 13: "#8687", 14: "#12118", 15: "#4168", 16: "the KVM install guide",
    17: "#7185", 18: "#9530", 19: "#5741", 20: "#8390",
}

_SEED = re.compile(r"\b[Ss]eeds? (\d{3})(?:_\*)?")
_MISTAKE = re.compile(r"\b[Ff]ield mistakes? #(\d+)")


def _seed(match: re.Match[str]) -> str:
    return SEEDS.get(match.group(1), match.group(0))


def _mistake(match: re.Match[str]) -> str:
    refs = FIELD_MISTAKES.get(int(match.group(1)))
    if refs is None:
        return match.group(0)
    where = f"Apache CloudStack {refs}" if refs.startswith(("#", "PR")) else refs
    return f"a mistake operators made ({where})"


def cite(fact: str) -> str:
    """``fact`` with its short source references spelled out."""
    return _MISTAKE.sub(_mistake, _SEED.sub(_seed, fact))
