#!/usr/bin/env bash
# Run the whole test suite: lint, type-check, the import contracts (layers point down, no cycle),
# then every test (browser tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --deps
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check generator tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
# Both cores: tests spread over two workers; the site's and the lab's tests each stay on one worker
# (tests/conftest.py). A single core runs them in-process.
workers=()
if (( $(nproc) >= 2 )); then workers=(-n 2 --dist loadgroup); fi
.venv/bin/python -m pytest "${workers[@]}" "$@"
