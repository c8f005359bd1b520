"""Profile loading: precedence, env overrides, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from postdeploy.profile import ProfileError, generic_profile, load_profile

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_profiles_load() -> None:
    assert load_profile(ROOT / "targets" / "demo.toml", env={}).name == "demo"
    assert load_profile(ROOT / "targets" / "example.toml", env={}).environment == "staging"


def test_generic_profile_is_production_and_tolerates_a_missing_health_endpoint() -> None:
    profile = load_profile(None, env={})
    assert profile == generic_profile().model_copy(update={"source": profile.source})
    assert profile.environment == "production"
    assert profile.health.required is False
    assert [page.path for page in profile.pages] == ["/"]


def test_env_overrides_profile_and_cli_overrides_env(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text('name = "shop"\nenvironment = "staging"\n[perf]\nruns = 3\n')
    env = {"POSTDEPLOY_ENVIRONMENT": "preview", "POSTDEPLOY__PERF__RUNS": "1"}
    profile = load_profile(file, env=env)
    assert (profile.environment, profile.perf.runs) == ("preview", 1)
    profile = load_profile(file, env=env, cli_overrides={"environment": "local"})
    assert profile.environment == "local"


def test_expected_version_env_wins_over_literal(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text('[health]\nexpected_version = "v1"\nexpected_version_env = "SHA"\n')
    profile = load_profile(file, env={})
    assert profile.expected_version({}) == "v1"
    assert profile.expected_version({"SHA": "abc123"}) == "abc123"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("name = ", "not valid TOML"),
        ("nmae = 'x'", "nmae: unknown key"),
        ("[perf]\nruns = 0", "perf.runs: Input should be greater than or equal to 1"),
        ("[[pages]]\nstatus = 200", "pages.0.path: Field required"),
    ],
)
def test_bad_profiles_give_one_line(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(content)
    with pytest.raises(ProfileError) as caught:
        load_profile(file, env={})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"profile {file}:")


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="file not found"):
        load_profile(tmp_path / "nope.toml", env={})
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(binary, env={})
