"""Grading on Dask workers (`autograde --scheduler`), against real Dask processes.

The corpus graded by a 2-process `LocalCluster` into PostgreSQL gets exactly the grades
`--workers 2` gave into SQLite; killed worker processes lose and duplicate no grade; a
scheduler that goes away stops the run with its message and keeps what was recorded,
and the same command resumes; a worker with another course version is refused. Worker
processes, schedulers and servers run on 127.0.0.1 and are stopped here, by PID.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from distributed.diagnostics.plugin import WorkerPlugin
from grading_corpus.cases import CASES
from grading_corpus.notebook import ASSIGNMENT, FULL
from nbgrader.api import Gradebook

from grader.__main__ import main
from grader.course_version import SALT_VARIABLE, course_version, submission_hash
from grader.distributed import COURSE_ROOT_VARIABLE, submission_for
from grader.submissions import Task
from grader.worker_index import claim_index

pytestmark = pytest.mark.slow

DASK = str(Path(sys.executable).parent / "dask")
_BY_NAME = {c.name: c for c in CASES}
# The corpus leaves the fork bomb's score open (how far it gets before the process
# limit varies). Whether nbgrader's own run survives `protocol_garbage` (garbage written
# to the kernel's sockets) is a race, and so is its flag saying so; the trusted check
# gives its score either way. Every other row must match to the last flag.
_OPEN_SCORE = {c.name for c in CASES if c.status == "graded" and c.score is None}
_OPEN_FLAGS = {"protocol_garbage"}


class TaskLedger(WorkerPlugin):
    """Runs inside every Dask worker process: notes each grading task it starts in a
    file (`start <student>`), and kills its own process when it starts grading a
    student of `kills` ({student: how many times in all}), like a crash of the machine."""

    name = "test-task-ledger"

    def __init__(self, ledger, kills=None):
        self.ledger, self.kills = ledger, dict(kills or {})

    def _note(self, line):
        fd = os.open(self.ledger, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(line + "\n")

    def transition(self, key, start, finish, **kwargs):
        prefix = f"-{ASSIGNMENT}-"
        if finish != "executing" or not str(key).startswith("grade-") or prefix not in key:
            return
        student = str(key)[len("grade-"):str(key).index(prefix)]
        self._note(f"start {student}")
        if student in self.kills:
            text = Path(self.ledger).read_text()
            if text.count(f"kill {student}\n") < self.kills[student]:
                self._note(f"kill {student}")
                os._exit(70)


def _ledger(path):
    lines = Path(path).read_text().splitlines() if Path(path).exists() else []
    return lines


def _started(path):
    return sorted(line.split(" ", 1)[1] for line in _ledger(path) if line.startswith("start "))


@pytest.fixture(scope="module")
def cluster(corpus):
    """A 2-process `LocalCluster` (1 thread each) grading with the corpus course; the
    scheduler gives up on a task after 2 worker deaths (1 allowed failure)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"allowed_failures": 1},
                      env={COURSE_ROOT_VARIABLE: str(corpus["root"])},
                      preload=["grader.distributed"]) as local:
        yield local


class _Plugin:
    """`TaskLedger` registered on every worker of a cluster for a `with` block."""

    def __init__(self, address, ledger, kills=None):
        self.address, self.plugin = address, TaskLedger(str(ledger), kills)

    def __enter__(self):
        from distributed import Client

        with Client(self.address, set_as_default=False) as client:
            client.register_plugin(self.plugin)
        return self

    def __exit__(self, *exc):
        from distributed import Client

        with Client(self.address, set_as_default=False) as client:
            client.unregister_worker_plugin(TaskLedger.name)


