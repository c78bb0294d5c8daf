"""The README's table of layers and the import contract in pyproject.toml say the same thing.

`lint-imports` (run by scripts/test.sh) enforces the contract; this keeps the table a reader
sees equal to it, row for row, in the same order.
"""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

TABLE_HEADER = "| Layer (top → bottom) | What it holds |"


def contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    assert layers["containers"] == ["generator"]
    assert layers["exhaustive"] is True  # every module of generator/ has its layer
    return [" | ".join(part.strip() for part in row.split("|")) for row in layers["layers"]]


def readme_layers() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(TABLE_HEADER) + 2  # past the header and its |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        first_cell = line.split("|")[1]
        rows.append(" | ".join(re.findall(r"`([^`]+)`", first_cell)))
    return rows


def test_readme_table_is_the_layers_contract() -> None:
    readme, contract = readme_layers(), contract_layers()
    assert len(contract) >= 10
    assert readme == contract


def test_every_package_and_module_of_generator_has_a_row() -> None:
    listed = {name for row in contract_layers() for name in row.split(" | ")}
    present = {p.stem for p in (ROOT / "generator").glob("*.py") if p.stem != "__init__"}
    present |= {p.parent.name for p in (ROOT / "generator").glob("*/__init__.py")}
    assert listed == present
