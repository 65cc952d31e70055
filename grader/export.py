"""`python -m grader export`: the grades CSV, one row per student.

Scores come from the gradebook, so manual grades entered in formgrader count; the status
comes from the results file, so a submission that could not be graded reads
`ungradable` with an empty score instead of passing for a real 0.

Columns: `student`, then per assignment `<a>` (score), `<a> max` and `<a> status`
(`graded`, `ungradable`, or empty when the student has no row for it), then `total`
and `max total` (over graded assignments' maxima, so an ungradable one still counts
its maximum). Columns are the course's assignments (`solutions/`) only: rows for an
unknown assignment folder are left out, with a warning.

No cell can become a spreadsheet formula (CSV injection): a text cell starting with
`=`, `+`, `-`, `@`, a tab, a carriage return or a line feed is prefixed with `'`
(OWASP's rule), and every text cell is quoted.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from .course import assignments
from .record import Book
from .result import GradeResult

__all__ = ["export", "neutralize"]

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def _num(x):
    return f"{x:g}"


def neutralize(text):
    """`text` that no spreadsheet reads as a formula (escaped if not valid UTF-8)."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return "'" + text if text.startswith(_FORMULA) else text


class _Cell(str):
    """A text cell: always quoted."""


class _Num(float):
    """A number cell (never quoted), or an empty one."""

    def __new__(cls, text):
        self = super().__new__(cls, float(text) if text else 0.0)
        self.text = text
        return self

    def __str__(self):
        return self.text

    __repr__ = __str__


def export(root, *, workdir=None, db=None, output=None, log=print, warn=None):
    """Write the CSV (default `<workdir>/grades.csv`); return its path."""
    warn = warn or (lambda text: print(f"warning: {text}", file=sys.stderr))
    book = Book(root, workdir, db)
    stored = {(s, a): GradeResult.from_row(s, a, row) for s, a, row in book.rows()}
    scores = book.scores() if Path(book.workdir / "gradebook.db").exists() or db else {}
    students = sorted({s for s, _ in stored} | {s for s, _ in scores})
    seen = {a for _, a in stored if a} | {a for _, a in scores}
    known = set(assignments(root))
    names = sorted(seen & known)
    if seen - known:
        unknown = sorted(neutralize(a) for a in seen - known)
        warn(f"ignored {len(unknown)} unknown assignment(s) (no solutions/<id>/<id>.ipynb): "
             f"{', '.join(map(repr, unknown[:10]))}")
    header = [_Cell("student")] + [_Cell(neutralize(c)) for a in names
                                   for c in (a, f"{a} max", f"{a} status", f"{a} flags")]
    header += [_Cell("total"), _Cell("max total")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(header)
    for student in students:
        line, total, max_total = [_Cell(neutralize(student))], 0.0, 0.0
        for a in names:
            result = stored.get((student, a))
            score, max_score = scores.get((student, a), (None, None))
            status = result.status if result else ("graded" if score is not None else "")
            if result and max_score is None:
                max_score = result.max_score
            if status == "graded" and score is None:
                score = result.score
            shown = _num(score) if status == "graded" and score is not None else ""
            # The number of integrity flags: a nonzero count asks for a look at the
            # feedback page or `report` before the grade is trusted.
            flags = str(len(result.flags)) if result else ""
            line += [_Num(shown), _Num(_num(max_score) if max_score is not None else ""),
                     _Cell(neutralize(status)), _Num(flags)]
            total += score if status == "graded" and score is not None else 0.0
            max_total += max_score or 0.0
        writer.writerow(line + [_Num(_num(total)), _Num(_num(max_total))])
    path = Path(output) if output else book.workdir / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue())
    log(f"wrote {path}: {len(students)} student(s), {len(names)} assignment(s)")
    return path
