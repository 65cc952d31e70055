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

The path of one submission: `submissions.discover` makes its `Task`;
`Worker.grade(task)` returns its `result.GradeResult` (in a worker process, or here);
`_record` hands that to `record.Book.record` (gradebook and results file) and puts
its row (`GradeResult.to_row`) in the returned results. A row the grader or the
gradebook failed on is `GradeResult.crashed`, with the assignment's cells from
`cells.solution_points`.

`--scheduler ADDRESS` sends the submissions to Dask workers on other machines instead
(`distributed.py`): they grade with the same `Worker.grade`, and this process still
records every result. Worker indexes (which pick sandbox users) are claimed machine-
wide (`worker_index.py`), so concurrent runs and Dask workers never share one. A re-run
resumes: every row records the sha256 of the notebook's bytes and the course version
(`course_version.py`), and a submission whose row is graded with both unchanged, and
that the gradebook holds, is skipped with its row kept, unless `force`.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import multiprocessing
import multiprocessing.util
import sys
import tempfile
import time
from pathlib import Path

from .cells import solution_points
from .config import Limits
from .course import assignments
from .course_version import course_version, submission_hash
from .database import shown_url
from .record import Book, write_json
from .result import GradeResult
from .safefs import read_regular, remove_tree
from .sandbox import confinement
from .submissions import discover, extract_zip

__all__ = ["autograde"]

_WORKER = None
_CLAIM = None


def _start_worker(root, limits, scratch):
    global _WORKER, _CLAIM
    import asyncio

    from jupyter_core import utils as jupyter_utils

    from .worker import Worker
    from .worker_index import claim_index

    # A forked process must not reuse its parent's event loop (shared epoll and pipes).
    jupyter_utils._loop.set(None)
    asyncio.set_event_loop(asyncio.new_event_loop())
    _CLAIM = claim_index()  # held until the process ends: no other grader shares it
    _WORKER = Worker(root, limits, _CLAIM.index, scratch)
    # The process that started the worker closes it: when the pool ends the process.
    multiprocessing.util.Finalize(_WORKER, _WORKER.close, exitpriority=10)


def _grade(task):
    return _WORKER.grade(task)


def _crashed(root, task, reason):
    """The row of a submission the grader failed on; it keeps the assignment's maximum."""
    try:
        cells = solution_points(root, task.assignment)
    except ValueError:  # unknown assignment: no cells to add
        cells = {}
    return GradeResult.crashed(task, reason, cells)


def _run_parallel(root, limits, scratch, tasks, workers, on_result):
    context = multiprocessing.get_context("fork")
    todo, tries = list(tasks), {}
    while todo:
        with cf.ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                    initargs=(root, limits, scratch)) as pool:
            futures = {pool.submit(_grade, task): task for task in todo}
            todo = []
            for future in cf.as_completed(futures):
                task = futures[future]
                try:
                    on_result(task, future.result())
                except cf.process.BrokenProcessPool:
                    tries[id(task)] = tries.get(id(task), 0) + 1
                    if tries[id(task)] >= 2:
                        on_result(task, _crashed(root, task, "worker crashed"))
                    else:
                        todo.append(task)
                except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
                    on_result(task, _crashed(root, task, repr(exc)[:300]))


def _run_serial(root, limits, scratch, tasks, on_result):
    from .worker import Worker
    from .worker_index import claim_index

    with claim_index() as claim:
        worker = Worker(root, limits, claim.index, scratch)
        try:
            for task in tasks:
                try:
                    result = worker.grade(task)
                except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
                    result = _crashed(root, task, repr(exc)[:300])
                on_result(task, result)
        finally:
            worker.close()


def _record(book, results, task, result, warn, stamp):
    """Record one `GradeResult`; a row the gradebook refuses becomes `ungradable`, never
    a crash. `stamp` ({"submission_hash", "course_version"}) goes in both rows."""
    try:
        book.record(result, task.path if result.is_graded else None)
    except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
        warn(f"could not record {task.student!r}/{task.assignment!r}: {exc!r}"[:400])
        result = _crashed(book.root, task,
                          f"the gradebook could not record it ({type(exc).__name__})")
        book.remember(result)
    book.results["students"][task.student][task.assignment].update(stamp)
    results["students"].setdefault(task.student, {})[task.assignment] = \
        {**result.to_row(tests=False), **stamp}


def _graded_in(book):
    """{(student, assignment)} of the submissions the gradebook holds."""
    from nbgrader.api import Assignment, Student, SubmittedAssignment

    with book.gradebook() as gb:
        query = gb.db.query(Student.id, Assignment.name).select_from(SubmittedAssignment) \
            .join(SubmittedAssignment.student).join(SubmittedAssignment.assignment)
        return set(query.all())


