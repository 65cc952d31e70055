"""`python -m grader report`: counts per diagnosed mistake, completion, pass rates, and a
page that is self-contained, script-free and escapes every stored string."""

from __future__ import annotations

import json
import re

import pytest

from devtools import synthetic_class as rc
from grader.__main__ import main
from grader.cells import answer_cells, load_notebook
from grader.report_data import layout, summarize

A = "01_initialization"
XAVIER = "used Xavier's variance 1/n[l-1] instead of He's 2/n[l-1]"
VARIANCE = "returned the variance (np.var) instead of the standard deviation"
EVIL = "<img src=x onerror=alert(1)>"


def _functions():
    return list(answer_cells(load_notebook(rc.solution_path(A))))


def _roster(size):
    """{student: {function: choice}}: per function, wrong answer i goes to (i % 3) + 1
    students, the stub to 2, the solution to the rest (rotated so students mix)."""
    students = [f"s{i:03d}" for i in range(size)]
    roster = {s: {} for s in students}
    for k, function in enumerate(_functions()):
        choices = [label for i, label in enumerate(rc.wrong_cases(A).get(function, {}))
                   for _ in range(i % 3 + 1)] + [rc.STUB] * 2
        assert len(choices) <= size
        choices += [rc.SOLUTION] * (size - len(choices))
        shift = 7 * k % size
        for i, student in enumerate(students):
            roster[student][function] = choices[(i + shift) % size]
    return roster


def _results(roster):
    return {"students": {s: {A: rc.row(A, answers)} for s, answers in roster.items()}}


def _run(tmp_path, results, *extra):
    workdir = tmp_path / "grading"
    workdir.mkdir(exist_ok=True)
    (workdir / "results.json").write_text(json.dumps(results))
    page, data = tmp_path / "report.html", tmp_path / "report.json"
    code = main(["--root", str(rc.ROOT), "report", "--workdir", str(workdir), "-o", str(page),
                 "--json", str(data), *extra])
    assert code == 0
    return page.read_text(), json.loads(data.read_text())


def _exercise(data, name, assignment=A):
    found = [a for a in data["assignments"] if a["name"] == assignment]
    return {e["name"]: e for e in found[0]["exercises"]}[name] if found else None


def test_synthetic_class_gives_exactly_the_expected_counts_per_mistake(tmp_path, capsys):
    roster = _roster(60)
    page, data = _run(tmp_path, _results(roster))
    assert data["class_size"] == 60
    for function in _functions():
        want_mistakes, want_not_done, want_undiagnosed, want_passed = {}, 0, 0, 0
        for answers in roster.values():
            mistakes, not_done, undiagnosed = rc.diagnosed(A, function, answers[function])
            for key in mistakes:
                want_mistakes[key] = want_mistakes.get(key, 0) + 1
            want_not_done += not_done
            want_undiagnosed += undiagnosed
            want_passed += not (mistakes or not_done or undiagnosed)
        ex = _exercise(data, function)
        got = {m["mistake"]: m["students"] for m in ex["mistakes"]}
        assert got == want_mistakes, function
        assert (ex["not_done"], ex["undiagnosed"], ex["passed"]) == (
            want_not_done, want_undiagnosed, want_passed), function
        for m in ex["mistakes"]:
            assert m["share"] == pytest.approx(m["students"] / 60)
        counts = [m["students"] for m in ex["mistakes"]]
        assert counts == sorted(counts, reverse=True)
    # Pinned: wrong_xavier_variance is initialize_he's first wrong answer (1 student),
    # and both "He" test cells catch it.
    he = _exercise(data, "initialize_he")
    xavier = {m["mistake"]: m for m in he["mistakes"]}[XAVIER]
    labels = list(rc.wrong_cases(A)["initialize_he"])
    assert xavier["students"] == labels.index("wrong_xavier_variance") % 3 + 1
    assert set(xavier["tests"]) <= {t["grade_id"] for t in layout(rc.ROOT, A)["tests"]
                                    if t["exercise"] == "initialize_he"}
    assert he["not_done"] == 2
    # Per test cell: the pass rate is the share of students whose outcome passed.
    for test in data["assignments"][0]["tests"]:
        passed = sum(1 for answers in roster.values()
                     for o in rc.outcomes(A, test["exercise"], answers[test["exercise"]])
                     if o.grade_id == test["grade_id"] and o.passed)
        assert (test["passed"], test["pass_rate"]) == (passed, pytest.approx(passed / 60))
    assert (data["assignments"][0]["graded"], data["assignments"][0]["missing"]) == (60, 0)
    assert f"{XAVIER}</td>".replace("'", "&#x27;") in page
    out = capsys.readouterr().out
    assert "class report: 60 student(s)" in out and "% of the class" in out


