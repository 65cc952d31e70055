"""Every exercise's tests: the solution passes, the blank stub fails cleanly, each
wrong implementation of the corpus fails with its intended message and each
alternative correct implementation passes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from grader.cells import answer_cells, load_notebook, run_exercise

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # lets cases_*.py import `corpus`
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


def _solution(assignment):
    return ROOT / "solutions" / assignment / f"{assignment}.ipynb"


def _release(assignment):
    return ROOT / "notebooks" / assignment / f"{assignment}.ipynb"


def _cases():
    found = []
    for path in sorted(HERE.glob("cases_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assignment = path.stem.removeprefix("cases_")
        found += [(assignment, case) for case in module.CASES]
    return found


CASES = _cases()


def _exercises():
    return [(a, name) for a in ASSIGNMENTS for name in answer_cells(load_notebook(_solution(a)))]


EXERCISES = _exercises()


def test_there_are_exercises():
    assert EXERCISES, "no graded functions found in solutions/"


@pytest.mark.parametrize("assignment,name", EXERCISES, ids=[f"{a}:{n}" for a, n in EXERCISES])
def test_solution_passes_every_test(assignment, name):
    outcomes = run_exercise(_solution(assignment), name)
    assert outcomes, f"{name} has no test cell"
    failed = [(o.grade_id, o.error, o.message) for o in outcomes if not o.passed]
    assert not failed, failed


@pytest.mark.parametrize("assignment,name", EXERCISES, ids=[f"{a}:{n}" for a, n in EXERCISES])
def test_blank_stub_fails_with_not_done_message(assignment, name):
    stub = answer_cells(load_notebook(_release(assignment)))[name].source
    assert "NotImplementedError" in stub
    for outcome in run_exercise(_solution(assignment), name, stub):
        assert not outcome.passed, f"{outcome.grade_id} passes on the blank stub"
        assert outcome.error == "ExerciseNotDone", (outcome.grade_id, outcome.error,
                                                    outcome.message)
        assert "not implemented yet" in outcome.message


@pytest.mark.parametrize("assignment,name", EXERCISES, ids=[f"{a}:{n}" for a, n in EXERCISES])
def test_corpus_covers_exercise(assignment, name):
    mine = [c for a, c in CASES if a == assignment and c.function == name]
    wrongs = [c for c in mine if c.kind == "wrong"]
    rights = [c for c in mine if c.kind == "correct"]
    assert len(wrongs) >= 3, f"{name}: only {len(wrongs)} wrong implementations in the corpus"
    assert len(rights) >= 1, f"{name}: no alternative correct implementation in the corpus"


@pytest.mark.parametrize("assignment,case", CASES,
                         ids=[f"{a}:{c.function}:{c.label}" for a, c in CASES])
def test_corpus_case(assignment, case):
    outcomes = run_exercise(_solution(assignment), case.function, case.source)
    assert outcomes
    if case.kind == "correct":
        failed = [(o.grade_id, o.error, o.message) for o in outcomes if not o.passed]
        assert not failed, f"a correct implementation was rejected: {failed}"
        return
    failed = [o for o in outcomes if not o.passed]
    assert failed, f"{case.label} passed every test of {case.function}"
    first = failed[0]
    assert first.error == "CheckFailure", (
        f"{case.label}: the test crashed with {first.error} instead of a CheckFailure: "
        f"{first.message}")
    # Without fragments the next assertion would hold for any message.
    assert case.expect, f"{case.label}: name the fragments its failure message must show"
    assert all(fragment in first.message for fragment in case.expect), (
        f"{case.label}: expected the message to mention {case.expect}, got: {first.message}")
