"""Shared test fixtures: the repository paths, example designs and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESIGNS = ROOT / "designs"
EXAMPLES = sorted(p for p in DESIGNS.glob("*.yaml"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite golden files from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def check_golden(path: Path, actual: str | bytes, update: bool) -> None:
    """Compare ``actual`` with the golden file; on mismatch write ``<file>.actual`` beside it."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    actual_path = path.with_name(path.name + ".actual")
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        actual_path.unlink(missing_ok=True)
        if not update:
            pytest.fail(f"golden file {path} did not exist; it was written now — review and commit it")
        return
    if path.read_bytes() != data:
        actual_path.write_bytes(data)
        pytest.fail(f"{path.relative_to(ROOT)} differs from the output (see {actual_path.name}); "
                    "run pytest --update-golden if the change is intended")
    actual_path.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _no_build_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests build from scratch: a cache entry from an earlier run would hide what a test patched in. The
    cache's own tests (tests/site/test_cache.py) turn it on in a folder of their own."""
    monkeypatch.setenv("STACKPLAN_CACHE", "off")


# With pytest-xdist (`scripts/test.sh` runs `-n 2 --dist loadgroup` on two cores or more), the tests of a
# folder that shares one expensive session fixture (the built site) or the machine's network namespaces and
# Open vSwitch (the lab) run on one worker: the site is built once, and lab timings are not halved by a
# second lab running beside them.
_ONE_WORKER = {"site": "site", "lab": "lab"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = item.path.relative_to(ROOT).parts if item.path.is_relative_to(ROOT) else ()
        if len(parts) > 1 and parts[0] == "tests" and parts[1] in _ONE_WORKER:
            item.add_marker(pytest.mark.xdist_group(_ONE_WORKER[parts[1]]))
