"""Writes one `### …` block inside the `## Smoke` section of bench/RESULTS.md, leaving the rest alone."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Smoke"


def write_block(title: str, body: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"### {title}\n\n{body.strip()}\n\n"
    match = re.search(rf"^{re.escape(SECTION)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if match is None:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}"
    else:
        section = match.group(1)
        sub = re.search(rf"^### {re.escape(title)}\n.*?(?=^### |\Z)", section, flags=re.M | re.S)
        section = (
            section[: sub.start()] + block + section[sub.end() :] if sub else section.rstrip("\n") + f"\n\n{block}"
        )
        text = text[: match.start(1)] + section.lstrip("\n").join(["\n", ""]) + text[match.end(1) :]
    path.write_text(text, encoding="utf-8")
