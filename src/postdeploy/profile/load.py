"""Profile section the load layer reads: allowlisted hosts, bounds, the journeys the virtual users
walk (steps, values, an optional sign-in), the SLA file and this target's own SLA thresholds."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from postdeploy.profile.smoke import Strict

# Metrics a threshold can name; `abort` lists refer to these (overall figures only).
Metric = Literal["p95_ms", "p99_ms", "error_ratio", "min_rps", "max_dropped_ratio"]
# `{name}` in a step's path or payload: a value from [load].values or from an earlier step's answer.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
ThinkTime = tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(ge=0)]]


class Thresholds(Strict):
    p95_ms: float | None = Field(default=None, gt=0)
    p99_ms: float | None = Field(default=None, gt=0)
    error_ratio: float | None = Field(default=None, ge=0, le=1)
    min_rps: float | None = Field(default=None, ge=0)
    max_dropped_ratio: float | None = Field(default=None, ge=0, le=1)


class SlaOverrides(Thresholds):
    """[load.sla]: this target's thresholds, set key by key over the SLA file's [sla]; one SLA file
    (the shapes) can then serve targets that promise different latencies."""

    # By request name (a step's `name`); "POST /api/orders" picks one method.
    endpoints: dict[str, Thresholds] = Field(default_factory=dict)


def placeholders(value: Any) -> set[str]:
    """Every `{name}` in a string, or in the strings of a (nested) payload."""
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    if isinstance(value, dict):
        return set().union(*(placeholders(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(placeholders(v) for v in value)) if value else set()
    return set()


class Step(Strict):
    """One request of a journey."""

    path: str  # on the target, "/…"; `{name}` placeholders are filled per iteration
    method: HttpMethod = "GET"
    # The request name statistics and [load.sla.endpoints] use; default: the path, `{x}` shown as `[x]`.
    name: str | None = None
    json_body: dict[str, Any] | None = Field(default=None, alias="json")  # sent as JSON
    form: dict[str, str] | None = None  # sent form-encoded
    # The status that counts as success (after redirects); none: any status below 400.
    expect_status: int | None = Field(default=None, ge=100, le=599)
    # Values for later steps, from this answer: dotted JSON paths ("items.*.slug": one at random).
    extract: dict[str, str] = Field(default_factory=dict)
    # …or a regular expression's first group, matched on the final URL (after redirects).
    extract_url: dict[str, str] = Field(default_factory=dict)
    # Run until it succeeds once per user (a list of ids to pick from); its values stay for the user.
    once: bool = False

    model_config = Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _valid(self) -> Step:
        if not self.path.startswith("/"):
            raise ValueError(f"step path {self.path!r} must start with / (a path on the target)")
        if self.json_body is not None and self.form is not None:
            raise ValueError(f"step {self.request_name!r}: set json or form, not both")
        for name, pattern in self.extract_url.items():
            try:
                if re.compile(pattern).groups < 1:
                    raise ValueError(f"extract_url.{name}: {pattern!r} needs one (group)")
            except re.error as exc:
                raise ValueError(f"extract_url.{name}: {pattern!r} is not a regular expression ({exc})") from None
        return self

    @property
    def request_name(self) -> str:
        return self.name or PLACEHOLDER.sub(r"[\1]", self.path)

    @property
    def needs(self) -> set[str]:
        return placeholders(self.path) | placeholders(self.json_body) | placeholders(self.form)

    @property
    def gives(self) -> set[str]:
        return set(self.extract) | set(self.extract_url)


class Login(Strict):
    """How a signed-in journey's user signs in, once when it starts (the session then lives in the
    user's cookies, or in a bearer token read from the answer)."""

    path: str = "/api/auth/login"  # on the target
    format: Literal["json", "form"] = "json"
    username_field: str = "email"
    password_field: str = "password"
    # Env var names holding the test account's credentials (never the credentials themselves).
    username_env: str = "POSTDEPLOY_TEST_EMAIL"
    password_env: str = "POSTDEPLOY_TEST_PASSWORD"
    # More fields sent with the credentials (e.g. a `remember` flag).
    fields: dict[str, str] = Field(default_factory=dict)
    expect_status: int | None = Field(default=None, ge=100, le=599)  # none: any status below 400
    # A cookie that must be set for the sign-in to count (a login page that answers 200 with an
    # error would otherwise pass).
    session_cookie: str | None = None
    # A dotted JSON path to a token in the answer, sent as `Authorization: Bearer <token>` afterwards.
    token_path: str | None = None
    name: str | None = None  # request name; default: "POST <path>"'s path

    @model_validator(mode="after")
    def _on_target(self) -> Login:
        if not self.path.startswith("/"):
            raise ValueError(f"login path {self.path!r} must start with / (a path on the target)")
        return self

    @property
    def request_name(self) -> str:
        return self.name or self.path


