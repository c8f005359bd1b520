"""The profile's journeys as Locust users: one user class per [[load.journeys]] entry, weighted, built
when the run starts (Locust imports the locustfiles before it knows --target).

Every user walks its journey's steps in order, once per iteration, pausing a think time between
steps; a step that fails ends the iteration (the next step would lack its values). Requests carry
the step's request name, so statistics and endpoint SLAs group by route, not by id.
"""

from __future__ import annotations

import json
import random
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlencode

import gevent
from locust import User, task
from locust.contrib.fasthttp import FastHttpUser

from postdeploy.load.guard import destructive_allowed
from postdeploy.load.journeys import JsonValue, Values, fill_form, fill_path, fill_payload, json_values, pick, url_value
from postdeploy.load.state import LoadSession, current, paced, refuse, say, tls_context
from postdeploy.profile.load import Journey, LoadSettings, Login, Step

if TYPE_CHECKING:
    from locust.env import Environment
    from locust.event import Events
    from locust.runners import Runner


def think_time(user: User) -> float:
    session = current()
    settings = session.profile.load if session else LoadSettings()
    journey: Journey | None = getattr(user, "journey", None)
    low, high = (journey.think_time_s if journey else None) or settings.think_time_s
    return random.uniform(low, high)


class JourneyUser(FastHttpUser):
    """A virtual user walking one journey of the profile."""

    abstract = True
    journey: ClassVar[Journey | None] = None
    wait_time = paced(think_time)
    insecure = False  # certificates are verified (Locust's default is not to)
    ssl_context_factory = staticmethod(tls_context)

    def on_start(self) -> None:
        self.kept: Values = {}  # values of `once` steps, for the user's whole life
        self.bearer: str | None = None
        self.signed_in = False
        self.done_once: set[int] = set()  # `once` steps that succeeded (a failed one runs again)
        if self.journey is not None and self.journey.login:
            self.sign_in()

    # -- one iteration ---------------------------------------------------------------------------

    @task
    def walk(self) -> None:
        journey = self.journey
        if journey is None:
            return
        if journey.login and not self.signed_in:
            self.sign_in()  # a refused sign-in is retried, and counted, once per iteration
            return
        settings = self._settings()
        values: Values = {name: random.choice(options) for name, options in settings.values.items()}
        values.update(self.kept)
        walked = False
        for index, step in enumerate(journey.steps):
            if step.once and index in self.done_once:
                continue
            if walked:
                gevent.sleep(think_time(self))
            walked = True
            found = self.request(step, values)
            if found is None:
                return
            values.update(found)
            if step.once:
                self.kept.update(found)
                self.done_once.add(index)

    def request(self, step: Step, values: Values) -> Values | None:
        """Send one step; the values it extracts, or None when it failed."""
        headers = self._headers()
        body: JsonValue = None
        form: str | None = None
        if step.json_body is not None:
            body = fill_payload(step.json_body, values)
        elif step.form is not None:
            form = urlencode(fill_form(step.form, values))
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        path = fill_path(step.path, values)
        with self.client.request(
            step.method, path, name=step.request_name, catch_response=True, headers=headers, json=body, data=form
        ) as resp:
            status = resp.status_code
            if status != step.expect_status and (status == 0 or status >= 400):
                return None  # Locust records its own error (the status, or why no answer came)
            if step.expect_status is not None and status != step.expect_status:
                resp.failure(f"expected {step.expect_status}, got {status}")
                return None
            found: Values = {}
            if step.extract:
                try:
                    document = json.loads(resp.text or "")
                except ValueError:
                    resp.failure("answer is not JSON: nothing to extract")
                    return None
                for name, where in step.extract.items():
                    candidates = json_values(document, where)
                    if not candidates:
                        resp.failure(f"no value for {{{name}}} at {where!r} in the answer")
                        return None
                    found[name] = pick(candidates)
            for name, pattern in step.extract_url.items():
                value = url_value(str(resp.url or ""), pattern)
                if value is None:
                    resp.failure(f"no value for {{{name}}}: the final URL does not match {pattern!r}")
                    return None
                found[name] = value
            resp.success()
            return found

    # -- sign-in ---------------------------------------------------------------------------------

    def sign_in(self) -> None:
        session = current()
        login = self._settings().login
        if session is None or login is None:
            return
        credentials = {
            login.username_field: session.env.get(login.username_env, ""),
            login.password_field: session.env.get(login.password_env, ""),
            **login.fields,
        }
        headers = self._headers()
        body: dict[str, str] | None = None
        form: str | None = None
        if login.format == "json":
            body = credentials
        else:
            form = urlencode(credentials)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        name = login.request_name
        with self.client.request(
            "POST", login.path, name=name, catch_response=True, headers=headers, json=body, data=form
        ) as resp:
            if resp.status_code == 0:
                return  # no answer: Locust records why (refused connection, certificate)
            problem = _sign_in_problem(login, resp.status_code, self._cookie_names())
            token = None
            if problem is None and login.token_path:
                try:
                    found = json_values(json.loads(resp.text or ""), login.token_path)
                except ValueError:
                    found = []
                token = str(found[0]) if found else None
                if token is None:
                    problem = f"no token at {login.token_path!r} in the sign-in answer"
            if problem is not None:
                resp.failure(f"sign-in refused: {problem}")  # never the credentials themselves
                return
            resp.success()
        self.bearer = token
        self.signed_in = True

    def _cookie_names(self) -> set[str]:
        return {cookie.name for cookie in self.client.cookiejar}

    def _headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        return headers

    @staticmethod
    def _settings() -> LoadSettings:
        session = current()
        return session.profile.load if session else LoadSettings()


