"""`python -m grader autograde SUBMISSIONS`: grade a class in one process.

One process imports nbgrader once (its start-up is most of what a per-student
`nbgrader autograde` costs); `--workers N` forks N graders that share nothing but a
task queue. Each worker grades in its own scratch course (see `worker.py`); only this
process writes the gradebook, one result at a time, so no grade is lost or written
twice, and SQLite needs no locking. A worker that crashes is replaced and its
submission retried once; if it fails again, the row is `ungradable` with the reason.
A row the gradebook cannot take is `ungradable` too: no single submission ends the
batch. Every student folder of the input gets a row for every assignment of the batch.
The batch's temporary folder is removed without following links and within bounds
(`safefs.remove_tree`), after the results are written.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

from .config import Limits
from .course import assignments
from .record import Book, write_json
from .safefs import remove_tree
from .sandbox import confinement
from .submissions import discover, extract_zip

__all__ = ["autograde"]

_WORKER = None


def _start_worker(root, limits, scratch, counter):
    global _WORKER
    import asyncio

    from jupyter_core import utils as jupyter_utils

    from .worker import Worker

    # A forked process must not reuse its parent's event loop (shared epoll and pipes).
    jupyter_utils._loop.set(None)
    asyncio.set_event_loop(asyncio.new_event_loop())
    with counter.get_lock():
        counter.value += 1
        index = counter.value
    _WORKER = Worker(root, limits, index, scratch)


def _grade(task):
    return _WORKER.grade(task)


def _failed(task, reason):
    return {"student": task.student, "assignment": task.assignment, "status": "ungradable",
            "message": f"the grader failed on this submission: {reason}", "score": 0.0,
            "max_score": 0.0, "cells": {}, "flags": [], "tests": []}


def _max_cells(worker_like, task, result):
    # A crash row still carries the instructor's maximum and cells (all zero).
    if result["cells"] or not task.assignment:
        return result
    try:
        from .cells import graded_test_cells, load_notebook, nbgrader_meta

        nb = load_notebook(worker_like / "solutions" / task.assignment /
                           f"{task.assignment}.ipynb")
        for cell in graded_test_cells(nb):
            points = float(nbgrader_meta(cell).get("points", 0))
            result["cells"][nbgrader_meta(cell)["grade_id"]] = {"score": 0.0, "max_score": points}
            result["max_score"] += points
    except Exception:  # noqa: BLE001 - unknown assignment: nothing to add
        pass
    return result


def _run_parallel(root, limits, scratch, tasks, workers, on_result):
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    todo, tries = list(tasks), {}
    while todo:
        with cf.ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                    initargs=(root, limits, scratch, counter)) as pool:
            futures = {pool.submit(_grade, task): task for task in todo}
            todo = []
            for future in cf.as_completed(futures):
                task = futures[future]
                try:
                    on_result(task, future.result())
                except cf.process.BrokenProcessPool:
                    tries[id(task)] = tries.get(id(task), 0) + 1
                    if tries[id(task)] >= 2:
                        on_result(task, _max_cells(root, task, _failed(task, "worker crashed")))
                    else:
                        todo.append(task)
                except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
                    on_result(task, _max_cells(root, task, _failed(task, repr(exc)[:300])))


def _run_serial(root, limits, scratch, tasks, on_result):
    from .worker import Worker

    worker = Worker(root, limits, 1, scratch)
    try:
        for task in tasks:
            try:
                result = worker.grade(task)
            except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
                result = _max_cells(root, task, _failed(task, repr(exc)[:300]))
            on_result(task, result)
    finally:
        worker.close()


def _record(book, results, task, result, warn):
    """Record one row; a row the gradebook refuses becomes `ungradable`, never a crash."""
    try:
        book.record(result, task.path if result["status"] == "graded" else None)
    except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
        warn(f"could not record {task.student!r}/{task.assignment!r}: {exc!r}"[:400])
        result = _max_cells(book.root, task, _failed(
            task, f"the gradebook could not record it ({type(exc).__name__})"))
        book.results["students"].setdefault(task.student, {})[task.assignment] = {
            k: v for k, v in result.items() if k not in ("autograded", "student",
                                                          "assignment")}
    row = {k: v for k, v in result.items()
           if k not in ("autograded", "student", "assignment", "tests")}
    results["students"].setdefault(task.student, {})[task.assignment] = row


def _batch(root, source, tmp, *, known, workdir, db, limits, workers, progress, warn):
    from tqdm import tqdm

    problems = {}
    if source.is_file():
        problems = extract_zip(source, tmp / "input")
        source = tmp / "input"
    tasks, batch = discover(source, known, problems)
    unknown = sorted({t.assignment for t in tasks if t.assignment not in known} - {""})
    if unknown:
        warn(f"unknown assignment folder(s) {', '.join(map(repr, unknown[:10]))}: "
             f"reported as ungradable, left out of the gradebook and the CSV")
    book = Book(root, workdir, db)
    for assignment in batch:
        book.prepare(assignment)
    import nbgrader.apps  # noqa: F401 - imported once here, inherited by forked workers

    results = {"students": {}}
    bar = tqdm(total=len(tasks), desc="autograde", unit="submission",
               disable=not progress, file=sys.stderr)

    def on_result(task, result):
        _record(book, results, task, result, warn)
        bar.update(1)

    scratch = tmp / "scratch"
    try:
        if workers == 1 or len(tasks) <= 1:
            _run_serial(root, limits, scratch, tasks, on_result)
        else:
            _run_parallel(root, limits, scratch, tasks, min(workers, len(tasks)), on_result)
    finally:
        bar.close()
        book.save()
    return results, tasks, book


def summary_lines(results, width=100):
    """One line per student and assignment: status, score, flags and the first flag."""
    lines = [f"{'student':<20} {'assignment':<26} {'status':<11} {'score':>11} flags"]
    for student, rows in sorted(results["students"].items()):
        for assignment, row in sorted(rows.items()):
            flags = row.get("flags") or []
            score = (f"{row['score']:g}/{row['max_score']:g}" if row["status"] == "graded"
                     else f"-/{row['max_score']:g}")
            first = f": {flags[0]}" if flags else ""
            if row["status"] != "graded" and not flags:
                first = f": {row.get('message', '')}"
            line = (f"{_shown(student):<20} {_shown(assignment):<26} {row['status']:<11} "
                    f"{score:>11} {len(flags)}{first}")
            lines.append(line if len(line) <= width else line[:width - 3] + "...")
    return lines


def _shown(name):
    """A name safe to print on a terminal (no control characters)."""
    return "".join(c if c.isprintable() else "?" for c in str(name))


def autograde(root, submissions, *, workdir=None, db=None, workers=1, json_path=None,
              limits=None, progress=True, log=print, warn=None):
    """Grade every submission; return the JSON-able results {"students": {...}}."""
    warn = warn or (lambda text: print(f"warning: {text}", file=sys.stderr))
    limits = limits or Limits()
    if workers < 1:
        raise ValueError(f"`--workers`: expected an integer >= 1, got {workers}.")
    conf = confinement(limits.mechanism)
    if conf.warning:
        warn(f"weaker isolation: {conf.warning}")
    known = assignments(root)
    source = Path(submissions)
    if not source.exists():
        raise ValueError(f"`SUBMISSIONS`: expected a folder or a .zip, got {str(source)!r} "
                         f"(no such file or folder).")
    started = time.perf_counter()
    tmp = tempfile.mkdtemp(prefix="grader-batch-")
    try:
        results, tasks, book = _batch(root, source, Path(tmp), known=known, workdir=workdir,
                                      db=db, limits=limits, workers=workers,
                                      progress=progress, warn=warn)
        if json_path:
            write_json(json_path, results)
    finally:
        if not remove_tree(tmp):
            warn(f"could not remove the batch's temporary folder {tmp}")
    for line in summary_lines(results):
        log(line)
    counts = {}
    for rows in results["students"].values():
        for row in rows.values():
            counts[row["status"]] = counts.get(row["status"], 0) + 1
    log(f"autograded {len(tasks)} submission(s) of {len(results['students'])} student(s) "
        f"in {time.perf_counter() - started:.1f} s: " +
        ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) +
        f"; gradebook {book.db}; isolation: {conf.describe()}")
    return results
