"""Peak extra memory of a slider-size training run, beyond the numpy/matplotlib import.

Prints one JSON object. The run is what a dashboard does on a slider change: an MLP
[2, 20, 20, 1] on 400 two-moons examples (plus 200 dev examples), 300 full-batch epochs,
costs recorded every epoch. Two figures:

- ``rss_extra_mib``: growth of the process's peak resident set size (``ru_maxrss``) from
  just after ``import numpy, matplotlib.pyplot`` to the end of the run, split into
  ``rss_import_mib`` (importing `helpers.training`, and with it the `helpers` package
  and whatever its ``__init__`` imports) and ``rss_train_mib`` (the training run itself).
  Target: <= 50 MiB.
- ``tracemalloc_peak_mib``: peak of the Python and numpy allocations during `train`.

The moons are generated with plain numpy here so that no scikit-learn import inflates
the figure.

Usage: ``python benchmarks/bench_memory.py``
"""

from __future__ import annotations

import json
import resource
import sys
import tracemalloc
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot  # part of the baseline on purpose
import numpy as np

MIB = 1024 * 1024


def max_rss_bytes():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def two_moons(m, noise, rng):
    """Two interleaving half circles, columns convention: X (2, m), Y (1, m)."""
    half = m // 2
    t = rng.uniform(0.0, np.pi, m)
    upper = np.stack([np.cos(t[:half]), np.sin(t[:half])])
    lower = np.stack([1.0 - np.cos(t[half:]), 0.5 - np.sin(t[half:])])
    X = np.concatenate([upper, lower], axis=1) + noise * rng.standard_normal((2, m))
    Y = np.concatenate([np.zeros(half), np.ones(m - half)]).reshape(1, m)
    return X, Y


def main():
    baseline = max_rss_bytes()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from helpers.model import MLPConfig
    from helpers.training import TrainConfig, train

    after_import = max_rss_bytes()
    heavy = sorted(name for name in ("sklearn", "scipy", "pandas", "torch") if name in sys.modules)
    rng = np.random.default_rng(0)
    X, Y = two_moons(400, 0.2, rng)
    X_dev, Y_dev = two_moons(200, 0.2, rng)
    model = MLPConfig([2, 20, 20, 1])
    config = TrainConfig(epochs=300, lr=0.3, record_every=1)
    tracemalloc.start()
    result = train(X, Y, model, config, rng, X_dev=X_dev, Y_dev=Y_dev)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    extra = max_rss_bytes() - baseline
    print(json.dumps({
        "benchmark": "peak memory of slider-size training",
        "run": {"layer_dims": list(model.layer_dims), "m": 400, "m_dev": 200,
                "epochs": config.epochs, "record_every": config.record_every},
        "baseline_max_rss_mib": round(baseline / MIB, 1),
        "rss_extra_mib": round(extra / MIB, 2),
        "rss_import_mib": round((after_import - baseline) / MIB, 2),
        "rss_train_mib": round((max_rss_bytes() - after_import) / MIB, 2),
        "heavy_modules_imported_by_helpers": heavy,
        "tracemalloc_peak_mib": round(traced_peak / MIB, 3),
        "final_train_accuracy": result.history.train_acc[-1],
        "target_mib": 50,
        "pass": extra <= 50 * MIB,
        "pass_training_only": max_rss_bytes() - after_import <= 50 * MIB,
    }, indent=2))


if __name__ == "__main__":
    main()
