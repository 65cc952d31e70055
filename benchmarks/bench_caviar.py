"""Caviar: the same tuning trials in parallel processes vs one after another.

8 random trials of the notebook-04 search (`helpers.trials`: a small MLP trained with
momentum on two spirals, scored on the dev set) run (a) one after another in this
process and (b) on a `TrialPool` of 2 worker processes, alternately, `--runs` times each;
each run's ratio parallel / sequential is measured side by side. The pool is started
(and warmed with two trials) once, as the dashboard keeps its pool between presses of
caviar; the cold start is reported separately. Both sides use one BLAS thread per
process. Prints JSON. Target: the parallel median below the sequential one on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from stats import summary
from threadpoolctl import threadpool_limits

from helpers.search import random_over
from helpers.trial_pool import TrialPool
from helpers.trials import SEARCH_SPACE, TrialObjective, tuning_problem


def measure(trials=8, workers=2, runs=5, seed=0):
    threadpool_limits(1, user_api="blas")
    objective = TrialObjective(tuning_problem(seed), seed=seed)
    points = random_over(SEARCH_SPACE, trials, np.random.default_rng(seed))
    sequential, parallel, ratios = [], [], []
    with TrialPool(max_workers=workers) as pool:
        started = time.perf_counter()
        pool.map_as_completed(objective, points[:workers])
        cold = time.perf_counter() - started
        for run in range(runs):
            timed = {}
            # Alternate which side goes first: neither gets a systematically quieter moment.
            order = ("sequential", "parallel") if run % 2 == 0 else ("parallel", "sequential")
            for side in order:
                started = time.perf_counter()
                if side == "sequential":
                    records = [objective.run(p) for p in points]
                else:
                    records = pool.map_as_completed(objective, points)
                timed[side] = time.perf_counter() - started
                assert len(records) == trials
            sequential.append(timed["sequential"])
            parallel.append(timed["parallel"])
            ratios.append(timed["parallel"] / timed["sequential"])
        pids = sorted(pool.worker_pids)
    return {
        "trials": trials,
        "workers": workers,
        "cores": os.cpu_count(),
        "sequential": summary(sequential),
        "parallel": summary(parallel),
        "ratio_parallel_over_sequential": {"median": round(statistics.median(ratios), 3),
                                           "runs": [round(r, 3) for r in ratios]},
        "pool_cold_start_ms": round(1000 * cold, 1),
        "worker_processes": len(pids),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "target": "ratio median < 1 (parallel faster than one after another)",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps({"caviar": measure(args.trials, args.workers, args.runs)}, indent=2))


if __name__ == "__main__":
    main()
