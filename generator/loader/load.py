"""Load one design file into the typed model, keeping where every value came from."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, Severity
from ..model import Design
from ..model.base import NAME_HINT, NAME_PATTERN
from .canonical import canonical
from .schema_errors import findings_from
from .yaml_source import Loc, Mark, SourceMap, read_yaml

MAX_FILE_BYTES = 5_000_000
# Hosts a design may expand to (the sum of every host entry's count, aliases included): twice the
# 25,000-host design of benchmarks/site_bench.py --big, which the whole site is built for (issue 18).
MAX_HOSTS = 50_000


@dataclass
class LoadedDesign:
    """A design file as read: the model (None when it did not validate) and where things are."""

    path: str
    slug: str
    source: SourceMap
    design: Design | None
    findings: list[Finding] = field(default_factory=list)
    _locs: dict[int, Loc] = field(default_factory=dict, repr=False)
    _perms: dict[int, list[int]] = field(default_factory=dict, repr=False)  # sorted list → items' places in the file
    _as_written: Design | None = field(default=None, repr=False)  # keeps the ids in _locs alive
    text: str = field(default="", repr=False)  # the file as read (published with the deployment's downloads)

    def loc_of(self, obj: object) -> Loc:
        return self._locs.get(id(obj), ())

    def where(self, obj: object, attr: str | int | None = None) -> Mark:
        """Line and column of a model object (or one of its fields) in the file."""
        loc = self.loc_of(obj)
        if isinstance(attr, int) and id(obj) in self._perms:
            attr = self._perms[id(obj)][attr]  # the item's place in the file, not in the sorted list
        if attr is None:
            return self.source.key(loc) if loc else Mark(1, 1)
        return self.source.value((*loc, attr))


def _index(obj: Any, loc: Loc, out: dict[int, Loc]) -> None:
    if isinstance(obj, BaseModel):
        out.setdefault(id(obj), loc)
        for name in type(obj).model_fields:
            _index(getattr(obj, name), (*loc, name), out)
    elif isinstance(obj, list):
        out.setdefault(id(obj), loc)
        for i, item in enumerate(obj):
            _index(item, (*loc, i), out)
    elif isinstance(obj, dict):
        out.setdefault(id(obj), loc)
        for key, value in obj.items():
            _index(value, (*loc, key), out)


def slug_of(path: Path) -> str:
    return path.stem.lower().replace("_", "-").replace(" ", "-")


def _slug_problem(slug: str, path: str) -> Finding | None:
    """The slug names the deployment's folder and pages, so it follows the grammar of every name."""
    if re.fullmatch(NAME_PATTERN, slug) and len(slug) <= 63:
        return None
    return Finding(path, 1, 1, Severity.error, "DESIGN-FILE-NAME",
                   f"the file name gives the deployment the folder name {slug!r}, which is not a valid name",
                   f"rename the file to <name>.yaml, where <name> is {NAME_HINT}")


def _expansion_problem(loaded: LoadedDesign, design: Design) -> Finding | None:
    """Refuse a design that expands to more than MAX_HOSTS hosts (host counts multiplied by aliases)."""
    total = 0
    for r, region in enumerate(design.regions):
        for z, zone in enumerate(region.zones):
            for p, pod in enumerate(zone.pods):
                for c, cluster in enumerate(pod.clusters):
                    for h, entry in enumerate(cluster.hosts):
                        total += entry.count
                        if total <= MAX_HOSTS:
                            continue
                        mark = loaded.source.value(("regions", r, "zones", z, "pods", p, "clusters", c,
                                                    "hosts", h, "count"))
                        return Finding(loaded.path, mark.line, mark.column, Severity.error, "DESIGN-TOO-LARGE",
                                       f"the design expands to more than {MAX_HOSTS} hosts (the host counts, "
                                       "counted again for every alias of a zone, pod or cluster)",
                                       f"split it into designs of at most {MAX_HOSTS} hosts each, or lower the "
                                       "host counts")
    return None


def load_text(text: str, path: str) -> LoadedDesign:
    slug = slug_of(Path(path))
    data, source, findings = read_yaml(text, path)
    slug_problem = _slug_problem(slug, path)
    if slug_problem:
        findings.append(slug_problem)
    loaded = LoadedDesign(path, slug, source, None, findings, text=text)
    if data is None:
        return loaded
    if not isinstance(data, dict):
        loaded.findings.append(Finding(path, 1, 1, Severity.error, "SCHEMA-TYPE",
                                       "a design must be a mapping at the top level",
                                       "start with 'deployment:' as in the example designs"))
        return loaded
    try:
        design = Design.model_validate(data)
    except ValidationError as exc:
        loaded.findings.extend(findings_from(exc, source, Design))
        return loaded
    if findings:  # YAML-level problems (duplicate keys, tags) make the design untrustworthy
        return loaded
    too_large = _expansion_problem(loaded, design)
    if too_large:
        loaded.findings.append(too_large)
        return loaded
    _index(design, (), loaded._locs)
    loaded._as_written = design
    loaded.design = canonical(design, loaded._locs, loaded._perms)
    return loaded


class NotAFile(OSError):
    """The path is not a regular file (a folder, a named pipe, a device such as /dev/zero)."""


def read_capped(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path``.

    Checked before it is opened (opening a named pipe waits for a writer; a device never ends),
    opened without waiting, and checked again on the open file in case it was swapped meanwhile.
    """
    if not stat.S_ISREG(path.stat().st_mode):
        raise NotAFile(f"{path} is not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotAFile(f"{path} is not a regular file")
        return handle.read(limit + 1)


def load_design(path: Path, display: str | None = None) -> LoadedDesign:
    name = display or str(path)
    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except NotAFile:
        loaded = LoadedDesign(name, slug_of(path), SourceMap(name), None)
        loaded.findings.append(Finding(name, 1, 1, Severity.error, "FILE-READ",
                                       "not a regular file (a folder, a named pipe or a device)",
                                       "give the path of a design file (.yaml)"))
        return loaded
    except OSError as exc:
        loaded = LoadedDesign(name, slug_of(path), SourceMap(name), None)
        loaded.findings.append(Finding(name, 1, 1, Severity.error, "FILE-READ",
                                       f"cannot read the file: {exc.strerror}", "check the path"))
        return loaded
    if len(raw) > MAX_FILE_BYTES:
        loaded = LoadedDesign(name, slug_of(path), SourceMap(name), None)
        loaded.findings.append(Finding(name, 1, 1, Severity.error, "FILE-SIZE",
                                       f"the file is larger than {MAX_FILE_BYTES} bytes, the limit for a design",
                                       "use host counts and profiles instead of listing every host"))
        return loaded
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        loaded = LoadedDesign(name, slug_of(path), SourceMap(name), None)
        loaded.findings.append(Finding(name, 1, 1, Severity.error, "FILE-ENCODING",
                                       f"the file is not UTF-8 (byte {exc.start})", "save it as UTF-8"))
        return loaded
    return load_text(text, name)


def discover(paths: list[Path]) -> list[Path]:
    """Design files named by ``paths``: files as given, directories' *.yaml/*.yml sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            found.append(path)
    return found
