"""Which design fields each rule reads, found by running the rules with every model read recorded.

    .venv/bin/python tools/rule_reads.py            # prints the table of generator/rules/reads.py
    .venv/bin/python tools/rule_reads.py --write    # rewrites generator/rules/reads.py

The rules run over every design the project has (designs/, tests/errors/ and the other test
folders): while a rule's check runs, each read of a model field (``zone.pods``, ``pool.protocol``)
is recorded as ``Class.field``. A field no design makes a rule read is not found: declare it in the
table by hand (the table is kept as declared; the test only asks that it covers what is read).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.inventory import expand  # noqa: E402
from generator.loader import load_design  # noqa: E402
from generator.model.base import StrictModel  # noqa: E402
from generator.rules.catalogue import Phase, rules_in  # noqa: E402
from generator.rules.context import Context  # noqa: E402

TABLE = ROOT / "generator" / "rules" / "reads.py"
FOLDERS = ("designs", "tests")


def design_files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.yaml")
                  if "golden" not in p.parts and "artifacts" not in p.parts)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Every model field read while the block runs, as 'Class.field'."""
    seen: set[str] = set()
    original = StrictModel.__getattribute__

    def record(self: Any, name: str) -> Any:
        cls = type(self)
        if not name.startswith("_") and name in cls.model_fields:
            seen.add(f"{cls.__name__}.{name}")
        return original(self, name)

    StrictModel.__getattribute__ = record  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        StrictModel.__getattribute__ = original  # type: ignore[method-assign]


def trace(paths: Iterable[Path]) -> dict[str, set[str]]:
    """rule id → the fields its check read on these designs (each rule on its own, phase by phase)."""
    found: dict[str, set[str]] = {r.id: set() for phase in Phase for r in rules_in(phase)}
    for path in paths:
        try:
            loaded = load_design(path, str(path))
        except Exception:  # a design the loader refuses reads nothing
            continue
        if loaded.design is None:
            continue
        try:
            ctx = Context(loaded, loaded.design, expand(loaded.design))
        except Exception:  # a design that does not expand reads nothing
            continue
        for phase in (Phase.references, Phase.design):
            for rule in rules_in(phase):
                with recording() as seen:
                    try:
                        for _ in rule.check(ctx):
                            pass
                    except Exception:  # a later-phase rule on a design with reference errors
                        pass
                found[rule.id] |= seen
    return found


def table(found: dict[str, set[str]]) -> str:
    lines = ['"""The design fields each rule reads (Class.field of generator/model/): the Guide\'s field reference',
             "lists, for every field, the rules that read it. Kept up to date by tools/rule_reads.py, which",
             'finds them by running every rule over every design; tests/rules/test_reads.py checks it."""',
             "", "from __future__ import annotations", "", "READS: dict[str, tuple[str, ...]] = {"]
    for rule_id in sorted(found):
        fields = sorted(found[rule_id])
        if not fields:
            lines.append(f'    "{rule_id}": (),')
            continue
        lines.append(f'    "{rule_id}": (')
        row = "       "
        for field in fields:
            item = f' "{field}",'
            if len(row) + len(item) > 116:
                lines.append(row)
                row = "       "
            row += item
        lines.append(row)
        lines.append("    ),")
    lines += ["}", ""]
    return "\n".join(lines)


def main() -> None:
    text = table(trace(design_files()))
    if "--write" in sys.argv[1:]:
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
