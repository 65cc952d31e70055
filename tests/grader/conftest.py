"""A throw-away course with one small assignment, for grader tests."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


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
