"""One JUnit XML for CI systems that read it: the per-layer files merged into reports/junit.xml."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from postdeploy.report.context import atomic_write

MERGED = "junit.xml"


def layer_files(reports: Path) -> list[Path]:
    return sorted(p for p in reports.glob("junit-*.xml") if p.is_file())


def merge_junit(reports: Path) -> Path | None:
    """Merge `junit-<layer>.xml` into `junit.xml`; a lone `junit.xml` is left as pytest wrote it."""
    parts = layer_files(reports)
    if not parts:
        existing = reports / MERGED
        return existing if existing.is_file() else None
    merged = ET.Element("testsuites", name="postdeploy")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    elapsed = 0.0
    for part in parts:
        try:
            root = ET.parse(part).getroot()  # our own pytest output, not untrusted input
        except ET.ParseError:
            continue  # a layer that crashed mid-write: the others still count
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        for suite in suites:
            suite.set("name", part.stem.removeprefix("junit-"))
            for key in totals:
                totals[key] += int(suite.get(key, "0") or 0)
            elapsed += float(suite.get("time", "0") or 0)
            merged.append(suite)
    for key, value in totals.items():
        merged.set(key, str(value))
    merged.set("time", f"{elapsed:.3f}")
    path = reports / MERGED
    atomic_write(path, ET.tostring(merged, encoding="unicode", xml_declaration=True))
    return path