class DaskProcesses:
    """`dask scheduler` and `dask worker` as the README starts them, on 127.0.0.1."""

    def __init__(self, logs):
        self.logs, self.procs = Path(logs), []
        self.logs.mkdir(parents=True, exist_ok=True)

    def _start(self, name, argv, env=None):
        log = open(self.logs / f"{name}-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})}, start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def scheduler(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        proc = self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1",
                                         "--port", str(port), "--no-dashboard"])
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "dask scheduler exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"tcp://127.0.0.1:{port}", proc
            except OSError:
                assert time.monotonic() < deadline, "dask scheduler did not start"
                time.sleep(0.2)

    def worker(self, address, env):
        return self._start("worker", [DASK, "worker", address, "--nworkers", "1",
                                      "--nthreads", "1", "--preload", "grader.distributed",
                                      "--host", "127.0.0.1", "--no-dashboard"], env)

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group this test started
                proc.wait(timeout=30)


@pytest.fixture
def dask_processes(tmp_path):
    procs = DaskProcesses(tmp_path / "dask-logs")
    yield procs
    procs.stop()


def _batch(corpus, folder, names):
    """A folder of some corpus students' submissions, as the corpus wrote them."""
    for name in names:
        shutil.copytree(corpus["subs"] / name, Path(folder) / name, symlinks=True)
    return Path(folder)


def _autograde(corpus, subs, workdir, *extra):
    return main(["--root", str(corpus["root"]), "autograde", str(subs), "--workdir",
                 str(workdir), "--no-progress", *extra])


def _rows(workdir):
    data = json.loads((Path(workdir) / "results.json").read_text())
    return {s: rows[ASSIGNMENT] for s, rows in data["students"].items()}


def _same_grade(row, reference, name):
    """Same status, score, cell scores, flags and message (the cells' messages are left
    out: what an adversarial submission broke first can vary from run to run)."""
    keys = ["status", "max_score", "flags", "message", "submission_hash", "course_version"]
    if name in _OPEN_SCORE:
        keys = ["status", "max_score", "submission_hash", "course_version"]
    else:
        keys.append("score")
    if name in _OPEN_FLAGS:
        keys.remove("flags")
    cells = {} if name in _OPEN_SCORE else {
        gid: (cell["score"], cell["max_score"]) for gid, cell in reference["cells"].items()}
    return ({k: row.get(k) for k in keys} == {k: reference.get(k) for k in keys} and
            all((row["cells"][gid]["score"], row["cells"][gid]["max_score"]) == want
                for gid, want in cells.items()) and set(row["cells"]) == set(reference["cells"]))


def _gradebook(url):
    """{(student, grade id): (auto score, max score)} and the submission count."""
    from grader.database import check_url

    grades, count = {}, 0
    with Gradebook(check_url(url)) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                count += 1
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        grades[(submission.student.id, grade.name)] = (grade.auto_score,
                                                                       grade.max_score)
    return grades, count


# ------------------------------------------------------------------ the corpus on Dask

def test_corpus_on_dask_into_postgres_grades_as_workers_into_sqlite(corpus, postgres, cluster,
                                                                     tmp_path, capsys):
    url = postgres.create_database("dask_corpus")
    workdir, out = tmp_path / "grading", tmp_path / "dask.json"
    code = _autograde(corpus, corpus["subs"], workdir, "--scheduler",
                      cluster.scheduler_address, "--db", url, "--json", str(out))
    assert code == 0, capsys.readouterr().err[-3000:]

    local, remote = _rows(corpus["workdir"]), _rows(workdir)
    assert set(remote) == set(local) == set(_BY_NAME)
    version = course_version(corpus["root"]).full
    for name in _BY_NAME:
        assert remote[name]["course_version"] == version
        assert _same_grade(remote[name], local[name], name), (name, remote[name], local[name])
    # The --json output too (it leaves the per-test records out).
    dask_json = json.loads(out.read_text())["students"]
    assert {s: r[ASSIGNMENT]["status"] for s, r in dask_json.items()} == \
        {s: r[ASSIGNMENT]["status"] for s, r in corpus["json"]["students"].items()}

    sqlite_grades, sqlite_count = _gradebook(f"sqlite:///{corpus['workdir'] / 'gradebook.db'}")
    pg_grades, pg_count = _gradebook(url)
    assert pg_count == sqlite_count == len(CASES)
    for key in set(sqlite_grades) | set(pg_grades):
        if key[0] not in _OPEN_SCORE:
            assert pg_grades.get(key) == sqlite_grades.get(key), key
    assert {k[0] for k in pg_grades} == set(_BY_NAME)


