"""The files `postdeploy init` writes: package-data templates rendered with the team's answers.

Templates live in `postdeploy/scaffold/templates/` (shipped in the wheel) with `@TOKEN@`
placeholders; this repository's own `targets/example.toml` and workflow files are these same
templates rendered with `REPOSITORY_ANSWERS` (a self-test keeps them identical).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources
from urllib.parse import urlsplit

__all__ = [
    "ENVIRONMENTS",
    "FRAMEWORKS",
    "REPOSITORY_ANSWERS",
    "AnswerError",
    "Answers",
    "Framework",
    "PlannedFile",
    "planned_files",
    "render",
]

ENVIRONMENTS = ("production", "staging", "preview", "local")
DEFAULT_BASE_URL = "https://staging.example.com"
DEFAULT_INSTALL = "postdeploy"


@dataclass(frozen=True)
class Framework:
    title: str
    health_route: str  # where the health route lives, "{path}" is the health path; "" when unknown
    version_hint: str
    redirects_source: str
    static_hint: str


FRAMEWORKS: dict[str, Framework] = {
    "nextjs": Framework(
        title="a Next.js app (App Router) on Vercel, with Supabase, Stripe and Resend behind it",
        health_route="app{path}/route.ts",
        version_hint="On Vercel, report process.env.VERCEL_GIT_COMMIT_SHA as the version.",
        redirects_source="next.config.js or vercel.json",
        static_hint="Next.js renames /_next/static/ files per build: leave it empty to check those on html_paths.",
    ),
    "generic": Framework(
        title="a web site or app",
        health_route="",
        version_hint="Report the commit your build was made from as the version.",
        redirects_source="your server or CDN",
        static_hint="Bundlers rename hashed files with every build: leave it empty to check those found on html_paths.",
    ),
}


class AnswerError(ValueError):
    """An answer that cannot go into the files; the message is one line."""


@dataclass(frozen=True)
class Answers:
    """Everything the templates need to know about the team's site."""

    name: str
    base_url: str = DEFAULT_BASE_URL
    environment: str = "staging"
    health_path: str = "/api/health"
    framework: str = "nextjs"
    install: str = DEFAULT_INSTALL
    profile: str = ""  # default: targets/<environment>.toml
    # An existing Lighthouse CI config in the project: the profile points at it instead of new budgets.
    lighthouserc: str | None = None

    @property
    def profile_path(self) -> str:
        return self.profile or f"targets/{self.environment}.toml"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or "localhost"

    def validated(self) -> Answers:
        """The answers, checked: each goes verbatim into TOML strings, YAML and shell."""
        checks = (
            ("name", self.name, r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "letters, digits, '.', '_' or '-'"),
            ("base URL", self.base_url, r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~/-]*)?",
             "an http(s) URL such as https://staging.example.com"),
            ("health path", self.health_path, r"/[A-Za-z0-9._~/-]*", "a path starting with '/', e.g. /api/health"),
            ("install spec", self.install, r"[A-Za-z0-9._~:/@+=<>!,\[\]-]+",
             "a pip requirement: postdeploy==0.1.0, git+https://…, or ./path/to/postdeploy.whl"),
            ("profile path", self.profile_path, r"[A-Za-z0-9._-][A-Za-z0-9._/-]*\.toml",
             "a relative path ending in .toml, e.g. targets/staging.toml"),
        )  # fmt: skip
        for what, value, pattern, hint in checks:
            if not re.fullmatch(pattern, value):
                raise AnswerError(f"{what} {value!r} is not usable: {hint}")
        if self.environment not in ENVIRONMENTS:
            raise AnswerError(f"environment {self.environment!r} is not one of {', '.join(ENVIRONMENTS)}")
        if self.framework not in FRAMEWORKS:
            raise AnswerError(f"framework {self.framework!r} is not one of {', '.join(FRAMEWORKS)}")
        if ".." in self.profile_path.split("/"):
            raise AnswerError(f"profile path {self.profile_path!r} must stay inside the project")
        return self


