"""Where a learner stands in the whole course: per notebook, exercises done, passing, points.

`python -m grader progress` (or, inside a notebook, ``from grader.progress import
course_progress; course_progress()``) runs the visible tests of every notebook in the
learner's workspace, exactly as `python -m grader check` does for one, and summarizes:

* *done*: exercises whose function no longer raises `NotImplementedError`;
* *passing*: exercises all of whose visible test cells pass;
* *points*: visible points earned out of the visible points available.

Hidden tests are the instructor's; a passing visible test is a good sign, not a grade.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

from .cells import exercise_names, load_notebook, notebook_path, run_exercise
from .workspace import workspace_dir

__all__ = ["NotebookProgress", "course_progress", "format_progress", "notebook_progress"]

_NOT_DONE = "ExerciseNotDone"


@dataclasses.dataclass(frozen=True)
class NotebookProgress:
    """One notebook's standing (visible tests only)."""

    assignment: str
    exercises: int
    done: int
    passing: int
    points: float
    max_points: float
    problem: str | None = None  # set when the notebook could not be read or run


def notebook_progress(path, assignment=None):
    """The `NotebookProgress` of the notebook at `path`."""
    path = Path(path)
    assignment = assignment or path.stem
    try:
        nb = load_notebook(path)
        names = exercise_names(nb)
    except Exception as exc:  # noqa: BLE001 - a broken file is reported, not raised
        return NotebookProgress(assignment, 0, 0, 0, 0.0, 0.0,
                                problem=f"cannot read the notebook ({type(exc).__name__})")
    done = passing = 0
    points = max_points = 0.0
    for name in names:
        try:
            outcomes = run_exercise(nb, name)
        except Exception as exc:  # noqa: BLE001 - e.g. a syntax error in a setup cell
            return NotebookProgress(assignment, len(names), 0, 0, 0.0, 0.0,
                                    problem=f"cannot run it: {type(exc).__name__}: {exc}")
        done += not any(o.error == _NOT_DONE for o in outcomes)
        passing += bool(outcomes) and all(o.passed for o in outcomes)
        points += sum(o.score for o in outcomes)
        max_points += sum(o.points for o in outcomes)
    return NotebookProgress(assignment, len(names), done, passing, points, max_points)


def course_progress(root=None, workspace=None):
    """Progress of every notebook in the workspace, in course order.

    Returns a list of `NotebookProgress`; in a notebook it displays as a table.
    """
    from .course import course_root

    space = workspace_dir(course_root(root), workspace)
    if not space.is_dir():
        raise ValueError(f"`workspace`: expected the folder of your notebooks, got "
                         f"{str(space)!r} (no such folder). `make lab` creates it.")
    rows = [notebook_progress(notebook_path(space, p.name), p.name)
            for p in sorted(space.iterdir())
            if p.is_dir() and notebook_path(space, p.name).is_file()]
    return _Table(rows)


class _Table(list):
    """A list of rows that shows as a table in a notebook and as text elsewhere."""

    def __str__(self):
        return format_progress(self)

    def _repr_html_(self):
        head = "".join(f"<th>{h}</th>" for h in ("notebook", "done", "passing", "points"))
        body = "".join(
            f"<tr><td>{html.escape(r.assignment)}</td>"
            + (f"<td colspan='3'>{html.escape(r.problem)}</td>" if r.problem else
               f"<td>{r.done}/{r.exercises}</td><td>{r.passing}/{r.exercises}</td>"
               f"<td>{r.points:g}/{r.max_points:g}</td>") + "</tr>"
            for r in self)
        return f"<table><tr>{head}</tr>{body}</table>"


def format_progress(rows):
    """The text table printed by `python -m grader progress`."""
    lines = [f"{'notebook':<28} {'done':>7} {'passing':>8} {'points':>11}"]
    for r in rows:
        if r.problem:
            lines.append(f"{r.assignment:<28} {r.problem}")
            continue
        lines.append(f"{r.assignment:<28} {f'{r.done}/{r.exercises}':>7} "
                     f"{f'{r.passing}/{r.exercises}':>8} "
                     f"{f'{r.points:g}/{r.max_points:g}':>11}")
    total = sum(r.points for r in rows)
    available = sum(r.max_points for r in rows)
    lines.append(f"{'course (visible tests)':<28} {'':>7} {'':>8} "
                 f"{f'{total:g}/{available:g}':>11}")
    return "\n".join(lines)