# ------------------------------------------------------------------ faults

def test_killed_workers_lose_no_grade_and_duplicate_none(corpus, cluster, tmp_path):
    names = ["correct", "wrong_scale", "blank", "patch_checker", "read_solutions",
             "malformed_json"]
    subs = _batch(corpus, tmp_path / "subs", names)
    workdir, ledger = tmp_path / "grading", tmp_path / "ledger"
    # "correct" kills its worker once (Dask grades it elsewhere); "wrong_scale" kills
    # every worker that starts it (Dask gives up, the coordinator retries once, then
    # records the crash).
    with _Plugin(cluster.scheduler_address, ledger, {"correct": 1, "wrong_scale": 100}):
        assert _autograde(corpus, subs, workdir, "--scheduler",
                          cluster.scheduler_address) == 0
    lines = _ledger(ledger)
    assert lines.count("kill correct") == 1
    assert lines.count("kill wrong_scale") == 4  # 2 tries x (1 allowed failure + 1)

    rows, reference = _rows(workdir), _rows(corpus["workdir"])
    assert sorted(rows) == sorted(names)
    for name in names:
        if name != "wrong_scale":
            assert _same_grade(rows[name], reference[name], name), (name, rows[name])
    crashed = rows["wrong_scale"]
    assert crashed["status"] == "ungradable"
    assert crashed["message"] == "the grader failed on this submission: worker crashed"
    assert crashed["max_score"] == FULL and crashed["score"] == 0.0

    grades, count = _gradebook(f"sqlite:///{workdir / 'gradebook.db'}")
    assert count == len(names)  # each student exactly once
    assert {student for student, _ in grades} == set(names)
    assert grades[("correct", "test_scale")][0] + grades[("correct", "test_norms")][0] == FULL


def test_lost_scheduler_stops_keeps_results_and_the_same_command_resumes(
        corpus, cluster, dask_processes, tmp_path, capsys):
    names = ["correct", "wrong_scale", "blank"]
    subs = _batch(corpus, tmp_path / "subs", names)
    workdir = tmp_path / "grading"
    address, scheduler = dask_processes.scheduler()
    dask_processes.worker(address, {COURSE_ROOT_VARIABLE: str(corpus["root"])})

    def kill_scheduler_at_first_result():
        # The coordinator writes a graded notebook to autograded/ as it records a result.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and scheduler.poll() is None:
            if any((workdir / "autograded").rglob("*.ipynb")):
                scheduler.send_signal(signal.SIGKILL)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_scheduler_at_first_result)
    killer.start()
    capsys.readouterr()
    code = _autograde(corpus, subs, workdir, "--scheduler", address)
    killer.join()
    err = capsys.readouterr().err
    assert code == 2
    match = re.search(rf"lost the Dask scheduler at {re.escape(address)} after (\d+) of 3 "
                      rf"submissions; every result received so far is recorded; run the "
                      rf"same command again to resume", err)
    assert match, err
    recorded = int(match.group(1))
    assert 1 <= recorded < 3
    rows, reference = _rows(workdir), _rows(corpus["workdir"])
    assert len(rows) == recorded
    for name, row in rows.items():
        assert _same_grade(row, reference[name], name), (name, row)
    _, count = _gradebook(f"sqlite:///{workdir / 'gradebook.db'}")
    assert count == recorded

    # The same command on another scheduler grades only what is missing.
    ledger = tmp_path / "ledger"
    with _Plugin(cluster.scheduler_address, ledger):
        assert _autograde(corpus, subs, workdir, "--scheduler",
                          cluster.scheduler_address) == 0
    out = capsys.readouterr().out
    assert f"skipped {recorded} already graded" in out
    assert _started(ledger) == sorted(set(names) - set(rows))
    rows = _rows(workdir)
    assert sorted(rows) == sorted(names)
    for name, row in rows.items():
        assert _same_grade(row, reference[name], name), (name, row)

    # --force grades everything again.
    ledger.unlink()
    with _Plugin(cluster.scheduler_address, ledger):
        assert _autograde(corpus, subs, workdir, "--scheduler", cluster.scheduler_address,
                          "--force") == 0
    assert "already graded" not in capsys.readouterr().out
    assert _started(ledger) == sorted(names)
    _, count = _gradebook(f"sqlite:///{workdir / 'gradebook.db'}")
    assert count == len(names)


