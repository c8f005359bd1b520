"""The demo's SQLite database: schema, seed data and the few queries the pages need."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass

from postdeploy.demo.settings import TEST_EMAIL, TEST_PASSWORD

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS listings (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, price_cents INTEGER NOT NULL,
  provider TEXT NOT NULL, description TEXT NOT NULL, featured INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sessions (
  token TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id));
CREATE TABLE IF NOT EXISTS bookings (
  id INTEGER PRIMARY KEY, listing_id INTEGER NOT NULL REFERENCES listings(id), user_id INTEGER,
  date TEXT NOT NULL, time TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending');
CREATE TABLE IF NOT EXISTS checkout_sessions (
  id TEXT PRIMARY KEY, booking_id INTEGER NOT NULL REFERENCES bookings(id), amount_cents INTEGER NOT NULL,
  description TEXT NOT NULL, success_url TEXT NOT NULL, cancel_url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open');
"""

CATEGORIES = ("Aerial photography", "Inspection", "Mapping", "Agriculture")

# (title, category, price in cents, provider, description, featured)
LISTINGS = [
    (
        "Real estate aerial photo shoot",
        "Aerial photography",
        24900,
        "Skyline Imaging",
        "Twenty edited high-resolution stills of a property and its grounds.",
        1,
    ),
    (
        "Wedding drone video",
        "Aerial photography",
        59900,
        "Skyline Imaging",
        "Cinematic 4K footage of the ceremony and venue, edited to a three-minute film.",
        1,
    ),
    (
        "Roof inspection",
        "Inspection",
        17900,
        "RoofScan Pro",
        "Close-up survey of roof tiles, gutters and chimneys with a written report.",
        1,
    ),
    (
        "Wind turbine blade inspection",
        "Inspection",
        129900,
        "BladeCheck Aero",
        "Thermal and visual inspection of turbine blades without a rope team.",
        0,
    ),
    (
        "Solar farm thermal survey",
        "Inspection",
        89900,
        "BladeCheck Aero",
        "Radiometric thermal imaging to find failing panels and hot spots.",
        0,
    ),
    (
        "Construction site progress mapping",
        "Mapping",
        34900,
        "TerraPlot Surveys",
        "Weekly orthomosaic maps and volume estimates for stockpiles.",
        1,
    ),
    (
        "Topographic survey",
        "Mapping",
        74900,
        "TerraPlot Surveys",
        "Survey-grade elevation model with ground control points.",
        0,
    ),
    (
        "Crop health analysis",
        "Agriculture",
        39900,
        "FieldSense",
        "Multispectral NDVI maps showing crop stress across your fields.",
        0,
    ),
    (
        "Precision crop spraying",
        "Agriculture",
        54900,
        "FieldSense",
        "Targeted spraying of fertiliser or treatment by certified pilots.",
        0,
    ),
    (
        "Event aerial photography",
        "Aerial photography",
        29900,
        "Skyline Imaging",
        "Aerial stills of festivals, races and outdoor events.",
        0,
    ),
    (
        "Bridge structural inspection",
        "Inspection",
        149900,
        "RoofScan Pro",
        "Detailed visual inspection of bridge decks, piers and bearings.",
        0,
    ),
    (
        "Golf course mapping",
        "Mapping",
        44900,
        "TerraPlot Surveys",
        "High-resolution course maps for design and maintenance planning.",
        0,
    ),
]


def hash_password(password: str, salt: bytes | None = None) -> str:
    # Few iterations on purpose: a local demo whose logins are load-tested, not a password store.
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 5_000)
    return f"{salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    salt_hex, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt_hex)), stored)


