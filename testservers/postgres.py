"""A throw-away PostgreSQL server: initdb into a temporary folder, pg_ctl on 127.0.0.1.

    with PostgresServer() as server:
        url = server.create_database("course")   # postgresql://grader:...@127.0.0.1:PORT/course
        ...

For the gradebook's tests and benchmark only: the cluster lives in a fresh temporary
folder, listens on 127.0.0.1 at a free port (and on a Unix socket in a private folder),
is tuned for speed rather than durability (`fsync=off`), and is stopped and deleted on
exit. The server refuses to run as root, so as root initdb, pg_ctl and the server run
as the `postgres` OS user (Debian's package creates it), owning the folder; otherwise as
the current user. TCP logins need the cluster's random password (it is in the URLs);
the socket folder is private, so logins through it are trusted.

The binaries come from Debian's `postgresql` package (/usr/lib/postgresql/<version>/bin)
or PATH; `make postgresql` installs it when missing.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["PostgresServer", "PostgresServerError", "find_bindir"]

SERVICE_USER = "postgres"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Speed over durability: the cluster is thrown away after the run.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "shared_buffers": "'32MB'",
    "log_min_messages": "warning",
}


class PostgresServerError(RuntimeError):
    """The throw-away server could not be found, started or used."""


def find_bindir(roots=("/usr/lib/postgresql",), path=None):
    """The folder holding initdb and pg_ctl: Debian's newest version under `roots`
    (<root>/<version>/bin), else the first on `path` (default: PATH)."""
    found = []
    for initdb in (hit for root in roots for hit in Path(root).glob("*/bin/initdb")):
        version = initdb.parent.parent.name
        if version.isdigit() and (initdb.parent / "pg_ctl").is_file():
            found.append((int(version), initdb.parent))
    if found:
        return max(found)[1]
    initdb = shutil.which("initdb", path=path)
    if initdb and shutil.which("pg_ctl", path=path):
        return Path(initdb).resolve().parent
    raise PostgresServerError(
        "PostgreSQL's server programs (initdb, pg_ctl) are missing: expected them in "
        "/usr/lib/postgresql/<version>/bin or on PATH. Install Debian's postgresql with "
        "`make postgresql` (as root) or `sudo apt-get install postgresql`.")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A private PostgreSQL cluster for one test session or benchmark run.

    `user` is the cluster's superuser role (it owns every database created here).
    `settings` override `SETTINGS` (postgresql.conf names and values), e.g.
    ``{"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}`` for a
    server as durable as a real one. After `__enter__`: `port`, `password`,
    `socket_dir`, `folder` and `log_path` are set.
    """

    def __init__(self, *, user="grader", bindir=None, startup_timeout=60, settings=None):
        if not _NAME.fullmatch(user):
            raise ValueError(f"`user`: expected a lower-case SQL name (letters, digits, "
                             f"_), got {user!r}.")
        for key, value in (settings or {}).items():
            if not re.fullmatch(r"[a-z_]+", str(key)) or "\n" in str(value):
                raise ValueError(f"`settings`: expected postgresql.conf names and one-line "
                                 f"values, got {key!r} = {value!r}.")
        self.settings = {**SETTINGS, **(settings or {})}
        self.user = user
        self.bindir = Path(bindir) if bindir else None
        self.startup_timeout = startup_timeout
        self.folder = None
        self.port = None
        self.password = None
        self._owner = None  # (uid, gid) the server runs as, None for the current user

    # Paths inside the temporary folder.
    @property
    def data_dir(self):
        return self.folder / "data"

    @property
    def socket_dir(self):
        return self.folder / "socket"

    @property
    def log_path(self):
        return self.folder / "server.log"

    def url(self, database):
        """The SQLAlchemy URL of `database` over TCP on 127.0.0.1 (password included)."""
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def __enter__(self):
        self.bindir = self.bindir or find_bindir()
        self._owner = self._service_owner()
        self.folder = Path(tempfile.mkdtemp(prefix="grader-postgres-"))
        try:
            self._own(self.folder)
            self.socket_dir.mkdir(mode=0o700)
            self._own(self.socket_dir)
            self.password = secrets.token_hex(16)
            self._initdb()
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.folder is None:
            return
        try:
            if (self.data_dir / "postmaster.pid").is_file():
                self._stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def create_database(self, name):
        """Create an empty database `name`; return its SQLAlchemy URL."""
        if not _NAME.fullmatch(str(name)):
            raise ValueError(f"`name`: expected a lower-case SQL name (a letter or _, then "
                             f"letters, digits, _; at most 63), got {name!r}.")
        if self.folder is None:
            raise PostgresServerError("create_database: the server is not running "
                                      "(use `with PostgresServer() as server:`).")
        self.run_sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def run_sql(self, sql, database="postgres"):
        """Run `sql` with psql as the superuser over the private socket; return its output."""
        done = self._run([self.bindir / "psql", "-X", "-q", "-A", "-t", "-v",
                          "ON_ERROR_STOP=1", "-h", str(self.socket_dir), "-p", str(self.port),
                          "-U", self.user, "-d", database, "-c", sql], as_owner=False)
        return done.stdout

    # Internals.
    def _service_owner(self):
        if os.geteuid() != 0:
            return None
        try:
            entry = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            raise PostgresServerError(
                f"PostgreSQL refuses to run as root and the {SERVICE_USER!r} OS user is "
                f"missing: install Debian's postgresql (`make postgresql`), which creates "
                f"it, or run the tests as an unprivileged user.") from None
        return entry.pw_uid, entry.pw_gid

    def _own(self, path):
        if self._owner is not None:
            os.chown(path, *self._owner)

    def _env(self):
        return {"PATH": f"{self.bindir}:/usr/bin:/bin", "LC_ALL": "C", "LANG": "C",
                "HOME": str(self.folder), "PGTZ": "UTC"}

    def _run(self, cmd, *, as_owner=True, check=True, timeout=120):
        owner = self._owner if as_owner else None
        kwargs = {}
        if owner is not None:
            kwargs = {"user": owner[0], "group": owner[1], "extra_groups": []}
        done = subprocess.run([str(c) for c in cmd], cwd=self.folder, env=self._env(),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout, check=False, **kwargs)
        if check and done.returncode != 0:
            raise PostgresServerError(
                f"{Path(str(cmd[0])).name} failed with exit code {done.returncode}: "
                f"{(done.stderr or done.stdout).strip()[-2000:]}")
        return done

    def _initdb(self):
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        pwfile.chmod(0o600)
        self._own(pwfile)
        try:
            self._run([self.bindir / "initdb", "-D", self.data_dir, "-U", self.user,
                       f"--pwfile={pwfile}", "--auth-local=trust",
                       "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"])
        finally:
            pwfile.unlink(missing_ok=True)

    def _start(self):
        conf = self.data_dir / "postgresql.conf"
        for _attempt in range(5):
            self.port = _free_port()
            settings = {**self.settings, "port": str(self.port),
                        "unix_socket_directories": f"'{self.socket_dir}'"}
            with open(conf, "a") as out:  # the last setting of a name wins
                out.write("\n# throw-away test server\n")
                out.writelines(f"{key} = {value}\n" for key, value in settings.items())
            done = self._run([self.bindir / "pg_ctl", "-D", self.data_dir, "-l",
                              self.log_path, "-w", "-t", str(self.startup_timeout), "start"],
                             check=False, timeout=self.startup_timeout + 30)
            if done.returncode == 0:
                return
            log = self._log_tail()
            if "already in use" not in log:  # another process took the port: try again
                raise PostgresServerError(f"pg_ctl start failed (exit code "
                                          f"{done.returncode}): {done.stderr.strip()}\n{log}")
        raise PostgresServerError(f"pg_ctl start: no free port after 5 tries\n{log}")

    def _postmaster_pid(self):
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def _stop(self):
        pid = self._postmaster_pid()
        done = self._run([self.bindir / "pg_ctl", "-D", self.data_dir, "-m", "fast", "-w",
                          "-t", "30", "stop"], check=False, timeout=60)
        if done.returncode == 0 or pid is None:
            return
        # pg_ctl could not stop it: an immediate shutdown of the server we started.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def _log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"
