"""`postdeploy init` in temporary folders: what it writes, what it leaves alone, and twice is a no-op."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import iniconfig
import pytest

from postdeploy.budgets import load_assertions
from postdeploy.profile import load_profile
from postdeploy.scaffold.cli import default_name, main

FLAGS = ["--yes", "--base-url", "https://staging.shop.test", "--environment", "staging"]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([str(root), *args], interactive=False)
    out, err = capsys.readouterr()
    return code, out + err


def test_writes_the_whole_scaffold_and_a_second_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 0
    first = _tree(tmp_path)
    assert sorted(first) == [
        ".env.example",
        ".github/workflows/postdeploy-load.yml",
        ".github/workflows/postdeploy-nightly.yml",
        ".github/workflows/postdeploy-verify.yml",
        "budgets/lighthouse-assertions.json",
        "budgets/lighthouse.json",
        "budgets/load.toml",
        "pytest.ini",
        "targets/staging.toml",
        "tests/postdeploy/test_custom_checks.py",
    ]
    assert out.count("\n  created ") == len(first)
    profile = load_profile(tmp_path / "targets/staging.toml", env={})
    assert (profile.environment, profile.load.allowed_hosts) == ("staging", ["staging.shop.test"])
    ini = iniconfig.IniConfig(str(tmp_path / "pytest.ini"))
    assert ini["pytest"]["postdeploy_target"] == "targets/staging.toml"

    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 0
    assert _tree(tmp_path) == first
    assert "created" not in out and out.count("\n  unchanged ") == len(first)


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "targets").mkdir()
    mine = tmp_path / "targets" / "staging.toml"
    mine.write_text('name = "mine"\n', encoding="utf-8")
    (tmp_path / ".env.example").write_text("MINE=1\n", encoding="utf-8")
    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 0
    assert mine.read_text(encoding="utf-8") == 'name = "mine"\n'
    assert (tmp_path / ".env.example").read_text(encoding="utf-8") == "MINE=1\n"
    assert "kept        targets/staging.toml" in out and "--force replaces it" in out

    code, out = _run(tmp_path, *FLAGS, "--force", capsys=capsys)
    assert code == 0
    assert "overwritten targets/staging.toml" in out
    assert load_profile(mine, env={}).name == default_name(tmp_path)


def test_flags_answer_and_questions_ask_only_for_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[str] = []
    replies: Iterator[str] = iter(["https://preview.shop.test", "preview", "", "generic"])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(replies)

    assert main([str(tmp_path), "--health-path", "/healthz"], ask=ask, interactive=True) == 0
    capsys.readouterr()
    assert [p.split(" (")[0] for p in asked] == ["? Base URL of the deployed site", "? Environment", "? Framework"]
    profile = load_profile(tmp_path / "targets/preview.toml", env={})
    assert (profile.environment, profile.health.path) == ("preview", "/healthz")
    workflow = (tmp_path / ".github/workflows/postdeploy-verify.yml").read_text(encoding="utf-8")
    assert 'POSTDEPLOY_HEALTH_PATH: "/healthz"' in workflow
    assert "app/api" not in (tmp_path / "targets/preview.toml").read_text(encoding="utf-8")  # generic, not Next.js


def test_a_bad_answer_is_asked_again_then_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replies = iter(["staging.shop.test", "https://staging.shop.test", "", "", ""])
    assert main([str(tmp_path)], ask=lambda _: next(replies), interactive=True) == 0
    assert "is not usable" in capsys.readouterr().err
    assert "https://staging.shop.test" in (tmp_path / ".env.example").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-url", "staging.shop.test"], "base URL 'staging.shop.test' is not usable"),
        (["--environment", "prod"], "invalid choice: 'prod'"),
        (["--health-path", "api/health"], "health path 'api/health' is not usable"),
        (["--profile", "../elsewhere.toml"], "must stay inside the project"),
        (["--install", "postdeploy; rm -rf /"], "install spec"),
    ],
)
def test_bad_answers_are_one_line_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out = _run(tmp_path, "--yes", *args, capsys=capsys)
    assert code == 2
    assert message in out and len(out.strip().splitlines()) == 1
    assert _tree(tmp_path) == {}


def test_the_setting_joins_an_existing_pyproject_without_touching_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (
        '[project]\nname = "shop"\n\n[tool.pytest.ini_options] # ours\naddopts = "-q"\n\n'
        "[tool.ruff]\nline-length = 99\n"
    )
    (tmp_path / "pyproject.toml").write_text(original, encoding="utf-8")
    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 0 and "updated     pyproject.toml" in out
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.replace('postdeploy_target = "targets/staging.toml"\n', "") == original
    data = tomllib.loads(text)
    assert data["tool"]["pytest"]["ini_options"] == {"postdeploy_target": "targets/staging.toml", "addopts": "-q"}
    assert not (tmp_path / "pytest.ini").exists()
    _run(tmp_path, *FLAGS, capsys=capsys)
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == text  # twice: one line, not two


def test_a_pyproject_without_pytest_config_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n', encoding="utf-8")
    _run(tmp_path, *FLAGS, capsys=capsys)
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == '[project]\nname = "shop"\n'
    assert "postdeploy_target = targets/staging.toml" in (tmp_path / "pytest.ini").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text", "section"),
    [
        ("setup.cfg", "[metadata]\nname = shop\n\n[tool:pytest]\naddopts = -q\n", "tool:pytest"),
        ("tox.ini", "[tox]\nenvlist = py311\n\n[pytest]\nmarkers =\n    slow: slow\n", "pytest"),
        ("pytest.ini", "[pytest]\r\naddopts = -q\r\n", "pytest"),
        ("pytest.ini", "# empty: pytest still reads it\n", "pytest"),
    ],
)
def test_the_setting_goes_where_pytest_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, section: str
) -> None:
    (tmp_path / name).write_bytes(text.encode())
    _run(tmp_path, *FLAGS, capsys=capsys)
    written = (tmp_path / name).read_bytes().decode()
    assert iniconfig.IniConfig(name, data=written)[section]["postdeploy_target"] == "targets/staging.toml"
    assert ("\r\n" in written) == ("\r\n" in text)
    if name != "pytest.ini":
        assert not (tmp_path / "pytest.ini").exists()


def test_pytest_toml_and_tool_pytest_native_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pytest]\nminversion = "9.0"\n', encoding="utf-8")
    _run(tmp_path, *FLAGS, capsys=capsys)
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["tool"]["pytest"]["postdeploy_target"] == "targets/staging.toml"


def test_a_different_setting_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\npostdeploy_target = targets/prod.toml\n", encoding="utf-8")
    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 0 and "postdeploy_target is 'targets/prod.toml' there" in out
    assert "targets/prod.toml" in (tmp_path / "pytest.ini").read_text(encoding="utf-8")
    _run(tmp_path, *FLAGS, "--force", capsys=capsys)
    forced = (tmp_path / "pytest.ini").read_text(encoding="utf-8")
    assert forced == "[pytest]\npostdeploy_target = targets/staging.toml\n"


def test_a_broken_pyproject_is_reported_not_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.pytest.ini_options\n", encoding="utf-8")
    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 1 and "cannot be read" in out and "by hand" in out
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == "[tool.pytest.ini_options\n"


def test_an_existing_lighthouserc_is_what_the_perf_layer_judges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = {"ci": {"assert": {"preset": "lighthouse:recommended", "assertions": {
        "categories:performance": ["error", {"minScore": 0.9}]}}}}  # fmt: skip
    (tmp_path / "lighthouserc.json").write_text(json.dumps(rc), encoding="utf-8")
    code, out = _run(tmp_path, *FLAGS, capsys=capsys)
    assert code == 0 and "judges your lighthouserc.json as `lhci assert` does" in out
    assert not (tmp_path / "budgets" / "lighthouse.json").exists()
    profile = load_profile(tmp_path / "targets/staging.toml", env={})
    assert (profile.perf.budget_file, profile.perf.assertions_file) == ("", "lighthouserc.json")
    assert load_assertions(tmp_path / profile.perf.assertions_file)["preset"] == "lighthouse:recommended"


def test_dir_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, out = _run(tmp_path / "file", "--yes", capsys=capsys)
    assert code == 2 and "is a file, not a folder" in out
