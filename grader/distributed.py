"""Grading on Dask workers: `python -m grader autograde SUBMISSIONS --scheduler ADDRESS`.

The coordinator (the process running `autograde`) reads each submitted notebook itself
and sends its bytes, never a path: no shared file system is assumed. With them goes the
coordinator's course version (`course_version.py`) and its sandbox limits. A Dask worker
process grades with the course installed on its own machine: `$GRADER_COURSE_ROOT` when
set, else the folder it was started in when that holds `solutions/`, else the checkout
`grader` itself is imported from. It refuses a submission whose course version differs from its own
(`CourseVersionMismatch`, naming both versions), writes the bytes into a fresh private
file and grades it with `grader.worker.Worker.grade`, the function the `--workers` path
uses too, in a `Worker` it creates once per process with a machine-unique index
(`worker_index.py`). It returns the plain result, and only the coordinator records it
(`on_result`), one at a time. `--preload grader.distributed` on `dask worker` does the
slow part of a worker's start (imports, nbgrader's schema version) before it joins
(`dask_setup`); without it the first submission of each process pays for it.

Faults. A worker process that dies mid-task: Dask runs its task on another worker; after
the scheduler's allowed failures it reports `KilledWorker`, and the coordinator submits
that submission once more, then records it `ungradable` ("worker crashed"). Each
submission is recorded exactly once: it has one future at a time, and a result is
taken only from the future that produced it. The scheduler going away stops the run
with `SchedulerLost`; every result received before is recorded already. A worker that
refuses on its course version stops the run too (`RuntimeError` naming both versions),
once the submissions in flight are recorded: a machine with another course must be
fixed, and the same command run again resumes.

The coordinator keeps one submission in flight per worker thread (counted again as
workers come and go), so a batch of thousands of notebooks never sits in the
scheduler's memory, and a worker that dies takes no queued submission with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import multiprocessing.util
import os
import re
import tempfile
import threading
import uuid
from collections import deque
from pathlib import Path

from .config import Limits
from .course_version import course_version
from .safefs import read_regular, remove_tree
from .submissions import Task

__all__ = ["COURSE_ROOT_VARIABLE", "CourseVersionMismatch", "DaskRun", "SchedulerLost",
           "Submission", "dask_setup", "grade_submission", "run_on_dask",
           "worker_course_root", "worker_isolation"]

#: A Dask worker grades with the course in this folder when the variable is set.
COURSE_ROOT_VARIABLE = "GRADER_COURSE_ROOT"

_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?[^\s/]+:\d{1,5}")


class CourseVersionMismatch(RuntimeError):
    """A worker's course differs from the coordinator's: the submission is refused."""

    def __init__(self, worker, mine, theirs):
        super().__init__(
            f"the Dask worker at {worker} refused the submission: its course version is "
            f"{mine}, the coordinator's is {theirs} (solutions/, grader/, helpers/ or "
            f"grading.toml differ). Install the coordinator's course on that machine "
            f"(`make install` in the same checkout) and restart its workers.")
        self.worker, self.mine, self.theirs = worker, mine, theirs

    def __reduce__(self):
        return type(self), (self.worker, self.mine, self.theirs)


class SchedulerLost(RuntimeError):
    """The coordinator lost its Dask scheduler mid-batch."""


@dataclasses.dataclass(frozen=True)
class Submission:
    """What travels to a worker: one `Task` with its notebook's bytes (`data`, None when
    there is nothing to grade), the coordinator's course version and limits."""

    student: str
    assignment: str
    data: bytes | None
    problem: str | None
    notes: tuple
    version: str
    limits: Limits


@dataclasses.dataclass(frozen=True)
class DaskRun:
    """What `run_on_dask` did: results recorded, and each worker's sandbox (address ->
    `sandbox.Confinement.describe()`) as the workers reported it at the start."""

    recorded: int
    isolation: dict


def submission_for(task, version, limits):
    """The `Submission` of `task`, its notebook read here, safely (no link, no device,
    within the size bound); a notebook that cannot be read travels as its reason."""
    from .worker import MAX_NOTEBOOK

    data, problem = None, task.problem
    if task.path is not None and not problem:
        data, why = read_regular(task.path, MAX_NOTEBOOK)
        if why:
            problem = f"the notebook {why}"
    return Submission(task.student, task.assignment, data, problem, tuple(task.notes),
                      version, limits)


# ---------------------------------------------------------------- on a Dask worker

_LOCK = threading.Lock()
_STATE = {"worker": None, "key": None, "claim": None, "scratch": None}


def worker_course_root():
    """The course this worker process grades with (see the module docstring)."""
    from .course import course_root

    return course_root(os.environ.get(COURSE_ROOT_VARIABLE) or None)


