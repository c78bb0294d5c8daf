"""Writing artefacts to disk: atomically per deployment, never over hand-written files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .artefacts import Artefact, UnsafePath, safe_path

MARKER = ".stackplan-generated"


class UnsafeOutput(Exception):
    """The target holds files stackplan did not write."""


def write_deployment(out: Path, slug: str, artefacts: list[Artefact]) -> Path:
    """Write ``artefacts`` under ``out/slug``; the old folder is replaced only once all is written."""
    for relative in (slug, *(artefact.path for artefact in artefacts)):
        safe_path(relative)  # refuse before anything is written
    if "/" in slug:
        raise UnsafePath(f"refusing to write {slug!r}: a deployment's folder name is one name")
    target = out / slug
    if target.exists() and not (target / MARKER).exists():
        raise UnsafeOutput(f"{target} exists and was not written by stackplan; refusing to replace it. "
                           "Choose another --out folder or remove it yourself.")
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=out))
    try:
        for artefact in artefacts:
            path = staging / artefact.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(artefact.data())
        (staging / MARKER).write_text("Written by stackplan build; replaced on every build.\n")
        if target.exists():
            old = out / f".{slug}.old"
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
