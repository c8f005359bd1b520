"""The pytest entry point: postdeploy's options, its pytest setting and its markers, and nothing more
until a postdeploy run is asked for. Installing postdeploy changes no other pytest suite.

A run is asked for by `--target` (or `$POSTDEPLOY_TARGET`), or by the pytest setting
`postdeploy_target` (a profile path, or `generic` for the built-in profile; `postdeploy init`
writes it). Then the profile is loaded, the fixtures and hooks of the layers `-m` can select are
registered (postdeploy.plugins.*), and the shipped checks of those layers join the collection when
pytest was not given paths.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from postdeploy.layer_selection import selected_layers
from postdeploy.layers import MARKERS

GENERIC = "generic"
# Each plugin module and the layers that need it (None: every run). A `-m` expression that cannot
# select a layer (postdeploy.layer_selection) leaves that layer's plugins unimported.
PLUGINS: dict[str, frozenset[str] | None] = {
    "postdeploy.plugins.core": None,
    "postdeploy.plugins.browser": frozenset({"e2e", "perf"}),
    "postdeploy.plugins.smoke": frozenset({"smoke"}),
    "postdeploy.plugins.security": frozenset({"security"}),
    "postdeploy.plugins.security_probes": frozenset({"security"}),
    "postdeploy.plugins.e2e": frozenset({"e2e"}),
    "postdeploy.plugins.perf": frozenset({"perf"}),
    "postdeploy.plugins.regression": frozenset({"perf"}),
    "postdeploy.plugins.report": None,
}
MARK_EXPRESSION_WORDS = frozenset({"and", "or", "not"})


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "") in ("1", "true", "yes")


def pytest_addoption(parser: pytest.Parser) -> None:
    # Every option of every layer is declared here: the layer plugins are registered only in a
    # postdeploy run, after pytest has parsed the command line.
    group = parser.getgroup("postdeploy", "post-deploy verification")
    group.addoption(
        "--target",
        default=os.environ.get("POSTDEPLOY_TARGET"),
        metavar="PATH",
        help="target profile (TOML), or `generic`; turns the postdeploy run on "
        "(default: $POSTDEPLOY_TARGET, else the pytest setting postdeploy_target)",
    )
    group.addoption(
        "--allow-destructive",
        action="store_true",
        default=_env_flag("POSTDEPLOY_ALLOW_DESTRUCTIVE"),
        help="run tests that write data (signup, booking, checkout) even when the target is production",
    )
    group.addoption(
        "--wait-ready",
        type=float,
        default=float(os.environ.get("POSTDEPLOY_WAIT_READY", "0") or 0),
        metavar="SECONDS",
        help="poll the health endpoint for up to SECONDS before any check runs (replaces `sleep 60`)",
    )
    group.addoption(
        "--chromium",
        default=os.environ.get("POSTDEPLOY_CHROMIUM") or os.environ.get("CHROME_PATH"),
        metavar="PATH",
        help="Chromium executable for e2e and perf (default: $POSTDEPLOY_CHROMIUM, $CHROME_PATH, then PATH)",
    )
    group.addoption(
        "--network-reruns",
        type=int,
        default=int(os.environ.get("POSTDEPLOY_NETWORK_RERUNS", "1") or 0),
        metavar="N",
        help="retry a test up to N times after a transient network error (reset, timeout), never after "
        "a failed assertion; 0 disables (default: $POSTDEPLOY_NETWORK_RERUNS or 1)",
    )
    group.addoption(
        "--baseline",
        default=os.environ.get("POSTDEPLOY_BASELINE") or None,
        metavar="DIR",
        help="compare the perf layer's runs with the last deploy's, stored in DIR (then this run is stored "
        "there); default: $POSTDEPLOY_BASELINE",
    )
    parser.addini(
        "postdeploy_target",
        "turns postdeploy on in this project: the target profile (a path from the rootdir) or `generic`",
        default="",
    )
    parser.addini(
        "postdeploy_builtin_checks",
        "collect postdeploy's shipped checks when pytest is run without paths (default: true)",
        type="bool",
        default=True,
    )


def target_of(config: pytest.Config) -> str | None:
    """The profile a postdeploy run uses (`generic` for the built-in one); None: not a postdeploy run."""
    given = config.getoption("target", default=None)
    if given:
        return str(given)
    setting = str(config.getini("postdeploy_target") or "").strip()
    if not setting or setting == GENERIC:
        return setting or None
    return str(config.rootpath / setting) if not Path(setting).is_absolute() else setting


@pytest.hookimpl(trylast=True)  # after other plugins registered their markers
def pytest_configure(config: pytest.Config) -> None:
    # Markers are known to every project with postdeploy installed (`-m smoke` never warns).
    for name, description in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    target = target_of(config)
    if target is None:
        return  # not a postdeploy run: nothing else happens
    check_mark_expression(config)
    check_base_url(config)
    from postdeploy.plugins.activate import activate

    layers = selected_layers(config.getoption("markexpr", default=None))
    activate(config, None if target == GENERIC else target, layers)
    for name, needed_by in PLUGINS.items():
        if needed_by is not None and not needed_by & layers:
            continue
        if not config.pluginmanager.has_plugin(name):
            config.pluginmanager.register(importlib.import_module(name), name)


def check_mark_expression(config: pytest.Config) -> None:
    """`-m smok` would silently select nothing (exit 5); a typo deserves one clear line instead."""
    expression = config.getoption("markexpr", default="") or ""
    if not expression:
        return
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression)) - MARK_EXPRESSION_WORDS
    unknown = sorted(words - known)
    if unknown:
        raise pytest.UsageError(
            f"unknown marker {unknown[0]!r} in -m {expression!r} (known: {', '.join(sorted(MARKERS))})"
        )


def check_base_url(config: pytest.Config) -> None:
    base_url = config.getoption("base_url", default=None)
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise pytest.UsageError(
                f"--base-url {base_url!r} is not an absolute http(s) URL (did you mean https://{base_url}?)"
            )