class Journey(Strict):
    """A kind of visitor: its steps run in order, one iteration after another."""

    name: str = Field(min_length=1)
    weight: int = Field(default=1, ge=0)  # relative share of the virtual users
    steps: list[Step] = Field(min_length=1)
    login: bool = False  # sign in first, with [load.login]
    # Writes data (orders, reservations): left out on production unless --allow-destructive.
    writes: bool = False
    # Pause between steps and iterations (seconds, uniform); default: [load].think_time_s.
    think_time_s: ThinkTime | None = None


class LoadSettings(Strict):
    # Hosts a load run may target (POSTDEPLOY_LOAD_ALLOWED_HOSTS adds more, comma-separated).
    allowed_hosts: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost"])
    max_users: int = Field(default=200, ge=1)
    max_duration_s: int = Field(default=900, ge=1)
    sla_file: str = "budgets/load.toml"
    sla: SlaOverrides = Field(default_factory=SlaOverrides)
    # What the virtual users do; default: one anonymous visitor loading the home page.
    journeys: list[Journey] = Field(default_factory=lambda: [Journey(name="visitor", steps=[Step(path="/")])])
    # Values for `{name}` placeholders, one picked at random per iteration (search terms, ids).
    values: dict[str, Annotated[list[str], Field(min_length=1)]] = Field(default_factory=dict)
    login: Login | None = None  # how journeys with `login = true` sign in
    # Think time between a user's requests (seconds, uniform between the two); a journey may set its own.
    think_time_s: ThinkTime = (0.05, 0.25)
    # What a regression since the baseline (`--baseline DIR`) does: fail the run (exit 3), warn, or skip it.
    regression: Literal["fail", "warn", "off"] = "warn"
    regression_file: str = "budgets/regression.toml"  # minimum practical changes, samples needed

    @model_validator(mode="after")
    def _journeys_are_runnable(self) -> LoadSettings:
        names = [journey.name for journey in self.journeys]
        if len(set(names)) != len(names):
            raise ValueError(f"journey names must be unique: {', '.join(names)}")
        for journey in self.journeys:
            if journey.login and self.login is None:
                raise ValueError(f"journey {journey.name!r} signs in but [load.login] is not set")
            known = set(self.values)
            for step in journey.steps:
                missing = sorted(step.needs - known)
                if missing:
                    raise ValueError(
                        f"journey {journey.name!r}, step {step.request_name!r}: no value for {{{missing[0]}}} "
                        "(add it to [load].values or extract it in an earlier step)"
                    )
                known |= step.gives
        return self

    def request_names(self) -> set[tuple[str, str]]:
        """(method, name) of every request the journeys can make: what endpoint SLAs may name."""
        found: set[tuple[str, str]] = {
            (step.method, step.request_name) for journey in self.journeys for step in journey.steps
        }
        if self.login is not None and any(journey.login for journey in self.journeys):
            found.add(("POST", self.login.request_name))
        return found
