"""A throwaway PostgreSQL cluster for one run of the demo, copied from a template cluster (initdb and
the schema, made once per machine and schema version), postgres on a free loopback port, stopped and
deleted with the demo. As root, every PostgreSQL program runs as the `postgres` user."""

from __future__ import annotations

import contextlib
import ctypes
import glob
import hashlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

DEBIAN_BIN = "/usr/lib/postgresql/15/bin"
INSTALL_HINT = "run scripts/setup.sh or apt-get install postgresql"
PR_SET_PDEATHSIG = 1
# 1 MB WAL segments (16 MB by default) keep the folder each start copies small.
INITDB_ARGS = ("-U", "postgres", "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "-N",
               "--no-instructions", "--wal-segsize=1")  # fmt: skip
# Speed over durability: the cluster lives as long as one demo run.
SETTINGS = {
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "shared_buffers": "16MB",
    "max_connections": "30", "listen_addresses": "127.0.0.1", "log_min_messages": "warning",
    "min_wal_size": "2MB", "max_wal_size": "32MB",
}  # fmt: skip
# The template keeps one database: nothing here runs CREATE DATABASE, and each start copies less.
SLIM = ("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
        "DROP DATABASE template0", "DROP DATABASE template1", "CHECKPOINT")  # fmt: skip


class PostgresError(RuntimeError):
    """PostgreSQL is missing or would not start; the message is one line."""


def find_bin_dir() -> Path:
    """Debian's PostgreSQL 15 first, then any other Debian version, then initdb on PATH."""
    candidates = [DEBIAN_BIN, *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "postgres").is_file():
            return Path(folder)
    raise PostgresError(f"PostgreSQL not found (looked in {DEBIAN_BIN} and on PATH): {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    # Runs in the child before exec: if the demo is killed outright, postgres stops immediately
    # instead of living on as an orphan.
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGQUIT)


@dataclass
class Cluster:
    """One running cluster. `superuser_conninfo` reaches it over its private Unix socket;
    the data API logs in as `authenticator` over TCP with `app_password`."""

    bin_dir: Path
    root: Path
    port: int = 0
    app_password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    process: subprocess.Popen[bytes] | None = None

    @property
    def superuser_conninfo(self) -> str:
        return f"host={self.root} port={self.port} user=postgres dbname=postgres"

    @property
    def superuser_uri(self) -> str:
        """The same as a libpq URI (no spaces: it goes into the demo's ready line)."""
        return f"postgresql:///postgres?host={self.root}&port={self.port}&user=postgres"

    @property
    def app_conninfo(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=authenticator password={self.app_password} dbname=postgres"

    def _run_as(self) -> dict[str, object]:
        if os.geteuid() != 0:
            return {}
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresError(f"running as root needs the `postgres` user: {INSTALL_HINT}") from None
        return {"user": "postgres", "group": "postgres", "extra_groups": []}

    def _run(self, what: str, cmd: list[str]) -> None:
        as_user = self._run_as()
        if as_user:
            shutil.chown(self.root, "postgres", "postgres")
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, **as_user)  # type: ignore[call-overload]
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise PostgresError(f"{what} failed (exit {done.returncode}): {last}")

    def init(self) -> None:
        self._run("initdb", [str(self.bin_dir / "initdb"), "-D", str(self.root / "data"), *INITDB_ARGS])

    def copy_from(self, template: Path) -> None:
        """The template's data folder, copied (2-10x faster than initdb, which dominates start-up)."""
        self._run("copying the template cluster", ["cp", "-a", str(template / "data"), str(self.root / "data")])

    def start(self, timeout: float = 20.0) -> None:
        """Start postgres on a free port (a few tries: another process may take the port first)."""
        for _ in range(3):
            self.port = _free_port()
            if self._start_once(timeout):
                return
        raise PostgresError(f"postgres would not start: {self._log_tail()}")

    def _start_once(self, timeout: float) -> bool:
        options = {**SETTINGS, "port": str(self.port), "unix_socket_directories": str(self.root)}
        cmd = [str(self.bin_dir / "postgres"), "-D", str(self.root / "data")]
        for name, value in options.items():
            cmd += ["-c", f"{name}={value}"]
        with open(self.root / "postgres.log", "ab") as log:  # the child keeps its own copy of the fd
            self.process = subprocess.Popen(  # type: ignore[call-overload]
                cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent, **self._run_as()
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                psycopg.connect(self.superuser_conninfo, connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.02)
        self.stop()
        raise PostgresError(f"postgres did not accept connections within {timeout:.0f}s: {self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            lines = (self.root / "postgres.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1] if lines else "no log"

    def stop(self) -> None:
        """Fast shutdown, and the folder goes with it."""
        self.shutdown()
        shutil.rmtree(self.root, ignore_errors=True)

    def shutdown(self) -> None:
        """Fast shutdown (SIGINT), then immediate."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def template_cluster(bin_dir: Path, key: str, build: Callable[[Cluster], None]) -> Path:
    """The folder of a stopped cluster that `build` prepared, made once per PostgreSQL, initdb
    options and `key` (the schema's fingerprint); concurrent demos race harmlessly to create it."""
    digest = hashlib.sha256(f"{bin_dir}|{' '.join(INITDB_ARGS)}|{key}".encode()).hexdigest()[:16]
    template = Path(tempfile.gettempdir()) / f"postdeploy-pg-template-{digest}"
    if (template / "data" / "PG_VERSION").is_file():
        return template
    builder = Cluster(bin_dir, Path(tempfile.mkdtemp(prefix=f"{template.name}.building-")))
    try:
        builder.init()
        builder.start()
        build(builder)
        with psycopg.connect(builder.superuser_conninfo, autocommit=True) as conn:
            for statement in SLIM:
                conn.execute(statement)
        builder.shutdown()
        # Atomic: a half-built template is never seen. OSError: another demo finished first.
        with contextlib.suppress(OSError):
            builder.root.rename(template)
    finally:
        builder.stop()  # removes the build folder unless it became the template
    return template


def start_cluster(template_key: str, build: Callable[[Cluster], None]) -> Cluster:
    """A fresh cluster from the template for `template_key`, started; PostgresError (one line)
    when that cannot be done."""
    bin_dir = find_bin_dir()
    for attempt in (1, 2):
        template = template_cluster(bin_dir, template_key, build)
        cluster = Cluster(bin_dir, Path(tempfile.mkdtemp(prefix="postdeploy-pg-")))
        try:
            cluster.copy_from(template)
            cluster.start()
            return cluster
        except PostgresError:
            cluster.stop()
            if attempt == 2:
                raise
            shutil.rmtree(template, ignore_errors=True)  # damaged (a /tmp cleaner?): build it again
        except BaseException:
            cluster.stop()
            raise
    raise AssertionError("unreachable")
