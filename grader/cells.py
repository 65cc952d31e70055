"""Reading nbgrader notebooks by cell role, and running one exercise's tests in-process.

The roles come from nbgrader's cell metadata (`metadata.nbgrader`):

- answer cell (autograded answer): `solution: true, grade: false`, `grade_id` = the
  function's name;
- test cell (autograder tests): `grade: true, solution: false`, `grade_id` starting with
  `test_<function>`, `points` > 0;
- setup cell: a code cell tagged `setup` (imports, `SEED`, `rng`): the only other cells a
  test may rely on.

`run_exercise` executes setup cells, every answer cell (the solution's, except the one
under test, which gets the source you pass) and the exercise's test cells in a fresh
namespace, and reports each test cell's outcome. It is how the pytest fixtures check
that `wrong_*` implementations fail with the intended message, how `check` scores a
learner's notebook, and how benchmarks get the reference functions.

`solution_points` is the one place an assignment's maximum comes from: the points of
the graded test cells of its solution notebook, cell by cell. The role functions read
cells by key, so they work on a notebook loaded as plain JSON too (the class report
reads the solutions that way: importing nbformat would cost more than the report).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import types

import numpy as np

from .course import notebook_path, solution_path

__all__ = [
    "CellOutcome",
    "answer_cells",
    "exercise_names",
    "load_notebook",
    "nbgrader_meta",
    "notebook_path",
    "exercise_of",
    "python_source",
    "run_exercise",
    "setup_cells",
    "solution_namespace",
    "solution_points",
    "graded_test_cells",
]

_MAGIC = re.compile(r"^\s*[%!]")


@dataclasses.dataclass
class CellOutcome:
    """The result of one test cell."""

    grade_id: str
    points: float
    passed: bool
    error: str | None  # exception type name, None when passed
    message: str        # the exception message, or the cell's printed output
    output: str
    mistake: str | None = None  # the diagnosed mistake (`CheckFailure.mistake`), if any
    not_done: bool = False      # failed because the exercise is not implemented yet

    @property
    def score(self):
        return self.points if self.passed else 0.0


def diagnosis(exc):
    """(mistake, not_done) of a test cell's exception: `CheckFailure.mistake` (a str or
    None) and whether it means "not implemented yet"."""
    from helpers.checks import ExerciseNotDone

    mistake = getattr(exc, "mistake", None)
    return (None if mistake is None else str(mistake)[:500],
            isinstance(exc, (ExerciseNotDone, NotImplementedError)))


def load_notebook(path):
    """Read a notebook (as version 4)."""
    import nbformat

    return nbformat.read(str(path), as_version=4)


def _notebook(path_or_nb):
    """A notebook given as one (a dict) or by its path."""
    return path_or_nb if isinstance(path_or_nb, dict) else load_notebook(path_or_nb)


def nbgrader_meta(cell):
    """A cell's `metadata.nbgrader` dict (empty when absent or not a dict, as in a
    tampered submission)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _code_cells(nb):
    return [c for c in nb["cells"] if c.get("cell_type") == "code"]


