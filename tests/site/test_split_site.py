"""The site of a design whose long pages are split (tests/split/three-halls.yaml), as MkDocs builds it.

The build is strict, so every Markdown link of the part pages and the device pages resolves; here: the
parts are pages of the site outside the navigation, reached from their index and leading back to it, and
every link a diagram or rack elevation holds opens a device page of the site.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

DEPLOYMENT = Path("deployments") / "three-halls"


def test_parts_are_pages_reached_from_their_index(split_site: Path) -> None:
    folder = split_site / DEPLOYMENT
    for index, parts in (("ports.html", "ports"), ("cables.html", "cables"), ("host-configs.html", "host-configs")):
        pages = sorted(p.relative_to(folder).as_posix() for p in (folder / parts).glob("*.html"))
        assert len(pages) >= 3, parts
        html = (folder / index).read_text(encoding="utf-8")
        for page in pages:
            assert f'href="{page}"' in html, f"{index} links {page}"
            part = (folder / page).read_text(encoding="utf-8")
            assert f'href="../{index}"' in part, f"{page} leads back to {index}"
            # outside the navigation: no page lists the part in its sidebar
            assert f'href="{page}" class="md-nav__link' not in html


def test_every_link_of_a_picture_opens_a_device_page(split_site: Path) -> None:
    folder = split_site / DEPLOYMENT
    pictures = [*(folder / "diagrams").glob("*.svg"), *(folder / "racks").glob("*.svg")]
    links = 0
    for svg in pictures:
        for href in re.findall(r'<a (?:xlink:)?href="([^"]+)"', svg.read_text(encoding="utf-8")):
            target = (svg.parent / unquote(href)).resolve()
            assert target.is_file() and target.parent.name == "devices", f"{svg.name}: {href}"
            links += 1
    assert links >= 216 + 8, "every racked device and every switch of the topology links"
