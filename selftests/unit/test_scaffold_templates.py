"""The shipped templates agree with each other and with this repository.

Every shipped profile loads with the real loader; the variables a profile names are the ones the
workflows set; the paths they name exist; this repository's copies (targets/example.toml and
.github/workflows/postdeploy-*.yml) are the templates rendered, byte for byte; the rendered
workflows pass actionlint.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from postdeploy.budgets import load_assertions, load_budgets
from postdeploy.load.config import parse_config
from postdeploy.profile import TargetProfile, load_profile
from postdeploy.scaffold.templates import FRAMEWORKS, REPOSITORY_ANSWERS, Answers, planned_files
from selftests.report.test_workflows import actionlint

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = {
    "repository": REPOSITORY_ANSWERS,
    **{f"{name} defaults": Answers(name="shop", framework=name) for name in FRAMEWORKS},
    "production, own lighthouserc, wheel": Answers(
        name="shop", base_url="https://www.shop.test", environment="production", health_path="/healthz",
        install="./ci/postdeploy-0.1.0-py3-none-any.whl", profile="ops/postdeploy.toml",
        lighthouserc="lighthouserc.json",
    ),
}  # fmt: skip


def _render(answers: Answers, folder: Path) -> dict[str, str]:
    files = {f.path: f.text for f in planned_files(answers)}
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return files


def _workflow_env(text: str) -> dict[str, str]:
    """Every variable a workflow sets: workflow, job and step `env:`, and `>> "$GITHUB_ENV"` lines."""
    data = pytest.importorskip("yaml").safe_load(text)
    found: dict[str, str] = {key: str(value) for key, value in (data.get("env") or {}).items()}
    for job in data["jobs"].values():
        found.update({k: str(v) for k, v in (job.get("env") or {}).items()})
        for step in job.get("steps", []):
            found.update({k: str(v) for k, v in (step.get("env") or {}).items()})
            for name in re.findall(r'echo "([A-Z][A-Z0-9_]*)=[^"]*" >> "\$GITHUB_ENV"', step.get("run", "")):
                found.setdefault(name, "<set at run time>")
    return found


def _profile_env_names(profile: TargetProfile) -> dict[str, str]:
    return {
        "auth header": profile.access.authorization_env,
        "vercel bypass": profile.access.vercel_bypass_env,
        "expected version": profile.health.expected_version_env,
        "webhook secret": profile.security.webhook_secret_env,
        "test account email": profile.e2e.username_env,
        "test account password": profile.e2e.password_env,
    }


# Which of the profile's variables each workflow's layers read.
NEEDED = {
    ".github/workflows/postdeploy-verify.yml": (
        "auth header", "vercel bypass", "expected version", "webhook secret", "test account email",
        "test account password",
    ),
    ".github/workflows/postdeploy-nightly.yml": (
        "auth header", "vercel bypass", "webhook secret", "test account email", "test account password",
    ),
    ".github/workflows/postdeploy-load.yml": (
        "auth header", "vercel bypass", "test account email", "test account password",
    ),
}  # fmt: skip


@pytest.mark.parametrize("profile", sorted((ROOT / "targets").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_profile_loads(profile: Path) -> None:
    assert load_profile(profile, env={}).name


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_rendered_files_agree_with_each_other(variant: str, tmp_path: Path) -> None:
    answers = VARIANTS[variant]
    if answers.lighthouserc:
        rc = {"ci": {"assert": {"preset": "lighthouse:recommended"}}}
        (tmp_path / answers.lighthouserc).write_text(json.dumps(rc), encoding="utf-8")
    files = _render(answers, tmp_path)
    assert not [p for p, text in files.items() if re.search(r"@[A-Z][A-Z_]*@", text)], "a token was left"
    profile = load_profile(tmp_path / answers.profile_path, env={})
    assert (profile.environment, profile.health.path) == (answers.environment, answers.health_path)
    assert profile.load.allowed_hosts == [answers.host]
    # Every file the profile names is part of the scaffold (or the project's own lighthouserc).
    for name in (profile.perf.budget_file, profile.perf.assertions_file, profile.load.sla_file):
        assert not name or (tmp_path / name).is_file(), name
    if profile.perf.budget_file:
        assert load_budgets(tmp_path / profile.perf.budget_file)
    assert load_assertions(tmp_path / profile.perf.assertions_file)
    shapes = parse_config((tmp_path / profile.load.sla_file).read_text(encoding="utf-8")).shapes
    env_example = files[".env.example"]
    needed = _profile_env_names(profile)
    for workflow, names in NEEDED.items():
        env = _workflow_env(files[workflow])
        assert env["POSTDEPLOY_TARGET"] == answers.profile_path
        assert env["POSTDEPLOY_INSTALL"] == answers.install
        assert env["POSTDEPLOY_HEALTH_PATH"] == profile.health.path
        missing = [f"{what} ({needed[what]})" for what in names if needed[what] not in env]
        assert not missing, f"{workflow} does not set what the profile reads: {missing}"
    for variable in needed.values():
        assert re.search(rf"^#? ?{variable}=", env_example, re.MULTILINE), f".env.example lacks {variable}"
    load_workflow = pytest.importorskip("yaml").safe_load(files[".github/workflows/postdeploy-load.yml"])
    options = load_workflow[True]["workflow_dispatch"]["inputs"]["shape"]["options"]  # YAML 1.1: `on` is True
    assert set(options) <= set(shapes), f"the load workflow offers shapes budgets/load.toml lacks: {options}"
    verify = files[".github/workflows/postdeploy-verify.yml"]
    assert "vercel.deployment.success" in verify and "deployment_status:" in verify
    assert "statuses: write" in verify and "pull-requests: write" in verify


def test_repository_copies_are_the_rendered_templates() -> None:
    stale = [
        f.path
        for f in planned_files(REPOSITORY_ANSWERS)
        if f.path.startswith(("targets/", ".github/workflows/"))
        and (ROOT / f.path).read_text(encoding="utf-8") != f.text
    ]
    assert not stale, f"{stale} differ from the templates: run `.venv/bin/python scripts/sync_templates.py`"
    shipped = {Path(f.path).name for f in planned_files(REPOSITORY_ANSWERS) if f.path.startswith(".github/")}
    assert {p.name for p in (ROOT / ".github" / "workflows").glob("*.yml")} == shipped


def test_node_tools_match_the_versions_this_repository_pins() -> None:
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for f in planned_files(REPOSITORY_ANSWERS):
        for tool, version in re.findall(r"\b(lighthouse|allure)@(\d[\w.-]*)", f.text):
            assert pins[tool] == version, f"{f.path} installs {tool}@{version}, package.json pins {pins[tool]}"


def test_the_template_env_example_names_only_documented_variables() -> None:
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    template = {f.path: f.text for f in planned_files(REPOSITORY_ANSWERS)}[".env.example"]
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", template, re.MULTILINE))
    assert names - documented == set(), "the repository's .env.example should document every variable"


def test_rendered_workflows_pass_actionlint(tmp_path: Path) -> None:
    answers = VARIANTS["production, own lighthouserc, wheel"]
    (tmp_path / "lighthouserc.json").write_text("{}", encoding="utf-8")
    files = _render(answers, tmp_path)
    workflows = [tmp_path / p for p in files if p.startswith(".github/workflows/")]
    problems: list[dict[str, Any]] = actionlint(workflows)
    assert not problems, "\n".join(f"{p['file']}:{p['line']}: {p['message']}" for p in problems)


def test_the_example_check_is_plain_pytest() -> None:
    text = {f.path: f.text for f in planned_files(REPOSITORY_ANSWERS)}["tests/postdeploy/test_custom_checks.py"]
    compile(text, "test_custom_checks.py", "exec")
    for fixture in ("http", "target_profile", "evidence"):
        assert f"{fixture}:" in text
