"""Grading one submission: nbgrader's autograde in the sandbox, then the trusted check.

A `Worker` owns a scratch nbgrader course (its own gradebook, so parallel workers
never contend for one) whose source is the instructor's solutions. For each submission
it: reads and recognises the notebook (anything else is `ungradable` with a message),
writes the integrity report, starts the trusted sandbox (it loads the answer cells
while the kernel runs), runs real `nbgrader autograde` with `SandboxedExecute`, runs
the instructor's tests against the sandboxed answers, and combines: where the two runs
disagree the lower score is kept and the row flagged, and tests the kernel never
reached score 0. `grade` returns a `result.GradeResult`, which the caller records in
the real gradebook.

The worker owns what it starts: its zygote (closed by `close`), and per submission
the trusted session (a `with` block around nbgrader's run and `rescore`) and the
kernel's `KernelRun`, which it hands to `SandboxedExecute` through the scratch
course's nbgrader config and reads the run's events back from.

Each submission is graded in a folder made new for it; whatever its sandboxes leave
is removed without following links (`safefs.py`), and a folder that cannot be removed
is simply left behind: the next submission never reuses it.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import warnings
from pathlib import Path

import nbformat

from . import integrity, kernel
from .cells import answer_cells, load_notebook, nbgrader_meta, setup_cells, solution_points
from .config import Limits
from .course import TempCourse, failure_line, solution_path
from .rescore import plan, rescore
from .result import CellResult, GradeResult, ScoredTest
from .safefs import new_dir, read_regular, remove_tree
from .slots import Slots
from .trusted import Session
from .zygote import Zygote, imported_modules

__all__ = ["Worker"]

MAX_NOTEBOOK = 100 * 2**20
MAX_FLAGS = 200
_STOPPED = {"NotRun", "KernelDied"}


def _config(limits):
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    # "immediate": a graded kernel has nothing to save; a graceful stop idles ~0.7 s.
    return {"Execute": {"timeout": max(1, int(limits.cell_timeout)), "iopub_timeout": 10,
                        "raise_on_iopub_timeout": True, "interrupt_on_timeout": True,
                        "shutdown_kernel": "immediate"},
            "Autograde": {"autograde_preprocessors": [
                kernel.SandboxedExecute, IgnorePattern, ClearMetadataPreprocessor,
                LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]},
            "OverwriteCells": {"add_missing_cells": True}}


@dataclasses.dataclass(frozen=True)
class Prepared:
    """An assignment as the worker grades it."""

    source: nbformat.NotebookNode   # the instructor's solution (hidden tests included)
    release: nbformat.NotebookNode  # what nbgrader released to the learners
    points: dict                    # {test grade_id: points}: `cells.solution_points`


class Worker:
    """Grades submissions one at a time; `index` picks its sandbox users and folders."""

    def __init__(self, root, limits: Limits, index, scratch):
        warnings.filterwarnings("ignore", message=".*not in session.*")
        self.root, self.limits, self.index = Path(root), limits, index
        self.slots = Slots.for_worker(index)
        self.scratch_parent = Path(scratch) / f"worker{index}"
        self.scratch_parent.mkdir(parents=True, exist_ok=True)
        self.scratch = None
        self.course = TempCourse(extra_config=_config(limits))
        self.prepared = {}
        self.count = 0
        self.zygote = Zygote(limits, self.scratch_parent / "zygote", self.slots.trusted)
        if not self.zygote.private_pids:
            self.zygote = None  # without a PID namespace, a fresh process per submission

    def close(self):
        if self.zygote is not None:
            self.zygote.stop()
        self.course.__exit__(None, None, None)
        remove_tree(self.scratch_parent)

    def prepare(self, assignment):
        """The `Prepared` assignment (generated once per worker)."""
        if assignment not in self.prepared:
            source = solution_path(self.root, assignment)
            self.course.put("source", assignment, source)
            self.course.run("generate_assignment", assignment)
            self.prepared[assignment] = Prepared(
                load_notebook(source), load_notebook(self.course.path("release", assignment)),
                solution_points(self.root, assignment))
        return self.prepared[assignment]

    def grade(self, task):
        """The `GradeResult` of one `submissions.Task`."""
        if task.problem and not solution_path(self.root, task.assignment).is_file():
            return GradeResult.ungradable(task, task.problem)
        prepared = self.prepare(task.assignment)
        if task.problem:
            return _capped(GradeResult.ungradable(task, task.problem, prepared.points,
                                                  task.notes))
        nb, problem = self._read(task.path, prepared)
        if problem:
            return _capped(GradeResult.ungradable(task, problem, prepared.points, task.notes))
        self.scratch = new_dir(self.scratch_parent, "grade-")
        try:
            return _capped(self._grade(task, nb, prepared))
        finally:
            remove_tree(self.scratch)  # never raises; left behind, it is never reused

    def _read(self, path, prepared):
        text, problem = read_regular(path, MAX_NOTEBOOK)
        if problem:
            return None, f"the notebook {problem}"
        if not text.strip():
            return None, "the notebook file is empty"
        try:
            json.loads(text)
        except (ValueError, RecursionError) as exc:
            return None, f"the notebook is not valid JSON ({str(exc)[:200]})"
        try:
            nb = nbformat.reads(text.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # noqa: BLE001 - any reason makes it unreadable
            return None, f"not a valid Jupyter notebook ({type(exc).__name__}: " \
                         f"{str(exc).splitlines()[0][:200] if str(exc) else ''})"
        ids = {nbgrader_meta(c).get("grade_id") for c in prepared.release.cells} - {None}
        present = {nbgrader_meta(c).get("grade_id") for c in nb.cells}
        names = list(answer_cells(prepared.source))
        defined = [n for n in names for c in nb.cells
                   if c.cell_type == "code" and f"def {n}(" in c.source]
        if not ids & present and not defined:
            return None, ("this is not the expected notebook: none of its graded cells "
                          "or functions are in it (another assignment's notebook?)")
        return nb, None

    def _grade(self, task, nb, prepared):
        flags = list(task.notes) + integrity.cell_changes(prepared.release, nb)
        loads, learner, notes = plan(prepared.source, nb)
        flags += integrity.code_findings(learner)
        modules = imported_modules(c.source for c in setup_cells(prepared.source))
        with Session(self.limits, self.scratch / "trusted", slot=self.slots.trusted,
                     zygote=self.zygote, modules=modules) as session:
            session.start(loads)  # the answers load while nbgrader runs the notebook
            graded, failure, run = self._autograde(task.assignment, prepared.release, nb)
            outcomes, more = rescore(prepared.source, loads, session)
        notes += more
        if failure:
            flags.append(f"nbgrader could not run the notebook ({failure}); scored by "
                         f"the trusted check alone")
        kernel_cells = {}
        if graded is not None:
            kernel_cells = {nbgrader_meta(c)["grade_id"]: c for c in graded.cells
                            if nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("grade_id")}
        flags += [f"{'cell ' + str(i) if gid is None else '`' + gid + '`'}: {what}"
                  for i, gid, what in run.events if what != "not run"]
        stopped = run.dead if graded is not None else None
        cells, tests = {}, []
        for gid, points in prepared.points.items():
            outcome = outcomes[gid]
            score = points if outcome.passed else 0.0
            message = "passed" if outcome.passed else f"{outcome.error}: {outcome.message}"
            kcell = kernel_cells.get(gid)
            if kcell is not None:
                knames = {o.get("ename") for o in kcell.get("outputs", [])}
                if knames & _STOPPED:
                    score, message = 0.0, f"not run: {stopped or 'the kernel stopped'}"
                else:
                    kscore = _kernel_score(kcell)
                    if kscore is not None and abs(kscore - score) > 1e-9:
                        flags.append(f"disagreement on `{gid}`: the notebook's own run "
                                     f"scored {kscore:g}, the trusted check {score:g} "
                                     f"(the lower kept)")
                        if kscore < score:
                            score, message = kscore, _kernel_failure(kcell)
            elif graded is not None:
                flags.append(f"`{gid}` missing from nbgrader's output")
            # The JSON's per-cell entry carries the check's own message (empty on a pass).
            cells[gid] = CellResult(score, points, "" if score == points else message[:4000])
            tests.append(ScoredTest(gid, points, score, bool(outcome.passed and score == points),
                                    message[:4000], outcome.mistake, bool(outcome.not_done)))
        return GradeResult.graded(
            task, f"stopped early: {stopped}" if stopped else "graded", cells, tests,
            flags + notes, autograded=None if graded is None else nbformat.writes(graded))

    def _autograde(self, assignment, release_nb, nb):
        """(autograded notebook or None, why nbgrader failed or None, the `KernelRun`)."""
        self.count += 1
        sid = f"s{self.count}"
        target = self.course.path("submitted", assignment, sid)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(integrity.normalize(release_nb, copy.deepcopy(nb)), str(target))
        run = kernel.KernelRun(self.limits, self.scratch / "kernel", self.slots.kernel,
                               notebook=target)
        self.course.api.config.SandboxedExecute.run = run
        outcome = self.course.api.autograde(assignment, sid)
        graded_path = self.course.path("autograded", assignment, sid)
        try:
            if outcome.get("success") and graded_path.is_file():
                return load_notebook(graded_path), None, run
            if os.environ.get("GRADER_DEBUG"):
                print(outcome.get("log", ""), outcome.get("error", ""))
            return None, failure_line(outcome)[:300], run
        finally:
            self.course.api.config.SandboxedExecute.run = None
            remove_tree(self.course.root / "submitted" / sid)
            remove_tree(self.course.root / "autograded" / sid)


def _capped(result):
    """`result` with at most `MAX_FLAGS` flags (and a count of the others)."""
    if len(result.flags) > MAX_FLAGS:
        more = len(result.flags) - MAX_FLAGS
        result.flags = result.flags[:MAX_FLAGS] + [f"... and {more} more"]
    return result


def _kernel_failure(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return (f"failed in the notebook's own run: {str(output.get('ename'))[:100]}: "
                    f"{str(output.get('evalue'))[:1000]}")
    return "failed in the notebook's own run"


def _kernel_score(cell):
    from nbgrader.utils import determine_grade

    try:
        score, _ = determine_grade(cell)
    except Exception:  # noqa: BLE001 - a mangled cell has no kernel score
        return None
    return None if score is None else float(score)
