"""`python -m grader check NOTEBOOK`: run one notebook's visible tests, print a score table.

For learners (and self-learners without an instructor): it runs the notebook's setup
cells, its answer cells and then each exercise's test cells, exactly as the notebook
would, and prints one row per test cell with the points and the failure message.
Runs in this process: it is the learner's own code on the learner's own machine.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from .cells import exercise_names, load_notebook, run_exercise

__all__ = ["check_notebook"]


def check_notebook(path, *, log=print):
    """Score `path`'s visible tests; return (score, max_score)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"`NOTEBOOK`: expected an .ipynb file, got {str(path)!r} "
                         f"(no such file).")
    try:
        nb = load_notebook(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same message
        raise ValueError(f"`NOTEBOOK`: {path} is not a readable notebook ({exc}).") from None
    names = exercise_names(nb)
    if not names:
        raise ValueError(f"`NOTEBOOK`: {path} has no graded exercise cells.")
    width = min(shutil.get_terminal_size((100, 20)).columns, 120)
    rows = []
    for name in names:
        rows += [(name, o) for o in run_exercise(nb, name)]
    score = sum(o.score for _, o in rows)
    max_score = sum(o.points for _, o in rows)
    log(f"{path.name}: {score:g} / {max_score:g} points")
    log(f"{'test':<38} {'points':>9}  result")
    for _, outcome in rows:
        mark = "pass" if outcome.passed else "FAIL"
        log(f"{outcome.grade_id:<38} {outcome.score:>4g} / {outcome.points:<3g} {mark}")
        if not outcome.passed:
            for line in textwrap.wrap(f"{outcome.error}: {outcome.message}", width - 6):
                log(f"      {line}")
    return score, max_score
