"""The `postdeploy_target` pytest setting `postdeploy init` writes, in the project's pytest config or a new pytest.ini.

The setting goes where pytest itself would read it (its own discovery order), as one added line,
so an existing pyproject.toml, tox.ini or setup.cfg keeps everything else byte for byte.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import iniconfig

__all__ = ["KEY", "SettingEdit", "SettingError", "plan_setting"]

KEY = "postdeploy_target"
_KEY_LINE = re.compile(rf"^[ \t]*{KEY}[ \t]*=", re.MULTILINE)


@dataclass(frozen=True)
class SettingEdit:
    """What to do to one file: its new text (None: leave it), and what that means, in words."""

    path: Path
    text: str | None
    status: str  # created | updated | unchanged | kept | overwritten
    where: str  # the section the key lives in, e.g. "[tool.pytest.ini_options]"
    current: str | None = None  # the value already there, when it differs


@dataclass(frozen=True)
class _Format:
    name: str
    header: str  # the section header as written in the file
    toml: bool
    read: Callable[[str, str], dict[str, object] | None]  # (file name, text) -> the section, None if absent


def _toml_table(*keys: str) -> Callable[[str, str], dict[str, object] | None]:
    def read(name: str, text: str) -> dict[str, object] | None:
        node: object = tomllib.loads(text)
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node if isinstance(node, dict) else None

    return read


def _tool_pytest(name: str, text: str) -> dict[str, object] | None:
    table = _toml_table("tool", "pytest")(name, text) or {}
    # [tool.pytest] holds options itself (pytest 9's TOML mode) only when it has more than ini_options.
    options = {key: value for key, value in table.items() if key != "ini_options"}
    return options or None


def _ini_section(section: str) -> Callable[[str, str], dict[str, object] | None]:
    def read(name: str, text: str) -> dict[str, object] | None:
        config = iniconfig.IniConfig(name, data=text)
        return dict(config[section].items()) if section in config else None

    return read


# pytest's own order (pytest 9 `CONFIG_LOADERS_BY_NAME`; pytest 8 knows all but the .toml files).
_FORMATS = (
    _Format("pytest.toml", "[pytest]", True, _toml_table("pytest")),
    _Format(".pytest.toml", "[pytest]", True, _toml_table("pytest")),
    _Format("pytest.ini", "[pytest]", False, _ini_section("pytest")),
    _Format(".pytest.ini", "[pytest]", False, _ini_section("pytest")),
    _Format("pyproject.toml", "[tool.pytest.ini_options]", True, _toml_table("tool", "pytest", "ini_options")),
    _Format("pyproject.toml", "[tool.pytest]", True, _tool_pytest),
    _Format("tox.ini", "[pytest]", False, _ini_section("pytest")),
    _Format("setup.cfg", "[tool:pytest]", False, _ini_section("tool:pytest")),
)
# These files are pytest's config even without a section: the section is then added.
_ALWAYS_CONFIG = ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini")

NEW_PYTEST_INI = """\
# pytest settings, written by `postdeploy init`.
[pytest]
# The target profile: it turns postdeploy on for `pytest -m smoke|security|e2e|perf --base-url=…`.
{key} = {value}
# Your own checks (postdeploy's ship with the package and are added to every run).
testpaths = tests
"""


class SettingError(ValueError):
    """A config file that cannot be read or edited safely; the message is one line."""


def plan_setting(root: Path, profile: str, force: bool = False) -> SettingEdit:
    """Where `postdeploy_target = <profile>` goes in `root`, and the file's text after it."""
    for fmt in _FORMATS:
        path = root / fmt.name
        if not path.is_file():
            continue
        try:
            text = path.read_bytes().decode()  # not read_text: keep \r\n line endings as they are
            section = fmt.read(path.name, text)
        except (tomllib.TOMLDecodeError, iniconfig.ParseError, UnicodeDecodeError) as exc:
            raise SettingError(
                f"{path}: cannot be read ({_first_line(exc)}); add `{KEY} = {profile}` by hand"
            ) from None
        if section is None and fmt.name not in _ALWAYS_CONFIG:
            continue
        return _edit(path, text, fmt, section, profile, force)
    path = root / "pytest.ini"
    return SettingEdit(path, NEW_PYTEST_INI.format(key=KEY, value=profile), "created", "[pytest]")


def _edit(
    path: Path, text: str, fmt: _Format, section: dict[str, object] | None, profile: str, force: bool
) -> SettingEdit:
    newline = "\r\n" if "\r\n" in text else "\n"
    line = f'{KEY} = "{profile}"' if fmt.toml else f"{KEY} = {profile}"
    header = re.compile(rf"^[ \t]*{re.escape(fmt.header)}[ \t]*(#[^\r\n]*)?(?=\r?\n|\Z)", re.MULTILINE)
    match = header.search(text)
    if section is not None and KEY in section:
        current = str(section[KEY])
        if current == profile:
            return SettingEdit(path, None, "unchanged", fmt.header)
        existing = _KEY_LINE.search(text, match.end() if match else 0)
        if not force or existing is None:
            return SettingEdit(path, None, "kept", fmt.header, current)
        end = text.find("\n", existing.start())
        end = len(text) if end < 0 else end
        new_text = text[: existing.start()] + line + ("\r" if text[existing.start() : end].endswith("\r") else "")
        new_text += text[end:]
        status = "overwritten"
    elif section is None:
        # A pytest.ini (or pytest.toml) without its section: pytest reads it anyway, so add one.
        separator = "" if not text or text.endswith(("\n", "\r")) else newline
        new_text = f"{text}{separator}{fmt.header}{newline}{line}{newline}"
        status = "updated"
    else:
        if match is None:
            raise SettingError(f"{path}: {fmt.header} is not written as a section header; add `{line}` by hand")
        new_text = text[: match.end()] + newline + line + text[match.end() :]
        status = "updated"
    _verify(path, fmt, new_text, profile)
    return SettingEdit(path, new_text, status, fmt.header)


def _verify(path: Path, fmt: _Format, text: str, profile: str) -> None:
    """Parse the edited text as pytest would; anything unexpected leaves the file untouched."""
    try:
        section = fmt.read(path.name, text)
    except (tomllib.TOMLDecodeError, iniconfig.ParseError) as exc:
        raise SettingError(f"{path}: adding {KEY} would break it ({_first_line(exc)}); add it by hand") from None
    if section is None or str(section.get(KEY)) != profile:
        raise SettingError(f"{path}: could not add {KEY} safely; add `{KEY} = {profile}` under {fmt.header} by hand")


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]
