"""`postdeploy doctor`: check the environment before a run, one line per item with a fix for each problem.

Exit 0 when everything the selected layers need is there, 1 when something required is missing
or broken, 2 on bad options. Env vars are reported by name only, never by value.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from packaging.requirements import InvalidRequirement, Requirement

from postdeploy.access import access_for, describe_transport_error
from postdeploy.browser_trust import TrustError, browser_home, read_bundle
from postdeploy.layers import BROWSER_LAYERS
from postdeploy.layers import LAYERS as SUITE_LAYERS
from postdeploy.profile import (
    ProfileError,
    TargetProfile,
    TlsSettings,
    generic_profile,
    load_profile,
    merged_environment,
)
from postdeploy.report.allure import find_allure
from postdeploy.tools import (
    CHROMIUM_FLAGS,
    HEADLESS_FLAG,
    NODE_HINT,
    ToolMissing,
    find_node,
    find_node_cli,
    require_chromium,
)

# What a user can plan to run: the layers and the report.
LAYERS = (*SUITE_LAYERS, "report")
HEADLESS_FLAGS = [HEADLESS_FLAG, *CHROMIUM_FLAGS]
MIN_NODE_MAJOR = 18
_VERSION = re.compile(r"\d+(?:\.\d+)+")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's answer."""

    name: str
    status: str  # ok | FAIL | warn | skip
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"

    def line(self) -> str:
        fix = f"  → fix: {self.fix}" if self.fix and self.status in ("FAIL", "warn") else ""
        return f"{self.status:<4}  {self.name:<18} {self.detail}{fix}"


def _run(cmd: list[str], timeout: float = 30) -> tuple[int, str]:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return 124, f"timed out after {timeout:.0f}s"
    except OSError as exc:
        return 127, str(exc)
    return out.returncode, (out.stdout + out.stderr).strip()


def _version_in(text: str) -> str:
    match = _VERSION.search(text)
    return match.group(0) if match else text.splitlines()[0][:60] if text else "?"


# -- the checks ----------------------------------------------------------------------------------


def check_python_packages() -> Check:
    """Every dependency postdeploy declares is installed at a matching version."""
    try:
        requirements = metadata.requires("postdeploy") or []
    except metadata.PackageNotFoundError:
        return Check("python packages", "FAIL", "postdeploy is not installed", "pip install -e '.[dev]'")
    problems = []
    count = 0
    for raw in requirements:
        try:
            requirement = Requirement(raw)
        except InvalidRequirement:
            continue
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue  # optional extras (dev) are not needed to run
        count += 1
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{requirement.name} missing")
            continue
        if requirement.specifier and not requirement.specifier.contains(installed, prereleases=True):
            problems.append(f"{requirement.name} {installed} (wants {requirement.specifier})")
    python = f"Python {sys.version.split()[0]}"
    if problems:
        return Check("python packages", "FAIL", f"{python}; " + ", ".join(problems), "pip install -e .")
    return Check("python packages", "ok", f"{python}; {count} dependencies installed")


def check_chromium(given: str | None, env: Mapping[str, str], required: bool) -> Check:
    """Found, has a version, and really launches headless (prints a page's DOM)."""
    missing = "FAIL" if required else "warn"
    fix = "apt-get install chromium, or set POSTDEPLOY_CHROMIUM=/path/to/chromium"
    try:
        path = require_chromium(given, env)
    except ToolMissing as exc:
        what, _, _ = str(exc).partition(":")  # "Chromium not found at …"; the fix has its own column
        return Check("chromium", missing, what, fix)
    code, out = _run([path, "--version"], timeout=20)
    if code != 0:
        return Check("chromium", missing, f"{path} does not run: {out.splitlines()[-1][:120] if out else code}", fix)
    version = _version_in(out)
    with tempfile.TemporaryDirectory(prefix="postdeploy-doctor-") as profile_dir:
        cmd = [path, *HEADLESS_FLAGS, f"--user-data-dir={profile_dir}", "--dump-dom", "data:text/html,<p>doctor-ok</p>"]
        started = time.monotonic()
        code, out = _run(cmd, timeout=45)
    if code != 0 or "doctor-ok" not in out:
        reason = out.splitlines()[-1][:160] if out else f"exit {code}"
        fix = "try `chromium --headless --no-sandbox --dump-dom about:blank` to see why; reinstall chromium"
        return Check("chromium", missing, f"{path} {version} fails to launch headless: {reason}", fix)
    return Check("chromium", "ok", f"{path} {version}, launches headless ({time.monotonic() - started:.1f} s)")


