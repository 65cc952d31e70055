"""A PostgreSQL gradebook, for real: a throw-away server (the session's `postgres`
fixture), `--db postgresql://...` through autograde, re-grades, manual grades, feedback,
export and report, two runs writing one database at once, and the URL and driver
checks. The course is the small `double`/`double_all` one (`course` fixture)."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text

from grader import database
from grader.__main__ import main
from grader.shared_results import save_merged
from testservers.postgres import PostgresServer, PostgresServerError, find_bindir

pytestmark = pytest.mark.slow

ASSIGNMENT = "00_demo"
REPO = Path(__file__).resolve().parents[2]
# Answers and the points each earns (2 points per test cell, `tests/grader/conftest.py`).
GOOD_DOUBLE = "def double(x):\n    return 2 * x\n"
SQUARED = "def double(x):\n    return x * x\n"
GOOD_ALL = "def double_all(xs):\n    return [2 * x for x in xs]\n"
STUB = None  # the released stub, left as it is


def _points(double_src, all_src):
    return {"test_double": 2.0 if double_src == GOOD_DOUBLE else 0.0,
            "test_double_all": 2.0 if all_src == GOOD_ALL else 0.0}


def _write(course, folder, answers):
    """<folder>/<student>/00_demo/00_demo.ipynb from the release, per student's answers."""
    from grader.release import generate

    release = generate(course, [ASSIGNMENT])[ASSIGNMENT]
    for student, (double_src, all_src) in answers.items():
        nb = nbformat.reads(release, as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id == "double" and double_src:
                cell.source = double_src
            elif grade_id == "double_all" and all_src:
                cell.source = all_src
        target = Path(folder) / student / ASSIGNMENT
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(target / f"{ASSIGNMENT}.ipynb"))
    return Path(folder)


def _grades(url):
    """{student: {grade_id: (auto_score, manual_score)}} and the submission count."""
    with Gradebook(database.check_url(url)) as gb:
        found = {}
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            notebook = submission.notebooks[0]
            found[submission.student.id] = {g.name: (g.auto_score, g.manual_score)
                                            for g in notebook.grades}
        return found, len(gb.find_assignment(ASSIGNMENT).submissions)


def _autograde(course, subs, url, *extra):
    return main(["--root", str(course), "autograde", str(subs), "--db", url,
                 "--no-progress", *extra])


def test_server_runs_unprivileged_on_loopback_and_leaves_nothing():
    with PostgresServer() as server:
        url = server.create_database("probe")
        pid = int((server.data_dir / "postmaster.pid").read_text().split()[0])
        uid = next(int(line.split()[1]) for line in
                   Path(f"/proc/{pid}/status").read_text().splitlines()
                   if line.startswith("Uid:"))
        folder = server.folder
        engine = create_engine(database.check_url(url))
        try:
            with engine.connect() as conn:
                user = conn.execute(text("SELECT current_user")).scalar()
                listen = conn.execute(text("SHOW listen_addresses")).scalar()
        finally:
            engine.dispose()
    assert user == "grader" and listen == "127.0.0.1"
    assert uid != 0
    if os.geteuid() != 0:
        assert uid == os.geteuid()
    assert not folder.exists()
    assert not _running(pid)


