"""`postdeploy init [DIR]`: scaffold a team's repository for postdeploy, as `npm init playwright` does.

Asks for the base URL, environment, health path and framework when run in a terminal (flags answer
up front; --yes takes the defaults), then writes a target profile, budgets, .env.example, three
workflow templates, an example check and the `postdeploy_target` pytest setting. It never overwrites
a file without --force and says what it wrote and what it left alone; run twice, it changes nothing.
Exit codes: 0 done, 1 a file could not be written, 2 bad options or answers.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from postdeploy.budgets.lighthouserc import find_rc_file
from postdeploy.scaffold.pytest_setting import KEY, SettingEdit, SettingError, plan_setting
from postdeploy.scaffold.templates import (
    DEFAULT_BASE_URL,
    ENVIRONMENTS,
    FRAMEWORKS,
    AnswerError,
    Answers,
    PlannedFile,
    planned_files,
)

EXIT_OK, EXIT_WRITE, EXIT_USAGE = 0, 1, 2
PROG = "postdeploy init"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{PROG}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("dir", nargs="?", default=".", help="the repository to scaffold (default: here)")
    parser.add_argument("--base-url", help=f"the deployed site to verify (default {DEFAULT_BASE_URL})")
    parser.add_argument("--environment", choices=ENVIRONMENTS, help="what the base URL is (default staging)")
    parser.add_argument("--health-path", help="the health endpoint (default /api/health)")
    parser.add_argument("--framework", choices=sorted(FRAMEWORKS), help="the site's framework (default nextjs)")
    parser.add_argument("--name", help="the site's name in reports (default: the folder's name)")
    parser.add_argument("--profile", metavar="PATH", help="where the profile goes (default targets/<environment>.toml)")
    parser.add_argument(
        "--install", metavar="SPEC",
        help="how the workflows install postdeploy: a pip requirement, a Git URL or a wheel path (default postdeploy)",
    )  # fmt: skip
    parser.add_argument("--force", action="store_true", help="overwrite files that exist and differ")
    parser.add_argument("--yes", "-y", action="store_true", help="ask nothing: flags or defaults")
    return parser


@dataclass(frozen=True)
class Outcome:
    path: str
    status: str  # created | overwritten | updated | unchanged | kept | failed
    note: str


def default_name(root: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", root.resolve().name).strip("-._")
    return name or "my-site"


Ask = Callable[[str], str]


def _question(ask: Ask, prompt: str, default: str, check: Callable[[str], None]) -> str:
    """One question; Enter takes the default, a bad answer is explained and asked again (three times)."""
    for _ in range(3):
        try:
            answer = ask(f"? {prompt} ({default}) ").strip() or default
        except EOFError:
            return default
        try:
            check(answer)
            return answer
        except AnswerError as exc:
            print(f"  {exc}", file=sys.stderr)
    raise AnswerError(f"no usable answer for {prompt.lower()}")


def ask_missing(answers: Answers, given: argparse.Namespace, ask: Ask) -> Answers:
    """Ask for what the flags did not say, in the order a person thinks of it."""

    def field_check(field: str) -> Callable[[str], None]:
        def check(value: str) -> None:
            replace(answers, **{field: value}).validated()

        return check

    questions = (
        ("base_url", "Base URL of the deployed site"),
        ("environment", f"Environment ({'/'.join(ENVIRONMENTS)})"),
        ("health_path", "Health endpoint path"),
        ("framework", f"Framework ({'/'.join(sorted(FRAMEWORKS))})"),
    )
    for field, prompt in questions:
        if getattr(given, field) is None:
            answer = _question(ask, prompt, getattr(answers, field), field_check(field))
            answers = replace(answers, **{field: answer})
    return answers


def _file_outcome(root: Path, planned: PlannedFile, force: bool) -> tuple[Outcome, str | None]:
    target = root / planned.path
    if target.is_dir():
        return Outcome(planned.path, "kept", "a folder is in the way"), None
    if not target.exists():
        return Outcome(planned.path, "created", planned.what), planned.text
    try:
        same = target.read_bytes() == planned.text.encode()
    except (UnicodeDecodeError, OSError):
        same = False
    if same:
        return Outcome(planned.path, "unchanged", planned.what), None
    if force:
        return Outcome(planned.path, "overwritten", planned.what), planned.text
    return Outcome(planned.path, "kept", "exists and differs: --force replaces it"), None


def _setting_outcome(root: Path, edit: SettingEdit) -> Outcome:
    name = edit.path.relative_to(root).as_posix()
    value = f"{KEY} under {edit.where}"
    if edit.status == "kept":
        return Outcome(name, "kept", f"{KEY} is {edit.current!r} there: --force sets it to this profile")
    return Outcome(name, edit.status, value)


def scaffold(root: Path, answers: Answers, force: bool) -> list[Outcome]:
    """Plan everything first (a bad answer writes nothing), then write what is new or forced."""
    outcomes: list[Outcome] = []
    writes: list[tuple[int, Path, str]] = []  # (index into outcomes, file, text)
    for planned in planned_files(answers):
        outcome, text = _file_outcome(root, planned, force)
        if text is not None:
            writes.append((len(outcomes), root / planned.path, text))
        outcomes.append(outcome)
    try:
        edit = plan_setting(root, answers.profile_path, force)
        if edit.text is not None:
            writes.append((len(outcomes), edit.path, edit.text))
        outcomes.append(_setting_outcome(root, edit))
    except SettingError as exc:
        outcomes.append(Outcome("pytest configuration", "failed", str(exc)))
    for index, path, text in writes:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode())  # bytes: line endings exactly as planned
        except OSError as exc:
            outcomes[index] = Outcome(outcomes[index].path, "failed", exc.strerror or str(exc))
    return outcomes


def _print_summary(root: Path, answers: Answers, outcomes: Sequence[Outcome]) -> None:
    framework = FRAMEWORKS[answers.framework].title
    print(f"{PROG}: {root.resolve()} — {framework}; {answers.environment} at {answers.base_url}")
    width = max(len(o.path) for o in outcomes)
    for outcome in outcomes:
        print(f"  {outcome.status:<11} {outcome.path:<{width}}  {outcome.note}")
    counts = {status: sum(o.status == status for o in outcomes) for status in dict.fromkeys(o.status for o in outcomes)}
    print(", ".join(f"{n} {status}" for status, n in counts.items()))
    if answers.lighthouserc:
        print(f"The perf layer judges your {answers.lighthouserc} as `lhci assert` does (no new budget files).")
    print(
        "Next:\n"
        f"  1. Adapt {answers.profile_path} to the site: pages, private routes, the Stripe webhook, e2e paths.\n"
        f"  2. pytest -m smoke --base-url={answers.base_url}    (then security, e2e, perf)\n"
        "  3. Commit, add the secrets the workflows name (.github/workflows/postdeploy-*.yml) and, on Vercel,\n"
        "     turn on repository_dispatch events so every deployment is verified."
    )


def main(argv: Sequence[str] | None = None, ask: Ask | None = None, interactive: bool | None = None) -> int:
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, or a bad option (one line, printed by the parser)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        print(f"{PROG}: {root} is a file, not a folder", file=sys.stderr)
        return EXIT_USAGE
    rc_file = find_rc_file(root) if root.is_dir() else None
    answers = Answers(
        name=args.name or default_name(root),
        lighthouserc=rc_file.name if rc_file else None,
    )
    given = {key: getattr(args, key) for key in ("base_url", "environment", "health_path", "framework", "install",
                                                  "profile")}  # fmt: skip
    answers = replace(answers, **{key: value for key, value in given.items() if value is not None})
    if interactive is None:
        interactive = not args.yes and sys.stdin.isatty()
    try:
        if interactive:
            answers = ask_missing(answers, args, ask or input)
        answers = answers.validated()
    except AnswerError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    outcomes = scaffold(root, answers, args.force)
    _print_summary(root, answers, outcomes)
    return EXIT_WRITE if any(o.status == "failed" for o in outcomes) else EXIT_OK