def check_node(required: bool) -> Check:
    node = find_node()
    fix = NODE_HINT
    if node is None:
        return Check("node", "FAIL" if required else "warn", "not found on PATH", fix)
    code, out = _run([node, "--version"], timeout=20)
    version = _version_in(out)
    if code != 0 or int(version.split(".")[0] or 0) < MIN_NODE_MAJOR:
        return Check("node", "FAIL" if required else "warn", f"{node} {out[:60]} (needs {MIN_NODE_MAJOR}+)", fix)
    return Check("node", "ok", f"{node} v{version}")


def check_lighthouse(required: bool) -> Check:
    missing = "FAIL" if required else "warn"
    fix = "npm ci in the project root (package.json pins lighthouse@12; Lighthouse 13 needs Node 22)"
    node = find_node()
    path = find_node_cli("lighthouse")
    if path is None or node is None:
        return Check("lighthouse", missing, "not found in node_modules/" if node else "needs Node.js", fix)
    code, out = _run([node, str(path), "--version"], timeout=60)
    if code != 0:
        return Check("lighthouse", missing, f"{path} does not run: {out.splitlines()[-1][:120] if out else code}", fix)
    version = _version_in(out)
    if not version.startswith("12."):
        return Check("lighthouse", "warn", f"{path} {version}: postdeploy is tested with 12.x", fix)
    return Check("lighthouse", "ok", f"{path} {version}")


def check_allure(required: bool) -> Check:
    missing = "FAIL" if required else "warn"
    try:
        tool = find_allure()
        version = tool.version()
    except ToolMissing as exc:
        text = str(exc)
        detail, _, fix = text.partition(": ")
        return Check("allure", missing, detail, fix or "npm ci")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("allure", missing, f"does not run: {exc}", "npm ci")
    if not version.startswith("3."):
        return Check("allure", missing, f"{tool.cli} {version}: Allure Report 3 expected", "npm ci")
    return Check("allure", "ok", f"{tool.cli} {version}")


def tls_of(profile: TargetProfile | None) -> TlsSettings:
    """The profile's TLS settings; the defaults when the profile did not load."""
    return profile.tls if profile else TlsSettings()


def check_private_ca(profile: TargetProfile | None, env: Mapping[str, str], needs_browser: bool) -> Check:
    """A private CA must be readable, and for the browser layers certutil must build Chromium's trust."""
    name, bundle = tls_of(profile).ca_bundle_env, tls_of(profile).ca_bundle(env)
    if bundle is None:
        return Check("private-ca", "ok", f"{name} not set: the system trust store decides")
    try:
        count = len(read_bundle(bundle, name))
        if needs_browser:
            shutil.rmtree(browser_home(bundle, name), ignore_errors=True)  # the real thing, thrown away
    except TrustError as exc:
        return Check("private-ca", "FAIL", str(exc), f"point {name} at a PEM file of your CA's certificates")
    trust = "; Chromium trusts it through an NSS database" if needs_browser else ""
    return Check("private-ca", "ok", f"{name}: {count} certificate(s) from {bundle}{trust}")


def check_target(base_url: str | None, profile: TargetProfile | None, env: Mapping[str, str]) -> Check:
    """Reach the target as the suite will: its trust, its [access] headers; a wall says which env var opens it."""
    if not base_url:
        return Check("target", "skip", "no --base-url (or PYTEST_BASE_URL) given")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Check("target", "FAIL", f"{base_url!r} is not an absolute http(s) URL", f"use https://{base_url}")
    access = access_for(profile or generic_profile(), env, base_url)
    path = profile.health.path if profile else "/"
    started = time.monotonic()
    try:
        with access.client(timeout=10.0, connect_retries=0) as client:
            response = client.get(path)
    except httpx.TransportError as exc:
        fix = "check the URL, that the deploy finished, and that this machine can reach it"
        return Check("target", "FAIL", describe_transport_error(exc), fix)
    except OSError:  # an unreadable or malformed bundle: the private-ca line says which and why
        return Check("target", "skip", "not reached: the CA bundle cannot be read")
    elapsed = (time.monotonic() - started) * 1000
    detail = f"{base_url}{path} answered HTTP {response.status_code} in {elapsed:.0f} ms"
    refusal = access.refusal(response)
    if refusal:
        return Check("target", "FAIL", refusal, "set the env var the profile's [access] section names")
    if response.status_code >= 500:
        return Check("target", "warn", detail, "the target is up but unhealthy: the smoke layer will say why")
    return Check("target", "ok", detail)


