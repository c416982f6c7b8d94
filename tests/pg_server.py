"""A real PostgreSQL server for the action register's tests, from Debian's postgresql package.

One server per test session (initdb in a temporary directory, TCP on 127.0.0.1 and a free port,
sockets in a private directory, fsync off), one fresh database per test. Without the binaries the
PostgreSQL tests skip, or FAIL when env CI is set, so CI cannot pass without running them.

Use from a test module:

    from tests.pg_server import store_url  # noqa: F401  (fixture, parametrised sqlite/postgresql)
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_GLOB = "/usr/lib/postgresql/*/bin"
OS_USER = "postgres"  # initdb refuses to run as root


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    run_as: list[str]

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres") as conn:
            conn.autocommit = True
            conn.execute(sql)

    def create_database(self, name: str) -> str:
        self._admin(f'create database "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'drop database if exists "{name}" with (force)')

    def stop(self) -> None:
        if not (self.root / "data" / "postmaster.pid").exists():
            return
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl."""
    found = [
        Path(d)
        for d in glob.glob(PG_GLOB)
        if (Path(d) / "initdb").is_file() and (Path(d) / "pg_ctl").is_file()
    ]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL-testerna kan inte köras: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI är satt: testerna får inte hoppas över)", pytrace=False)
    pytest.skip(message)


def start_server() -> PostgresServer:
    """initdb + pg_ctl start; raises RuntimeError with the server log on failure."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError(f"initdb/pg_ctl finns inte under {PG_GLOB} (Debian-paketet postgresql)")
    root = Path(tempfile.mkdtemp(prefix="kvalitet-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            entry = pwd.getpwnam(OS_USER)
        except KeyError:
            raise FileNotFoundError(f"testerna körs som root och OS-användaren {OS_USER} saknas") from None
        os.chown(root, entry.pw_uid, entry.pw_gid)
        run_as = ["runuser", "-u", OS_USER, "--"]
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    subprocess.run([*run_as, "mkdir", str(sockets)], check=True)
    initdb = subprocess.run(
        [
            *run_as,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if initdb.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb misslyckades:\n{initdb.stdout}\n{initdb.stderr}")
    port = _free_port()
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    start = subprocess.run(
        [
            *run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if start.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start misslyckades:\n{start.stdout}\n{start.stderr}\n{text}")
    server = PostgresServer(bindir, root, port, run_as)
    atexit.register(server.stop)  # also when the session is interrupted
    return server


_SERVER: PostgresServer | None = None
_FAILURE: str | None = None
_NAMES = itertools.count(1)


def _server() -> PostgresServer:
    """The session's server, started once per process (even if several modules use the fixture)."""
    global _SERVER, _FAILURE
    if _SERVER is None and _FAILURE is None:
        try:
            _SERVER = start_server()
        except (FileNotFoundError, RuntimeError, OSError, subprocess.SubprocessError) as e:
            _FAILURE = str(e)
    if _SERVER is None:
        _unavailable(_FAILURE or "okänt fel")
    assert _SERVER is not None
    return _SERVER


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The running PostgreSQL server (skipped or, under CI, failed without the binaries)."""
    server = _server()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty action store: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'actions.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"actions_test_{os.getpid()}_{next(_NAMES)}"
    url = server.create_database(name)
    yield url
    server.drop_database(name)
