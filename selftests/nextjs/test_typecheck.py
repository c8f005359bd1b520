"""The Next.js reference target's type check, which `next build` skips (next.config.js
`typescript.ignoreBuildErrors`, to keep ~12 s of CPU off the build): `tsc --noEmit` over the app
must pass, and must fail on a type error in code that uses the app's own modules."""

from __future__ import annotations

import json
from pathlib import Path

from selftests.nextjs_target import APP_DIR, build_nextjs, typecheck_nextjs


def test_app_type_checks() -> None:
    build_nextjs()  # node_modules (TypeScript, React and Next.js types) and .next/types
    result = typecheck_nextjs()
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]


def test_type_error_fails_the_check(tmp_path: Path) -> None:
    """The fault: a craft the catalogue's `Craft` type does not have, checked with the app's settings."""
    build_nextjs()
    fault = tmp_path / "fault.ts"
    fault.write_text(f"import {{ craftLabel }} from '{APP_DIR / 'lib' / 'catalogue'}'\ncraftLabel('pottery')\n")
    config = tmp_path / "tsconfig.json"
    config.write_text(json.dumps({"extends": str(APP_DIR / "tsconfig.json"), "include": [str(fault)]}))
    result = typecheck_nextjs(config)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "fault.ts" in output and "TS2345" in output, output[-2000:]
