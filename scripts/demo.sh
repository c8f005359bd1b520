#!/usr/bin/env bash
# The main job: set up, start the bundled demo, run the whole suite against it, build the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/postdeploy run "$@"
