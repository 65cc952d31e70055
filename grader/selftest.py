"""`python -m grader selftest`: prove every assignment grades as intended under nbgrader.

For each assignment, in one temporary nbgrader course: the solution notebook, submitted
as a student's, must score full marks with no error anywhere; the untouched release
must score zero, and its only errors must be the exercises' own "not implemented yet"
failures inside test cells (any error in a demo, dashboard or setup cell means a learner
opening the notebook would hit it too).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import nbformat

from .cells import nbgrader_meta
from .course import TempCourse, assignments, solution_path
from .release import generate

__all__ = ["selftest"]

_EXPECTED_BLANK_ERRORS = {"ExerciseNotDone", "NotImplementedError"}


def _errors(nb):
    """(cell index, grade_id or None, ename, evalue) for every error output."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((index, grade_id, output.get("ename"), output.get("evalue", "")))
    return found


def _is_test_cell(nb, index):
    meta = nbgrader_meta(nb.cells[index])
    return bool(meta.get("grade")) and not meta.get("solution")


def _scores(course, assignment, student):
    with course.api.gradebook as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return float(submission.score), float(submission.max_score)


def selftest(root, ids=None, *, log=print):
    """Return an exit code: 0 when every assignment behaves, 1 otherwise."""
    root = Path(root)
    ids = ids or assignments(root)
    failures = []
    # nbgrader 0.9.6's gradebook triggers SQLAlchemy "not in session" warnings on every
    # autograde; they are noise for the instructor.
    warnings.filterwarnings("ignore", message=".*not in session.*")
    released = generate(root, ids)
    with TempCourse(extra_config={"ExecutePreprocessor": {"timeout": 120}}) as course:
        for assignment in ids:
            solution = solution_path(root, assignment)
            course.put("source", assignment, solution)
            course.put("submitted", assignment, solution, student="solution")
            blank = course.path("submitted", assignment, "blank")
            blank.parent.mkdir(parents=True, exist_ok=True)
            blank.write_text(released[assignment])
        for assignment in ids:
            started = time.perf_counter()
            course.run("generate_assignment", assignment)
            problems = []
            for student in ("solution", "blank"):
                course.run("autograde", assignment, student)
                score, max_score = _scores(course, assignment, student)
                graded = nbformat.read(str(course.path("autograded", assignment, student)),
                                       as_version=4)
                errors = _errors(graded)
                if student == "solution":
                    if score != max_score:
                        problems.append(f"solution scored {score:g}/{max_score:g}")
                    problems += [f"solution: cell {i} ({gid or 'not graded'}) raised "
                                 f"{name}: {value[:200]}" for i, gid, name, value in errors]
                else:
                    if score != 0:
                        problems.append(f"blank release scored {score:g}/{max_score:g}, "
                                        f"expected 0")
                    problems += [f"blank: cell {i} ({gid or 'not graded'}) raised {name}: "
                                 f"{value[:200]}" for i, gid, name, value in errors
                                 if not _is_test_cell(graded, i)
                                 or name not in _EXPECTED_BLANK_ERRORS]
                if max_score <= 0:
                    problems.append("no points to grade")
            seconds = time.perf_counter() - started
            if problems:
                failures.append(assignment)
                log(f"FAIL {assignment} ({seconds:.1f} s)")
                for problem in problems:
                    log(f"  - {problem}")
            else:
                log(f"ok   {assignment}: solution {max_score:g}/{max_score:g}, blank 0/"
                    f"{max_score:g}, no unexpected errors ({seconds:.1f} s)")
    log(f"selftest {'FAILED for ' + ', '.join(failures) if failures else 'passed'}: "
        f"{len(ids)} assignment(s)")
    return 1 if failures else 0