def answer_cells(nb):
    """Autograded-answer code cells, by `grade_id`, in notebook order."""
    return {nbgrader_meta(c)["grade_id"]: c for c in _code_cells(nb)
            if nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")}


def exercise_names(nb):
    """The graded functions (answer-cell `grade_id`s), in notebook order."""
    return list(answer_cells(nb))


def graded_test_cells(nb, name=None):
    """Autograder-test cells, optionally only those of function `name`."""
    cells = [c for c in _code_cells(nb) if nbgrader_meta(c).get("grade")
             and not nbgrader_meta(c).get("solution")]
    if name is None:
        return cells
    return [c for c in cells if exercise_of(nbgrader_meta(c)["grade_id"], nb) == name]


def exercise_of(test_id, nb):
    """The function a test cell belongs to: the longest answer id `test_<id>` starts with
    (None when no answer id fits)."""
    best = None
    for name in answer_cells(nb):
        owns = test_id == f"test_{name}" or test_id.startswith(f"test_{name}_")
        if owns and (best is None or len(name) > len(best)):
            best = name
    return best


def solution_points(root, assignment):
    """{grade_id: points} of the graded test cells of the assignment's solution notebook
    (`solutions/<a>/<a>.ipynb` under `root`), in notebook order: the maximum of each
    cell, which add up to the assignment's. Raises `ValueError` when there is no such
    notebook."""
    path = solution_path(root, assignment)
    if not assignment or not path.is_file():
        raise ValueError(f"`assignment`: expected one with a notebook in {root}/solutions/, "
                         f"got {assignment!r} (no {path.name} there).")
    return cell_points(load_notebook(path))


def cell_points(nb):
    """{grade_id: points} of `nb`'s graded test cells, in notebook order."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c).get("points", 0))
            for c in graded_test_cells(nb)}


def setup_cells(nb):
    """Code cells tagged `setup`."""
    return [c for c in _code_cells(nb) if "setup" in c.get("metadata", {}).get("tags", [])]


def python_source(source):
    """`source` with IPython magics and shell escapes replaced by `pass`."""
    # IPython magics and shell escapes are not Python; a test never depends on them.
    return "\n".join("pass" if _MAGIC.match(line) else line for line in source.splitlines())


def _exec(source, namespace, label):
    code = compile(python_source(source), f"<{label}>", "exec")
    exec(code, namespace)


def _fresh_namespace():
    module = types.ModuleType("__main__")
    return module.__dict__


def solution_namespace(path_or_nb, replace=None):
    """Execute setup and answer cells; return the namespace holding the functions.

    Parameters
    ----------
    path_or_nb : path or NotebookNode
    replace : dict of str -> str, optional
        Answer sources to use instead of the notebook's, by function name.
    """
    nb = _notebook(path_or_nb)
    namespace = _fresh_namespace()
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in setup_cells(nb):
            _exec(cell.source, namespace, "setup")
        for name, cell in answer_cells(nb).items():
            source = (replace or {}).get(name, cell.source)
            # A broken cell leaves its name undefined.
            with contextlib.suppress(Exception):
                _exec(source, namespace, name)
    return namespace


def run_exercise(path_or_nb, name, source=None, *, others=None):
    """Run the test cells of exercise `name` against `source`.

    Parameters
    ----------
    path_or_nb : path or NotebookNode
        A source (solution) notebook: its test cells include the hidden tests.
    name : str
        The function under test (an answer cell's `grade_id`).
    source : str, optional
        The answer cell's source to test; default the notebook's own.
    others : dict of str -> str, optional
        Sources for other answer cells (default: the notebook's own).

    Returns
    -------
    list of CellOutcome, one per test cell of `name`, in notebook order.
    """
    nb = _notebook(path_or_nb)
    if name not in answer_cells(nb):
        raise ValueError(f"`name`: expected one of {exercise_names(nb)}, got {name!r}.")
    replace = dict(others or {})
    if source is not None:
        replace[name] = source
    namespace = solution_namespace(nb, replace)
    outcomes = []
    for cell in graded_test_cells(nb, name):
        meta = nbgrader_meta(cell)
        # A fresh, unpredictable global random state per cell: an earlier run in this
        # process (another case, another exercise) must not decide this cell's outcome.
        np.random.seed(None)  # noqa: NPY002 - the notebooks' own global generator
        out = io.StringIO()
        error = None
        message = ""
        mistake, not_done = None, False
        try:
            with contextlib.redirect_stdout(out):
                _exec(cell.source, namespace, meta["grade_id"])
        except Exception as exc:  # noqa: BLE001 - a failing test is an outcome
            error = type(exc).__name__
            message = str(exc)
            mistake, not_done = diagnosis(exc)
        outcomes.append(CellOutcome(
            grade_id=meta["grade_id"], points=float(meta.get("points", 0)),
            passed=error is None, error=error,
            message=message if error else out.getvalue().strip(), output=out.getvalue(),
            mistake=mistake, not_done=not_done))
    return outcomes

