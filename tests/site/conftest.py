"""Fixtures shared by the site tests: the site built once per session, and a loopback web server."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

MKDOCS = [sys.executable, "-m", "mkdocs"]
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strict once per test session from designs/ into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    before = snapshot(ROOT / "docs")
    result = subprocess.run([*MKDOCS, "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, text=True, env=MKDOCS_ENV, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert snapshot(ROOT / "docs") == before, "the build wrote into docs/"
    return out


def mini_site(folder: Path, design_text: str, name: str = "evil") -> Path:
    """A site of its own in ``folder`` with one design (designs/<name>.yaml); returns its mkdocs.yml."""
    (folder / "designs").mkdir()
    (folder / "docs").mkdir()
    (folder / "designs" / f"{name}.yaml").write_text(design_text)
    config = (ROOT / "mkdocs.yml").read_text()
    config = config.replace("  - generator/site/mkdocs_hook.py", f"  - {ROOT / 'generator/site/mkdocs_hook.py'}")
    config = config.replace("  - templates\n  - generator\n", "")
    (folder / "mkdocs.yml").write_text(config)
    return folder / "mkdocs.yml"


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of tests/split/three-halls.yaml (216 hosts: its long pages split per pod or rack), built
    strict once per test session: a link that leads nowhere fails the build."""
    folder = tmp_path_factory.mktemp("split-site")
    design = (ROOT / "tests" / "split" / "three-halls.yaml").read_text()
    config = mini_site(folder, design, "three-halls")
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets")  # the site's CSS and scripts (print, tables)
    result = subprocess.run([*MKDOCS, "build", "--strict", "-q", "-f", str(config), "-d", str(folder / "site")],
                            capture_output=True, text=True, env=MKDOCS_ENV, cwd=folder, check=False)
    assert result.returncode == 0, result.stderr
    return folder / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean: no access log."""


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (a free port), for as long as the session runs."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
