"""Draw the custom diagram icons the `diagrams` package lacks (developer tool, not run by builds).

Writes SVG sources to ``generator/diagrams/icons/src/`` and rasterises each to a 256×256 PNG
in ``generator/diagrams/icons/`` with headless Chromium (Graphviz here cannot place SVG images,
so nodes need PNGs). The PNGs are committed; builds only read them. Re-run after changing a
drawing:

    .venv/bin/python tools/diagram_icons.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "generator" / "diagrams" / "icons"
INK = "#2D3436"
FONT = "DejaVu Sans, Liberation Sans, sans-serif"


def _svg(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n'
        f"{body}\n</svg>\n"
    )


def _badge(text: str, colour: str, y: int, size: int = 34) -> str:
    return (
        f'<rect x="16" y="{y}" width="224" height="{size + 22}" rx="12" fill="{colour}"/>'
        f'<text x="128" y="{y + size + 4}" text-anchor="middle" font-family="{FONT}" '
        f'font-weight="bold" font-size="{size}" fill="#ffffff">{text}</text>'
    )


def _chassis(top: int, units: int) -> str:
    """Rack server units, drawn like the package's server icon: dark plates with drive bays."""
    parts = []
    for unit in range(units):
        y = top + unit * 52
        parts.append(f'<rect x="24" y="{y}" width="208" height="44" rx="8" fill="{INK}"/>')
        parts.extend(
            f'<rect x="{40 + bay * 26}" y="{y + 14}" width="16" height="16" rx="2" fill="#ffffff"/>'
            for bay in range(4)
        )
        parts.append(f'<circle cx="208" cy="{y + 22}" r="7" fill="#7ED957"/>')
    return "".join(parts)


def host(text: str, colour: str, size: int = 40) -> str:
    return _svg(_chassis(24, 3) + _badge(text, colour, 180, size))


def storage(text: str, colour: str, size: int = 40) -> str:
    trays = []
    for tray in range(3):
        y = 22 + tray * 50
        trays.append(
            f'<path d="M36 {y + 10} q0 -10 10 -10 h164 q10 0 10 10 v30 q0 10 -10 10 h-164 q-10 0 -10 -10 z" '
            f'fill="{INK}"/>'
            f'<rect x="52" y="{y + 20}" width="120" height="10" rx="5" fill="#ffffff"/>'
            f'<circle cx="198" cy="{y + 25}" r="7" fill="#ffffff"/>'
        )
    return _svg("".join(trays) + _badge(text, colour, 180, size))


def management_server() -> str:
    cloud = (
        '<path d="M150 100 a34 34 0 0 1 64 -14 a26 26 0 0 1 30 30 a22 22 0 0 1 -8 42 h-80 '
        'a28 28 0 0 1 -6 -58 z" fill="#2A9FD6" stroke="#ffffff" stroke-width="6"/>'
    )
    return _svg(_chassis(24, 3) + cloud + _badge("CloudStack", "#2A9FD6", 180, 32))


def load_balancer() -> str:
    arrows = (
        f'<circle cx="128" cy="96" r="76" fill="{INK}"/>'
        '<path d="M64 96 h44" stroke="#ffffff" stroke-width="14" stroke-linecap="round"/>'
        '<path d="M108 96 L170 50 M108 96 H176 M108 96 L170 142" stroke="#ffffff" stroke-width="12" '
        'stroke-linecap="round" fill="none"/>'
        '<path d="M160 38 l22 6 l-12 20 z M166 84 l20 12 l-20 12 z M158 138 l24 -2 l-8 22 z" fill="#ffffff"/>'
    )
    return _svg(arrows + _badge("LB", "#6C5CE7", 184, 38))


DRAWINGS: dict[str, str] = {
    "cloudstack-management": management_server(),
    "load-balancer": load_balancer(),
    "host-kvm": host("KVM", "#E17B2E"),
    "host-xenserver": host("XenServer", "#B8262B", 32),
    "host-vmware": host("VMware", "#607D8B", 36),
    "host-hyperv": host("Hyper-V", "#0078D4", 36),
    "host-lxc": host("LXC", "#DD4814"),
    "host-baremetal": host("bare metal", "#555555", 32),
    "storage-nfs": storage("NFS", "#00897B"),
    "storage-iscsi": storage("iSCSI", "#7B1FA2"),
    "storage-fc": storage("FC", "#795548"),
    "storage-smb": storage("SMB", "#1565C0"),
    "storage-s3": storage("S3", "#C62828"),
    "storage-ceph": storage("Ceph", "#EF5350"),
}


def rasterise(chromium: str, source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--default-background-color=00000000", f"--user-data-dir={profile}",
             f"--screenshot={target}", "--window-size=256,256", source.as_uri()],
            check=True, capture_output=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    (ICONS / "src").mkdir(parents=True, exist_ok=True)
    for name, svg in DRAWINGS.items():
        source = ICONS / "src" / f"{name}.svg"
        source.write_text(svg)
        rasterise(args.chromium, source, ICONS / f"{name}.png")
        print(f"{name}.png")


if __name__ == "__main__":
    main()