def connect(path: str) -> sqlite3.Connection:
    """Open (and on first use create and seed) the database. One connection, used from the event loop."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(SCHEMA)
    if conn.execute("SELECT COUNT(*) FROM listings").fetchone()[0] == 0:
        conn.executemany(
            "INSERT INTO listings (title, category, price_cents, provider, description, featured)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            LISTINGS,
        )
        conn.execute(
            "INSERT INTO users (name, email, password_hash) VALUES (?, ?, ?)",
            # DEMO_TEST_PASSWORD lets the redaction audit plant a password of its own.
            ("Demo Pilot", TEST_EMAIL, hash_password(os.environ.get("DEMO_TEST_PASSWORD") or TEST_PASSWORD)),
        )
    return conn


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str


def listing_dict(row: sqlite3.Row) -> dict[str, object]:
    return {
        "id": row["id"],
        "title": row["title"],
        "category": row["category"],
        "price": row["price_cents"] / 100,
        "price_label": f"${row['price_cents'] / 100:,.2f}",
        "provider": row["provider"],
        "description": row["description"],
        "image": f"/static/img/{row['category'].split()[0].lower()}.svg",
    }


class Store:
    """The queries the demo runs, on one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def ping(self) -> bool:
        return bool(self.conn.execute("SELECT 1").fetchone()[0] == 1)

    def listings(self, query: str = "", category: str = "", featured: bool = False) -> list[dict[str, object]]:
        sql, args = "SELECT * FROM listings WHERE 1=1", []
        if query:
            sql += " AND (title LIKE ? OR description LIKE ? OR provider LIKE ?)"
            args += [f"%{query}%"] * 3
        if category:
            sql += " AND category = ?"
            args.append(category)
        if featured:
            sql += " AND featured = 1"
        return [listing_dict(row) for row in self.conn.execute(sql + " ORDER BY id", args)]

    def listing(self, listing_id: int) -> dict[str, object] | None:
        row = self.conn.execute("SELECT * FROM listings WHERE id = ?", (listing_id,)).fetchone()
        return listing_dict(row) if row else None

    def listing_price_cents(self, listing_id: int) -> int:
        return int(self.conn.execute("SELECT price_cents FROM listings WHERE id = ?", (listing_id,)).fetchone()[0])

    # users and sessions
    def user_by_email(self, email: str) -> tuple[User, str] | None:
        row = self.conn.execute("SELECT * FROM users WHERE email = ?", (email.strip().lower(),)).fetchone()
        return (User(row["id"], row["name"], row["email"]), row["password_hash"]) if row else None

    def create_user(self, name: str, email: str, password: str) -> User | None:
        try:
            cur = self.conn.execute(
                "INSERT INTO users (name, email, password_hash) VALUES (?, ?, ?)",
                (name.strip(), email.strip().lower(), hash_password(password)),
            )
        except sqlite3.IntegrityError:
            return None
        return User(int(cur.lastrowid or 0), name.strip(), email.strip().lower())

    def create_session(self, user_id: int) -> str:
        token = secrets.token_urlsafe(24)
        self.conn.execute("INSERT INTO sessions (token, user_id) VALUES (?, ?)", (token, user_id))
        return token

    def session_user(self, token: str) -> User | None:
        row = self.conn.execute(
            "SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE token = ?", (token,)
        ).fetchone()
        return User(row["id"], row["name"], row["email"]) if row else None

    def delete_session(self, token: str) -> None:
        self.conn.execute("DELETE FROM sessions WHERE token = ?", (token,))

    # bookings
    def create_booking(self, listing_id: int, user_id: int | None, date: str, time: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO bookings (listing_id, user_id, date, time) VALUES (?, ?, ?, ?)",
            (listing_id, user_id, date, time),
        )
        return int(cur.lastrowid or 0)

    def booking(self, booking_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT bookings.*, listings.title AS title, listings.price_cents AS price_cents FROM bookings"
            " JOIN listings ON listings.id = bookings.listing_id WHERE bookings.id = ?",
            (booking_id,),
        ).fetchone()
        return row

    def user_bookings(self, user_id: int) -> list[sqlite3.Row]:
        return list(
            self.conn.execute(
                "SELECT bookings.*, listings.title AS title FROM bookings"
                " JOIN listings ON listings.id = bookings.listing_id WHERE user_id = ? ORDER BY bookings.id DESC",
                (user_id,),
            )
        )

    def set_booking_status(self, booking_id: int, status: str, only_from: str | None = None) -> bool:
        sql, args = "UPDATE bookings SET status = ? WHERE id = ?", [status, booking_id]
        if only_from:
            sql += " AND status = ?"
            args.append(only_from)
        return self.conn.execute(sql, args).rowcount > 0

    # checkout sessions (the Stripe-like side)
    def create_checkout_session(self, booking_id: int, amount_cents: int, description: str,
                                success_url: str, cancel_url: str) -> str:  # fmt: skip
        session_id = "cs_test_" + secrets.token_hex(16)
        self.conn.execute(
            "INSERT INTO checkout_sessions (id, booking_id, amount_cents, description, success_url, cancel_url)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, booking_id, amount_cents, description, success_url, cancel_url),
        )
        return session_id

    def checkout_session(self, session_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM checkout_sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return row

    def set_checkout_status(self, session_id: str, status: str) -> None:
        self.conn.execute("UPDATE checkout_sessions SET status = ? WHERE id = ?", (status, session_id))