def test_empty_class_renders(tmp_path, capsys):
    page, data = _run(tmp_path, {"students": {}})
    assert data["class_size"] == 0 and data["assignments"] == []
    assert "Nothing graded yet" in page and "<script" not in page.lower()
    assert "0 student(s)" in capsys.readouterr().out


def test_one_student_renders(tmp_path):
    page, data = _run(tmp_path, _results({"solo": {"initialize_he": "wrong_xavier_variance"}}))
    a = data["assignments"][0]
    assert (a["graded"], a["ungradable"], a["missing"]) == (1, 0, 0)
    assert a["median"] == a["max_score"] - sum(
        t["points"] for t in a["tests"] if not t["passed"])
    assert _exercise(data, "initialize_he")["mistakes"][0]["share"] == 1.0
    assert page.count("data:image/png;base64,") == 1


def test_ungradable_missing_and_flagged_rows(tmp_path):
    plan = layout(rc.ROOT, A)
    blank = {"status": "ungradable", "score": 0.0, "max_score": plan["max_score"],
             "cells": {t["grade_id"]: {"score": 0.0, "max_score": t["points"]}
                       for t in plan["tests"]}, "flags": [], "tests": []}
    results = _results({"good": {}, "flagged": {}})
    results["students"]["flagged"][A]["flags"] = ["locked cell `x` edited", "uses `open`"]
    results["students"]["broken"] = {A: {**blank, "message": "the notebook is not valid JSON"}}
    results["students"]["absent"] = {A: {**blank, "message": f"no notebook in absent/{A}/"}}
    results["students"]["other"] = {"99_unknown": {**blank, "message": "unknown"}}
    page, data = _run(tmp_path, results)
    a = data["assignments"][0]
    assert (a["graded"], a["ungradable"], a["missing"]) == (2, 1, 2)
    assert data["class_size"] == 5 and data["unknown_assignments"] == 1
    assert [(f["student"], f["flag_count"]) for f in data["flagged"]] == [("flagged", 2)]
    assert [u["student"] for u in data["ungradable"]] == ["broken"]
    assert a["median"] == plan["max_score"]
    assert "uses `open`" in page and "the notebook is not valid JSON" in page
    assert "99_unknown" not in page


def test_results_without_mistakes_count_as_undiagnosed_or_not_done():
    results = _results({"old": {"initialize_he": "wrong_xavier_variance",
                                "initialize_zeros": rc.STUB}})
    for test in results["students"]["old"][A]["tests"]:
        del test["mistake"], test["not_done"]
    data = summarize(results, {A: layout(rc.ROOT, A)})
    he, zeros = _exercise(data, "initialize_he"), _exercise(data, "initialize_zeros")
    assert (he["mistakes"], he["undiagnosed"], he["not_done"]) == ([], 1, 0)
    assert (zeros["undiagnosed"], zeros["not_done"]) == (0, 1)


