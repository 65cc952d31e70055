"""Fixtures of the grader's tests: a throw-away course with one small assignment
(`double`, `double_all`), and the adversarial grading corpus (`grading_corpus/`) graded
once in one `autograde --workers 2` batch shared by every corpus test."""


import json
import os
from pathlib import Path

import nbformat
import pytest
from grading_corpus.cases import CASES
from grading_corpus.course import Listener, make_course, release_notebook, write_submission
from grading_corpus.notebook import ASSIGNMENT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.__main__ import main

ARTIFACTS = Path(os.environ.get("DL_GRADER_ARTIFACTS",
                                Path(__file__).resolve().parents[2] / "artifacts"))


def _meta(grade_id, *, answer):
    if answer:
        return {"nbgrader": {"grade": False, "solution": True, "locked": False,
                             "grade_id": grade_id, "schema_version": 3, "task": False}}
    return {"nbgrader": {"grade": True, "solution": False, "locked": True, "points": 2,
                         "grade_id": grade_id, "schema_version": 3, "task": False}}


DOUBLE = '''def double(x):
    """Twice `x`."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION'''

DOUBLE_TESTS = '''with Checker("double") as check:
    check.close(check.call(double, 2), 4, "double(2)", mistakes={"squared x": 4})
### BEGIN HIDDEN TESTS
with Checker("double") as check:
    check.close(check.call(double, 3), 6, "double(3)", mistakes={"squared x": 9})
### END HIDDEN TESTS'''

DOUBLE_ALL = '''def double_all(xs):
    """Every element doubled."""
    ### BEGIN SOLUTION
    return [double(x) for x in xs]
    ### END SOLUTION'''

DOUBLE_ALL_TESTS = '''with Checker("double_all") as check:
    check.close(check.call(double_all, [1, 2]), [2, 4], "double_all([1, 2])")'''


def _make_notebook(demo="with needs_exercises('double'):\n    print(double(21))"):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        new_markdown_cell("# Doubling"),
        new_code_cell("from helpers.checks import Checker, needs_exercises",
                      metadata={"tags": ["setup"]}),
        new_code_cell(DOUBLE, metadata=_meta("double", answer=True)),
        new_code_cell(DOUBLE_TESTS, metadata=_meta("test_double", answer=False)),
        new_code_cell(DOUBLE_ALL, metadata=_meta("double_all", answer=True)),
        new_code_cell(DOUBLE_ALL_TESTS, metadata=_meta("test_double_all", answer=False)),
        new_code_cell(demo),
    ]
    return nb


@pytest.fixture
def course(tmp_path):
    """`tmp_path` holding solutions/00_demo/00_demo.ipynb."""
    folder = tmp_path / "solutions" / "00_demo"
    folder.mkdir(parents=True)
    nbformat.write(_make_notebook(), str(folder / "00_demo.ipynb"))
    return tmp_path


@pytest.fixture
def make_notebook():
    """Build the demo notebook (optionally with another demo cell)."""
    return _make_notebook


def _write_table(results):
    """artifacts/grading_corpus.md (git-ignored, beside the browser suite's artifacts): case,
    expected and observed outcome, for a reader of the corpus run."""
    lines = ["| case | expected | observed | flags |", "|---|---|---|---|"]
    for case in CASES:
        row = results["students"][case.name][ASSIGNMENT]
        want = case.status + (f" {case.score:g}/5" if case.score is not None else "")
        got = row["status"] + (f" {row['score']:g}/5" if row["status"] == "graded" else "")
        note = "; ".join(row["flags"])[:300] or row["message"][:200]
        lines.append(f"| {case.name} | {want} | {got} | {note.replace('|', '/')} |")
    folder = ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "grading_corpus.md").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Grade every case in one batch; return a namespace of paths and results."""
    from grader.sandbox import confinement

    # Fail, never skip: the corpus is the proof that cheating gains nothing, and
    # `.ci/run` installs bubblewrap.
    mechanism = confinement().mechanism
    assert mechanism == "bwrap", (
        f"the adversarial corpus needs bubblewrap isolation, found {mechanism!r}: "
        f"`apt-get install bubblewrap` (.ci/run does this)")
    root = make_course(tmp_path_factory.mktemp("course"))
    release = release_notebook(root)
    subs = tmp_path_factory.mktemp("submissions")
    listener = Listener()
    canary = root / "CANARY-config-ran"
    ctx = {"solution_file": str(root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
           "gradebook": str(root / "grading" / "gradebook.db"),
           "results": str(root / "grading" / "results.json"),
           "config": str(root / "nbgrader_config.py"), "course": str(root),
           "port": listener.port, "canary": str(canary)}
    for case in CASES:
        write_submission(subs, case.name, case.build(release, ctx))
    out = root / "results.json"
    try:
        code = main(["--root", str(root), "autograde", str(subs), "--workers", "2",
                     "--json", str(out), "--no-progress"])
    finally:
        listener.close()
    assert code == 0
    results = json.loads(out.read_text())
    _write_table(results)
    return {"root": root, "subs": subs, "json": json.loads(out.read_text()),
            "listener": listener, "canary": canary, "release": release,
            "workdir": root / "grading"}


@pytest.fixture(scope="session")
def postgres():
    """A throw-away PostgreSQL server (`testservers.postgres.PostgresServer`) for the
    session: `postgres.create_database(name)` returns a fresh database's URL. Never
    skipped: `make test` installs Debian's postgresql (`make postgresql`)."""
    from testservers.postgres import PostgresServer

    with PostgresServer() as server:
        yield server
