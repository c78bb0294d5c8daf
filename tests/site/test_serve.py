"""`mkdocs serve` rebuilds the generated pages when a design changes (the `watch:` list)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import DESIGNS, ROOT
from tests.site.conftest import MKDOCS, MKDOCS_ENV, mini_site

WAIT = 90.0  # seconds; a rebuild takes a few on a loaded 2-core machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, needle: str, deadline: float) -> str:
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if needle in last:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} did not appear at {url} within {WAIT:.0f}s")


def test_serve_reloads_when_a_design_changes(tmp_path: Path) -> None:
    design = (DESIGNS / "small-scale.yaml").read_text()
    config = mini_site(tmp_path, design)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([*MKDOCS, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=MKDOCS_ENV, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/deployments/evil/index.html"
        _wait_for(url, "Small-scale lab", time.monotonic() + WAIT)
        (tmp_path / "designs" / "evil.yaml").write_text(design.replace("name: Small-scale lab", "name: Renamed lab"))
        page = _wait_for(url, "Renamed lab", time.monotonic() + WAIT)
        assert "Small-scale lab" not in page
        assert not any((tmp_path / "docs").iterdir()), "serve wrote into docs/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_serve_makes_pages_on_every_core_and_shows_an_edit(tmp_path: Path) -> None:
    """With the page cache on, `mkdocs serve` (whose server runs threads) converts and themes the pages of a
    216-host design in forked children too, and a title edit shows on every page after the rebuild."""
    design = (ROOT / "tests" / "split" / "three-halls.yaml").read_text()
    config = mini_site(tmp_path, design, "three-halls")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    env = {**MKDOCS_ENV, "STACKPLAN_CACHE": str(tmp_path / "cache"), "STACKPLAN_WORKERS": "2"}
    with log_path.open("w") as log:
        server = subprocess.Popen([*MKDOCS, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}/deployments/three-halls"
            _wait_for(f"{base}/index.html", "Three halls", time.monotonic() + WAIT)
            (tmp_path / "designs" / "three-halls.yaml").write_text(design.replace("name: Three halls",
                                                                                  "name: Four halls", 1))
            _wait_for(f"{base}/index.html", "Four halls", time.monotonic() + WAIT)
            device = _wait_for(f"{base}/devices/hx-p1-kvm01.html", "Four halls", time.monotonic() + WAIT)
            assert "Three halls" not in device
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    text = log_path.read_text()
    assert text.count("stackplan: converting") >= 2 and "pages on 2 cores" in text, text
