"""What the pipeline produces for one deployment: pages for the site and files to download."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath


class Kind(StrEnum):
    page = "page"  # Markdown, becomes a page of the site
    file = "file"  # any other file: CSV, config, script, image


@dataclass(frozen=True)
class Artefact:
    """One output file, relative to the deployment's folder (``<slug>/``)."""

    path: str
    content: str | bytes
    kind: Kind = Kind.file
    title: str = ""
    order: int = 100  # position among the deployment's pages in the navigation
    in_nav: bool = True  # a page listed in the navigation (device pages are reached from the Devices page)

    def data(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


# A page whose tables would hold more rows than this in all is split: one page per pod or rack (under a folder
# named after the page), and the page itself becomes their index. A page of a thousand rows is slow to open,
# sort and filter, and no one reads it from the top; the CSV download stays whole.
SPLIT_ROWS = 200


def part_path(folder: str, prefix: str, name: str) -> str:
    """The page of one part of a split page: ``<folder>/<prefix>-<name>.md`` (the prefix keeps a pod named
    like a site, or a rack named ``none``, from taking another part's file)."""
    return f"{folder}/{prefix}-{name}.md"


class OutputError(RuntimeError):
    """An output could not be produced for a reason outside the design (e.g. a missing tool)."""


class UnsafePath(OutputError):
    """An artefact path that would land outside its deployment's folder."""


_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_path(path: str) -> str:
    """``path`` itself when it is relative and stays inside the folder it is written under, else UnsafePath.

    Artefact paths come from validated names only; this is the defence behind that promise, for the
    writer and the site's zip: no absolute path, no '..', '.' or empty part, no backslash or control character.
    """
    parts = path.split("/")
    if (not path or PurePosixPath(path).is_absolute() or _UNSAFE_CHARACTERS.search(path)
            or any(part in ("", ".", "..") for part in parts)):
        raise UnsafePath(f"refusing to write {path!r}: an output path must stay inside its deployment's folder")
    return path
