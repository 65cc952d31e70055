"""Throw-away servers for the test suite and the benchmarks (never for production).

`testservers.postgres.PostgresServer`: a private PostgreSQL cluster (initdb into a
temporary folder, pg_ctl on 127.0.0.1 at a free port), for the PostgreSQL gradebook's
tests and `benchmarks/bench_gradebook.py`. Like `labdriver/`, it does not need pytest,
so the tests and the benchmarks share it without the benchmarks importing test code.
"""

from .postgres import PostgresServer, PostgresServerError

__all__ = ["PostgresServer", "PostgresServerError"]
