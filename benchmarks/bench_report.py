"""`python -m grader report` on a graded class: wall time of the whole command.

Builds a synthetic class of `--students` (default 100) for every assignment: per
exercise a seeded choice of the solution (60%), the blank stub (10%) or one of the
exercise corpus's wrong answers (30%, `tests/exercises/cases_*.py`), each scored by
the notebook's own tests in-process (`devtools/synthetic_class.py`), some rows
flagged, one ungradable. The rows go into a real nbgrader gradebook and
`results.json`; then `python -m grader report` runs as a fresh process (imports
included), `--repeat` times. Target: under 5 s for 100 students.

Prints one JSON object. `--html PATH` keeps the last page (for a screenshot).
Run: `.venv/bin/python benchmarks/bench_report.py [--students 30 --html page.html]`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools import synthetic_class as rc
from grader.cells import answer_cells, load_notebook
from grader.course import assignments
from grader.record import Book
from grader.result import GradeResult

FLAGS = ["answer cell of `{f}` patches numpy (`np.allclose = ...`)",
         "locked cell `test_{f}` edited"]


def build(workdir, students, seed=0):
    rng = random.Random(seed)
    book = Book(ROOT, workdir)
    names = [f"student{i:03d}" for i in range(students)]
    for assignment in assignments(ROOT):
        book.prepare(assignment)
        functions = list(answer_cells(load_notebook(rc.solution_path(assignment))))
        wrong = rc.wrong_cases(assignment)
        for i, student in enumerate(names):
            answers = {}
            for f in functions:
                draw = rng.random()
                if draw < 0.1:
                    answers[f] = rc.STUB
                elif draw < 0.4 and wrong.get(f):
                    answers[f] = rng.choice(sorted(wrong[f]))
            flags = [FLAGS[i % 2].format(f=functions[0])] if i % 13 == 5 else []
            row = rc.row(assignment, answers, flags)
            if i == students - 1 and assignment == assignments(ROOT)[0]:
                row.update(status="ungradable", score=0.0, tests=[],
                           message="the notebook is not valid JSON (Expecting value)")
            book.record(GradeResult.from_row(student, assignment, row))
    book.save()
    return book


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--html", help="keep the last page here")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # wrong answers overflow and divide by zero
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        started = time.perf_counter()
        build(tmp / "grading", args.students)
        setup = time.perf_counter() - started
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "grader", "--root", str(ROOT), "report",
                            "--workdir", str(tmp / "grading"), "--json",
                            str(tmp / "report.json")], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        page = tmp / "grading" / "report.html"
        if args.html:
            shutil.copyfile(page, args.html)
        data = json.loads((tmp / "report.json").read_text())
        print(json.dumps({"report": {
            "students": args.students, "assignments": len(data["assignments"]),
            "graded_rows": sum(a["graded"] for a in data["assignments"]),
            "seconds_median": round(statistics.median(times), 3),
            "seconds": [round(t, 3) for t in times], "target_seconds": 5.0,
            "page_bytes": page.stat().st_size, "setup_seconds": round(setup, 1)}}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
