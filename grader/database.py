"""The gradebook's database: URL checks, the driver, locks and retried writes.

nbgrader's `Gradebook` works on any SQLAlchemy URL, but a few things differ between
the default SQLite file and a PostgreSQL server shared by several grading runs:

- URLs: `gradebook_url` accepts `sqlite:///PATH` and `postgresql://...` (or
  `postgres://...`), refuses anything else with a `ValueError`, and picks the installed
  PostgreSQL driver (SQLAlchemy's default for a bare `postgresql://` is psycopg 3, the
  course's `postgres` extra installs psycopg2). A missing driver is a `MissingDriver`
  error saying what to install. `shown_url` hides the password for messages.
- Course id: nbgrader's command-line apps use the course id `""` but `Gradebook`
  records the course `"default_course"`; SQLite ignores the foreign key between them,
  PostgreSQL does not. Both must use `COURSE_ID`.
- Races between runs writing one PostgreSQL gradebook at once: creating the tables and
  preparing an assignment (nbgrader's `generate_assignment` may delete and re-create
  an assignment's notebook) take an exclusive advisory lock (`exclusive`); every
  transaction writing grades takes the same lock shared, so grades are never written
  while an assignment is being re-created. A write that still hits a constraint race
  (two runs creating one student) or a deadlock is rolled back by nbgrader and retried
  whole (`write_grades`).
- Speed: opening a `Gradebook` on PostgreSQL costs a connection and several queries,
  so the gradebook grades are written through stays open for the process (closed at
  exit and before any fork: a child must never share its parent's connection).
SQLite needs none of this: one run at a time writes its gradebook file.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import random
import re
import time
from pathlib import Path

__all__ = ["COURSE_ID", "NBGRADER_CONFIG", "MissingDriver", "check_url", "close_writers",
           "exclusive", "gradebook_url", "is_postgresql", "open_gradebook", "shown_url",
           "write_grades"]

COURSE_ID = "default_course"
# nbgrader settings (by section) of every `NbGraderAPI` writing the gradebook.
NBGRADER_CONFIG = {"CourseDirectory": {"course_id": COURSE_ID}}
# Advisory lock key (two int4): "grdr" and the gradebook's layout (tables, assignments).
_LOCK = (0x67726472, 1)
# PostgreSQL drivers (URL name -> module), preferred first: psycopg2 is the course's
# `postgres` extra; psycopg (3) is SQLAlchemy's default.
_DRIVERS = {"psycopg2": "psycopg2", "psycopg": "psycopg"}
_EXAMPLE = "postgresql://USER:PASSWORD@HOST:PORT/DATABASE or sqlite:///PATH"
# SQLSTATEs worth retrying: unique and foreign key violations (a race between two runs),
# serialization failure, deadlock.
_RETRY_CODES = {"23505", "23503", "40001", "40P01"}
_ATTEMPTS = 6
_READY = set()  # URLs whose tables this process has seen created
_WRITERS = {}  # URL -> the PostgreSQL `Gradebook` this process writes grades through


class MissingDriver(RuntimeError):
    """The URL names a database whose Python driver is not installed."""


def _masked(text):
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", str(text))


def gradebook_url(db, workdir):
    """The URL of the gradebook: `db` checked, or SQLite in `workdir` when `db` is None."""
    if db is None:
        return f"sqlite:///{Path(workdir) / 'gradebook.db'}"
    return check_url(db)


def check_url(db):
    """`db` as a URL nbgrader can open (PostgreSQL with an installed driver named)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(str(db))
    except (ArgumentError, ValueError) as exc:
        raise ValueError(f"`--db`: expected a database URL such as {_EXAMPLE}, got "
                         f"{_masked(db)!r} ({exc}).") from None
    dialect, _, driver = url.drivername.partition("+")
    if dialect == "postgres":
        dialect = "postgresql"
    if dialect == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValueError(f"`--db`: expected an SQLite file (sqlite:///PATH), got "
                             f"{_masked(db)!r}: an in-memory gradebook would lose every "
                             f"grade when the run ends.")
        return url.render_as_string(hide_password=False)
    if dialect != "postgresql":
        raise ValueError(f"`--db`: expected a PostgreSQL or SQLite URL ({_EXAMPLE}), got "
                         f"{_masked(db)!r} (database {dialect!r} is not supported).")
    if not url.database:
        raise ValueError(f"`--db`: expected a database name at the end of the PostgreSQL "
                         f"URL ({_EXAMPLE}), got {_masked(db)!r}.")
    if driver and driver not in _DRIVERS:
        raise ValueError(f"`--db`: expected a PostgreSQL driver among "
                         f"{', '.join(sorted(_DRIVERS))}, got {driver!r} in {_masked(db)!r}.")
    installed = [name for name, module in _DRIVERS.items()
                 if importlib.util.find_spec(module) is not None]
    if (driver and driver not in installed) or not installed:
        raise MissingDriver(
            f"`--db postgresql://...` needs the PostgreSQL driver "
            f"{'(' + driver + ') ' if driver else ''}in this environment: "
            f"`pip install psycopg2-binary`, or install the course's `postgres` extra "
            f"(`pip install -e '.[postgres]'`; `make install` does).")
    driver = driver or installed[0]
    return url.set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False)


