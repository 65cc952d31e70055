"""`GradeResult`: the one row format of results.json, the `--json` output and the pages."""

from __future__ import annotations

import json
import pickle

import pytest

from grader.result import CellResult, GradeResult, ScoredTest
from grader.submissions import Task

TASK = Task("alice", "00_demo", "/nowhere/00_demo.ipynb", None)
POINTS = {"test_double": 2.0, "test_double_all": 3.0}


def _graded():
    cells = {"test_double": CellResult(2.0, 2.0, ""),
             "test_double_all": CellResult(0.0, 3.0, "CheckFailure: wrong")}
    tests = [ScoredTest("test_double", 2.0, 2.0, True, "passed"),
             ScoredTest("test_double_all", 3.0, 0.0, False, "CheckFailure: wrong",
                        mistake="squared x", not_done=False)]
    return GradeResult.graded(TASK, "graded", cells, tests, ["a flag"], autograded="{}")


def test_graded_score_and_maximum_add_up_the_cells():
    result = _graded()
    assert result.is_graded
    assert result.score == sum(c.score for c in result.cells.values()) == 2.0
    assert result.max_score == sum(POINTS.values())


def test_row_survives_json_and_reads_back_as_the_same_result():
    result = _graded()
    row = json.loads(json.dumps(result.to_row()))
    assert set(row) == {"status", "message", "score", "max_score", "cells", "flags", "tests"}
    back = GradeResult.from_row(TASK.student, TASK.assignment, row)
    # The autograded notebook is a file of the grading folder, never part of the row.
    assert back.autograded is None and result.autograded == "{}"
    back.autograded = result.autograded
    assert back == result
    assert "tests" not in result.to_row(tests=False)


def test_ungradable_row_keeps_the_maximum_with_every_cell_at_zero():
    task = Task("bob", "00_demo", None, "no notebook in bob/00_demo/", ("a note",))
    result = GradeResult.ungradable(task, task.problem, POINTS, task.notes)
    row = result.to_row()
    assert row["status"] == "ungradable" and row["message"] == task.problem
    assert row["score"] == 0.0 and row["max_score"] == sum(POINTS.values())
    # A cell that never ran carries no message of a check.
    assert row["cells"] == {gid: {"score": 0.0, "max_score": p} for gid, p in POINTS.items()}
    assert row["flags"] == ["a note"] and row["tests"] == []


def test_crash_row_names_the_grader_failure_and_may_lack_cells():
    result = GradeResult.crashed(TASK, "worker crashed")
    assert result.status == "ungradable" and result.cells == {}
    assert result.message.startswith("the grader failed on this submission")
    assert result.message.endswith("worker crashed")
    assert isinstance(result.max_score, float) and result.max_score == 0


def test_result_pickles_for_worker_processes():
    result = _graded()
    assert pickle.loads(pickle.dumps(result)) == result


def test_rows_of_an_older_grader_read_with_defaults():
    row = {"status": "graded", "score": 1.0, "max_score": 2.0, "message": "graded",
           "tests": [{"grade_id": "t", "points": 2.0, "score": 1.0, "passed": False,
                      "message": "m"}]}
    result = GradeResult.from_row("carol", "00_demo", row)
    assert result.cells == {} and result.flags == []
    assert result.tests[0].mistake is None and result.tests[0].not_done is False


@pytest.mark.parametrize("row", [None, [], {"score": 1.0}])
def test_a_row_that_is_not_one_is_refused(row):
    with pytest.raises(ValueError, match="results row"):
        GradeResult.from_row("dave", "00_demo", row)
