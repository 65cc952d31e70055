"""The adversarial corpus: crafted submissions of a small numpy assignment, each with the
outcome it must get from `python -m grader autograde`.

The assignment (`00_corpus`) has two graded functions whose tests use the things
submissions like to patch: the checks (`Checker`), `np.testing`, `np.allclose`,
`isinstance` and `==`. Every case starts from the *released* notebook and changes it
the way a learner or an attacker would. `expect_score` is the score the submission must
get (the points its honest functions earn); flags list fragments that must appear.
"""

from __future__ import annotations

import copy
import dataclasses

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "00_corpus"
HIDDEN_MARK = "HIDDEN-CANARY-7731"
SOLUTION_MARK = "SOLUTION-CANARY-4242"


def _answer(gid):
    return {"nbgrader": {"grade": False, "solution": True, "locked": False,
                         "grade_id": gid, "schema_version": 3, "task": False}}


def _tests(gid, points):
    return {"nbgrader": {"grade": True, "solution": False, "locked": True,
                         "points": points, "grade_id": gid, "schema_version": 3,
                         "task": False}}


SETUP = """import numpy as np
from helpers.checks import Checker, needs_exercises
SEED = 0
rng = np.random.default_rng(SEED)"""

SCALE = f'''def scale(x, a):
    """`a` times the array `x`."""
    ### BEGIN SOLUTION
    # {SOLUTION_MARK}
    return a * np.asarray(x, dtype=float)
    ### END SOLUTION'''

SCALE_TESTS = f'''with Checker("scale") as check:
    out = check.call(scale, np.array([1.0, 2.0]), 3.0)
    check.isinstance(out, np.ndarray, "scale's result")
    check.close(out, [3.0, 6.0], "scale([1, 2], 3)",
                mistakes={{"added instead of multiplied": [4.0, 5.0]}})
### BEGIN HIDDEN TESTS
# {HIDDEN_MARK}
x = np.arange(4.0)
np.testing.assert_allclose(scale(x, -2.0), -2.0 * x)
assert np.allclose(scale(x, 0.5), 0.5 * x), "scale(x, 0.5) is wrong"
assert isinstance(scale(x, 1.0), np.ndarray)
assert np.array_equal(x, np.arange(4.0)), "scale modified its argument"
### END HIDDEN TESTS'''

NORMS = '''def norms(X):
    """Euclidean norm of every column of `X`, shape (1, m)."""
    ### BEGIN SOLUTION
    return np.sqrt((np.asarray(X, dtype=float) ** 2).sum(axis=0, keepdims=True))
    ### END SOLUTION'''

NORMS_TESTS = f'''with Checker("norms") as check:
    out = check.call(norms, np.array([[3.0, 0.0], [4.0, 1.0]]))
    check.shape(out, (1, 2), "norms(X)", symbolic="(1, m)")
    check.close(out, [[5.0, 1.0]], "norms(X)")
### BEGIN HIDDEN TESTS
# {HIDDEN_MARK}
assert norms(np.eye(3)).tolist() == [[1.0, 1.0, 1.0]], "norms(eye(3)) is wrong"
assert (norms(np.zeros((2, 4))) == 0).all()
### END HIDDEN TESTS'''

DEMO = 'with needs_exercises("scale"):\n    print(scale(np.ones(2), 3.0))'


def source_notebook():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        new_markdown_cell("# Corpus assignment"),
        new_code_cell(SETUP, metadata={"tags": ["setup"]}),
        new_code_cell(SCALE, metadata=_answer("scale")),
        new_code_cell(SCALE_TESTS, metadata=_tests("test_scale", 2)),
        new_code_cell(NORMS, metadata=_answer("norms")),
        new_code_cell(NORMS_TESTS, metadata=_tests("test_norms", 3)),
        new_code_cell(DEMO),
    ]
    return nb


GOOD_SCALE = "def scale(x, a):\n    return a * np.asarray(x, dtype=float)\n"
GOOD_NORMS = ("def norms(X):\n"
              "    return np.sqrt((np.asarray(X, dtype=float) ** 2).sum(axis=0, keepdims=True))\n")
BAD_SCALE = "def scale(x, a):\n    return a + np.asarray(x, dtype=float)\n"
BAD_NORMS = ("def norms(X):\n"
             "    return np.abs(np.asarray(X, dtype=float)).sum(axis=0, keepdims=True)\n")
FULL = 5.0
SCALE_PTS, NORMS_PTS = 2.0, 3.0


def _cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def _index(nb, gid):
    return nb.cells.index(_cell(nb, gid))


def answered(release, scale=GOOD_SCALE, norms=GOOD_NORMS):
    nb = copy.deepcopy(release)
    _cell(nb, "scale").source = scale
    _cell(nb, "norms").source = norms
    return nb


def insert_after(nb, gid, source):
    nb.cells.insert(_index(nb, gid) + 1, new_code_cell(source))
    return nb


@dataclasses.dataclass
class Case:
    name: str
    build: object            # (release_nb, ctx) -> notebook, or text/bytes, or None
    status: str = "graded"
    score: float | None = None
    flags: tuple = ()
    message: str = ""
    doc: str = ""

