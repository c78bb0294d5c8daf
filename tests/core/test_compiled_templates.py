"""Compiled templates kept in the build cache's folder (templating.keep_compiled): the same outputs as
templates compiled anew, entries written once, and a folder that cannot be written fails nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import pipeline, templating
from generator.outputs import produce  # noqa: F401 - the outputs the pipeline renders
from tests.conftest import DESIGNS


@pytest.fixture(autouse=True)
def _memory_only_after() -> Iterator[None]:
    yield
    templating.keep_compiled(None)
    templating.environment.cache_clear()


def _outputs() -> dict[str, str]:
    deployment = pipeline.run(DESIGNS / "small-scale.yaml", "designs/small-scale.yaml")
    return {a.path: a.content if isinstance(a.content, str) else repr(a.content)
            for a in pipeline.artefacts(deployment)}


def test_outputs_from_kept_templates_are_the_outputs_compiled_anew(tmp_path: Path) -> None:
    templating.environment.cache_clear()
    fresh = _outputs()
    templating.environment.cache_clear()
    templating.keep_compiled(tmp_path / "templates")
    first = _outputs()
    entries = sorted(p.name for p in (tmp_path / "templates").iterdir())
    assert len(entries) >= 10 and not any(name.endswith(".tmp") for name in entries)
    templating.environment.cache_clear()  # a new process: the environments are made again, the cache read
    templating.keep_compiled(None)
    templating.keep_compiled(tmp_path / "templates")
    assert first == fresh == _outputs()
    assert sorted(p.name for p in (tmp_path / "templates").iterdir()) == entries


def test_a_folder_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    templating.environment.cache_clear()
    fresh = _outputs()
    templating.environment.cache_clear()
    templating.keep_compiled(blocked / "templates")
    assert _outputs() == fresh


def test_a_cut_short_entry_is_compiled_anew(tmp_path: Path) -> None:
    templating.environment.cache_clear()
    fresh = _outputs()
    templating.environment.cache_clear()
    templating.keep_compiled(tmp_path / "templates")
    _outputs()
    for entry in (tmp_path / "templates").iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    templating.environment.cache_clear()
    templating.keep_compiled(None)
    templating.keep_compiled(tmp_path / "templates")
    assert _outputs() == fresh
