"""Where the suite's outside tools are and how to start them: Chromium and its flags, Node, the
Node CLIs (Lighthouse, Allure) and NSS's certutil. The plugin, doctor, the Lighthouse runner and the
report all ask here, so they agree on what is found and what a missing tool's fix is."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "CHROMIUM_FLAGS",
    "HEADLESS_FLAG",
    "ToolMissing",
    "chromium_hint",
    "find_certutil",
    "find_chromium",
    "find_node",
    "find_node_cli",
    "require_chromium",
    "require_node_cli",
]

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags every Chromium the suite starts gets (Playwright's, Lighthouse's, doctor's).
CHROMIUM_FLAGS = (
    "--no-sandbox",  # CI and these machines run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # no phoning home: many networks are closed to it
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
HEADLESS_FLAG = "--headless=new"
CHROMIUM_ENV = ("POSTDEPLOY_CHROMIUM", "CHROME_PATH")
NODE_HINT = "install Node.js 20 (apt-get install nodejs npm)"
NODE_CLIS = {
    # name: (env var naming it, install step, whether PATH may supply it)
    "lighthouse": ("POSTDEPLOY_LIGHTHOUSE", "run `npm ci` in the project (installs lighthouse@12)", True),
    # Not from PATH: an `allure` there is often Allure 2, a Java program that Node cannot start.
    "allure": ("POSTDEPLOY_ALLURE", "run `npm ci` in the project root (package.json pins `allure`)", False),
}
# An editable install of postdeploy finds this repository's own node_modules from anywhere.
_PROJECT = Path(__file__).resolve().parents[2]


class ToolMissing(Exception):
    """A tool the run needs is not there; the message is one line ending in the install step."""


def chromium_hint() -> str:
    return "install it (apt-get install chromium) or set POSTDEPLOY_CHROMIUM=/path/to/chromium"


def find_chromium(given: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """The Chromium to start: `given`, $POSTDEPLOY_CHROMIUM, $CHROME_PATH, then PATH. None when a
    named one does not exist or PATH has none (Playwright's own browser downloads are never used)."""
    env = os.environ if env is None else env
    named = given or next((env[name] for name in CHROMIUM_ENV if env.get(name)), None)
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    return next((path for path in map(shutil.which, CHROMIUM_CANDIDATES) if path), None)


def require_chromium(given: str | None = None, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    found = find_chromium(given, env)
    if found is None:
        named = given or next((env[name] for name in CHROMIUM_ENV if env.get(name)), None)
        where = f" at {named}" if named else " on PATH"
        raise ToolMissing(f"Chromium not found{where}: {chromium_hint()}")
    return found


def find_node(env: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if env is None else env
    return shutil.which("node", path=env.get("PATH"))


def find_node_cli(name: str, env: Mapping[str, str] | None = None, start: Path | None = None) -> Path | None:
    """A Node CLI (`lighthouse`, `allure`): its env var, the nearest node_modules/.bin/<name> from
    `start` (the working directory) upwards, this project's own node_modules, then PATH (Lighthouse)."""
    env = os.environ if env is None else env
    variable, _, from_path = NODE_CLIS[name]
    if env.get(variable):
        given = Path(env[variable])
        return given if given.is_file() else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents, _PROJECT):
        candidate = folder / "node_modules" / ".bin" / name
        if candidate.exists():
            return candidate
    on_path = shutil.which(name, path=env.get("PATH")) if from_path else None
    return Path(on_path) if on_path else None


def require_node_cli(name: str, env: Mapping[str, str] | None = None, start: Path | None = None) -> Path:
    env = os.environ if env is None else env
    variable, install, _ = NODE_CLIS[name]
    found = find_node_cli(name, env, start)
    if found is None:
        where = f" at {variable}={env[variable]}" if env.get(variable) else ""
        raise ToolMissing(f"{name.capitalize()} not found{where}: {install} or set {variable}=/path/to/{name}")
    return found


def find_certutil() -> str | None:
    """NSS's certutil (Debian: libnss3-tools), which lets Chromium trust a private CA."""
    return shutil.which("certutil")
