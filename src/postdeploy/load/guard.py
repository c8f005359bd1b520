"""Guard rails checked before any load is sent: allowlisted host, production opt-in, bounded run."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from postdeploy.load.config import Shape
from postdeploy.profile import TargetProfile

ALLOWED_HOSTS_ENV = "POSTDEPLOY_LOAD_ALLOWED_HOSTS"


class Refused(Exception):
    """The run must not start; the message is one line saying why and how to proceed."""


def allowed_hosts(profile: TargetProfile, env: Mapping[str, str]) -> list[str]:
    """The profile's allowlist plus any comma-separated hosts in POSTDEPLOY_LOAD_ALLOWED_HOSTS."""
    extra = [h.strip().lower() for h in env.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip()]
    return [h.lower() for h in profile.load.allowed_hosts] + extra


def check_guard_rails(
    host: str | None,
    profile: TargetProfile,
    shape_name: str,
    shape: Shape,
    env: Mapping[str, str],
    allow_production: bool = False,
) -> None:
    """Raise Refused unless the host is allowlisted, production is opted into, and the shape is bounded."""
    if not host:
        raise Refused("no target: pass --host URL (only allowlisted hosts are accepted)")
    parts = urlsplit(host)
    hostname = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not hostname:
        raise Refused(f"--host {host!r} is not an http(s) URL")
    hosts = allowed_hosts(profile, env)
    if hostname not in hosts:
        raise Refused(
            f"host {hostname} is not in the load allowlist ({', '.join(hosts) or 'empty'}); "
            f"add it to [load].allowed_hosts in the profile or to {ALLOWED_HOSTS_ENV}"
        )
    if profile.environment == "production" and not allow_production:
        raise Refused(
            f"target {profile.name!r} is production: load runs there need --allow-production "
            "(or a non-production profile)"
        )
    if shape.max_users > profile.load.max_users:
        raise Refused(
            f"shape {shape_name!r} goes up to {shape.max_users} users, above the bound of "
            f"{profile.load.max_users} ([load].max_users)"
        )
    if shape.duration > profile.load.max_duration_s:
        raise Refused(
            f"shape {shape_name!r} lasts {shape.duration:.0f} s, above the bound of "
            f"{profile.load.max_duration_s} s ([load].max_duration_s)"
        )


def destructive_allowed(profile: TargetProfile, allow_destructive: bool) -> bool:
    """Users that write data run everywhere but production, where they need an explicit opt-in."""
    return profile.environment != "production" or allow_destructive
