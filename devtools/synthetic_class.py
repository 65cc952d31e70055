"""A synthetic class for the class report: the exercise corpus's wrong answers as students.

Each wrong implementation of `tests/exercises/cases_<assignment>.py` is run once through
the notebook's own test cells (visible and hidden) with `grader.cells.run_exercise`; a
student is then a choice, per exercise, of the solution, the blank stub or one of those
wrong answers, and their results row is assembled from the recorded outcomes exactly as
`grader/worker.py` writes it (`tests`: grade_id, points, score, passed, message,
mistake, not_done). `notebook(...)` builds the same student as a real submission.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import sys
from pathlib import Path

from grader import course
from grader.cells import answer_cells, load_notebook, nbgrader_meta, run_exercise
from grader.result import CellResult, GradeResult, ScoredTest
from grader.submissions import Task

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "tests" / "exercises"
SOLUTION, STUB = "solution", "stub"


def solution_path(assignment):
    return course.solution_path(ROOT, assignment)


def release_path(assignment):
    return course.notebook_path(ROOT / "notebooks", assignment)


@functools.cache
def wrong_cases(assignment):
    """{function: {label: source}} of the corpus's wrong answers."""
    if str(EXERCISES) not in sys.path:
        sys.path.insert(0, str(EXERCISES))  # the cases import `corpus`
    path = EXERCISES / f"cases_{assignment}.py"
    spec = importlib.util.spec_from_file_location(f"report_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = {}
    for case in module.CASES:
        if case.kind == "wrong":
            found.setdefault(case.function, {})[case.label] = case.source
    return found


@functools.cache
def outcomes(assignment, function, choice):
    """The test outcomes of `function` answered with `choice` (a label, SOLUTION, STUB)."""
    if choice == SOLUTION:
        source = None
    elif choice == STUB:
        source = answer_cells(load_notebook(release_path(assignment)))[function].source
    else:
        source = wrong_cases(assignment)[function][choice]
    return tuple(run_exercise(solution_path(assignment), function, source))


def row(assignment, answers, flags=()):
    """The results row of a student answering {function: choice} (default SOLUTION)."""
    return result(assignment, answers, flags).to_row()


def result(assignment, answers, flags=(), student=""):
    """The `GradeResult` of a student answering {function: choice} (default SOLUTION)."""
    nb = load_notebook(solution_path(assignment))
    tests, cells = [], {}
    for function in answer_cells(nb):
        for o in outcomes(assignment, function, answers.get(function, SOLUTION)):
            score = o.points if o.passed else 0.0
            message = "passed" if o.passed else f"{o.error}: {o.message}"
            cells[o.grade_id] = CellResult(score, o.points)
            tests.append(ScoredTest(o.grade_id, o.points, score, o.passed, message[:4000],
                                    o.mistake, o.not_done))
    task = Task(student, assignment, None, None)
    return GradeResult.graded(task, "graded", cells, tests, flags)


def diagnosed(assignment, function, choice):
    """(mistakes, not_done, undiagnosed) of one answer, read off its outcomes directly."""
    failing = [o for o in outcomes(assignment, function, choice) if not o.passed]
    if any(o.not_done for o in failing):
        return set(), True, False
    return ({o.mistake for o in failing if o.mistake is not None}, False,
            any(o.mistake is None for o in failing))


def notebook(assignment, answers):
    """The released notebook with answer cells replaced by {function: choice}."""
    nb = copy.deepcopy(load_notebook(release_path(assignment)))
    solution = answer_cells(load_notebook(solution_path(assignment)))
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        choice = answers.get(gid, SOLUTION) if gid in solution else None
        if choice == SOLUTION:
            cell.source = _strip_markers(solution[gid].source)
        elif choice not in (None, STUB):
            cell.source = wrong_cases(assignment)[gid][choice]
    return nb


def _strip_markers(source):
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
