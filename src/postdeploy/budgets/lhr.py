"""Saved Lighthouse results (LHRs): finding them on disk and trimming them to what budgets read."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from postdeploy.budgets.budget_file import BudgetError

__all__ = ["find_lhr_files", "load_lhrs", "trim_lhr"]

# Audit fields the assertions read; everything else (screenshots, traces) is dead weight.
AUDIT_FIELDS = ("id", "title", "score", "scoreDisplayMode", "numericValue", "numericUnit", "errorMessage")
ITEMS_KEPT = ("resource-summary", "user-timings", "performance-budget")


def find_lhr_files(path: str | Path) -> list[Path]:
    """A single JSON file, or every Lighthouse JSON in a folder (ours: `*.report.json`; LHCI's: `lhr-*.json`)."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise BudgetError(f"--lhr {path}: no such file or folder")
    files = sorted(p for p in root.glob("*.json") if p.name.endswith(".report.json") or p.name.startswith("lhr-"))
    if not files:
        raise BudgetError(f"--lhr {path}: no Lighthouse results (*.report.json or lhr-*.json) found")
    return files


def load_lhrs(path: str | Path) -> list[dict[str, Any]]:
    lhrs = []
    for file in find_lhr_files(path):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BudgetError(f"{file}: not a Lighthouse JSON result (unreadable JSON)") from None
        if not isinstance(data, dict) or "audits" not in data or "finalUrl" not in data:
            raise BudgetError(f"{file}: not a Lighthouse JSON result (no 'audits' or 'finalUrl')")
        lhrs.append(data)
    return lhrs


def trim_lhr(lhr: Mapping[str, Any], only: Collection[str] | None = None) -> dict[str, Any]:
    """A small copy of an LHR with only what budget checks read (for fixtures and benchmarks).

    `only` keeps just those audits (plus the two `median-run` needs: FCP and TTI).
    """
    audits: dict[str, Any] = {}
    wanted = None if only is None else {*only, "first-contentful-paint", "interactive"}
    for audit_id, audit in (lhr.get("audits") or {}).items():
        if wanted is not None and audit_id not in wanted:
            continue
        small = {k: audit[k] for k in AUDIT_FIELDS if k in audit}
        if audit_id in ITEMS_KEPT and isinstance(audit.get("details"), Mapping):
            small["details"] = {"items": audit["details"].get("items", [])}
        elif isinstance(audit.get("details"), Mapping) and audit["details"].get("items"):
            # maxLength assertions count items; keep the count, not the content.
            small["details"] = {"items": [{} for _ in audit["details"]["items"]]}
        audits[audit_id] = small
    categories = {
        cid: {"id": cid, "title": c.get("title"), "score": c.get("score")}
        for cid, c in (lhr.get("categories") or {}).items()
    }
    out = {k: lhr[k] for k in ("lighthouseVersion", "requestedUrl", "finalUrl", "fetchTime", "runWarnings") if k in lhr}
    if "runtimeError" in lhr:
        out["runtimeError"] = lhr["runtimeError"]
    out.update(audits=audits, categories=categories)
    return out
