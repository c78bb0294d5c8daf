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
.venv/bin/python -m pytest "$@"
