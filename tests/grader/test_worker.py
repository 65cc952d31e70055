"""`Worker.grade(task)`: the one grading function of every path (`--workers`, Dask)."""

from __future__ import annotations

import pickle

import pytest

from grader.cells import solution_points
from grader.config import Limits
from grader.course import solution_path
from grader.result import GradeResult
from grader.submissions import Task
from grader.worker import Worker

pytestmark = pytest.mark.slow


def test_worker_returns_results_and_removes_what_it_started(course, make_notebook, tmp_path):
    import nbformat

    flood = tmp_path / "flood.ipynb"
    nbformat.write(make_notebook(demo="print('x' * 50_000_000)"), str(flood))
    worker = Worker(course, Limits(), 1, tmp_path / "scratch")
    try:
        solved = worker.grade(Task("alice", "00_demo", str(solution_path(course, "00_demo")),
                                   None))
        flooded = worker.grade(Task("erin", "00_demo", str(flood), None))
        missing = worker.grade(Task("bob", "00_demo", None, "no submission for 00_demo",
                                    ("a note",)))
    finally:
        worker.close()
    points = solution_points(course, "00_demo")
    assert isinstance(solved, GradeResult) and solved.is_graded
    assert solved.score == solved.max_score == sum(points.values())
    assert list(solved.cells) == list(points) and solved.autograded
    assert pickle.loads(pickle.dumps(solved)) == solved
    # What the sandboxed kernel reported reaches the row through the worker's run.
    assert flooded.is_graded and any("output truncated" in f for f in flooded.flags)
    assert missing.status == "ungradable" and missing.flags == ["a note"]
    assert missing.max_score == sum(points.values()) and missing.score == 0
    assert not (tmp_path / "scratch" / "worker1").exists()