def check_profile(target: str | None, env: Mapping[str, str]) -> tuple[Check, TargetProfile | None]:
    try:
        profile = load_profile(target, env=env)
    except ProfileError as exc:
        return Check("profile", "FAIL", str(exc), "fix the file (see targets/example.toml)"), None
    if target is None:
        return Check("profile", "ok", "none given: the built-in generic profile (pass --target for yours)"), profile
    return Check("profile", "ok", f"{target}: target {profile.name!r} ({profile.environment})"), profile


def required_env_names(profile: TargetProfile, layers: set[str]) -> dict[str, bool]:
    """Env var names the run will read → whether the selected layers cannot do without them."""
    names: dict[str, bool] = {}
    if not profile.health.expected_version:
        names[profile.health.expected_version_env] = False  # nice to have: the version check needs it
    if "e2e" in layers and profile.e2e.enabled:
        names[profile.e2e.username_env] = True
        names[profile.e2e.password_env] = True
    if "security" in layers and profile.security.webhook_path:
        names[profile.security.webhook_secret_env] = True
    return names


def check_env(profile: TargetProfile | None, env: Mapping[str, str], layers: set[str]) -> Check:
    if profile is None:
        return Check("env vars", "skip", "profile not loaded")
    names = required_env_names(profile, layers)
    missing_required = sorted(n for n, required in names.items() if required and not env.get(n))
    missing_optional = sorted(n for n, required in names.items() if not required and not env.get(n))
    present = sorted(n for n in names if env.get(n))
    detail = f"present: {', '.join(present) or 'none'}" if names else "none needed"
    if missing_required:
        return Check("env vars", "FAIL", f"missing: {', '.join(missing_required)}; {detail}",
                     "set them in the environment, CI secrets or .env (see .env.example)")  # fmt: skip
    if missing_optional:
        return Check("env vars", "warn", f"not set: {', '.join(missing_optional)}; {detail}",
                     "set it to the deployed version so the smoke layer can check it")  # fmt: skip
    return Check("env vars", "ok", detail)


# -- the command ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="postdeploy doctor", description="Check the environment before a run.")
    parser.add_argument("--base-url", default=os.environ.get("PYTEST_BASE_URL"), help="the target to reach")
    parser.add_argument("--target", default=os.environ.get("POSTDEPLOY_TARGET"), help="target profile (TOML)")
    parser.add_argument("--chromium", default=None, metavar="PATH", help="Chromium executable to check")
    parser.add_argument(
        "--layers",
        default=",".join(LAYERS),
        help=f"what you plan to run, comma-separated (default: {','.join(LAYERS)}); decides what is required",
    )
    return parser


def run_checks(args: argparse.Namespace, layers: set[str], env: Mapping[str, str]) -> list[Check]:
    profile_check, profile = check_profile(args.target, env)
    needs_browser = bool(layers & BROWSER_LAYERS)
    needs_node = "perf" in layers or "report" in layers
    # Tool checks start processes (Chromium launches take seconds): run them side by side.
    jobs: list[Callable[[], Check]] = [
        check_python_packages,
        lambda: check_chromium(args.chromium, env, required=needs_browser),
        lambda: check_node(required=needs_node),
        lambda: check_lighthouse(required="perf" in layers),
        lambda: check_allure(required="report" in layers),
        lambda: check_target(args.base_url, profile, env),
    ]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        tools = list(pool.map(lambda job: job(), jobs))
    private_ca = check_private_ca(profile, env, needs_browser)
    return [*tools[:5], profile_check, private_ca, tools[5], check_env(profile, env, layers)]


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    layers = {name.strip() for name in args.layers.split(",") if name.strip()}
    unknown = sorted(layers - set(LAYERS))
    if unknown:
        print(f"postdeploy doctor: unknown layer {unknown[0]!r} (choose from {', '.join(LAYERS)})", file=sys.stderr)
        return 2
    env = merged_environment()
    checks = run_checks(args, layers, env)
    for check in checks:
        print(check.line())
    failed = [c for c in checks if c.failed]
    warned = [c for c in checks if c.status == "warn"]
    if failed:
        print(f"doctor: {len(failed)} required item(s) missing or broken: {', '.join(c.name for c in failed)}")
        return 1
    print(f"doctor: ready ({len(warned)} warning(s))")
    return 0
