"""Dask workers against `--workers 2`: submissions per minute, measured side by side.

Grades the same `--n` (20) synthetic submissions of one course notebook three ways, in
turn, `--repeats` times (median of each):

- `workers2`: `autograde(..., workers=2)`, the one-machine path (it forks 2 graders,
  each preparing its own grading course, every run);
- `dask_cold`: `autograde(..., scheduler=ADDRESS)` on a 2-process `LocalCluster` (1
  thread each, started with `--preload grader.distributed` as the README says) started
  just before: its start is not timed, its graders' preparation (a grading course per
  process, as `workers2` makes every run) is;
- `dask_warm`: the same on a cluster that has graded a batch already (long-lived
  workers, as on a grading night).

`overhead_ratio` is dask_cold / workers2 (target <= 1.10); `warm_ratio` dask_warm /
workers2. `per_worker_minute` (from dask_warm) gives the capacity estimate: worker
processes, and machines of `--cores` cores (one worker process per core), needed to
grade `--class-size` (7,000) notebooks in one hour. Every run must give the same
status and score for every submission (`same_grades`), so a fast run cannot hide
failures. Synthetic submissions are made as in `bench_grading.py`. Run:
`.venv/bin/python benchmarks/bench_distributed.py`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_grading import synthetic, write

from grader.autograde import autograde
from grader.course import assignments
from grader.distributed import COURSE_ROOT_VARIABLE
from grader.release import generate


def _cluster():
    from distributed import LocalCluster

    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, env={COURSE_ROOT_VARIABLE: str(ROOT)},
                        preload=["grader.distributed"])


def _timed(subs, grades, **how):
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as workdir:
        started = time.perf_counter()
        results = autograde(ROOT, subs, workdir=workdir, progress=False,
                            log=lambda *a: None, warn=lambda *a: None, **how)
        seconds = time.perf_counter() - started
    grades.append({student: (row["status"], row["score"])
                   for student, rows in results["students"].items()
                   for row in rows.values()})
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="submissions per batch")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each way")
    parser.add_argument("--assignment", help="notebook graded (default: the first)")
    parser.add_argument("--cores", type=int, default=8,
                        help="cores (worker processes) per grading machine, for the estimate")
    parser.add_argument("--class-size", type=int, default=7000,
                        help="notebooks to grade in one hour, for the estimate")
    args = parser.parse_args(argv)
    assignment = args.assignment or assignments(ROOT)[0]
    release = generate(ROOT, [assignment])[assignment]
    solution = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    rng = random.Random(0)
    times = {"workers2": [], "dask_cold": [], "dask_warm": []}
    grades = []
    with tempfile.TemporaryDirectory(prefix="bench-distributed-subs-") as subs:
        for i in range(args.n):
            write(subs, f"s{i:03d}", assignment, synthetic(release, solution, rng, rng.random()))
        with _cluster() as warm:
            _timed(subs, grades, workers=2)  # imports and caches, for every way
            _timed(subs, grades, scheduler=warm.scheduler_address)
            for _ in range(args.repeats):
                times["workers2"].append(_timed(subs, grades, workers=2))
                with _cluster() as cold:
                    cold.wait_for_workers(2)
                    times["dask_cold"].append(_timed(subs, grades,
                                                     scheduler=cold.scheduler_address))
                times["dask_warm"].append(_timed(subs, grades, scheduler=warm.scheduler_address))
    median = {way: statistics.median(seconds) for way, seconds in times.items()}
    per_worker_minute = args.n / (median["dask_warm"] / 60) / 2
    workers_needed = math.ceil(args.class_size / (per_worker_minute * 60))
    out = {
        "distributed_assignment": assignment,
        "distributed_n": args.n,
        "distributed_repeats": args.repeats,
        "distributed_seconds_median": {w: round(s, 2) for w, s in median.items()},
        "distributed_per_minute": {w: round(args.n / (s / 60), 1) for w, s in median.items()},
        "distributed_overhead_ratio": round(median["dask_cold"] / median["workers2"], 3),
        "distributed_warm_ratio": round(median["dask_warm"] / median["workers2"], 3),
        "distributed_overhead_target": 1.10,
        "distributed_per_worker_minute": round(per_worker_minute, 2),
        "distributed_capacity": {
            "class_size": args.class_size, "hours": 1,
            "worker_processes": workers_needed,
            "cores_per_machine": args.cores,
            "machines": math.ceil(workers_needed / args.cores)},
        "distributed_same_grades": all(g == grades[0] for g in grades),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
