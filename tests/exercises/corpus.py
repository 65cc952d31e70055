"""Declarations for the exercise-test corpus.

Each `cases_<assignment>.py` beside this file defines `CASES`, a list of `Case`:
a plausible wrong implementation (`kind="wrong"`, with the message fragments the
failing test must show) or an alternative correct one (`kind="correct"`). The tests
in `test_exercises.py` run each case through the notebook's own test cells
(visible and hidden) with `grader.cells.run_exercise`.
"""

from __future__ import annotations

import dataclasses
import textwrap


@dataclasses.dataclass(frozen=True)
class Case:
    function: str
    label: str          # wrong_<mistake> or correct_<variant>
    source: str         # the whole answer cell (def ... ), dedented
    expect: tuple = ()  # for wrong cases: fragments of the failure message (all required)

    @property
    def kind(self):
        return "wrong" if self.label.startswith("wrong_") else "correct"


def wrong(function, label, source, *expect):
    if not label.startswith("wrong_"):
        label = f"wrong_{label}"
    return Case(function, label, textwrap.dedent(source).strip() + "\n", tuple(expect))


def correct(function, label, source):
    if not label.startswith("correct_"):
        label = f"correct_{label}"
    return Case(function, label, textwrap.dedent(source).strip() + "\n")
