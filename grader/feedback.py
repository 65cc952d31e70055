"""`python -m grader feedback`: one HTML page per student and assignment.

Each page lists every test with its points, pass or fail, and the learner-facing
message (the check's own message, e.g. "`double(3)` is wrong: got 9, expected 6"),
followed by what the integrity report found. It is built from the results file, not
from the autograded notebook: hidden test *source* never appears, nor any traceback
(a failing hidden `assert` shows only its exception type and message). Everything is
escaped, and every message and the page are capped in size. Text that is not valid
Unicode (a lone surrogate) is shown escaped, and a page that cannot be written is
reported without stopping the others.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys

from .record import Book
from .result import GradeResult

__all__ = ["feedback", "render"]

MAX_MESSAGE = 2000
MAX_FLAGS = 50

_STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;
vertical-align:top;text-align:left}.pass{color:#1a7f37}.fail{color:#b35900}
pre{white-space:pre-wrap;margin:0;font-size:.9em}"""


def _text(value, limit=MAX_MESSAGE):
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    if len(text) > limit:
        text = text[:limit] + f" ... [{len(text) - limit} more characters]"
    return html.escape(text)


def render(result):
    """The HTML page of one `GradeResult`."""
    student, assignment = result.student, result.assignment
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
             f"<title>{_text(assignment)}: {_text(student)}</title><style>{_STYLE}</style>"
             f"</head><body><h1>{_text(assignment)}</h1><p>Student: {_text(student)}</p>"]
    if not result.is_graded:
        parts.append(f"<p><strong>Not graded:</strong> {_text(result.message)}</p>")
    else:
        parts.append(f"<p><strong>Score: {result.score:g} / {result.max_score:g}</strong>")
        if result.message not in (None, "", "graded"):
            parts.append(f" ({_text(result.message)})")
        parts.append("</p><table><tr><th>test</th><th>points</th><th>result</th>"
                     "<th>message</th></tr>")
        for test in result.tests:
            ok = test.passed
            parts.append(
                f"<tr><td>{_text(test.grade_id, 200)}</td>"
                f"<td>{test.score:g} / {test.points:g}</td>"
                f"<td class='{'pass' if ok else 'fail'}'>{'pass' if ok else 'fail'}</td>"
                f"<td><pre>{'' if ok else _text(test.message)}</pre></td></tr>")
        parts.append("</table>")
    flags = result.flags
    if flags:
        # Neutral and factual: what the grader observed, not a verdict (a flag can have
        # an innocent cause, e.g. a test cell re-run after an accidental edit).
        parts.append("<h2>Notes from grading</h2><p>The grader noted these facts about the "
                     "submitted file. They are not a judgment; your instructor may look at "
                     "them, and asks you if anything needs explaining.</p><ul>")
        parts += [f"<li>{_text(flag, 500)}</li>" for flag in flags[:MAX_FLAGS]]
        if len(flags) > MAX_FLAGS:
            parts.append(f"<li>... and {len(flags) - MAX_FLAGS} more</li>")
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _component(name):
    """A safe file name for `name` (escaped, shortened with a hash when too long)."""
    text = str(name).encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join("_" if c in "/\0" else c for c in text).lstrip(".") or "_"
    if len(text.encode()) > 200:
        text = f"{text[:80]}~{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    return text


def feedback(root, *, workdir=None, db=None, students=None, log=print, warn=None):
    """Write `<workdir>/feedback/<student>/<assignment>/<assignment>.html`; return paths.
    One page that cannot be written is reported (`warn`) and skipped."""
    warn = warn or (lambda text: print(f"warning: {text}", file=sys.stderr))
    book = Book(root, workdir, db)
    written, failed = [], 0
    for student, assignment, row in book.rows():
        if students and student not in students:
            continue
        name = _component(assignment or "submission")
        path = book.workdir / "feedback" / _component(student) / name / f"{name}.html"
        try:
            result = GradeResult.from_row(student, assignment, row)
            page = render(result).encode("utf-8", "backslashreplace")
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(page)
            os.replace(tmp, path)
        except Exception as exc:  # noqa: BLE001 - one page never stops the others
            failed += 1
            warn(f"no feedback page for {_component(student)!r}/{name!r}: "
                 f"{type(exc).__name__}: {str(exc)[:200]}")
            continue
        written.append(path)
    log(f"wrote {len(written)} feedback page(s) under {book.workdir / 'feedback'}"
        + (f"; {failed} could not be written" if failed else ""))
    return written
