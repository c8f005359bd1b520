"""The main origin's HTML pages: home, browse, listing detail, auth, dashboard, bookings."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from postdeploy.demo.context import DemoContext
from postdeploy.demo.db import CATEGORIES, check_password
from postdeploy.demo.web import client_id, safe_next

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{2}:\d{2}$")
SLOWER_HOME_RENDER_S = 0.15  # regression fault: slower, yet under every absolute budget


def page_routes(demo: DemoContext) -> list[Route]:
    store, faults, sessions = demo.store, demo.faults, demo.sessions

    def render(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
        return demo.templates.render(template, status, user=sessions.user(request), path=request.url.path, **context)

    def next_of(value: str | None) -> str:
        if faults.on("open-redirect-login"):  # trusted as it comes: //evil.example included
            return value or "/dashboard"
        return safe_next(value)

    def login_redirect(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/auth/login?next={quote(target, safe='/')}", status_code=303)

    async def home(request: Request) -> Response:
        if faults.on("missing-text"):
            return render(request, "blank.html")
        if faults.on("slower-home-render"):
            await asyncio.sleep(SLOWER_HOME_RENDER_S)  # an N+1 query on the featured listings
        return render(request, "home.html", listings=store.listings(featured=True))

    async def browse(request: Request) -> Response:
        if faults.on("page-500"):
            return render(request, "error.html", 500, title="Something went wrong")
        if faults.on("slow-page"):
            await asyncio.sleep(1.5)
        query = request.query_params.get("q", "").strip()
        category = request.query_params.get("category", "")
        category = category if category in CATEGORIES else ""
        # search-broken: the query is silently ignored, so every search "finds" everything.
        found = store.listings(
            "" if faults.on("search-broken") else query, "" if faults.on("category-ignored") else category
        )
        return render(request, "browse.html", listings=found, q=query, category=category, categories=CATEGORIES)

    async def listing(request: Request) -> Response:
        if faults.on("detail-500"):
            return render(request, "error.html", 500, title="Something went wrong")
        item = store.listing(request.path_params["listing_id"])
        if item is None:
            return render(request, "error.html", 404, title="Listing not found")
        return render(request, "listing.html", listing=item)

    async def login_page(request: Request) -> Response:
        if faults.on("redirect-loop") and not request.url.query:
            # A stray rule sends the bare login page back to the legacy /login, which redirects here.
            return RedirectResponse("/login", status_code=308)
        return render(request, "login.html", next=next_of(request.query_params.get("next")))

    async def login(request: Request) -> Response:
        form = await request.form()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        next_path = next_of(str(form.get("next", "")))
        # Limited per client and account, so hammering one account does not lock out the whole address.
        client = f"{client_id(request)}|{email.strip().lower()}"
        if demo.login_limit.limited(client) and not faults.on("no-rate-limit"):
            if faults.on("rate-limit-503-bare"):  # looks like an outage, not a lockout: no Retry-After
                return render(request, "login.html", 503, error="Service unavailable.")
            response = render(request, "login.html", 429, error="Too many attempts. Try again in a minute.")
            response.headers["Retry-After"] = str(demo.login_limit.retry_after(client))
            return response
        found = store.user_by_email(email)
        accepted = found and (check_password(password, found[1]) or faults.on("wrong-password-accepted"))
        if accepted and found and not faults.on("login-broken"):
            redirect = RedirectResponse(next_path, status_code=303)
            sessions.start(redirect, found[0])
            return redirect
        demo.login_limit.failed(client)
        return render(request, "login.html", error="Invalid email or password", email=email, next=next_path)

    async def signup_page(request: Request) -> Response:
        return render(request, "signup.html")

    async def signup(request: Request) -> Response:
        form = await request.form()
        name, email = str(form.get("name", "")).strip(), str(form.get("email", "")).strip()
        password = str(form.get("password", ""))
        error = None
        if not name or "@" not in email or len(password) < 8:
            error = "Enter your name, a valid email and a password of at least 8 characters"
        # signup-broken: every address is "taken", so nobody can sign up.
        user = None if error or faults.on("signup-broken") else store.create_user(name, email, password)
        if user is None:
            error = error or "An account with this email already exists"
            return render(request, "signup.html", 400, error=error, name=name, email=email)
        response = RedirectResponse("/dashboard", status_code=303)
        sessions.start(response, user)
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse("/", status_code=303)
        if not faults.on("logout-keeps-session"):
            sessions.end(request, response)
        return response

    async def dashboard(request: Request) -> Response:
        user = sessions.user(request)
        if user is None and faults.on("middleware-subrequest-bypass") and _subrequest(request):
            # CVE-2025-29927: the guard believes an internal subrequest and lets the page render.
            return render(request, "dashboard.html", bookings=[], admin=False)
        if user is None and faults.on("private-route-404"):
            return render(request, "error.html", 404, title="Page not found")
        if user is None:
            return login_redirect(request)
        admin = request.query_params.get("tab") == "admin"
        return render(request, "dashboard.html", bookings=store.user_bookings(user.id), admin=admin)

    async def admin(request: Request) -> Response:
        if faults.on("admin-unprotected"):
            return render(request, "admin.html")
        return RedirectResponse("/dashboard?tab=admin", status_code=307)

    async def create_booking(request: Request) -> Response:
        user = sessions.user(request)
        if user is None:
            return RedirectResponse("/auth/login", status_code=303)
        form = await request.form()
        try:
            listing_id = int(str(form.get("listing_id", "")))
        except ValueError:
            listing_id = 0
        date, time_ = str(form.get("date", "")), str(form.get("time", ""))
        item = store.listing(listing_id)
        if item is None or not DATE_RE.match(date) or not TIME_RE.match(time_):
            error = "Choose a date and a time for your booking"
            return (
                render(request, "listing.html", 400, listing=item, error=error) if item else Response(status_code=400)
            )
        # booking-not-saved: the booking loses its owner, so it never shows in the dashboard.
        owner = None if faults.on("booking-not-saved") else user.id
        booking_id = store.create_booking(listing_id, owner, date, time_)
        return RedirectResponse(f"/bookings/{booking_id}", status_code=303)

    def own_booking(request: Request) -> tuple[sqlite3.Row | None, Response | None]:
        user = sessions.user(request)
        if user is None:
            return None, login_redirect(request)
        booking = store.booking(request.path_params["booking_id"])
        visible = booking is not None and (booking["user_id"] == user.id or booking["user_id"] is None)
        if not visible:
            return None, render(request, "error.html", 404, title="Booking not found")
        return booking, None

    async def booking_page(request: Request) -> Response:
        booking, problem = own_booking(request)
        return problem or render(request, "booking.html", booking=booking)

    async def cancel_booking(request: Request) -> Response:
        _, problem = own_booking(request)
        if problem:
            return problem
        store.set_booking_status(request.path_params["booking_id"], "cancelled")
        return RedirectResponse("/dashboard", status_code=303)

    async def start_checkout(request: Request) -> Response:
        _, problem = own_booking(request)
        if problem:
            return problem
        booking_id = request.path_params["booking_id"]
        row = store.booking(booking_id)
        assert row is not None
        origin = demo.settings.main_origin
        session_id = store.create_checkout_session(
            booking_id,
            int(row["price_cents"]),
            str(row["title"]),
            f"{origin}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}",
            f"{origin}/checkout/cancel",
        )
        return RedirectResponse(f"{demo.settings.checkout_origin}/c/pay/{session_id}", status_code=303)

    async def checkout_success(request: Request) -> Response:
        return render(request, "checkout_success.html", session_id=request.query_params.get("session_id", ""))

    async def checkout_cancel(request: Request) -> Response:
        return render(request, "checkout_cancel.html")

    return [
        Route("/", home),
        Route("/browse", browse),
        Route("/listings/{listing_id:int}", listing),
        Route("/auth/login", login_page, methods=["GET"]),
        Route("/auth/login", login, methods=["POST"]),
        Route("/auth/signup", signup_page, methods=["GET"]),
        Route("/auth/signup", signup, methods=["POST"]),
        Route("/auth/logout", logout, methods=["POST"]),
        Route("/dashboard", dashboard),
        Route("/admin", admin),
        Route("/bookings", create_booking, methods=["POST"]),
        Route("/bookings/{booking_id:int}", booking_page),
        Route("/bookings/{booking_id:int}/cancel", cancel_booking, methods=["POST"]),
        Route("/bookings/{booking_id:int}/checkout", start_checkout, methods=["POST"]),
        Route("/checkout/success", checkout_success),
        Route("/checkout/cancel", checkout_cancel),
    ]


def _subrequest(request: Request) -> bool:
    return "middleware" in request.headers.get("x-middleware-subrequest", "")
