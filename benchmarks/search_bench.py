"""Benchmark (not a test): the size of the site's search index, per deployment and per kind of page.

Material for MkDocs ships the index as search/search_index.json and the browser builds its lunr index
from all of it before the first search result shows, so the index's size is what a search waits for on a
slow machine. Builds the site into a temporary folder and prints bytes of indexed text.

    .venv/bin/python benchmarks/search_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q", "-f",
                        str(ROOT / "mkdocs.yml"), "-d", tmp], check=True, env=env)
        built = time.perf_counter() - started
        index = Path(tmp) / "search" / "search_index.json"
        on_disk = index.stat().st_size
        docs = json.loads(index.read_text("utf-8"))["docs"]
    by_page: Counter[str] = Counter()
    by_deployment: Counter[str] = Counter()
    for doc in docs:
        page = doc["location"].split("#")[0]
        size = len(doc["text"]) + len(doc["title"])
        by_page[page.rsplit("/", 1)[-1]] += size
        by_deployment[page.split("/")[1] if page.startswith("deployments/") else "(site pages)"] += size
    print(f"site built in {built:.1f} s; search index {on_disk} bytes "
          f"on disk, {len(docs)} sections, {sum(by_page.values())} characters of text")
    print("\nper kind of page:")
    for name, size in by_page.most_common():
        print(f"  {size:>9}  {name}")
    print("\nper deployment:")
    for name, size in by_deployment.most_common():
        print(f"  {size:>9}  {name}")


if __name__ == "__main__":
    main()