def test_worker_with_another_course_version_is_refused(corpus, dask_processes, tmp_path,
                                                       capsys, monkeypatch):
    subs = _batch(corpus, tmp_path / "subs", ["correct", "blank"])
    workdir = tmp_path / "grading"
    address, _ = dask_processes.scheduler()
    dask_processes.worker(address, {COURSE_ROOT_VARIABLE: str(corpus["root"]),
                                    SALT_VARIABLE: "another checkout"})
    ours = course_version(corpus["root"]).short
    monkeypatch.setenv(SALT_VARIABLE, "another checkout")
    theirs = course_version(corpus["root"]).short
    monkeypatch.delenv(SALT_VARIABLE)
    assert ours != theirs

    capsys.readouterr()
    assert _autograde(corpus, subs, workdir, "--scheduler", address) == 2
    err = capsys.readouterr().err
    assert f"its course version is {theirs}, the coordinator's is {ours}" in err, err
    assert "refused" in err
    assert not _rows(workdir)  # nothing graded, nothing recorded as graded
    _, count = _gradebook(f"sqlite:///{workdir / 'gradebook.db'}")
    assert count == 0


# ------------------------------------------------------------------ resume with --workers

def test_rerun_with_workers_skips_what_is_graded_unless_forced(corpus, tmp_path, capsys):
    names = ["correct", "blank", "malformed_json"]
    subs = _batch(corpus, tmp_path / "subs", names)
    workdir = tmp_path / "grading"
    assert _autograde(corpus, subs, workdir, "--workers", "2") == 0
    first = _rows(workdir)
    notebook = workdir / "autograded" / "correct" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    stamp = notebook.stat().st_mtime_ns
    data = (subs / "correct" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()
    assert first["correct"]["submission_hash"] == submission_hash(data)
    capsys.readouterr()

    # Unchanged: the two graded rows are skipped; the ungradable one is tried again.
    assert _autograde(corpus, subs, workdir, "--workers", "2") == 0
    assert "skipped 2 already graded" in capsys.readouterr().out
    assert _rows(workdir) == first
    assert notebook.stat().st_mtime_ns == stamp

    # A changed notebook is graded again; the others are still skipped.
    shutil.copyfile(subs / "correct" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                    subs / "blank" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert _autograde(corpus, subs, workdir, "--workers", "2") == 0
    assert "skipped 1 already graded" in capsys.readouterr().out
    rows = _rows(workdir)
    assert rows["blank"]["score"] == FULL and rows["blank"]["submission_hash"] == \
        submission_hash(data)
    assert notebook.stat().st_mtime_ns == stamp

    assert _autograde(corpus, subs, workdir, "--workers", "2", "--force") == 0
    assert "already graded" not in capsys.readouterr().out
    assert notebook.stat().st_mtime_ns != stamp


def _demo_batch(course, make_notebook, folder):
    target = Path(folder) / "ann" / "00_demo" / "00_demo.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(make_notebook()))
    return Path(folder)


def test_scheduler_and_several_workers_exclude_each_other(course, make_notebook, tmp_path,
                                                          capsys):
    subs = _demo_batch(course, make_notebook, tmp_path / "subs")
    assert main(["--root", str(course), "autograde", str(subs), "--no-progress",
                 "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert "--scheduler" in err and "--workers" in err and "got --workers 2" in err


def test_malformed_and_unreachable_scheduler_addresses_are_clear_errors(
        course, make_notebook, tmp_path, capsys):
    subs = _demo_batch(course, make_notebook, tmp_path / "subs")
    argv = ["--root", str(course), "autograde", str(subs), "--no-progress"]
    assert main([*argv, "--scheduler", "not an address"]) == 2
    assert "expected a Dask scheduler address such as tcp://" in capsys.readouterr().err
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main([*argv, "--scheduler", f"tcp://127.0.0.1:{port}"]) == 2
    assert f"could not reach the Dask scheduler at tcp://127.0.0.1:{port}" in \
        capsys.readouterr().err


# ------------------------------------------------------------------ the pieces

def test_course_version_is_content_only(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "solutions" / "x").mkdir(parents=True)
        (root / "solutions" / "x" / "x.ipynb").write_text('{"cells": []}')
        (root / "solutions" / "x" / "data.csv").write_text("1,2\n")
        (root / "grading.toml").write_text("[sandbox]\n")
    (b / "solutions" / "x" / "__pycache__").mkdir()
    (b / "solutions" / "x" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    (b / "solutions" / "x" / "stale.pyc").write_bytes(b"\1")
    os.utime(b / "solutions" / "x" / "data.csv", (0, 0))
    va, vb = course_version(a), course_version(b)
    assert va == vb and re.fullmatch(r"[0-9a-f]{64}", va.full) and va.short == va.full[:12]
    assert str(va) == va.short

    (b / "solutions" / "x" / "data.csv").write_text("1,3\n")  # what a notebook reads
    assert course_version(b).full == vb.full  # computed once per process...
    assert course_version(b, refresh=True) != va  # ...unless asked again
    (a / "grading.toml").write_text("[sandbox]\ncell_timeout = 5\n")
    unsalted = course_version(a, refresh=True)
    assert unsalted != va
    monkeypatch.setenv(SALT_VARIABLE, "test")  # how a test gives a worker its own version
    assert course_version(a) != unsalted
    monkeypatch.delenv(SALT_VARIABLE)
    assert course_version(a) == unsalted
    with pytest.raises(ValueError, match="solutions/"):
        course_version(tmp_path / "missing")


def test_submissions_travel_as_bytes_read_safely(tmp_path):
    from grader.config import Limits

    good = tmp_path / "good.ipynb"
    good.write_bytes(b'{"cells": []}')
    link = tmp_path / "link.ipynb"
    link.symlink_to(good)
    sub = submission_for(Task("ann", "a", str(good), None), "v", Limits())
    assert sub.data == b'{"cells": []}' and sub.problem is None and sub.version == "v"
    sub = submission_for(Task("bob", "a", str(link), None), "v", Limits())
    assert sub.data is None and sub.problem == "the notebook is a symbolic link; refused"
    hard = tmp_path / "hard.ipynb"
    os.link(good, hard)
    sub = submission_for(Task("cy", "a", str(hard), None), "v", Limits())
    assert sub.data is None and "hard link" in sub.problem
    sub = submission_for(Task("dan", "a", None, "no submission for a"), "v", Limits())
    assert sub.data is None and sub.problem == "no submission for a"


def test_worker_indexes_are_unique_on_a_machine(tmp_path):
    with claim_index(tmp_path) as one, claim_index(tmp_path) as two:
        assert {one.index, two.index} == {1, 2}
        # Another process holding index 3 keeps it from us.
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sys; from grader.worker_index import claim_index;"
             f"c = claim_index({str(tmp_path)!r}); print(c.index, flush=True); "
             "sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "3"
            with claim_index(tmp_path) as four:
                assert four.index == 4
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
        # Its index is free again once it ended, and so is ours once released.
        with claim_index(tmp_path) as three:
            assert three.index == 3
        two.release()
        with claim_index(tmp_path) as again:
            assert again.index == 2
