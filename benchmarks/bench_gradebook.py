"""Gradebook write time per submission: PostgreSQL vs SQLite, side by side in one run.

What `autograde` does in its main process for each graded submission: `Book.record`
(nbgrader's gradebook: student, submission and one grade per test cell; the
autograded and submitted notebooks into the grading folder) followed here by
`Book.save` (results.json, merged under its file lock). The result is realistic: an
assignment of the course with 7 graded test cells, per-test messages, the solution
notebook as the autograded text and the released notebook as the submission.

PostgreSQL is a throw-away local server (`testservers.postgres.PostgresServer` on
127.0.0.1, password login) made as durable as a real one (fsync, synchronous commits
and full page writes on, like SQLite's default syncing), on the same disk as the SQLite
file; a remote server adds its network round trips. Both gradebooks are written
alternately, `--writes` new students each (then the same students again: a re-grade),
so load on the machine hits both alike. Prints one JSON object: medians (ms), the
ratio PostgreSQL / SQLite, and the machine's load average during the run.

Run: `.venv/bin/python benchmarks/bench_gradebook.py [--writes 60]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stats import summary

from grader.cells import graded_test_cells, load_notebook, nbgrader_meta
from grader.record import Book
from grader.result import CellResult, GradeResult, ScoredTest
from testservers.postgres import PostgresServer

ASSIGNMENT = "07_frameworks"
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def make_result(student, solution, index, autograded):
    """One graded submission of `student`: every third test failed, with a message."""
    cells, tests = {}, []
    for n, cell in enumerate(graded_test_cells(solution)):
        meta = nbgrader_meta(cell)
        points = float(meta.get("points", 0))
        passed = (n + index) % 3 != 0
        message = "" if passed else "check(3) returned 0.5, expected 0.25 (tolerance 1e-6)"
        cells[meta["grade_id"]] = CellResult(points if passed else 0.0, points, message)
        tests.append(ScoredTest(meta["grade_id"], points, points if passed else 0.0, passed,
                                "passed" if passed else f"AssertionError: {message}",
                                mistake=None if passed else "squared the input"))
    return GradeResult(student, ASSIGNMENT, "graded", "graded",
                       score=sum(c.score for c in cells.values()),
                       max_score=sum(c.max_score for c in cells.values()), cells=cells,
                       tests=tests, autograded=autograded)


def write(book, result, submitted):
    started = time.perf_counter()
    book.record(result, submitted)
    recorded = time.perf_counter()
    book.save()
    return recorded - started, time.perf_counter() - recorded


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=60,
                        help="submissions written per gradebook and pass (default 60)")
    args = parser.parse_args()
    if args.writes < 1:
        raise ValueError(f"`--writes`: expected an integer >= 1, got {args.writes}.")
    warnings.simplefilter("ignore")
    solution_path = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    solution = load_notebook(solution_path)
    autograded = solution_path.read_text()
    submitted = ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    tmp = Path(tempfile.mkdtemp(prefix="bench-gradebook-"))
    try:
        with PostgresServer(settings=DURABLE) as server:
            books = {"sqlite": Book(ROOT, tmp / "sqlite"),
                     "postgresql": Book(ROOT, tmp / "postgresql",
                                        server.create_database("bench"))}
            for book in books.values():
                book.prepare(ASSIGNMENT)
                write(book, make_result("warmup", solution, 0, autograded), submitted)
            times = {(name, what): [] for name in books for what in ("new", "regrade")}
            record_only = {name: [] for name in books}
            for what in ("new", "regrade"):
                for i in range(args.writes):
                    result = make_result(f"student{i:04d}", solution, i + (what == "regrade"),
                                         autograded)
                    # Alternate which gradebook goes first.
                    order = list(books) if i % 2 == 0 else list(books)[::-1]
                    for name in order:
                        rec, save = write(books[name], result, submitted)
                        times[(name, what)].append(rec + save)
                        record_only[name].append(rec)
            figures = {f"{name}_{what}": summary(t) for (name, what), t in times.items()}
            for name, t in record_only.items():
                figures[f"{name}_record_only"] = summary(t)
            for what in ("new", "regrade"):
                figures[f"ratio_{what}"] = round(
                    figures[f"postgresql_{what}"]["median_ms"]
                    / figures[f"sqlite_{what}"]["median_ms"], 2)
            print(json.dumps({"gradebook_write": {
                "assignment": ASSIGNMENT, "test_cells": len(graded_test_cells(solution)),
                "writes_per_gradebook_and_pass": args.writes,
                "postgresql_settings": DURABLE,
                "load_average_1min_after": round(os.getloadavg()[0], 2),
                "measures": "Book.record + Book.save per submission (ms); ratio = "
                            "PostgreSQL median / SQLite median",
                **figures}}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