def shown_url(url):
    """`url` for messages and logs: the password replaced by ***."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(str(url)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a message must never fail
        return _masked(url)


def is_postgresql(url):
    return str(url).startswith(("postgresql", "postgres:"))


@contextlib.contextmanager
def exclusive(url):
    """Hold the gradebook's exclusive advisory lock (PostgreSQL; nothing for SQLite).

    Taken on a connection of its own, released when the block ends (or the process dies:
    PostgreSQL drops a session's advisory locks with its connection)."""
    if not is_postgresql(url):
        yield
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:a, :b)"), {"a": _LOCK[0], "b": _LOCK[1]})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"),
                             {"a": _LOCK[0], "b": _LOCK[1]})
                conn.commit()
    finally:
        engine.dispose()


def open_gradebook(url):
    """nbgrader's `Gradebook` on `url`; its tables are created under the exclusive lock."""
    from nbgrader.api import Gradebook

    if url in _READY or not is_postgresql(url):
        return Gradebook(url, COURSE_ID)
    with exclusive(url):
        gradebook = Gradebook(url, COURSE_ID)
    _READY.add(url)
    return gradebook


def _retryable(exc):
    """True for a constraint race, deadlock or serialization failure (or a busy SQLite)."""
    from sqlalchemy.exc import DBAPIError

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DBAPIError):
            code = getattr(exc.orig, "pgcode", None) or getattr(exc.orig, "sqlstate", None)
            if code in _RETRY_CODES or "database is locked" in str(exc.orig):
                return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _take_shared_lock(session, transaction, connection):
    """Every transaction of a grade writer holds the layout lock shared (until it ends)."""
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({_LOCK[0]}, {_LOCK[1]})")


def _writer(url):
    """The `Gradebook` this process writes grades through: on PostgreSQL kept open
    (opening one costs several round trips), on SQLite opened per write."""
    gradebook = _WRITERS.get(url)
    if gradebook is None:
        from sqlalchemy import event

        gradebook = open_gradebook(url)
        if is_postgresql(url):
            event.listen(gradebook.db.session_factory, "after_begin", _take_shared_lock)
            _WRITERS[url] = gradebook
    return gradebook


def close_writers():
    """Close the kept-open gradebooks (at exit, and before a fork: a child must never
    share, or close, its parent's connection)."""
    while _WRITERS:
        _, gradebook = _WRITERS.popitem()
        with contextlib.suppress(Exception):
            gradebook.close()


atexit.register(close_writers)
os.register_at_fork(before=close_writers)


def write_grades(url, student, assignment, scores, flagged):
    """Record one submission's auto scores ({grade_id: score}) and its flag.

    The student and submission are created when missing; auto scores are replaced and
    manual scores never touched (a cell with a manual score still needs manual grading).
    The whole write is retried when it lost a race with another run."""
    for attempt in range(_ATTEMPTS):
        gb = _writer(url)
        try:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment, student)
            for grade_id, score in scores.items():
                grade = gb.find_grade(grade_id, assignment, assignment, student)
                grade.auto_score = float(score)
                grade.needs_manual_grade = grade.manual_score is not None
            notebook = gb.find_submission_notebook(assignment, assignment, student)
            notebook.flagged = bool(flagged)
            gb.db.commit()
            if url not in _WRITERS:
                gb.close()
            return
        except Exception as exc:
            _WRITERS.pop(url, None)
            with contextlib.suppress(Exception):
                gb.db.rollback()
                gb.close()
            if attempt + 1 == _ATTEMPTS or not _retryable(exc):
                raise
        time.sleep(random.uniform(0.02, 0.1) * 2 ** attempt)
