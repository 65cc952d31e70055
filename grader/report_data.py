"""The class report's numbers: computed from the stored results, never from student code.

`layout(root, assignment)` reads the instructor's solution notebook for the order of
the exercises and test cells and the points. `summarize(...)` turns the results file's
rows (`record.py`: status, message, score, cells, flags, and per test `passed`,
`mistake`, `not_done`) and the gradebook's scores into plain, JSON-able data:

- per assignment: completion (graded / ungradable / missing), the score histogram,
  median and mean, and per test cell the pass rate;
- per exercise: students who passed all its tests, and among the others the
  diagnosed mistakes (grouped by their stable identifier, each student counted once
  per exercise, with the tests that caught it), undiagnosed failures and exercises
  not implemented yet, each counted separately;
- the submissions with integrity flags, and the ungradable ones, for review.

Shares are of the class: every student with a row or a gradebook entry. "Missing"
is a student without a row for the assignment or whose notebook was not there.
"""

from __future__ import annotations

import json
import math

from .cells import cell_points, exercise_names, exercise_of
from .course import solution_path

__all__ = ["layout", "summarize"]

BINS = 10
MAX_KEY = 300
MAX_FLAGS = 20
MAX_LISTED = 500


def layout(root, assignment):
    """{"max_score", "tests": [{"grade_id", "exercise", "points"}], "exercises": [...]}
    from `solutions/<a>/<a>.ipynb`, or None when the course has no such assignment.

    The instructor's notebook is read as plain JSON (nbformat's import would cost more
    than the report); the roles and points are those of `cells.py`."""
    path = solution_path(root, assignment)
    if not path.is_file():
        return None
    nb = json.loads(path.read_text())
    tests = [{"grade_id": gid, "exercise": exercise_of(gid, nb) or gid, "points": points}
             for gid, points in cell_points(nb).items()]
    exercises = exercise_names(nb) + [t["exercise"] for t in tests]
    return {"max_score": sum(t["points"] for t in tests), "tests": tests,
            "exercises": list(dict.fromkeys(exercises))}


def _text(value, limit=MAX_KEY):
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[:limit] + "..."


def _float(value, default=0.0):
    try:
        out = float(value)
    except (TypeError, ValueError):
        return default
    return out if math.isfinite(out) else default


def _status(row):
    if not isinstance(row, dict):
        return "missing"
    if row.get("status") == "graded":
        return "graded"
    if str(row.get("message", "")).startswith("no notebook"):
        return "missing"
    return "ungradable"


def _tests(row, plan):
    """{grade_id: (passed, mistake, not_done)} of a graded row."""
    found = {}
    tests = row.get("tests")
    for test in tests if isinstance(tests, list) else []:
        if not isinstance(test, dict) or "grade_id" not in test:
            continue
        message = str(test.get("message", ""))
        not_done = test.get("not_done")
        if not_done is None:  # results written before mistakes were recorded
            not_done = message.startswith(("ExerciseNotDone:", "NotImplementedError:"))
        mistake = test.get("mistake")
        found[str(test["grade_id"])] = (bool(test.get("passed")),
                                        None if mistake is None else _text(mistake),
                                        bool(not_done))
    cells = row.get("cells") if isinstance(row.get("cells"), dict) else {}
    for test in plan["tests"]:
        gid = test["grade_id"]
        if gid not in found:
            cell = cells.get(gid) if isinstance(cells.get(gid), dict) else {}
            passed = _float(cell.get("score")) >= test["points"] > 0
            found[gid] = (passed, None, False)
    return found


def _histogram(scores, max_score):
    """Counts per point (bins centered on 0, 1, ..., max) when the maximum is a whole
    number up to 40, else `BINS` equal bins over [0, max]."""
    if max_score == int(max_score) and 0 < max_score <= 40:
        edges = [k - 0.5 for k in range(int(max_score) + 2)]
    else:
        top = max_score if max_score > 0 else max(scores, default=0.0) or 1.0
        edges = [top * i / BINS for i in range(BINS + 1)]
    counts = [0] * (len(edges) - 1)
    for score in scores:
        index = sum(1 for edge in edges[1:-1] if score >= edge)
        counts[index] += 1
    return {"edges": edges, "counts": counts}


