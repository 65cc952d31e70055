"""Training throughput of the `helpers` MLP against the same network in PyTorch (CPU).

Prints one JSON object. For each case both implementations run the same architecture,
optimizer, learning rate, batching and number of steps, in float64 on one thread, and
are timed alternately in the same process (so background load hits both alike); the
figures are medians over the repeats. ``ratio = torch_seconds / helpers_seconds``
(higher is better for `helpers`; targets: moons >= 6, digits >= 2); ``ratio_of_fastest``
compares the fastest repeat of each and ``ratio_cpu`` the median CPU times of the process
(all threads): both are less disturbed than wall time when the machine is busy.

The `helpers` runs record the costs only once, at the end (``record_every = epochs``), and
the PyTorch runs likewise evaluate the loss once at the end: both time training steps.

Usage: ``python benchmarks/bench_training.py [--repeats 7]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits, make_moons

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.model import MLPConfig
from helpers.training import TrainConfig, train

try:
    import torch
except ImportError:  # the comparison is optional
    torch = None


def moons_data():
    X, y = make_moons(n_samples=512, noise=0.2, random_state=0)
    return X.T.copy(), y.reshape(1, -1).astype(float), y


def digits_data():
    digits = load_digits()
    X = digits.data / 16.0
    y = digits.target
    Y = np.zeros((10, y.size))
    Y[y, np.arange(y.size)] = 1.0
    return X.T.copy(), Y, y


class Timer:
    """Wall-clock and CPU time (all threads of the process) of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def time_helpers(X, Y, model, config, seed):
    with Timer() as timer:
        result = train(X, Y, model, config, np.random.default_rng(seed))
    return timer, result.history.train_cost[-1]


def torch_net(layer_dims):
    layers = []
    for l in range(1, len(layer_dims)):
        layers.append(torch.nn.Linear(layer_dims[l - 1], layer_dims[l]))
        if l < len(layer_dims) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).double()


def time_torch(X_rows, target, layer_dims, loss_fn, optimizer, lr, epochs, batch_size, seed):
    torch.manual_seed(seed)
    net = torch_net(layer_dims)
    opt = (torch.optim.Adam(net.parameters(), lr=lr) if optimizer == "adam"
           else torch.optim.SGD(net.parameters(), lr=lr))
    m = X_rows.shape[0]
    gen = torch.Generator().manual_seed(seed)
    timer = Timer().__enter__()
    for _ in range(epochs):
        if batch_size is None:
            batches = [(X_rows, target)]
        else:
            order = torch.randperm(m, generator=gen)
            Xs, Ts = X_rows[order], target[order]
            batches = [(Xs[i:i + batch_size], Ts[i:i + batch_size])
                       for i in range(0, m, batch_size)]
        for xb, tb in batches:
            opt.zero_grad()
            loss = loss_fn(net(xb), tb)
            loss.backward()
            opt.step()
    with torch.no_grad():
        final = float(loss_fn(net(X_rows), target))
    timer.__exit__()
    return timer, final