def _worker_address():
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def dask_setup(worker=None):
    """Dask's preload hook: `dask worker ADDRESS --preload grader.distributed` prepares
    each worker process as it starts rather than on its first submission: it imports
    nbgrader and the grader, asks nbgrader's schema version once (a process start), and
    computes the course version (a worker whose course folder has no solutions/ fails
    to start, saying so)."""
    import nbgrader.api
    import nbgrader.apps  # imported now, not while grading

    from . import worker as _worker  # noqa: F401
    from .course import nbgrader_ready

    nbgrader_ready()
    nbgrader.api.get_alembic_version()
    course_version(worker_course_root())


def worker_isolation(mechanism):
    """(description, warning or None) of the sandbox this worker process grades in."""
    from .sandbox import confinement

    conf = confinement(mechanism)
    return conf.describe(), conf.warning


def _shutdown():
    worker, claim = _STATE["worker"], _STATE["claim"]
    _STATE.update(worker=None, key=None, claim=None)
    if worker is not None:
        with contextlib.suppress(Exception):
            worker.close()
    if claim is not None:
        claim.release()


def _at_exit():
    _shutdown()
    with contextlib.suppress(OSError):
        os.rmdir(_STATE["scratch"])  # empty once the worker removed its own folder


def _scratch():
    """A new folder for this process's grading, `grader-dask-<pid>-*` in the temporary
    folder; those of processes that no longer run (killed workers) are removed first."""
    base = Path(tempfile.gettempdir())
    for old in base.glob("grader-dask-*-*"):
        pid = old.name.split("-")[2]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            remove_tree(old)
        except OSError:
            pass  # alive, another user's
    return tempfile.mkdtemp(prefix=f"grader-dask-{os.getpid()}-")


def _local_worker(root, limits):
    """This process's `grader.worker.Worker` for (root, limits), made once."""
    from .worker import Worker
    from .worker_index import claim_index

    if _STATE["key"] == (root, limits):
        return _STATE["worker"]
    _shutdown()
    if _STATE["scratch"] is None:
        _STATE["scratch"] = _scratch()
        # A Dask worker is a multiprocessing child: it runs multiprocessing's finalizers
        # at exit, not atexit's (a process of its own runs them through atexit too).
        multiprocessing.util.Finalize(None, _at_exit, exitpriority=10)
    claim = claim_index()
    try:
        worker = Worker(root, limits, claim.index, _STATE["scratch"])
    except BaseException:
        claim.release()
        raise
    _STATE.update(worker=worker, key=(root, limits), claim=claim)
    return worker


def grade_submission(submission):
    """Grade one `Submission` on this machine (runs on a Dask worker); the result of
    `Worker.grade`. Raises `CourseVersionMismatch` when the courses differ."""
    root = worker_course_root()
    mine = course_version(root)
    if mine.full != submission.version:
        raise CourseVersionMismatch(_worker_address(), mine.short, submission.version[:12])
    with _LOCK:  # one submission at a time per process: the Worker is not thread-safe
        try:  # nbgrader runs its kernel client on an asyncio loop; a Dask thread has none
            asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            asyncio.set_event_loop(asyncio.new_event_loop())
        worker = _local_worker(root, submission.limits)
        with tempfile.TemporaryDirectory(prefix="grader-submission-") as folder:
            path = None
            if submission.data is not None:
                path = Path(folder) / "submission.ipynb"
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(submission.data)
            task = Task(submission.student, submission.assignment,
                        None if path is None else str(path), submission.problem,
                        submission.notes)
            return worker.grade(task)


# ---------------------------------------------------------------- on the coordinator