def _running(pid):
    """True while `pid` is a live process (a zombie waiting for its reaper is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_missing_server_programs_name_make_postgresql(tmp_path):
    with pytest.raises(PostgresServerError, match="make postgresql"):
        find_bindir(roots=[tmp_path], path=str(tmp_path))
    with pytest.raises(ValueError, match="expected a lower-case SQL name"):
        PostgresServer(user="Robert'); DROP")
    with pytest.raises(ValueError, match="one-line values"):
        PostgresServer(settings={"fsync": "on\nlisten_addresses = '*'"})


def test_urls_are_checked_and_passwords_never_shown():
    with pytest.raises(ValueError, match="expected a database URL") as bad:
        database.check_url("postgresql://grader:s3cret@host:port/db")
    assert "s3cret" not in str(bad.value)
    for url, expected in (("mysql://u@h/db", "is not supported"),
                          ("sqlite://", "in-memory"),
                          ("postgresql://u@h", "database name"),
                          ("postgresql+asyncpg://u@h/db", "asyncpg")):
        with pytest.raises(ValueError, match=expected):
            database.check_url(url)
    # The course's extra installs psycopg2; a bare URL must use it (SQLAlchemy would
    # pick psycopg 3).
    assert database.check_url("postgresql://u:p@h:5433/db") == \
        "postgresql+psycopg2://u:p@h:5433/db"
    assert database.check_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database.shown_url("postgresql+psycopg2://u:p4ss@h/db") == \
        "postgresql+psycopg2://u:***@h/db"


def test_missing_driver_is_a_clear_error(monkeypatch, capsys, course):
    for module in ("psycopg2", "psycopg"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails: "not installed"
    with pytest.raises(database.MissingDriver, match=r"psycopg2-binary.*`postgres` extra"):
        database.check_url("postgresql://u@h/db")
    assert main(["--root", str(course), "export", "--db", "postgresql://u@h/db"]) == 2
    assert "needs the PostgreSQL driver" in capsys.readouterr().err
    assert main(["--root", str(course), "export", "--db", "no url"]) == 2
    assert "expected a database URL" in capsys.readouterr().err


def test_postgresql_gradebook_end_to_end(postgres, course, tmp_path, capsys):
    url = postgres.create_database("end_to_end")
    first = {"alice": (GOOD_DOUBLE, GOOD_ALL), "bob": (SQUARED, STUB),
             "carol": (GOOD_DOUBLE, STUB)}
    subs = _write(course, tmp_path / "first", first)
    assert _autograde(course, subs, url, "--workers", "2") == 0
    log = capsys.readouterr().out
    assert postgres.password not in log and "***" in log
    grades, count = _grades(url)
    assert count == 3
    for student, answers in first.items():
        assert {g: auto for g, (auto, _) in grades[student].items()} == _points(*answers)
    rows = json.loads((course / "grading" / "results.json").read_text())["students"]
    assert {s: (r[ASSIGNMENT]["status"], r[ASSIGNMENT]["score"]) for s, r in rows.items()} \
        == {s: ("graded", sum(_points(*a).values())) for s, a in first.items()}

    # An instructor's manual grade, through nbgrader's API (what formgrader does).
    with Gradebook(database.check_url(url)) as gb:
        gb.find_grade("test_double", ASSIGNMENT, ASSIGNMENT, "bob").manual_score = 1.5
        gb.db.commit()
    # Re-grade: bob and carol resubmit; auto scores are replaced, the manual one stays.
    second = {"bob": (GOOD_DOUBLE, STUB), "carol": (SQUARED, STUB)}
    assert _autograde(course, _write(course, tmp_path / "second", second), url) == 0
    grades, count = _grades(url)
    assert count == 3
    assert grades["bob"] == {"test_double": (2.0, 1.5), "test_double_all": (0.0, None)}
    assert grades["carol"] == {"test_double": (0.0, None), "test_double_all": (0.0, None)}
    assert grades["alice"]["test_double_all"] == (2.0, None)

    assert main(["--root", str(course), "feedback", "--db", url]) == 0
    for student in first:
        page = course / "grading" / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert page.is_file()
    assert main(["--root", str(course), "export", "--db", url]) == 0
    with open(course / "grading" / "grades.csv", newline="") as f:
        table = {row[0]: row[1:] for row in csv.reader(f)}
    # bob: the manual 1.5 counts instead of the re-graded 2 for test_double.
    assert [float(table[s][0]) for s in ("alice", "bob", "carol")] == [4.0, 1.5, 0.0]


def test_report_reads_a_postgresql_gradebook(postgres, course, tmp_path):
    """`report --db postgresql://...`: scores from the gradebook, manual grades included."""
    from grader.record import Book
    from grader.result import CellResult, GradeResult

    url = postgres.create_database("report")
    book = Book(course, tmp_path / "grading", url)
    book.prepare(ASSIGNMENT)
    for student, (double, double_all) in {"ann": (2.0, 2.0), "ben": (0.0, 2.0)}.items():
        cells = {"test_double": CellResult(double, 2.0), "test_double_all":
                 CellResult(double_all, 2.0)}
        book.record(GradeResult(student, ASSIGNMENT, "graded", "graded",
                                score=double + double_all, max_score=4.0, cells=cells))
    book.save()
    with Gradebook(database.check_url(url)) as gb:
        gb.find_grade("test_double", ASSIGNMENT, ASSIGNMENT, "ben").manual_score = 1.0
        gb.db.commit()
    out = tmp_path / "report.json"
    assert main(["--root", str(course), "report", "--workdir", str(tmp_path / "grading"),
                 "--db", url, "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["class_size"] == 2
    (assignment,) = data["assignments"]
    assert assignment["graded"] == 2 and assignment["median"] == (4.0 + 3.0) / 2


def _run(course, subs, url, workdir, out):
    return subprocess.Popen(
        [sys.executable, "-m", "grader", "--root", str(course), "autograde", str(subs),
         "--db", url, "--workdir", str(workdir), "--json", str(out), "--no-progress"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_runs_at_once_lose_nothing(postgres, course, tmp_path):
    """Three `autograde` processes started together, disjoint batches, one database:
    runs a and b share a grading folder, run c has its own."""
    # A fresh database: the runs also race to create the tables and the assignment.
    url = postgres.create_database("race")
    batches = {"a": {f"a{i}": (GOOD_DOUBLE if i % 2 else SQUARED, GOOD_ALL) for i in range(2)},
               "b": {f"b{i}": (GOOD_DOUBLE, STUB if i % 2 else GOOD_ALL) for i in range(2)},
               "c": {f"c{i}": (SQUARED, GOOD_ALL if i % 2 else STUB) for i in range(2)}}
    workdirs = {"a": tmp_path / "shared", "b": tmp_path / "shared", "c": tmp_path / "own"}
    procs = {name: _run(course, _write(course, tmp_path / f"subs_{name}", answers), url,
                        workdirs[name], tmp_path / f"{name}.json")
             for name, answers in batches.items()}
    for name, proc in procs.items():
        output, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"run {name}:\n{output}"

    everyone = {s: a for answers in batches.values() for s, a in answers.items()}
    grades, count = _grades(url)
    assert count == len(everyone)
    assert {s: {g: auto for g, (auto, _) in cells.items()} for s, cells in grades.items()} \
        == {s: _points(*answers) for s, answers in everyone.items()}
    for name in batches:
        assert set(json.loads((tmp_path / f"{name}.json").read_text())["students"]) \
            == set(batches[name])
    expected = {tmp_path / "shared": {**batches["a"], **batches["b"]},
                tmp_path / "own": batches["c"]}
    for workdir, answers in expected.items():
        on_disk = json.loads((workdir / "results.json").read_text())["students"]
        assert {s: rows[ASSIGNMENT]["score"] for s, rows in on_disk.items()} \
            == {s: sum(_points(*a).values()) for s, a in answers.items()}


def _write_students(url, students, score, start):
    start.wait()
    for student in students:
        database.write_grades(url, student, ASSIGNMENT,
                              {"test_double": score, "test_double_all": 0.0}, flagged=False)


def test_writers_racing_on_the_same_new_students(postgres, course, tmp_path):
    """Runs creating the same new students at once lose the race on unique ids; the
    loser's write is retried whole, so every write lands and nothing is doubled."""
    from grader.record import Book

    url = database.check_url(postgres.create_database("same_students"))
    Book(course, tmp_path / "grading", url).prepare(ASSIGNMENT)
    students = [f"s{i}" for i in range(6)]
    context = multiprocessing.get_context("fork")
    start = context.Barrier(3)
    procs = [context.Process(target=_write_students, args=(url, students, float(n), start))
             for n in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0, 0, 0]
    grades, count = _grades(url)
    assert count == len(students) and sorted(grades) == students
    assert all(cells["test_double"][0] in (0.0, 1.0, 2.0) for cells in grades.values())


