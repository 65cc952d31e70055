"""What notebook 02's dashboard computes for one setting (no drawing here).

A small network, big enough to memorize a noisy two-moons training set, trained with
an L2 strength `lambd`, a dropout `keep_prob`, `m` training examples, a number of epochs
and early stopping on or off. `run_setting` trains it and measures it; the dashboard
(`helpers.dashboards.regularization`) and notebook 02's side-by-side comparison both
call it, and `helpers.dashboards.regularization_panels` draws what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _mlp_engine as engine
from ..data import make_moons
from ..losses import binary_cross_entropy
from ..model import MLPConfig, accuracy, predict_proba
from ..training import History, TrainConfig, one_blas_thread, train
from .learner import LearnerFunctions

__all__ = ["DEFAULTS", "LAYER_DIMS", "MAX_TRAIN", "RegularizationRun", "readout",
           "regularization_functions", "regularization_problem", "regularization_test_set",
           "run_setting"]

#: Architecture of every run: ~1,700 weights for at most 300 points.
LAYER_DIMS = (2, 40, 40, 1)
LEARNING_RATE = 0.02  # Adam
RECORD_EVERY = 2  # epochs between two points of the cost curves
PATIENCE = 20  # epochs without a new dev minimum before early stopping halts
MAX_TRAIN = 300
N_DEV = 200
#: The dashboard's starting setting.
DEFAULTS = {"lambd": 1e-4, "keep_prob": 1.0, "m": 60, "epochs": 300, "early_stopping": False}


def regularization_problem(seed=0, noise=0.35):
    """The dashboard's data: a pool of training examples and a fixed dev set.

    Parameters
    ----------
    seed : int
    noise : float
        Standard deviation of the moons' noise; 0.35 makes the classes overlap, so a
        network that fits every training point has learned noise.

    Returns
    -------
    X_pool : ndarray of shape (2, 300)
        Training examples in random order; a setting uses the first `m` of them.
    Y_pool : ndarray of shape (1, 300)
    X_dev : ndarray of shape (2, 200)
    Y_dev : ndarray of shape (1, 200)
    """
    rng = np.random.default_rng(seed)
    X, Y = make_moons(MAX_TRAIN + N_DEV, noise=noise, rng=rng)
    order = rng.permutation(X.shape[1])
    pool, dev = order[:MAX_TRAIN], order[MAX_TRAIN:]
    return X[:, pool], Y[:, pool], X[:, dev], Y[:, dev]


def regularization_test_set(seed=0, m=1000, noise=0.35):
    """A test set for `regularization_problem(seed)`: the same distribution, new examples.

    Drawn from a generator of its own (``default_rng([seed, 7])``), so it shares no example
    with the pool or the dev set and leaves them as they were.

    Returns
    -------
    X_test : ndarray of shape (2, m)
    Y_test : ndarray of shape (1, m)
    """
    return make_moons(int(m), noise=noise, rng=np.random.default_rng([int(seed), 7]))


# The library's inverted dropout, with the exercises' signatures (the engine's kernel,
# so that a stand-in run draws exactly the masks of a run without the learner's).
def _dropout_forward(A, keep_prob, rng):
    out = np.empty_like(A)
    mask = engine._inverted_dropout(A, keep_prob, rng, out=out)
    return out, mask


def _dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob


def regularization_functions(dropout_forward=None, dropout_backward=None):
    """The learner's dropout of notebook 02, with the library's standing in.

    Parameters
    ----------
    dropout_forward : callable, optional
        ``dropout_forward(A, keep_prob, rng) -> (A_drop, mask)``.
    dropout_backward : callable, optional
        ``dropout_backward(dA, mask, keep_prob) -> dA``.

    Returns
    -------
    LearnerFunctions
    """
    A, rng = np.ones((2, 2)), np.random.default_rng(0)
    return LearnerFunctions(
        {"dropout_forward": dropout_forward, "dropout_backward": dropout_backward},
        {"dropout_forward": _dropout_forward, "dropout_backward": _dropout_backward},
        probes={"dropout_forward": (A, 0.5, rng),
                "dropout_backward": (A, np.ones((2, 2), dtype=bool), 0.5)})


@dataclass(frozen=True)
class RegularizationRun:
    """One setting, trained and measured (what `run_setting` returns).

    The setting (`lambd`, `keep_prob`, `m`, `epochs`, `early_stopping`); the training
    run's `history`, `parameters` and `model`; the data it saw (`X` (2, m), `Y` (1, m),
    `X_dev` (2, 200), `Y_dev` (1, 200)); `train_acc`, `dev_acc` and `dev_cost`
    (cross-entropy, no L2 term) of the weights it ends with.
    """

    lambd: float
    keep_prob: float
    m: int
    epochs: int
    early_stopping: bool
    history: History
    parameters: dict
    model: MLPConfig
    X: np.ndarray
    Y: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    train_acc: float
    dev_acc: float
    dev_cost: float


def run_setting(problem, *, lambd=1e-4, keep_prob=1.0, m=60, epochs=300, early_stopping=False,
                fns=None, seed=0, lr=LEARNING_RATE, patience=PATIENCE,
                record_every=RECORD_EVERY, on_record=None):
    """Train the network on the first `m` examples of the pool and measure it.

    Parameters
    ----------
    problem : tuple (X_pool, Y_pool, X_dev, Y_dev)
        From `regularization_problem`.
    lambd, keep_prob, m, epochs, early_stopping
        The dashboard's controls.
    fns : LearnerFunctions, optional
        From `regularization_functions`: the learner's dropout runs whenever
        ``keep_prob < 1``. Default: the library's dropout.
    seed : int
        Seeds the training run (every run starts from the same weights).
    lr : float
        Adam's learning rate.
    patience : int
        Epochs without a new dev minimum before early stopping halts training.
    record_every : int
        Epochs between two points of the cost curves.
    on_record : callable (epoch, history, parameters) -> bool, optional
        As for `train` (a dashboard pushes an early frame from there).

    Returns
    -------
    RegularizationRun
    """
    X_pool, Y_pool, X_dev, Y_dev = problem
    m, epochs = int(m), int(epochs)
    X, Y = X_pool[:, :m], Y_pool[:, :m]
    model = MLPConfig(LAYER_DIMS, "relu", l2=float(lambd), keep_prob=float(keep_prob))
    config = TrainConfig(epochs=epochs, lr=lr, optimizer="adam",
                         early_stopping=bool(early_stopping),
                         patience=max(1, patience // record_every), record_every=record_every)
    overrides = None
    if fns is not None and (fns.uses_learner("dropout_forward")
                            or fns.uses_learner("dropout_backward")):
        overrides = {name: (lambda *args, name=name: fns.call(name, *args))
                     for name in ("dropout_forward", "dropout_backward")}
    result = train(X, Y, model, config, np.random.default_rng(seed), X_dev=X_dev,
                   Y_dev=Y_dev, overrides=overrides, on_record=on_record)
    # One BLAS thread, as in `train`: for these sizes a second thread only slows the
    # products down, badly so on a busy machine.
    with one_blas_thread():
        train_acc = accuracy(result.parameters, X, Y, model)
        dev_acc = accuracy(result.parameters, X_dev, Y_dev, model)
        dev_cost = binary_cross_entropy(predict_proba(result.parameters, X_dev, model), Y_dev)
    return RegularizationRun(float(lambd), float(keep_prob), m, epochs, bool(early_stopping),
                             result.history, result.parameters, model, X, Y, X_dev, Y_dev,
                             float(train_acc), float(dev_acc), dev_cost)


def readout(run):
    """The dashboard's one-line readout for a `RegularizationRun`."""
    history = run.history
    if history.stopped_epoch is not None:
        stop = f"stopped after epoch {history.stopped_epoch}, kept epoch {history.best_epoch}"
    elif run.early_stopping:
        stop = f"no stop within {run.epochs} epochs, kept epoch {history.best_epoch}"
    else:
        stop = f"early stopping off (best dev epoch {history.best_epoch})"
    # The dev cost moves with nearly any change of the run, where an accuracy on 200
    # examples often does not: one step of the `lambd` slider shows in the readout.
    return (f"train accuracy {run.train_acc:.3f} · dev accuracy {run.dev_acc:.3f} "
            f"(dev cost {run.dev_cost:.3f}) · {stop}")
