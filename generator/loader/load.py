"""Load one design file into the typed model, keeping where every value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, Severity
from ..model import Design
from .canonical import canonical
from .schema_errors import findings_from
from .yaml_source import Loc, Mark, SourceMap, read_yaml

MAX_FILE_BYTES = 5_000_000


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


def load_text(text: str, path: str) -> LoadedDesign:
    slug = slug_of(Path(path))
    data, source, findings = read_yaml(text, path)
    loaded = LoadedDesign(path, slug, source, None, findings)
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
    _index(design, (), loaded._locs)
    loaded._as_written = design
    loaded.design = canonical(design, loaded._locs, loaded._perms)
    return loaded


def load_design(path: Path, display: str | None = None) -> LoadedDesign:
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        loaded = LoadedDesign(name, slug_of(path), SourceMap(name), None)
        loaded.findings.append(Finding(name, 1, 1, Severity.error, "FILE-READ",
                                       f"cannot read the file: {exc.strerror}", "check the path"))
        return loaded
    if len(raw) > MAX_FILE_BYTES:
        loaded = LoadedDesign(name, slug_of(path), SourceMap(name), None)
        loaded.findings.append(Finding(name, 1, 1, Severity.error, "FILE-SIZE",
                                       f"the file is {len(raw)} bytes; designs are limited to {MAX_FILE_BYTES}",
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