def _save_rows(path, prefix, count):
    for i in range(count):
        baseline = json.loads(path.read_text()) if path.is_file() else {"students": {}}
        results = json.loads(json.dumps(baseline))
        results["students"][f"{prefix}{i}"] = {ASSIGNMENT: {"status": "graded", "score": i}}
        save_merged(path, results, baseline)


def test_results_file_merges_rows_of_concurrent_runs(tmp_path):
    path = tmp_path / "results.json"
    context = multiprocessing.get_context("fork")
    procs = [context.Process(target=_save_rows, args=(path, prefix, 25)) for prefix in "xy"]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    students = json.loads(path.read_text())["students"]
    assert sorted(students) == sorted(f"{p}{i}" for p in "xy" for i in range(25))
    assert all(students[f"x{i}"][ASSIGNMENT]["score"] == i for i in range(25))


def _prepare(book, start):
    start.wait()
    book.prepare(ASSIGNMENT)


def test_runs_preparing_one_assignment_at_once(postgres, course, tmp_path):
    """Runs starting together on a fresh database race to create its tables, the
    course, the assignment and its cells (unique names): one at a time succeeds."""
    import nbgrader.api
    import nbgrader.apps  # imported once, before the fork

    from grader.record import Book

    url = postgres.create_database("prepare_race")
    books = [Book(course, tmp_path / f"w{i}", url) for i in range(3)]
    nbgrader.api.get_alembic_version()  # asked once (a process start), before the fork
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(books))
    procs = [context.Process(target=_prepare, args=(book, start)) for book in books]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0, 0, 0]
    with Gradebook(database.check_url(url)) as gb:
        assert [a.name for a in gb.assignments] == [ASSIGNMENT]
        assert sorted(c.name for c in gb.find_notebook(ASSIGNMENT, ASSIGNMENT).grade_cells) \
            == ["test_double", "test_double_all"]
