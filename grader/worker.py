"""Grading one submission: nbgrader's autograde in the sandbox, then the trusted check.

A `Worker` owns a scratch nbgrader course (its own gradebook, so parallel workers
never contend for one) whose source is the instructor's solutions. For each submission
it: reads and recognises the notebook (anything else is `ungradable` with a message),
writes the integrity report, starts the trusted sandbox (it loads the answer cells
while the kernel runs), runs real `nbgrader autograde` with `SandboxedExecute`, runs
the instructor's tests against the sandboxed answers, and combines: where the two runs
disagree the lower score is kept and the row flagged, and tests the kernel never
reached score 0. The caller records the returned plain dict in the real gradebook.

Each submission is graded in a folder made new for it; whatever its sandboxes leave
is removed without following links (`safefs.py`), and a folder that cannot be removed
is simply left behind: the next submission never reuses it.
"""

from __future__ import annotations

import copy
import json
import os
import warnings
from pathlib import Path

import nbformat

from . import integrity, kernel
from .cells import answer_cells, graded_test_cells, nbgrader_meta, setup_cells
from .config import Limits
from .course import TempCourse
from .record import cache_alembic_version
from .rescore import plan, rescore
from .safefs import new_dir, read_regular, remove_tree
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


class Worker:
    """Grades submissions one at a time; `index` picks its sandbox users and folders."""

    def __init__(self, root, limits: Limits, index, scratch):
        warnings.filterwarnings("ignore", message=".*not in session.*")
        cache_alembic_version()
        self.root, self.limits, self.index = Path(root), limits, index
        self.scratch_parent = Path(scratch) / f"worker{index}"
        self.scratch_parent.mkdir(parents=True, exist_ok=True)
        self.scratch = None
        self.course = TempCourse(extra_config=_config(limits))
        self.prepared = {}
        self.count = 0
        self.zygote = Zygote(limits, self.scratch_parent / "zygote", 2 * index + 1)
        if not self.zygote.private_pids:
            self.zygote = None  # without a PID namespace, a fresh process per submission

    def close(self):
        if self.zygote is not None:
            self.zygote.stop()
        self.course.__exit__(None, None, None)
        remove_tree(self.scratch_parent)

    def prepare(self, assignment):
        if assignment not in self.prepared:
            source = self.root / "solutions" / assignment / f"{assignment}.ipynb"
            self.course.put("source", assignment, source)
            self.course.run("generate_assignment", assignment)
            self.prepared[assignment] = (
                nbformat.read(str(source), as_version=4),
                nbformat.read(str(self.course.path("release", assignment)), as_version=4))
        return self.prepared[assignment]

    def grade(self, task):
        """The result dict of one `submissions.Task`."""
        result = {"student": task.student, "assignment": task.assignment,
                  "status": "ungradable", "message": task.problem or "", "score": 0.0,
                  "max_score": 0.0, "cells": {}, "flags": [], "tests": []}
        if task.problem and not (self.root / "solutions" / task.assignment).is_dir():
            return result
        source_nb, release_nb = self.prepare(task.assignment)
        tests = graded_test_cells(source_nb)
        result["max_score"] = sum(float(nbgrader_meta(c).get("points", 0)) for c in tests)
        result["cells"] = {nbgrader_meta(c)["grade_id"]: {"score": 0.0, "max_score":
                           float(nbgrader_meta(c).get("points", 0))} for c in tests}
        result["flags"] = list(task.notes)
        if task.problem:
            return result
        nb, problem = self._read(task.path, source_nb, release_nb)
        if problem:
            result["message"] = problem
            return result
        self.scratch = new_dir(self.scratch_parent, "grade-")
        try:
            result = self._grade(task, nb, source_nb, release_nb, result)
        finally:
            remove_tree(self.scratch)  # never raises; left behind, it is never reused
        if len(result["flags"]) > MAX_FLAGS:
            more = len(result["flags"]) - MAX_FLAGS
            result["flags"] = result["flags"][:MAX_FLAGS] + [f"... and {more} more"]
        return result

    def _read(self, path, source_nb, release_nb):
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
        ids = {nbgrader_meta(c).get("grade_id") for c in release_nb.cells} - {None}
        present = {nbgrader_meta(c).get("grade_id") for c in nb.cells}
        names = list(answer_cells(source_nb))
        defined = [n for n in names for c in nb.cells
                   if c.cell_type == "code" and f"def {n}(" in c.source]
        if not ids & present and not defined:
            return None, ("this is not the expected notebook: none of its graded cells "
                          "or functions are in it (another assignment's notebook?)")
        return nb, None

    def _grade(self, task, nb, source_nb, release_nb, result):
        flags = result["flags"] + integrity.cell_changes(release_nb, nb)
        loads, learner, notes = plan(source_nb, nb)
        flags += integrity.code_findings(learner)
        kernel_dir, trusted_dir = self.scratch / "kernel", self.scratch / "trusted"
        modules = imported_modules(c.source for c in setup_cells(source_nb))
        session = Session(self.limits, trusted_dir, slot=2 * self.index + 1,
                          zygote=self.zygote, modules=modules)
        session.start(loads)
        try:
            graded, failure = self._autograde(task.assignment, release_nb, nb, kernel_dir)
            outcomes, more = rescore(source_nb, loads, self.limits, trusted_dir,
                                     session=session, started=True)
        finally:
            session.close()
        notes += more
        if failure:
            flags.append(f"nbgrader could not run the notebook ({failure}); scored by "
                         f"the trusted check alone")
        kernel_cells = {}
        if graded is not None:
            kernel_cells = {nbgrader_meta(c)["grade_id"]: c for c in graded.cells
                            if nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("grade_id")}
        flags += [f"{'cell ' + str(i) if gid is None else '`' + gid + '`'}: {what}"
                  for i, gid, what in kernel.LAST_REPORT["events"] if what != "not run"]
        stopped = kernel.LAST_REPORT["dead"] if graded is not None else None
        total = 0.0
        for cell in graded_test_cells(source_nb):
            gid = nbgrader_meta(cell)["grade_id"]
            points = float(nbgrader_meta(cell).get("points", 0))
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
            result["cells"][gid].update(score=score, message="" if score == points
                                        else message[:4000])
            result["tests"].append({"grade_id": gid, "points": points, "score": score,
                                    "passed": bool(outcome.passed and score == points),
                                    "message": message[:4000], "mistake": outcome.mistake,
                                    "not_done": bool(outcome.not_done)})
            total += score
        result.update(status="graded", score=total, flags=flags + notes,
                      message=f"stopped early: {stopped}" if stopped else "graded")
        if graded is not None:
            result["autograded"] = nbformat.writes(graded)
        return result

    def _autograde(self, assignment, release_nb, nb, kernel_dir):
        self.count += 1
        sid = f"s{self.count}"
        target = self.course.path("submitted", assignment, sid)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(integrity.normalize(release_nb, copy.deepcopy(nb)), str(target))
        kernel.configure(self.limits, kernel_dir, 2 * self.index, notebook=target)
        kernel.LAST_REPORT.update(events=[], dead=None)
        outcome = self.course.api.autograde(assignment, sid)
        graded_path = self.course.path("autograded", assignment, sid)
        try:
            if outcome.get("success") and graded_path.is_file():
                return nbformat.read(str(graded_path), as_version=4), None
            if os.environ.get("GRADER_DEBUG"):
                print(outcome.get("log", ""), outcome.get("error", ""))
            lines = [ln for ln in (outcome.get("log", "") + outcome.get("error", "")
                                   ).splitlines() if ln.strip()]
            return None, (lines[-1][:300] if lines else "unknown error")
        finally:
            remove_tree(self.course.root / "submitted" / sid)
            remove_tree(self.course.root / "autograded" / sid)


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