def _resume(book, tasks, version, force):
    """Split `tasks` into those to grade and the rows kept: a submission is skipped
    (its row kept) when the results file has it graded from the same notebook bytes
    and course version, and the gradebook holds it, unless `force`. Returns (tasks to
    grade, {(student, assignment): kept row}, {id(task): stamp of its row})."""
    from .worker import MAX_NOTEBOOK

    todo, kept, stamps, graded = [], {}, {}, None
    for task in tasks:
        digest = None
        if task.path is not None and not task.problem:
            data, _ = read_regular(task.path, MAX_NOTEBOOK)
            digest = None if data is None else submission_hash(data)
        stamps[id(task)] = {"submission_hash": digest, "course_version": version}
        row = book.results["students"].get(task.student, {}).get(task.assignment) or {}
        if (not force and digest is not None and row.get("status") == "graded"
                and row.get("submission_hash") == digest
                and row.get("course_version") == version):
            graded = _graded_in(book) if graded is None else graded
            if (task.student, task.assignment) in graded:
                kept[(task.student, task.assignment)] = row
                continue
        todo.append(task)
    return todo, kept, stamps


def _batch(root, source, tmp, *, known, workdir, db, limits, workers, scheduler, force,
           progress, warn):
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

    version = course_version(root, refresh=True).full  # as the course is now, on disk
    tasks, kept, stamps = _resume(book, tasks, version, force)
    results = {"students": {}}
    for (student, assignment), row in kept.items():
        results["students"].setdefault(student, {})[assignment] = \
            {k: v for k, v in row.items() if k != "tests"}
    bar = tqdm(total=len(tasks), desc="autograde", unit="submission",
               disable=not progress, file=sys.stderr)

    def on_result(task, result):
        _record(book, results, task, result, warn, stamps[id(task)])
        bar.update(1)

    scratch = tmp / "scratch"
    isolation = None
    try:
        if scheduler and tasks:
            from .distributed import run_on_dask

            run = run_on_dask(root, limits, tasks, scheduler, on_result,
                              lambda task, reason: _crashed(root, task, reason), warn)
            isolation = "; ".join(sorted(set(run.isolation.values()))) or "not reported"
            isolation = f"{isolation} (on {len(run.isolation)} Dask worker(s))"
        elif not tasks:
            pass
        elif workers == 1 or len(tasks) <= 1:
            _run_serial(root, limits, scratch, tasks, on_result)
        else:
            _run_parallel(root, limits, scratch, tasks, min(workers, len(tasks)), on_result)
    finally:
        bar.close()
        book.save()
    return _Outcome(results, tasks, book, len(kept), isolation)


@dataclasses.dataclass
class _Outcome:
    """A batch: its rows, the tasks graded now, the gradebook, how many were skipped as
    already graded, and the Dask workers' isolation (None when graded here)."""

    results: dict
    graded: list
    book: Book
    skipped: int
    isolation: str | None


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
              limits=None, progress=True, log=print, warn=None, scheduler=None, force=False):
    """Grade every submission; return the JSON-able results {"students": {...}}.

    `scheduler`: a Dask scheduler's address; its workers grade (`distributed.py`)
    instead of `workers` processes here. A submission already graded from the same
    notebook bytes and course version is skipped (its row kept) unless `force`."""
    warn = warn or (lambda text: print(f"warning: {text}", file=sys.stderr))
    limits = limits or Limits()
    if workers < 1:
        raise ValueError(f"`--workers`: expected an integer >= 1, got {workers}.")
    if scheduler and workers > 1:
        raise ValueError(f"`--scheduler` and `--workers` exclude each other: with "
                         f"--scheduler the Dask workers grade (start N per machine with "
                         f"`dask worker ADDRESS --nworkers N --nthreads 1`); got "
                         f"--workers {workers}.")
    conf = confinement(limits.mechanism)
    if conf.warning and not scheduler:
        warn(f"weaker isolation: {conf.warning}")
    known = assignments(root)
    source = Path(submissions)
    if not source.exists():
        raise ValueError(f"`SUBMISSIONS`: expected a folder or a .zip, got {str(source)!r} "
                         f"(no such file or folder).")
    started = time.perf_counter()
    tmp = tempfile.mkdtemp(prefix="grader-batch-")
    try:
        outcome = _batch(root, source, Path(tmp), known=known, workdir=workdir, db=db,
                         limits=limits, workers=workers, scheduler=scheduler, force=force,
                         progress=progress, warn=warn)
        results = outcome.results
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
    log(f"autograded {len(outcome.graded)} submission(s) of {len(results['students'])} "
        f"student(s) in {time.perf_counter() - started:.1f} s: " +
        ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) +
        f"; gradebook {shown_url(outcome.book.db)}; isolation: "
        f"{outcome.isolation or conf.describe()}")
    if outcome.skipped:
        log(f"skipped {outcome.skipped} already graded submission(s): same notebook, same "
            f"course version {course_version(root).short} (--force grades them again)")
    return results
