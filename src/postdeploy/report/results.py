"""Read an Allure results folder into one outcome per check (retries folded, flakiness kept)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATUSES = ("passed", "failed", "broken", "skipped")
_FINDING = re.compile(r"\[(?:info|low|medium|high|critical)\] [\w.:/-]+")


@dataclass(frozen=True)
class Outcome:
    """The final result of one check in one run."""

    name: str
    full_name: str
    layer: str
    feature: str
    story: str
    status: str
    params: str  # parameter values, "/browse" for test_page[/browse]
    message: str
    severity: str
    attempts: int = 1
    flaky: bool = False  # failed at first, passed on a retry

    @property
    def check(self) -> str:
        """The check as a person names it: its story with its parameters, else its title."""
        if not self.story:
            return self.name
        return f"{self.story} [{self.params}]" if self.params else self.story

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "broken")

    def one_line(self, width: int = 200) -> str:
        """The failure as one line: the message's first line, plus its first finding when that
        line only counts them ("CSP policy: 1 finding(s)" says less than the finding itself)."""
        lines = [line.strip() for line in self.message.splitlines() if line.strip()]
        first = lines[0] if lines else self.status
        finding = next((line for line in lines[1:] if _FINDING.match(line)), None)
        # `[high] csp.x: message` adds what the first line lacks; a bare `[high] csp.x` means the
        # first line already is that finding's message.
        if finding and ": " in finding and finding not in first:
            first = f"{first} — {finding}"
        return first if len(first) <= width else first[: width - 1] + "…"


def _label(result: dict[str, Any], name: str, default: str = "") -> str:
    for label in result.get("labels") or []:
        if isinstance(label, dict) and label.get("name") == name and label.get("value"):
            return str(label["value"])
    return default


def _short_params(result: dict[str, Any]) -> str:
    """Parameter values when they are short (`/browse`); an object's repr says nothing in one line."""
    values = [str(p.get("value", "")).strip("'\"") for p in result.get("parameters") or [] if isinstance(p, dict)]
    return ", ".join(values) if values and all(len(v) <= 40 for v in values) else ""


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a half-written or foreign file must not sink the whole report
    return data if isinstance(data, dict) else None


def read_results(results_dir: Path) -> list[Outcome]:
    """One Outcome per check (by historyId), the last attempt deciding, earlier ones counted."""
    attempts: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(results_dir.glob("*-result.json")):
        result = _read(path)
        if result is None:
            continue
        key = str(result.get("historyId") or result.get("fullName") or result.get("uuid") or path.name)
        attempts.setdefault(key, []).append(result)
    return sorted(
        (fold(runs) for runs in attempts.values()),
        key=lambda o: (o.layer, o.full_name),
    )


def fold(runs: Iterable[dict[str, Any]]) -> Outcome:
    ordered = sorted(runs, key=lambda r: (r.get("stop") or 0, r.get("start") or 0))
    last = ordered[-1]
    status = str(last.get("status") or "unknown")
    earlier_failed = any(r.get("status") in ("failed", "broken") for r in ordered[:-1])
    details = last.get("statusDetails") or {}
    return Outcome(
        name=str(last.get("name") or "?"),
        full_name=str(last.get("fullName") or last.get("name") or "?"),
        layer=_label(last, "epic", _label(last, "parentSuite", "other")),
        feature=_label(last, "feature", _label(last, "suite", "")),
        story=_label(last, "story", ""),
        params=_short_params(last),
        status=status,
        message=str(details.get("message") or "") if isinstance(details, dict) else "",
        severity=_label(last, "severity", "normal"),
        attempts=len(ordered),
        flaky=status == "passed" and earlier_failed,
    )
