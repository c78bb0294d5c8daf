"""Make Graphviz SVG publishable: icons inlined, no path of the build machine left anywhere.

Graphviz writes ``<image xlink:href="/abs/path/icon.png" …>`` for every node with an icon
(diagrams#26): broken on any other machine, and invisible when the SVG is shown through an
``<img>`` tag, which loads no external files. Each distinct icon becomes one ``<symbol>`` in
``<defs>`` holding the PNG as a data URI, and every node ``<use>``s it, so a picture with a
hundred hosts carries the host icon once. Comments (they name the Graphviz version and repeat
ids) are dropped.
"""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Iterable, Mapping
from pathlib import Path

from markupsafe import escape as xml_escape

_IMAGE = re.compile(
    r'<image xlink:href="(?P<href>[^"]+)" width="(?P<w>[\d.]+)px" height="(?P<h>[\d.]+)px" '
    r'preserveAspectRatio="(?P<par>[^"]+)" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)"/>'
)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_HREF = re.compile(r'(?:xlink:)?href="([^"]*)"')
_DATA_URI = re.compile(r'"data:[^"]*"')


class LeakError(ValueError):
    """The SVG still refers to a file or names a folder of the build machine."""


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def inline_icons(svg: str, icons: Mapping[str, bytes]) -> str:
    """Replace every ``<image>`` that points at a file in ``icons`` (path → PNG bytes) with a ``<use>``."""
    keys: dict[str, str] = {}
    symbols: list[str] = []

    def replace(match: re.Match[str]) -> str:
        href = match["href"]
        if href not in icons:
            raise LeakError(f"the SVG refers to an image this renderer did not supply: {href}")
        if href not in keys:
            keys[href] = f"icon{len(keys) + 1}"
            data = icons[href]
            width, height = png_size(data)
            uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
            symbols.append(
                f'<symbol id="{keys[href]}" viewBox="0 0 {width} {height}" preserveAspectRatio="{match["par"]}">'
                f'<image width="{width}" height="{height}" xlink:href="{uri}"/></symbol>'
            )
        return (f'<use xlink:href="#{keys[href]}" x="{match["x"]}" y="{match["y"]}" '
                f'width="{match["w"]}" height="{match["h"]}"/>')

    body = _IMAGE.sub(replace, _COMMENT.sub("", svg))
    if not symbols:
        return body
    defs = "<defs>\n" + "\n".join(symbols) + "\n</defs>\n"
    start = body.index("<svg ")
    open_end = body.index(">", start) + 1
    return body[:open_end] + "\n" + defs + body[open_end:].lstrip("\n")


_LABEL_TEXT = re.compile(r"(<(text|title)\b[^>]*>)[^<]*(</\2>)")


def check_self_contained(svg: str, forbidden: Iterable[str], links: Iterable[str] = ()) -> None:
    """Raise LeakError if the SVG links anything but itself, data or one of ``links`` (the pages its nodes
    link to, as Graphviz writes them: XML-escaped), or names a forbidden folder."""
    allowed = {str(xml_escape(link)) for link in links}
    for href in _HREF.findall(svg):
        if not href.startswith(("#", "data:")) and href not in allowed:
            raise LeakError(f"the SVG links to an outside file: {href[:120]}")
    readable = without_data(svg)  # base64 may spell '/tmp' by chance
    # The labels are the design's words: a storage path may well be /tmp/… or /root/…, so the
    # temporary and home folders are looked for outside them (this machine's other folders anywhere).
    unlabelled = _LABEL_TEXT.sub(r"\1\3", readable)
    generic = _generic_folders()
    for text in forbidden:
        if text and text in (unlabelled if text in generic else readable):
            raise LeakError(f"the SVG names a folder of the build machine: {text}")


def _generic_folders() -> set[str]:
    import tempfile

    return {tempfile.gettempdir(), str(Path.home())}


def without_data(svg: str) -> str:
    """The SVG with every data URI emptied: the text a person or a leak check should read."""
    return _DATA_URI.sub('""', svg)


def machine_paths(roots: Iterable[Path]) -> list[str]:
    """Folder names that would betray the build machine if they reached an output."""
    import sys
    import tempfile

    names = {str(r) for r in roots} | {sys.prefix, sys.base_prefix, tempfile.gettempdir(), str(Path.home())}
    return sorted(n for n in names if n not in ("", "/"))