def _sign_in_problem(login: Login, status: int, cookies: set[str]) -> str | None:
    if login.expect_status is not None and status != login.expect_status:
        return f"expected {login.expect_status}, got {status}"
    if login.expect_status is None and (status == 0 or status >= 400):
        return f"answered {status}"
    if login.session_cookie and login.session_cookie not in cookies:
        return f"no {login.session_cookie} cookie was set"
    return None


class ProfileJourneys(JourneyUser):
    """Stands in for the profile's journeys until the run starts; `on_init` replaces it."""


def journey_classes(settings: LoadSettings) -> list[type[JourneyUser]]:
    """One Locust user class per journey, named after it (Locust's user counts show the names)."""
    classes: list[type[JourneyUser]] = []
    for journey in settings.journeys:
        attributes = {"journey": journey, "weight": journey.weight, "__module__": __name__,
                      "__doc__": f"journey {journey.name!r} from the profile"}  # fmt: skip
        classes.append(type(journey.name, (JourneyUser,), attributes))
    return classes


def _kept(session: LoadSession, quiet: bool) -> list[type[JourneyUser]]:
    """The journeys this run may walk: weight above 0, writes only where allowed, credentials set."""
    settings = session.profile.load
    writes_allowed = destructive_allowed(session.profile, session.options.allow_destructive)
    kept = []
    for cls in journey_classes(settings):
        journey = cls.journey
        assert journey is not None
        if journey.weight == 0:
            continue
        if journey.writes and not writes_allowed:
            if not quiet:
                say(f"skipping journey {journey.name} (writes data) on production; --allow-destructive includes it")
            continue
        login = settings.login
        if journey.login and login is not None:
            missing = [name for name in (login.username_env, login.password_env) if not session.env.get(name)]
            if missing:
                if not quiet:
                    say(f"skipping journey {journey.name}: {', '.join(missing)} not set")
                continue
        kept.append(cls)
    return kept


def on_init(environment: Environment, runner: Runner | None = None, **_: object) -> None:
    """Runs after the session's init: the profile's journeys replace the stand-in user class."""
    session = current()
    if session is None:
        return
    if session.is_controller:
        kept = _kept(session, session.quiet)
    else:  # a worker runs whatever the master dispatches to it: every journey, by name
        kept = [cls for cls in journey_classes(session.profile.load) if cls.weight > 0]
    if not kept:
        refuse("no journey left to run (all have weight 0, write data on production, or lack credentials)",
               session.quiet)  # fmt: skip
        return
    for cls in kept:
        # Every request carries the [access] headers: the journeys only talk to the target's host.
        cls.default_headers = dict(session.access.headers)
    environment.user_classes[:] = kept


def install(events: Events) -> None:
    events.init.add_listener(on_init)
