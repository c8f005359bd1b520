"""Run context for the Allure report: environment.properties, executor.json and categories.json.

Several layers run as separate pytest processes into one results folder, so each write merges
with what an earlier layer left there instead of replacing it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from postdeploy import __version__
from postdeploy.access import TargetAccess
from postdeploy.checks.dotted import MISSING, dotted_get
from postdeploy.report.categories import allure2_categories
from postdeploy.tools import find_node_cli

ENVIRONMENT_FILE = "environment.properties"
EXECUTOR_FILE = "executor.json"
CATEGORIES_FILE = "categories.json"
_VERSION_NUMBER = re.compile(r"\d+(?:\.\d+)+")


@dataclass(frozen=True)
class RunContext:
    """What a reader of the report needs to know about the run it is looking at."""

    target: str
    base_url: str
    environment: str
    deployed_version: str | None = None
    expected_version: str | None = None
    browser: str | None = None
    lighthouse: str | None = None
    commit: str | None = None
    layers: tuple[str, ...] = ()
    suite_version: str = __version__

    def properties(self) -> dict[str, str]:
        values = {
            "Target": self.target,
            "Base URL": without_credentials(self.base_url),
            "Environment": self.environment,
            "Deployed version": self.deployed_version or "unknown (health endpoint gave none)",
            "Expected version": self.expected_version or "not set",
            "Browser": self.browser or "not used",
            "Lighthouse": self.lighthouse or "not installed",
            "Suite": f"postdeploy {self.suite_version}",
            "Commit": self.commit or "unknown",
        }
        if self.layers:
            values["Layers"] = ", ".join(self.layers)
        return values


def without_credentials(url: str) -> str:
    """`https://user:pass@host/` → `https://host/`: a URL may carry basic-auth credentials."""
    parts = urlsplit(url)
    if not parts.username and not parts.password:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _escape_key(key: str) -> str:
    return re.sub(r"([\\=: #!])", r"\\\1", key)


def _escape_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def read_properties(path: Path) -> dict[str, str]:
    """The `key=value` lines of a properties file we wrote (escaped keys, one line per entry)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "!")):
            continue
        match = re.match(r"((?:\\.|[^=\\])*)=(.*)", line)
        if match:
            values[_unescape(match.group(1))] = _unescape(match.group(2))
    return values


def write_environment_properties(results_dir: Path, context: RunContext) -> Path:
    """Write (merging) environment.properties; layer lists add up across processes."""
    path = results_dir / ENVIRONMENT_FILE
    values = read_properties(path)
    new = context.properties()
    earlier_layers = [x.strip() for x in values.get("Layers", "").split(",") if x.strip()]
    layers = list(dict.fromkeys([*earlier_layers, *context.layers]))
    # A later layer may not know what an earlier one did (e.g. the browser): keep the known value.
    for key, value in new.items():
        if key not in values or not value.startswith(("unknown", "not ")):
            values[key] = value
    if layers:
        values["Layers"] = ", ".join(layers)
    results_dir.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{_escape_key(k)}={_escape_value(v)}\n" for k, v in values.items())
    atomic_write(path, text)
    return path


def executor_from_env(env: Mapping[str, str]) -> dict[str, object] | None:
    """executor.json for the CI system running us (GitHub Actions, GitLab CI, or any `CI=true`)."""
    if env.get("GITHUB_ACTIONS") == "true":
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        repo = env.get("GITHUB_REPOSITORY", "")
        run_id = env.get("GITHUB_RUN_ID", "")
        build_url = f"{server}/{repo}/actions/runs/{run_id}" if repo and run_id else ""
        return {
            "name": "GitHub Actions",
            "type": "github",
            "url": f"{server}/{repo}" if repo else server,
            "buildOrder": _int(env.get("GITHUB_RUN_NUMBER")),
            "buildName": f"{env.get('GITHUB_WORKFLOW', 'workflow')} #{env.get('GITHUB_RUN_NUMBER', '?')}",
            "buildUrl": build_url,
            "reportName": "postdeploy",
        }
    if env.get("GITLAB_CI") == "true":
        return {
            "name": "GitLab CI",
            "type": "gitlab",
            "url": env.get("CI_PROJECT_URL", ""),
            "buildOrder": _int(env.get("CI_PIPELINE_IID")),
            "buildName": f"pipeline {env.get('CI_PIPELINE_IID', '?')}",
            "buildUrl": env.get("CI_PIPELINE_URL", ""),
            "reportName": "postdeploy",
        }
    if env.get("CI", "").lower() in ("1", "true"):
        return {"name": "CI", "type": "ci", "buildName": env.get("BUILD_NUMBER", "CI run"), "reportName": "postdeploy"}
    return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def write_executor_json(results_dir: Path, env: Mapping[str, str]) -> Path | None:
    """Write executor.json when running in CI; outside CI there is no executor to name."""
    executor = executor_from_env(env)
    if executor is None:
        return None
    path = results_dir / EXECUTOR_FILE
    results_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({k: v for k, v in executor.items() if v is not None}, indent=2))
    return path


def write_categories_json(results_dir: Path) -> Path:
    path = results_dir / CATEGORIES_FILE
    results_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(allure2_categories(), indent=2))
    return path


def atomic_write(path: Path, text: str) -> None:
    # Layers may finish at the same moment (xdist, parallel jobs): never leave a half-written file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- facts about the run ----------------------------------------------------------------------


def deployed_version(
    access: TargetAccess, health_path: str, timeout: float = 3.0, version_field: str = "version"
) -> str | None:
    """The version the target's health endpoint reports at `version_field` (dotted), or None."""
    try:
        with access.client(timeout=timeout, connect_retries=0) as client:
            data = client.get(health_path).json()
    except (httpx.HTTPError, ValueError, OSError):  # OSError: an unreadable CA bundle
        return None
    version = dotted_get(data, version_field) if version_field else MISSING
    return str(version) if version is not MISSING and version not in (None, "") else None


def chromium_version(executable: str | None) -> str | None:
    """`Chromium 131.0.6778.85 built on Debian …` → `Chromium 131.0.6778.85`."""
    if not executable:
        return None
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION_NUMBER.search(out.stdout)
    return f"Chromium {match.group(0)}" if match else None


def lighthouse_version(root: Path) -> str | None:
    """Lighthouse's version from its package.json next to the CLI (no Node start-up needed)."""
    cli = find_node_cli("lighthouse", start=root)
    if cli is None:
        return None
    package = cli.resolve().parents[1] / "package.json"  # node_modules/lighthouse/cli/index.js → package
    with contextlib.suppress(ValueError, OSError, KeyError):
        return f"Lighthouse {json.loads(package.read_text(encoding='utf-8'))['version']}"
    return "Lighthouse (version unknown)"


def git_commit(env: Mapping[str, str], cwd: Path) -> str | None:
    """The commit under test: CI's variable first, else the working tree's HEAD."""
    for key in ("GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "POSTDEPLOY_COMMIT"):
        if env.get(key):
            return env[key][:12]
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None
