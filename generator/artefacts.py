"""What the pipeline produces for one deployment: pages for the site and files to download."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

    def data(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


class OutputError(RuntimeError):
    """An output could not be produced for a reason outside the design (e.g. a missing tool)."""
