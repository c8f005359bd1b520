"""The `postdeploy` command: a thin dispatcher; each subcommand lives in the module that owns it.

Subcommands are imported lazily so `postdeploy demo serve` starts fast and a missing optional
piece never breaks the others.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

# name -> ("module:function", one-line help). Each function takes argv (after the name), returns an exit code.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "init": ("postdeploy.scaffold.cli:main", "scaffold a repository: profile, budgets, workflows, an example check"),
    "demo": ("postdeploy.demo.cli:main", "run the bundled demo target or list its fault catalogue"),
    "run": ("postdeploy.demo.mainjob:main", "the main job: demo up, whole suite, report, demo down"),
    "csp": ("postdeploy.csp.cli:main", "analyse one Content-Security-Policy string"),
    "lighthouse-assert": ("postdeploy.budgets.cli:main", "check saved Lighthouse results like `lhci assert`"),
    "report": ("postdeploy.report.cli:main", "build the Allure report and summary from reports/"),
    "doctor": ("postdeploy.doctor:main", "check the environment before a run"),
    "compare": ("postdeploy.regression.cli:main", "compare two stored runs: what regressed since the baseline"),
}


def _usage() -> str:
    width = max(map(len, SUBCOMMANDS))
    rows = "\n".join(f"  {name:<{width}}  {help_}" for name, (_, help_) in SUBCOMMANDS.items())
    return f"usage: postdeploy <command> [options]\n\ncommands:\n{rows}\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(_usage())
        return 0 if args else 2
    if args[0] == "--version":
        from postdeploy import __version__

        print(f"postdeploy {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"postdeploy: unknown command {name!r} (try: {', '.join(SUBCOMMANDS)})", file=sys.stderr)
        return 2
    module_name, func_name = SUBCOMMANDS[name][0].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("postdeploy"):
            print(f"postdeploy: the {name!r} command is not available in this build", file=sys.stderr)
            return 2
        raise
    func: Callable[[list[str]], int] = getattr(module, func_name)
    try:
        return func(rest)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
