"""Drive Allure Report 3 (npm `allure`, no Java): a single-file HTML report with history across runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postdeploy.report.categories import allure3_categories
from postdeploy.report.single_file import harden
from postdeploy.tools import NODE_HINT, ToolMissing, find_node, require_node_cli

HISTORY_FILE = "history.jsonl"
HISTORY_LIMIT = 50  # runs kept for trends and "failing since"
INSTALL_HINT = "run `npm ci` in the project root (package.json pins `allure`) or set POSTDEPLOY_ALLURE"


class GenerateError(Exception):
    """Allure ran and failed; the message is one line."""


@dataclass(frozen=True)
class AllureTool:
    node: str
    cli: str  # Allure's cli.js (or its node_modules/.bin link)

    def command(self, *args: str) -> list[str]:
        return [self.node, self.cli, *args]

    def version(self, timeout: float = 30) -> str:
        out = subprocess.run(self.command("--version"), capture_output=True, text=True, timeout=timeout, check=False)
        version = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
        if out.returncode != 0 or not version:
            raise ToolMissing(f"Allure at {self.cli} does not run (exit {out.returncode}): {INSTALL_HINT}")
        return version


def find_allure(start: Path | None = None, env: Mapping[str, str] | None = None) -> AllureTool:
    """Node on PATH and Allure 3 (see postdeploy.tools.find_node_cli)."""
    env = os.environ if env is None else env
    node = find_node(env)
    if node is None:
        raise ToolMissing(f"Node.js not found on PATH: {NODE_HINT}, then `npm ci` for Allure Report 3")
    return AllureTool(node, str(require_node_cli("allure", env, start)))


def report_config(output: Path, history_dir: Path, name: str, history_limit: int = HISTORY_LIMIT) -> dict[str, Any]:
    """Allure 3 config: the Awesome report as one self-contained HTML file, history kept apart."""
    return {
        "name": name,
        "output": str(output),
        "historyPath": str(history_dir / HISTORY_FILE),
        "historyLimit": history_limit,
        "categories": {"rules": allure3_categories()},
        # Noise for a person reading a failure: which worker thread ran it does not say what broke.
        "hideLabels": ["host", "thread", "framework", "language", "package"],
        "plugins": {
            "awesome": {
                "options": {
                    "singleFile": True,
                    "reportName": name,
                    "reportLanguage": "en",
                    "groupBy": ["epic", "feature", "story"],
                }
            }
        },
    }


def generate(
    tool: AllureTool,
    results_dirs: list[Path],
    output: Path,
    history_dir: Path,
    name: str,
    timeout: float = 600,
) -> Path:
    """Build the report into a scratch folder, then swap it in: never a half-written report."""
    output = output.resolve()
    history_dir = history_dir.resolve()
    history_dir.mkdir(parents=True, exist_ok=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".allure-", dir=output.parent) as scratch:
        staging = Path(scratch) / "report"
        config = Path(scratch) / "allurerc.json"
        config.write_text(json.dumps(report_config(staging, history_dir, name), indent=2), encoding="utf-8")
        cmd = tool.command("generate", "--config", str(config), "--output", str(staging))
        cmd += [str(d.resolve()) for d in results_dirs]
        # NO_COLOR: Allure's progress output goes to our log; escape codes would only clutter it.
        env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
        try:
            out = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, check=False, env=env, cwd=scratch
            )
        except subprocess.TimeoutExpired:
            raise GenerateError(f"allure generate did not finish within {timeout:.0f}s") from None
        index = staging / "index.html"
        if out.returncode != 0 or not index.is_file():
            tail = [line for line in (out.stderr + out.stdout).splitlines() if line.strip()]
            reason = tail[-1].strip()[:300] if tail else "no output"
            raise GenerateError(f"allure generate failed (exit {out.returncode}): {reason}")
        index.write_text(harden(index.read_text(encoding="utf-8")).html, encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        shutil.move(str(staging), str(output))
    return output / "index.html"
