"""`python -m grader export`: the grades CSV, one row per student.

Scores come from the gradebook, so manual grades entered in formgrader count; the status
comes from the results file, so a submission that could not be graded reads
`ungradable` with an empty score instead of passing for a real 0.

Columns: `student`, then per assignment `<a>` (score), `<a> max` and `<a> status`
(`graded`, `ungradable`, or empty when the student has no row for it), then `total`
and `max total` (over graded assignments' maxima, so an ungradable one still counts
its maximum).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .record import Book

__all__ = ["export"]


def _num(x):
    return f"{x:g}"


def export(root, *, workdir=None, db=None, output=None, log=print):
    """Write the CSV (default `<workdir>/grades.csv`); return its path."""
    book = Book(root, workdir, db)
    rows = book.results["students"]
    scores = book.scores() if Path(book.workdir / "gradebook.db").exists() or db else {}
    students = sorted(set(rows) | {s for s, _ in scores})
    names = sorted({a for r in rows.values() for a in r if a} | {a for _, a in scores})
    header = ["student"] + [c for a in names for c in (a, f"{a} max", f"{a} status")]
    header += ["total", "max total"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for student in students:
        line, total, max_total = [student], 0.0, 0.0
        for a in names:
            row = rows.get(student, {}).get(a)
            score, max_score = scores.get((student, a), (None, None))
            status = row["status"] if row else ("graded" if score is not None else "")
            if row and max_score is None:
                max_score = row["max_score"]
            if status == "graded" and score is None:
                score = row["score"]
            shown = _num(score) if status == "graded" and score is not None else ""
            line += [shown, _num(max_score) if max_score is not None else "", status]
            total += score if status == "graded" and score is not None else 0.0
            max_total += max_score or 0.0
        writer.writerow(line + [_num(total), _num(max_total)])
    path = Path(output) if output else book.workdir / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue())
    log(f"wrote {path}: {len(students)} student(s), {len(names)} assignment(s)")
    return path
