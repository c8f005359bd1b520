#!/usr/bin/env bash
# The project's own tests: set up, lint and type-check, then the self-tests (fault matrix included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src selftests tests load bench
.venv/bin/mypy
exec .venv/bin/pytest selftests -n 2 --dist loadgroup "$@"
