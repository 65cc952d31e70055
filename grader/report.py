"""`python -m grader report`: what the class got right and wrong, on one page.

Run after `autograde`. It reads the gradebook (scores, manual grades included) and the
results file (`<workdir>/results.json`: per test `passed`, the diagnosed `mistake`
and `not_done`, and each row's status and integrity flags), never student code, and
the instructor's solution notebooks for the exercises' test cells and points. It
writes one self-contained HTML page (default `<workdir>/report.html`: plots embedded,
no script, every stored string escaped), optionally the same numbers as JSON
(`--json`), and prints a short summary. Numbers: `report_data.py`; page:
`report_html.py`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from .course import assignments
from .record import default_workdir, load_results, write_json
from .report_data import layout, summarize
from .report_html import figure, render

__all__ = ["report", "summary"]

TOP = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# nbgrader's own definition of a submission's score (`nbgrader.api`: `Grade.score`,
# summed by `SubmittedAssignment.score`): the manual score when set, else the auto
# score, plus any extra credit. Read with SQLAlchemy alone: importing nbgrader (and
# with it nbformat and jsonschema) would cost more than the whole report.
_SCORES = """
SELECT sa.student_id, a.name, COALESCE(SUM(CASE
    WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0.0)
    WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0.0)
    ELSE 0.0 END), 0.0)
FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id
LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
LEFT JOIN grade g ON g.notebook_id = sn.id
GROUP BY sa.student_id, a.name
"""


def _gradebook(workdir, db):
    """({(student, assignment): (score, None)}, [students]); empty without a gradebook."""
    if not (db or (workdir / "gradebook.db").is_file()):
        return {}, []
    from sqlalchemy import create_engine, text

    from .database import gradebook_url

    engine = create_engine(gradebook_url(db, workdir))
    try:
        with engine.connect() as conn:
            scores = {(s, a): (float(v), None) for s, a, v in conn.execute(text(_SCORES))}
            students = [s for (s,) in conn.execute(text("SELECT id FROM student"))]
    finally:
        engine.dispose()
    return scores, students


def _plain(text, limit=120):
    text = _CONTROL.sub(" ", str(text))
    return text if len(text) <= limit else text[:limit - 3] + "..."


def summary(data, page=None):
    """The short text summary (str)."""
    lines = [f"class report: {data['class_size']} student(s), "
             f"{len(data['assignments'])} assignment(s)" + (f"; page {page}" if page else "")]
    for a in data["assignments"]:
        median = "n/a" if a["median"] is None else f"{a['median']:g}/{a['max_score']:g}"
        lines.append(f"{a['name']}: {a['graded']} graded, {a['ungradable']} ungradable, "
                     f"{a['missing']} missing; median {median}")
        rated = [t for t in a["tests"] if t["pass_rate"] is not None]
        if rated:
            low = min(rated, key=lambda t: t["pass_rate"])
            lines.append(f"  lowest pass rate: {low['grade_id']} {100 * low['pass_rate']:.0f}%")
        found = [(m["students"], m["share"], ex["name"], m["mistake"])
                 for ex in a["exercises"] for m in ex["mistakes"]]
        for n, share, name, mistake in sorted(found, key=lambda f: (-f[0], f[2], f[3]))[:TOP]:
            lines.append(f"  {100 * share:3.0f}% of the class ({n}), {name}: {_plain(mistake)}")
        undiagnosed = sum(ex["undiagnosed"] for ex in a["exercises"])
        not_done = sum(ex["not_done"] for ex in a["exercises"])
        if undiagnosed or not_done:
            lines.append(f"  undiagnosed failures: {undiagnosed} (student, exercise) pair(s); "
                         f"not implemented: {not_done}")
    if data["flagged"]:
        lines.append(f"integrity flags: {len(data['flagged'])} submission(s) to review "
                     f"(listed on the page)")
    return "\n".join(lines)


def report(root, *, workdir=None, db=None, output=None, json_path=None, log=print,
           warn=None):
    """Write the page (and `json_path`); return the report's data."""
    warn = warn or (lambda text: print(f"warning: {text}", file=sys.stderr))
    workdir = Path(workdir or default_workdir(root)).resolve()
    results = load_results(workdir)
    scores, students = _gradebook(workdir, db)
    rows = results.get("students", {}) if isinstance(results, dict) else {}
    rows = rows if isinstance(rows, dict) else {}
    seen = {a for r in rows.values() if isinstance(r, dict) for a in r} | {a for _, a in scores}
    plans = {a: layout(root, a) for a in sorted(seen & set(assignments(root)))}
    plans = {a: p for a, p in plans.items() if p is not None}
    data = summarize(results, plans, scores, students)
    if data["unknown_assignments"]:
        warn(f"ignored {data['unknown_assignments']} unknown assignment folder(s) "
             f"(no solutions/<id>/<id>.ipynb)")
    pngs = {a["name"]: figure(a) for a in data["assignments"]}
    path = Path(output) if output else workdir / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(render(data, pngs).encode("utf-8", "backslashreplace"))
    os.replace(tmp, path)
    if json_path:
        write_json(json_path, data)
    log(summary(data, path))
    return data
