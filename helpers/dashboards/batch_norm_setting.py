"""What notebook 05's dashboard computes for one setting (no drawing here).

The same deep ReLU network is trained on two moons twice, without and with batch norm
(the learner's functions, the library's standing in while one is not done), from the same
starting weights and with the same mini-batches. Test accuracy is then measured three ways:
without batch norm; with batch norm and running averages (replayed with the learner's
`update_running_stats` and the chosen momentum, applied with their `batchnorm_inference`);
with batch norm normalizing each small test batch with its own statistics (their
`batchnorm_forward`). The dashboard (`helpers.dashboards.batch_norm`) and notebook 05's
static figure call `run_setting`; `helpers.dashboards.batch_norm_panels` draws its result.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..batchnorm import bn_backward, bn_eval_forward, bn_running_update, bn_train_forward
from ..bn_evaluation import (
    accuracy_with,
    batch_statistics_normalizer,
    running_statistics_normalizer,
)
from ..bn_recording import RecordedRun, batch_norm_problem, replay_running_stats, train_recorded
from .learner import LearnerFunctions

__all__ = ["BATCH_SIZES", "DEFAULTS", "MOMENTA", "STEPS", "RECORDS", "TEST_BATCH",
           "BatchNormResult", "bn_pair", "default_problem", "learner_functions", "readout",
           "run_setting", "train_run"]

WIDTH = 16          # units per hidden layer
STEPS = 96          # gradient steps per run, whatever the batch size
RECORDS = 24        # record points per run after the start (cost and quantile bands)
TEST_BATCH = 4      # test examples normalized together with batch statistics
EPS = 1e-5
#: The dashboard's starting setting.
DEFAULTS = {"lr": 1.0, "batch_norm": True, "depth": 5, "momentum": 0.9, "batch_size": 32}
#: The training set has 256 examples: every size divides it.
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
#: Running-average momenta offered (the dashboard shows PyTorch's name for each).
MOMENTA = (0.0, 0.5, 0.9, 0.99, 0.999)

_LIBRARY = {"batchnorm_forward": bn_train_forward, "batchnorm_backward": bn_backward,
            "update_running_stats": bn_running_update, "batchnorm_inference": bn_eval_forward}


def _probes():
    """One cheap call of each exercise, so the notice lists every one not done at once."""
    Z = np.array([[1.0, 2.0, 4.0], [0.0, -1.0, 1.0]])
    column, ones = np.array([[0.5], [1.0]]), np.ones((2, 1))
    _, cache = bn_train_forward(Z, ones, np.zeros((2, 1)))
    return {"batchnorm_forward": (Z, ones, column),
            "batchnorm_backward": (Z, cache),
            "update_running_stats": (column, ones, column, ones, 0.9),
            "batchnorm_inference": (Z, ones, column, column, ones)}


def learner_functions(batchnorm_forward_fn=None, batchnorm_backward_fn=None,
                      update_running_stats_fn=None, batchnorm_inference_fn=None, *,
                      stand_ins=True):
    """The learner's four batch-norm functions as a `LearnerFunctions` for `run_setting`.

    Parameters
    ----------
    batchnorm_forward_fn, batchnorm_backward_fn, update_running_stats_fn,
    batchnorm_inference_fn : callable or None
        The learner's functions (None: the library's is used).
    stand_ins : bool
        True (the dashboard): while a function is not done, the library's version stands
        in and the notice says so. False (a static figure inside `needs_exercises`): a
        function not done stops the computation with `NotImplementedError` or
        `ExerciseNotDone`.

    Returns
    -------
    LearnerFunctions
    """
    learner = {"batchnorm_forward": batchnorm_forward_fn,
               "batchnorm_backward": batchnorm_backward_fn,
               "update_running_stats": update_running_stats_fn,
               "batchnorm_inference": batchnorm_inference_fn}
    for name, fn in learner.items():
        if fn is not None and not callable(fn):
            raise ValueError(f"`{name}_fn`: expected a function or None, got {fn!r}.")
    if not stand_ins:
        library = {name: (None if fn is not None else _LIBRARY[name])
                   for name, fn in learner.items()}
        return LearnerFunctions(learner, library)
    return LearnerFunctions(learner, _LIBRARY, probes=_probes())


@dataclass
class BatchNormResult:
    """One setting's runs and accuracies.

    Attributes
    ----------
    values : dict
        The settings (``lr``, ``batch_norm``, ``depth``, ``momentum``, ``batch_size``).
    plain, bn : RecordedRun
        Without and with batch norm (`bn` is None when batch norm is off).
    accuracy : dict
        ``"plain"``, and with batch norm ``"running"`` and ``"batch"`` (test accuracy).
    """

    values: dict
    plain: RecordedRun
    bn: RecordedRun | None
    accuracy: dict


def bn_pair(fns):
    """The batch-norm pair for training: the learner's when both are done, else the library's.

    The two go together: the backward pass reads the cache of the forward pass.
    """
    if fns.uses_learner("batchnorm_forward") and fns.uses_learner("batchnorm_backward"):
        return {name: fns.learner[name] for name in ("batchnorm_forward", "batchnorm_backward")}
    return {"batchnorm_forward": bn_train_forward, "batchnorm_backward": bn_backward}


@functools.lru_cache(maxsize=32)
def train_run(seed, depth, lr, batch_size, forward=None, backward=None):
    """One recorded run of the dashboard's network on `default_problem(seed)` (memoized).

    Parameters
    ----------
    seed : int
        Seeds the data, the starting weights and the mini-batches.
    depth : int
        Hidden layers of `WIDTH` units.
    lr : float
    batch_size : int
        One of `BATCH_SIZES`.
    forward, backward : callable, optional
        The batch-norm pair (see `bn_pair`); both None for the network without batch norm.

    Returns
    -------
    RecordedRun
        Shared by every caller with the same arguments (the dashboard's updates and the
        notebook's static figure): read it, do not modify it. Runs are cached by the
        identity of the functions, so a redefined function trains again.
    """
    X, Y = default_problem(seed)[:2]
    layer_dims = [X.shape[0]] + [WIDTH] * int(depth) + [1]
    pair = None if forward is None else {"batchnorm_forward": forward,
                                         "batchnorm_backward": backward}
    return train_recorded(X, Y, layer_dims, lr=float(lr), batch_size=int(batch_size),
                          steps=STEPS, records=RECORDS, batch_norm=pair is not None,
                          rng=np.random.default_rng(seed), bn_pair=pair)


def run_setting(values, fns, *, seed=0, early=None):
    """Train (or fetch from the cache of `train_run`) and evaluate one setting.

    Parameters
    ----------
    values : dict
        ``lr``, ``batch_norm``, ``depth``, ``momentum``, ``batch_size``.
    fns : LearnerFunctions
        ``batchnorm_forward``, ``batchnorm_backward``, ``update_running_stats``,
        ``batchnorm_inference``.
    seed : int
        Seeds the data (`default_problem`), the starting weights and the mini-batches
        (both runs alike).
    early : callable (BatchNormResult) -> None, optional
        Called with the run without batch norm before the one with it is trained.

    Returns
    -------
    BatchNormResult
    """
    seed = int(seed)
    setting = (seed, int(values["depth"]), float(values["lr"]), int(values["batch_size"]))
    X_test, Y_test = default_problem(seed)[2:]
    plain = train_run(*setting)
    accuracy = {"plain": accuracy_with(plain.parameters, X_test, Y_test, plain.n_layers)}
    if not values["batch_norm"]:
        return BatchNormResult(dict(values), plain, None, accuracy)
    if early is not None:
        early(BatchNormResult(dict(values), plain, None, dict(accuracy)))
    pair = bn_pair(fns)
    bn = train_run(*setting, pair["batchnorm_forward"], pair["batchnorm_backward"])
    params = bn.parameters
    running = replay_running_stats(
        bn, values["momentum"], lambda *args: fns.call("update_running_stats", *args))
    inference = lambda *args: fns.call("batchnorm_inference", *args)  # noqa: E731
    forward = lambda *args: fns.call("batchnorm_forward", *args)  # noqa: E731
    accuracy["running"] = accuracy_with(
        params, X_test, Y_test, bn.n_layers,
        running_statistics_normalizer(params, running, inference, EPS))
    accuracy["batch"] = accuracy_with(
        params, X_test, Y_test, bn.n_layers,
        batch_statistics_normalizer(params, forward, EPS), batch_size=TEST_BATCH)
    return BatchNormResult(dict(values), plain, bn, accuracy)


def _cost(run):
    return f"{run.final_cost:.3f}" if np.isfinite(run.final_cost) else "diverged"


def readout(result):
    """The one-line summary of a result (short enough for one line beside the figure)."""
    acc = result.accuracy
    if result.bn is None:
        return (f"cost {_cost(result.plain)} without BN · test accuracy "
                f"{acc['plain']:.3f} without BN (batch norm off)")
    return (f"cost {_cost(result.plain)} without BN, {_cost(result.bn)} with BN · test "
            f"accuracy {acc['plain']:.3f} without BN, with BN {acc['running']:.3f} "
            f"(running averages) and {acc['batch']:.3f} (test batches of {TEST_BATCH})")


@functools.lru_cache(maxsize=8)
def default_problem(seed=0):
    """The dashboard's data: 256 training and 256 test examples of two moons (memoized).

    Returns
    -------
    X, Y, X_test, Y_test : ndarray of shape (2, 256), (1, 256), (2, 256), (1, 256)
        Shared by every caller: read them, do not modify them.
    """
    return batch_norm_problem(seed, m=256, m_test=256, noise=0.2)
