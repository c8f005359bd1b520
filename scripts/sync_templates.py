"""Regenerate this repository's copies of the `postdeploy init` templates (one source, no drift).

targets/example.toml and .github/workflows/postdeploy-*.yml are the shipped templates rendered with
`REPOSITORY_ANSWERS`; selftests/unit/test_scaffold_templates.py fails when they differ.

    .venv/bin/python scripts/sync_templates.py
"""

from __future__ import annotations

from pathlib import Path

from postdeploy.scaffold.templates import REPOSITORY_ANSWERS, planned_files

ROOT = Path(__file__).resolve().parents[1]
# The scaffold's files this repository keeps a copy of (the rest are a team's: budgets, tests, .env).
COPIED = ("targets/", ".github/workflows/")


def repository_copies() -> dict[Path, str]:
    return {ROOT / f.path: f.text for f in planned_files(REPOSITORY_ANSWERS) if f.path.startswith(COPIED)}


def main() -> int:
    for path, text in repository_copies().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