def _median(values):
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _exercise(name, plan, graded, class_size):
    gids = [t["grade_id"] for t in plan["tests"] if t["exercise"] == name]
    passed = not_done = undiagnosed = 0
    mistakes, undiagnosed_tests = {}, {}
    for outcome in graded.values():
        failing = [(gid, *outcome[gid][1:]) for gid in gids if not outcome[gid][0]]
        if not failing:
            passed += 1
            continue
        if any(done for _, _, done in failing):
            not_done += 1
            continue
        seen = set()
        for gid, mistake, _ in failing:
            if mistake is None:
                undiagnosed_tests[gid] = undiagnosed_tests.get(gid, 0) + 1
                continue
            entry = mistakes.setdefault(mistake, {"students": 0, "tests": {}})
            entry["tests"][gid] = entry["tests"].get(gid, 0) + 1
            if mistake not in seen:
                seen.add(mistake)
                entry["students"] += 1
        if any(m is None for _, m, _ in failing):
            undiagnosed += 1

    def share(n):
        return n / class_size if class_size else 0.0

    ranked = sorted(mistakes.items(), key=lambda kv: (-kv[1]["students"], kv[0]))
    return {"name": name, "tests": gids, "passed": passed, "failed": len(graded) - passed,
            "not_done": not_done, "not_done_share": share(not_done),
            "undiagnosed": undiagnosed, "undiagnosed_share": share(undiagnosed),
            "undiagnosed_tests": undiagnosed_tests,
            "mistakes": [{"mistake": key, "students": v["students"],
                          "share": share(v["students"]), "tests": v["tests"]}
                         for key, v in ranked]}


def _assignment(name, plan, rows, students, scores):
    statuses = {s: _status(rows.get(s)) for s in students}
    graded = {s: _tests(rows[s], plan) for s in students if statuses[s] == "graded"}
    values = []
    for student in graded:
        book = scores.get((student, name))
        values.append(_float(book[0]) if book else _float(rows[student].get("score")))
    tests = []
    for test in plan["tests"]:
        ok = sum(1 for outcome in graded.values() if outcome[test["grade_id"]][0])
        tests.append({**test, "passed": ok, "failed": len(graded) - ok,
                      "pass_rate": ok / len(graded) if graded else None})
    counts = {k: sum(1 for v in statuses.values() if v == k)
              for k in ("graded", "ungradable", "missing")}
    return {"name": name, "max_score": plan["max_score"], **counts,
            "median": _median(values), "mean": sum(values) / len(values) if values else None,
            "histogram": _histogram(values, plan["max_score"]), "tests": tests,
            "exercises": [_exercise(e, plan, graded, len(students))
                          for e in plan["exercises"]]}


def summarize(results, plans, scores=None, extra_students=()):
    """The report's data. `results`: {"students": {student: {assignment: row}}};
    `plans`: {assignment: layout(...)} of the course's assignments to report;
    `scores`: {(student, assignment): (score, max)} from the gradebook (manual grades)."""
    by_student = results.get("students") if isinstance(results, dict) else None
    by_student = by_student if isinstance(by_student, dict) else {}
    scores = scores or {}
    students = sorted(set(by_student) | set(extra_students) | {s for s, _ in scores})
    unknown = sorted({a for rows in by_student.values() if isinstance(rows, dict)
                      for a in rows if a not in plans})
    data = {"class_size": len(students), "assignments": [], "flagged": [],
            "ungradable": [], "unknown_assignments": len(unknown)}
    for name, plan in plans.items():
        rows = {s: r[name] for s, r in by_student.items()
                if isinstance(r, dict) and isinstance(r.get(name), dict)}
        data["assignments"].append(_assignment(name, plan, rows, students, scores))
        for student in sorted(rows):
            row = rows[student]
            flags = row.get("flags") if isinstance(row.get("flags"), list) else []
            status = _status(row)
            if flags and len(data["flagged"]) < MAX_LISTED:
                data["flagged"].append({
                    "student": _text(student), "assignment": name, "status": status,
                    "score": _float(row.get("score")), "max_score": plan["max_score"],
                    "flag_count": len(flags), "flags": [_text(f, 500)
                                                        for f in flags[:MAX_FLAGS]]})
            if status == "ungradable" and len(data["ungradable"]) < MAX_LISTED:
                data["ungradable"].append({"student": _text(student), "assignment": name,
                                           "message": _text(row.get("message", ""), 500)})
    return data
