"""Autograde cost against bare notebook execution, as ratios measured side by side.

Prints one JSON object:

- `single_ratio`: grading one student's full submission (every assignment present) with
  `grader.autograde.autograde` in an already started process, divided by executing the
  same notebooks with bare `nbclient` (fresh kernel each, same process). Target <= 1.25.
- `batch_ratio`: grading `--n` synthetic submissions with `--workers 2`, divided by
  `--n` bare executions (measured on `--bare-sample` of them and scaled, stated in
  the output). Target <= 0.65.

Synthetic submissions are the released notebook with a seeded random subset of answer
cells filled in from the solution. Run: `.venv/bin/python benchmarks/bench_grading.py`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat

from grader.autograde import autograde
from grader.cells import answer_cells
from grader.course import assignments
from grader.release import generate

_SOLUTION = re.compile(r"[ \t]*### BEGIN SOLUTION\n|[ \t]*### END SOLUTION\n?")


def bare(path):
    from nbclient import NotebookClient

    nb = nbformat.read(str(path), as_version=4)
    started = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    return time.perf_counter() - started


def synthetic(release, solution, rng, fraction):
    nb = nbformat.reads(release, as_version=4)
    answers = answer_cells(nbformat.read(str(solution), as_version=4))
    for name, cell in answer_cells(nb).items():
        if rng.random() < fraction:
            cell.source = _SOLUTION.sub("", answers[name].source)
    return nb


def write(folder, student, assignment, nb):
    target = Path(folder) / student / assignment / f"{assignment}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    return target


def timed_autograde(subs, workers, statuses=None):
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as workdir:
        started = time.perf_counter()
        results = autograde(ROOT, subs, workdir=workdir, workers=workers, progress=False,
                            log=lambda *a: None, warn=lambda *a: None)
        seconds = time.perf_counter() - started
    if statuses is not None:  # what was graded, so a fast run cannot hide failures
        for rows in results["students"].values():
            for row in rows.values():
                key = row["status"] if row["status"] != "graded" or not row["flags"] \
                    else "graded with flags"
                statuses[key] = statuses.get(key, 0) + 1
                statuses["points"] = statuses.get("points", 0) + row["score"]
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="synthetic submissions")
    parser.add_argument("--bare-sample", type=int, default=20,
                        help="bare executions measured for the batch ratio")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the single case")
    parser.add_argument("--assignment", help="assignment of the batch (default: the first)")
    args = parser.parse_args(argv)
    ids = assignments(ROOT)
    released = generate(ROOT, ids)
    rng = random.Random(0)
    out = {"assignments": ids}
    with tempfile.TemporaryDirectory(prefix="bench-subs-") as tmp:
        tmp = Path(tmp)
        one = tmp / "one"
        paths = [write(one, "student", a, synthetic(
            released[a], ROOT / "solutions" / a / f"{a}.ipynb", rng, 1.0)) for a in ids]
        timed_autograde(one, 1)  # warm caches and imports once, for both sides
        bare_times, grade_times = [], []
        for _ in range(args.repeats):
            bare_times.append(sum(bare(p) for p in paths))
            grade_times.append(timed_autograde(one, 1))
        out.update(single_bare_s=round(statistics.median(bare_times), 2),
                   single_autograde_s=round(statistics.median(grade_times), 2),
                   single_ratio=round(statistics.median(grade_times) /
                                      statistics.median(bare_times), 3),
                   single_target=1.25)
        assignment = args.assignment or ids[0]
        many = tmp / "many"
        batch = [write(many, f"s{i:03d}", assignment, synthetic(
            released[assignment], ROOT / "solutions" / assignment / f"{assignment}.ipynb",
            rng, rng.random())) for i in range(args.n)]
        sample = batch[:max(1, min(args.bare_sample, args.n))]
        bare_total = sum(bare(p) for p in sample) * args.n / len(sample)
        statuses = {}
        grade_total = timed_autograde(many, 2, statuses)
        out.update(batch_assignment=assignment, batch_n=args.n,
                   batch_bare_sampled=len(sample), batch_bare_s=round(bare_total, 1),
                   batch_autograde_workers2_s=round(grade_total, 1),
                   batch_ratio=round(grade_total / bare_total, 3), batch_target=0.65,
                   batch_outcomes=statuses)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