def _client(address, timeout):
    try:
        import distributed
    except ImportError:
        raise RuntimeError("`--scheduler` needs Dask's distributed package: `pip install "
                           "distributed`, or the course's `distributed` extra (`make "
                           "install` installs it).") from None
    if not isinstance(address, str) or not _ADDRESS.fullmatch(address.strip()):
        raise ValueError(f"`--scheduler`: expected a Dask scheduler address such as "
                         f"tcp://10.0.0.5:8786, got {address!r}.")
    try:
        return distributed.Client(address.strip(), timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise RuntimeError(f"could not reach the Dask scheduler at {address} ({exc}); start "
                           f"it with `dask scheduler` and check the address") from None


def _close_quietly(client):
    # After the scheduler is gone, the client's reconnection attempts log tracebacks.
    loggers = [logging.getLogger(n) for n in ("distributed.client", "distributed.utils",
                                               "distributed.core", "distributed.comm")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        client.close(timeout=5)
    except Exception:  # noqa: BLE001 - closing a client whose scheduler is gone
        pass
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _key(task):
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{task.student}-{task.assignment}")[:80]
    return f"grade-{name}-{uuid.uuid4().hex[:12]}"


class _Coordinator:
    """One batch on one client: submissions in flight, retries, and the outcome of each."""

    def __init__(self, client, address, tasks, version, limits, on_result, failed, warn):
        from distributed import as_completed

        self.client, self.address, self.total = client, address, len(tasks)
        self.version, self.limits = version, limits
        self.on_result, self.failed, self.warn = on_result, failed, warn
        self.todo = deque((task, 0) for task in tasks)
        self.running = {}
        self.pending = as_completed(loop=client.loop)
        self.done = 0
        self.stop = None  # raised once what is in flight is recorded

    def lost(self):
        return SchedulerLost(
            f"lost the Dask scheduler at {self.address} after {self.done} of {self.total} "
            f"submissions; every result received so far is recorded; run the same command "
            f"again to resume")

    def top_up(self):
        """Submit more while the workers have fewer submissions than threads: one each,
        so a worker that dies takes no queued submission with it."""
        if not self.todo or self.stop is not None:
            return
        if self.client.status != "running":
            raise self.lost()
        try:
            limit = max(1, sum(self.client.nthreads().values()))
        except OSError:
            raise self.lost() from None
        while self.todo and len(self.running) < limit:
            task, tries = self.todo.popleft()
            future = self.client.submit(
                grade_submission, submission_for(task, self.version, self.limits),
                key=_key(task), pure=False)
            self.running[future] = (task, tries)
            self.pending.add(future)

    def take(self, future):
        """Record the outcome of one finished future (or plan its retry)."""
        from distributed import KilledWorker
        from distributed.client import FutureCancelledError

        task, tries = self.running.pop(future)
        result = None
        try:
            result = future.result()
        except FutureCancelledError:
            raise self.lost() from None
        except KilledWorker:
            if tries == 0:
                self.todo.appendleft((task, 1))
            else:
                result = self.failed(task, "worker crashed")
        except CourseVersionMismatch as exc:
            self.warn(f"stopping: {exc}")
            self.stop = self.stop or RuntimeError(
                f"{exc} Stopped after {self.done} of {self.total} submissions; every "
                f"result received is recorded; run the same command again to resume.")
        except Exception as exc:  # noqa: BLE001 - one bad row, not a lost batch
            result = self.failed(task, repr(exc)[:300])
        # Held results are recomputed when their worker dies: let the scheduler forget.
        future.release()
        lost = None
        try:
            self.top_up()  # keep the workers busy while this result is recorded
        except SchedulerLost as exc:
            lost = exc
        if result is not None:
            self.on_result(task, result)
            self.done += 1
        if lost is not None:
            raise self.lost() from None

    def run(self):
        self.top_up()
        for future in self.pending:
            self.take(future)
            del future
        if self.stop is not None:
            raise self.stop
        return self.done


def run_on_dask(root, limits, tasks, address, on_result, failed, warn, *,
                connect_timeout=10, worker_timeout=120):
    """Grade `tasks` on the Dask cluster whose scheduler is at `address`.

    root: the coordinator's course (its version is sent with every submission).
    limits: the `Limits` the workers grade with.
    tasks: `submissions.Task`s; each ends in exactly one `on_result(task, result)` call,
        unless the run stops early (an exception).
    on_result(task, result): records one result (the coordinator alone writes).
    failed(task, reason): the `ungradable` result of a submission the grader failed on.
    warn(text): prints a warning.
    connect_timeout, worker_timeout: seconds to reach the scheduler, and to wait for its
        first worker.

    Returns a `DaskRun`; a worker whose sandbox is weaker than bubblewrap with a user
    of its own is warned about. Raises `SchedulerLost` when the scheduler
    goes away mid-batch; `RuntimeError` when it cannot be reached or has no worker, or
    when a worker refused on its course version (after recording what was in flight);
    `ValueError` for a malformed address.
    """
    version = course_version(root).full
    tasks = list(tasks)
    client = _client(address, connect_timeout)
    try:
        try:
            client.wait_for_workers(1, timeout=worker_timeout)
        except TimeoutError:
            raise RuntimeError(f"no Dask worker joined the scheduler at {address} within "
                               f"{worker_timeout:g} s; start some with `dask worker "
                               f"{address} --nthreads 1`") from None
        isolation = {}
        try:
            for worker, (described, warning) in sorted(
                    client.run(worker_isolation, limits.mechanism).items()):
                isolation[worker] = described
                if warning:
                    warn(f"weaker isolation on the Dask worker at {worker}: {warning}")
        except Exception as exc:  # noqa: BLE001 - a report, not a reason to stop
            warn(f"could not ask the Dask workers how they isolate student code ({exc!r})")
        recorded = _Coordinator(client, address, tasks, version, limits, on_result, failed,
                                warn).run()
        return DaskRun(recorded, isolation)
    finally:
        _close_quietly(client)
