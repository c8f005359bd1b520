"""Reading Lighthouse CI configuration files the way `lhci` 0.15 reads them.

lhci accepts `lighthouserc.{json,yml,yaml,js,cjs}` (dotted or not), turns every `.` in a key into
`:`, flattens the `ci` sections into one option set, and merges in the file named by `ci.extends`.
JSON is read here; YAML needs PyYAML (read with YAML 1.2 booleans, as js-yaml does); a JavaScript
file is evaluated by `node`, as lhci itself `require`s it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from postdeploy.budgets.budget_file import BudgetError
from postdeploy.budgets.presets import lhci_merge

__all__ = ["RC_FILE_NAMES", "find_rc_file", "flatten_rc", "is_rc", "load_rc_options", "read_config_file"]

# lhci's own search order in the working directory (utils/src/lighthouserc.js).
RC_FILE_NAMES = (
    ".lighthouserc.cjs", "lighthouserc.cjs", ".lighthouserc.js", "lighthouserc.js",
    ".lighthouserc.json", "lighthouserc.json", ".lighthouserc.yml", "lighthouserc.yml",
    ".lighthouserc.yaml", "lighthouserc.yaml",
)  # fmt: skip
RC_SECTIONS = ("ci", "lhci", "ci:client", "ci:server")


def find_rc_file(folder: Path) -> Path | None:
    """The Lighthouse CI configuration lhci would pick up in `folder`, if any."""
    return next((folder / name for name in RC_FILE_NAMES if (folder / name).is_file()), None)


def read_config_file(path: Path, what: str) -> Any:
    """A JSON, YAML or JavaScript configuration file as data; problems are one-line BudgetErrors."""
    if not path.is_file():
        raise BudgetError(f"{what} {path}: file not found")
    suffix = path.suffix.lower()
    if suffix in (".js", ".cjs"):
        return _read_javascript(path, what)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BudgetError(f"{what} {path}: not UTF-8 text") from None
    if suffix in (".yml", ".yaml"):
        return _read_yaml(text, path, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BudgetError(f"{what} {path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def _read_yaml(text: str, path: Path, what: str) -> Any:
    try:
        import yaml
    except ModuleNotFoundError:
        raise BudgetError(f"{what} {path}: reading YAML needs PyYAML (pip install 'postdeploy[yaml]')") from None

    # js-yaml (lhci's parser) takes only true/false as booleans: an unquoted `off` stays the level "off".
    loader: Any = type("Yaml12Loader", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise BudgetError(f"{what} {path}: not valid YAML: {first_line}") from None


def _read_javascript(path: Path, what: str) -> Any:
    node = shutil.which("node")
    if node is None:
        raise BudgetError(f"{what} {path}: a JavaScript lighthouserc needs Node.js (node) to be read")
    script = "process.stdout.write(JSON.stringify(require(process.argv[1])))"
    try:
        proc = subprocess.run(
            [node, "-e", script, str(path.resolve())], capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        raise BudgetError(f"{what} {path}: node took over 30 s to evaluate it") from None
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        error = next((line for line in lines if "Error" in line), lines[-1] if lines else "node failed")
        raise BudgetError(f"{what} {path}: node could not evaluate it: {error.strip()}")
    try:
        return json.loads(proc.stdout or "null")
    except json.JSONDecodeError:
        raise BudgetError(f"{what} {path}: it does not export plain JSON data") from None


def replace_dots_in_keys(value: Any) -> None:
    """lhci's `recursivelyReplaceDotInKeyName`: `resource-summary.script.size` -> `…:script:size`.

    A renamed key moves to the end of its object, as the `delete` + re-add does in JavaScript.
    """
    if isinstance(value, list):
        for item in value:
            replace_dots_in_keys(item)
        return
    if not isinstance(value, dict):
        return
    for key, item in list(value.items()):
        replace_dots_in_keys(item)
        if "." in key:
            del value[key]
            value[key.replace(".", ":")] = item


def is_rc(data: Any) -> bool:
    """A lighthouserc (`{"ci": {...}}`) rather than a bare set of assert options."""
    return isinstance(data, dict) and any(isinstance(data.get(section), dict) for section in RC_SECTIONS)


def flatten_rc(rc: dict[str, Any]) -> dict[str, Any]:
    """lhci's `flattenRcToConfig`: `ci`, `lhci` and the client/server sections as one object."""
    client = {k: v for k, v in (rc.get("ci:client") or {}).items() if k != "server"}
    server = {k: v for k, v in (rc.get("ci:server") or {}).items() if k == "server"}
    return {**(rc.get("ci") or {}), **(rc.get("lhci") or {}), **client, **server}


def load_rc_options(path: Path, what: str, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Every option of a lighthouserc merged as lhci's `convertRcFileToYargsOptions` does (with `extends`)."""
    if path.resolve() in seen:
        raise BudgetError(f"{what} {path}: 'extends' loops back to itself")
    rc = read_config_file(path, what)
    replace_dots_in_keys(rc)
    if not is_rc(rc):
        raise BudgetError(f"{what} {path}: expected a lighthouserc with a 'ci' section")
    ci = flatten_rc(rc)
    merged: dict[str, Any] = {}
    for section in ("wizard", "assert", "collect", "upload", "server"):
        if isinstance(ci.get(section), dict):
            merged.update(ci[section])
    if ci.get("extends"):
        base_path = (path.parent / str(ci["extends"])).resolve()
        base = load_rc_options(base_path, what, (*seen, path.resolve()))
        merged = lhci_merge(base, merged)
    return merged
