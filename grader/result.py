"""The result of grading one student's assignment, as one typed value.

`worker.Worker.grade` returns a `GradeResult`; `autograde` hands it to
`record.Book.record`, which writes its cells' scores to the gradebook and its row
(`to_row()`) to `results.json`; `feedback` and `export` read the rows back as
`GradeResult`s (`from_row`). The row is the results file's JSON and the `--json`
output (without `tests` there): these are the only places a row is built or read.

Every row that is not graded is built by `GradeResult.ungradable` (or `crashed`, the
grader's own failure), with the assignment's cells at zero out of their points so an
ungradable row still carries the instructor's maximum. A result is plain data (str,
float, bool, lists, dicts and dataclasses), so it pickles: it comes back from worker
processes.
"""

from __future__ import annotations

import dataclasses

__all__ = ["CellResult", "GradeResult", "ScoredTest"]

GRADED, UNGRADABLE = "graded", "ungradable"


@dataclasses.dataclass
class CellResult:
    """The score of one graded test cell, as the gradebook records it."""

    score: float
    max_score: float
    message: str | None = None  # the check's message ("" on a pass); None: never run

    def to_row(self):
        row = {"score": self.score, "max_score": self.max_score}
        if self.message is not None:
            row["message"] = self.message
        return row


@dataclasses.dataclass
class ScoredTest:
    """One test cell's outcome, for the feedback page and the class report."""

    grade_id: str
    points: float
    score: float
    passed: bool
    message: str
    mistake: str | None = None  # the diagnosed mistake (`CheckFailure.mistake`), if any
    not_done: bool = False      # failed because the exercise is not implemented yet


@dataclasses.dataclass
class GradeResult:
    """One student's assignment: status, score, cells, flags and test outcomes."""

    student: str
    assignment: str
    status: str                  # "graded" or "ungradable"
    message: str                 # "graded", "stopped early: ...", or why it is ungradable
    score: float = 0.0
    max_score: float = 0.0
    cells: dict[str, CellResult] = dataclasses.field(default_factory=dict)
    flags: list[str] = dataclasses.field(default_factory=list)
    tests: list[ScoredTest] = dataclasses.field(default_factory=list)
    autograded: str | None = None  # nbgrader's autograded notebook (JSON text), if any

    @classmethod
    def ungradable(cls, task, reason, cells=None, flags=()):
        """The row of `task` (a `submissions.Task`) that could not be graded: `reason`
        as its message, and `cells` ({grade_id: points}, the assignment's maximum from
        `cells.solution_points`) each scored 0."""
        cells = dict(cells or {})
        return cls(task.student, task.assignment, UNGRADABLE, reason,
                   max_score=sum(cells.values(), 0.0),
                   cells={gid: CellResult(0.0, points) for gid, points in cells.items()},
                   flags=list(flags))

    @classmethod
    def crashed(cls, task, reason, cells=None):
        """The row of a submission the grader itself failed on (`reason`: what failed)."""
        return cls.ungradable(task, f"the grader failed on this submission: {reason}", cells)

    @classmethod
    def graded(cls, task, message, cells, tests, flags, autograded=None):
        """The row of a graded submission; its score and maximum sum `cells`."""
        return cls(task.student, task.assignment, GRADED, message,
                   score=sum((c.score for c in cells.values()), 0.0),
                   max_score=sum((c.max_score for c in cells.values()), 0.0),
                   cells=dict(cells), flags=list(flags), tests=list(tests),
                   autograded=autograded)

    @property
    def is_graded(self):
        return self.status == GRADED

    def to_row(self, *, tests=True):
        """The JSON row: `status`, `message`, `score`, `max_score`, `cells`, `flags` and,
        unless `tests=False` (the `--json` output), `tests`."""
        row = {"status": self.status, "message": self.message, "score": self.score,
               "max_score": self.max_score,
               "cells": {gid: cell.to_row() for gid, cell in self.cells.items()},
               "flags": list(self.flags)}
        if tests:
            row["tests"] = [dataclasses.asdict(test) for test in self.tests]
        return row

    @classmethod
    def from_row(cls, student, assignment, row):
        """The result a stored row (`to_row()`) describes; keys a row written by an
        older grader lacks take their defaults."""
        if not isinstance(row, dict) or "status" not in row:
            raise ValueError(f"`row`: expected a results row (a dict with a `status`), "
                             f"got {type(row).__name__} for {student!r}/{assignment!r}.")
        fields = {f.name for f in dataclasses.fields(ScoredTest)}
        return cls(student, assignment, row["status"], row.get("message", ""),
                   score=row.get("score", 0.0), max_score=row.get("max_score", 0.0),
                   cells={gid: CellResult(cell["score"], cell["max_score"],
                                          cell.get("message"))
                          for gid, cell in (row.get("cells") or {}).items()},
                   flags=list(row.get("flags") or []),
                   tests=[ScoredTest(**{k: v for k, v in test.items() if k in fields})
                          for test in row.get("tests") or []])