def run_case(name, X, Y, y, layer_dims, output, optimizer, lr, epochs, batch_size, repeats):
    model = MLPConfig(layer_dims, output=output)
    config = TrainConfig(epochs=epochs, lr=lr, optimizer=optimizer, batch_size=batch_size,
                         record_every=epochs)
    m = X.shape[1]
    steps = epochs * (1 if batch_size is None else -(-m // batch_size))
    if torch is not None:
        X_rows = torch.from_numpy(np.ascontiguousarray(X.T))
        if output == "sigmoid":
            target, loss_fn = torch.from_numpy(Y.T.copy()), torch.nn.BCEWithLogitsLoss()
        else:
            target, loss_fn = torch.from_numpy(y.astype(np.int64)), torch.nn.CrossEntropyLoss()
    time_helpers(X, Y, model, config, 0)  # warm-up: imports, BLAS buffers, caches
    if torch is not None:
        time_torch(X_rows, target, layer_dims, loss_fn, optimizer, lr, epochs, batch_size, 0)
    helpers_times, torch_times, helpers_cpu, torch_cpu = [], [], [], []
    for r in range(repeats):
        timer, helpers_cost = time_helpers(X, Y, model, config, r)
        helpers_times.append(timer.wall)
        helpers_cpu.append(timer.cpu)
        if torch is not None:
            timer, torch_cost = time_torch(X_rows, target, layer_dims, loss_fn, optimizer,
                                           lr, epochs, batch_size, r)
            torch_times.append(timer.wall)
            torch_cpu.append(timer.cpu)
    h = statistics.median(helpers_times)
    case = {
        "case": name, "layer_dims": layer_dims, "optimizer": optimizer, "lr": lr,
        "batch_size": batch_size, "epochs": epochs, "steps": steps, "repeats": repeats,
        "helpers_seconds": round(h, 5), "helpers_steps_per_second": round(steps / h, 1),
        "helpers_us_per_step": round(h / steps * 1e6, 1),
        "helpers_final_cost": round(helpers_cost, 5),
    }
    if torch is None:
        case["torch"] = "skipped"
        case["skipped"] = "torch not installed"
    else:
        t = statistics.median(torch_times)
        case.update({
            "torch_seconds": round(t, 5), "torch_steps_per_second": round(steps / t, 1),
            "torch_us_per_step": round(t / steps * 1e6, 1),
            "torch_final_cost": round(torch_cost, 5), "ratio": round(t / h, 2),
            # Fastest runs: the least disturbed by other processes on a busy machine.
            "ratio_of_fastest": round(min(torch_times) / min(helpers_times), 2),
            # CPU time of the process: what a busy machine inflates least.
            "ratio_cpu": round(statistics.median(torch_cpu) / statistics.median(helpers_cpu), 2),
        })
    return case


def short_call_overhead(X, Y, repeats):
    """Fixed cost of one `train` call (checks, packing, BLAS limit): a 50-epoch run minus
    50 times the per-step time of a long run."""
    model = MLPConfig([2, 20, 20, 1])
    short = TrainConfig(epochs=50, lr=0.5, record_every=50)
    long = TrainConfig(epochs=1000, lr=0.5, record_every=1000)
    t50 = statistics.median(time_helpers(X, Y, model, short, r)[0].wall
                            for r in range(repeats * 3))
    t1000 = statistics.median(time_helpers(X, Y, model, long, r)[0].wall for r in range(repeats))
    return {"train_50_epochs_ms": round(t50 * 1e3, 3),
            "fixed_overhead_ms": round((t50 - 50 * t1000 / 1000) * 1e3, 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(1)
    Xm, Ym, ym = moons_data()
    Xd, Yd, yd = digits_data()
    cases = [
        run_case("moons_gd", Xm, Ym, ym, [2, 20, 20, 1], "sigmoid", "gd", 0.5, 1000, None,
                 args.repeats),
        run_case("moons_adam", Xm, Ym, ym, [2, 20, 20, 1], "sigmoid", "adam", 0.01, 1000, None,
                 args.repeats),
        run_case("digits_gd", Xd, Yd, yd, [64, 128, 64, 10], "softmax", "gd", 0.1, 5, 64,
                 args.repeats),
        run_case("digits_adam", Xd, Yd, yd, [64, 128, 64, 10], "softmax", "adam", 0.001, 5, 64,
                 args.repeats),
    ]
    report = {
        "benchmark": "helpers MLP training vs PyTorch CPU, float64, 1 thread",
        "machine": {"python": platform.python_version(), "numpy": np.__version__,
                    "torch": None if torch is None else torch.__version__,
                    "cpus": os.cpu_count(), "load_average": list(os.getloadavg())},
        "cases": cases,
        "short_call": short_call_overhead(Xm, Ym, args.repeats),
        "targets": {"moons_ratio": 6, "digits_ratio": 2},
    }
    if torch is None:
        report["skipped"] = "torch not installed"
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