# This repository's rendered copies: targets/example.toml and .github/workflows/postdeploy-*.yml.
REPOSITORY_ANSWERS = Answers(name="example-app", profile="targets/example.toml")


@dataclass(frozen=True)
class PlannedFile:
    path: str  # relative to the project folder, "/"-separated
    text: str
    what: str  # one line for the summary


# (template file, destination, skipped when the project has its own lighthouserc, what it is)
_LAYOUT: tuple[tuple[str, str, bool, str], ...] = (
    ("profile.toml", "{profile}", False, "target profile: every section commented"),
    ("budgets/lighthouse.json", "budgets/lighthouse.json", True, "Lighthouse budget.json"),
    ("budgets/lighthouse-assertions.json", "budgets/lighthouse-assertions.json", True,
     "Lighthouse CI assertions (lighthouserc format)"),
    ("budgets/load.toml", "budgets/load.toml", False, "load shapes and SLAs"),
    ("env.example", ".env.example", False, "every variable postdeploy reads"),
    ("workflows/postdeploy-verify.yml", ".github/workflows/postdeploy-verify.yml", False,
     "after every deploy: smoke + security, verdict on the commit and the preview's PR"),
    ("workflows/postdeploy-nightly.yml", ".github/workflows/postdeploy-nightly.yml", False,
     "nightly: e2e + perf"),
    ("workflows/postdeploy-load.yml", ".github/workflows/postdeploy-load.yml", False, "pre-launch load run"),
    ("tests/test_custom_checks.py", "tests/postdeploy/test_custom_checks.py", False,
     "an example check of your own, using postdeploy's fixtures"),
)  # fmt: skip


def template_text(name: str) -> str:
    return resources.files("postdeploy.scaffold").joinpath("templates", *name.split("/")).read_text(encoding="utf-8")


def _tokens(answers: Answers) -> dict[str, str]:
    framework = FRAMEWORKS[answers.framework]
    route = framework.health_route.format(path=answers.health_path)
    budget, assertions = "budgets/lighthouse.json", "budgets/lighthouse-assertions.json"
    if answers.lighthouserc:
        budget, assertions = "", answers.lighthouserc
    return {
        "NAME": answers.name,
        "BASE_URL": answers.base_url,
        "HOST": answers.host,
        "ENVIRONMENT": answers.environment,
        "HEALTH_PATH": answers.health_path,
        "INSTALL_SPEC": answers.install,
        "PROFILE": answers.profile_path,
        "FRAMEWORK_TITLE": framework.title,
        "HEALTH_ROUTE_COMMENT": f"  # {route}" if route else "",
        "VERSION_HINT": framework.version_hint,
        "REDIRECTS_SOURCE": framework.redirects_source,
        "STATIC_HINT": framework.static_hint,
        "BUDGET_FILE": budget,
        "ASSERTIONS_FILE": assertions,
    }


def render(text: str, answers: Answers) -> str:
    """A template with its `@TOKEN@`s replaced; an unknown token is a bug in the template."""
    tokens = _tokens(answers)

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in tokens:
            raise KeyError(f"unknown template token {match.group(0)}")
        return tokens[match.group(1)]

    return re.sub(r"@([A-Z][A-Z_]*)@", value, text)


def planned_files(answers: Answers) -> list[PlannedFile]:
    """Every file of the scaffold, rendered, in the order they are reported."""
    answers = answers.validated()
    files = []
    for template, destination, is_budget, what in _LAYOUT:
        if is_budget and answers.lighthouserc:
            continue
        path = destination.format(profile=answers.profile_path)
        files.append(PlannedFile(path, render(template_text(template), answers), what))
    return files


def with_defaults(answers: Answers, **changes: str | None) -> Answers:
    """`answers` with the given fields replaced where a value is given."""
    return replace(answers, **{key: value for key, value in changes.items() if value is not None})