def test_page_has_no_script_and_escapes_student_strings(tmp_path):
    results = _results({EVIL: {"initialize_he": "wrong_xavier_variance"}})
    row = results["students"][EVIL][A]
    row["flags"] = ["<script>alert('flag')</script>", "</td></table><b onmouseover=x>"]
    results["students"]["x<svg onload=alert(2)>"] = {A: {
        "status": "ungradable", "message": "<iframe src=javascript:alert(3)>", "score": 0,
        "max_score": 0, "cells": {}, "flags": ["<style>*{display:none}</style>"],
        "tests": []}}
    page, data = _run(tmp_path, results)
    lowered = page.lower()
    for bad in ("<script", "<img src=x", "<svg", "<iframe", "<b onmouseover", "<style>*"):
        assert bad not in lowered, bad
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;iframe src=javascript:alert(3)&gt;" in page
    assert "&lt;script&gt;alert(&#x27;flag&#x27;)&lt;/script&gt;" in page
    # Nothing is loaded from elsewhere: every image is an embedded PNG, no links out.
    assert re.findall(r"<img [^>]*src='([^:']*):", page) == ["data"]
    assert not re.search(r"(src|href)=['\"]?(https?:|//)", page)
    assert {f["student"] for f in data["flagged"]} == {EVIL, "x<svg onload=alert(2)>"}


@pytest.mark.slow
def test_end_to_end_through_real_autograde(tmp_path):
    """Three real submissions through `autograde` (nbgrader + trusted re-scoring): the
    mistakes reach results.json and the report counts them as the outcomes predict."""
    import nbformat

    roster = {"alice": {},
              "bob": {"initialize_he": "wrong_xavier_variance",
                      "activation_spread": "wrong_variance"},
              "carol": {"initialize_he": "wrong_xavier_variance",
                        "initialize_zeros": rc.STUB}}
    subs = tmp_path / "subs"
    for student, answers in roster.items():
        folder = subs / student / A
        folder.mkdir(parents=True)
        nbformat.write(rc.notebook(A, answers), str(folder / f"{A}.ipynb"))
    (subs / "dave" / A).mkdir(parents=True)  # no notebook: missing
    workdir = tmp_path / "grading"
    assert main(["--root", str(rc.ROOT), "autograde", str(subs), "--workdir", str(workdir),
                 "--no-progress"]) == 0
    stored = json.loads((workdir / "results.json").read_text())["students"]
    he = [t for t in stored["bob"][A]["tests"] if t["grade_id"].startswith("test_initialize_he")]
    assert XAVIER in {t["mistake"] for t in he}
    assert all(t["not_done"] for t in stored["carol"][A]["tests"]
               if t["grade_id"].startswith("test_initialize_zeros"))
    # A manual grade (formgrader) overrides the auto score: alice's first test gets 0.
    from nbgrader.api import Gradebook

    first = next(iter(stored["alice"][A]["cells"]))
    with Gradebook(f"sqlite:///{workdir / 'gradebook.db'}") as gb:
        gb.find_grade(first, A, A, "alice").manual_score = 0.0
        gb.db.commit()
    manual = stored["alice"][A]["cells"][first]["max_score"]
    page = tmp_path / "report.html"
    data_path = tmp_path / "report.json"
    assert main(["--root", str(rc.ROOT), "report", "--workdir", str(workdir), "-o", str(page),
                 "--json", str(data_path)]) == 0
    data = json.loads(data_path.read_text())
    a = data["assignments"][0]
    assert (data["class_size"], a["graded"], a["ungradable"], a["missing"]) == (4, 3, 0, 1)
    assert {m["mistake"]: m["students"] for m in _exercise(data, "initialize_he")["mistakes"]
            } == {XAVIER: 2}
    spread = _exercise(data, "activation_spread")
    assert {m["mistake"]: m["students"] for m in spread["mistakes"]} == {VARIANCE: 1}
    assert _exercise(data, "initialize_zeros")["not_done"] == 1
    # The real pipeline agrees with the in-process outcomes the synthetic class uses.
    predicted = summarize(_results(roster), {A: layout(rc.ROOT, A)}, extra_students=["dave"])
    for got, want in zip(a["exercises"], predicted["assignments"][0]["exercises"]):
        assert {k: got[k] for k in ("mistakes", "not_done", "undiagnosed", "passed")} == \
            {k: want[k] for k in ("mistakes", "not_done", "undiagnosed", "passed")}
    # Scores come from the gradebook, manual grades included.
    assert a["mean"] == pytest.approx((sum(stored[s][A]["score"] for s in ("alice", "bob",
                                                                          "carol")) - manual) / 3)
    assert "<script" not in page.read_text().lower()
