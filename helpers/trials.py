"""Tuning trials: one network trained per setting, run one after another or in parallel.

A *trial* trains the course's MLP with momentum on a fixed two-spirals problem, with
one setting of the hyperparameters, and scores it by its dev accuracy (higher is
better). `TrialObjective` is that trial as a function ``params -> score``, the shape a
random search expects; `train_trial` returns the whole record (score, dev cost, cost
curve, seconds, and the id of the process that ran it).

`helpers.trial_pool.TrialPool` runs many of them at once ("caviar"); `TrialObjective` is
picklable for that.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import numpy as np

from ._validate import require_int
from .data import make_spirals
from .model import MLPConfig, accuracy
from .training import TrainConfig, train

__all__ = [
    "SEARCH_SPACE",
    "TrialObjective",
    "TuningData",
    "final_test_accuracy",
    "train_trial",
    "tuning_problem",
]

#: The space the notebook and the dashboard search: learning rate and momentum `beta`
#: on their own scales, hidden units per layer and number of hidden layers.
SEARCH_SPACE = {
    "learning_rate": (1e-3, 10.0, "log"),
    "beta": (0.5, 0.999, "ewa"),
    "hidden_units": (2, 64, "int"),
    "layers": (1, 3, "int"),
}
#: Training settings every trial shares: short runs, so a search takes seconds.
EPOCHS = 100
BATCH_SIZE = 64


@dataclass(frozen=True)
class TuningData:
    """Train, dev and test sets of the tuning problem (examples are columns).

    Attributes
    ----------
    X_train : ndarray of shape (2, m_train)
    Y_train : ndarray of shape (1, m_train)
    X_dev : ndarray of shape (2, m_dev)
    Y_dev : ndarray of shape (1, m_dev)
    X_test : ndarray of shape (2, m_test)
    Y_test : ndarray of shape (1, m_test)
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray


def tuning_problem(seed=0, m_train=300, m_dev=200, m_test=200):
    """Noisy two spirals (1.5 turns): hard enough that the hyperparameters matter.

    Returns
    -------
    TuningData
        Disjoint train, dev and test sets drawn from one shuffled sample.
    """
    sizes = [require_int(n, v, low=2) for n, v in
             (("m_train", m_train), ("m_dev", m_dev), ("m_test", m_test))]
    rng = np.random.default_rng(seed)
    X, Y = make_spirals(sum(sizes), noise=1.0, turns=1.5, rng=rng)
    order = rng.permutation(X.shape[1])
    cuts = np.cumsum(sizes)[:-1]
    parts = [(X[:, idx], Y[:, idx]) for idx in np.split(order, cuts)]
    return TuningData(*parts[0], *parts[1], *parts[2])


def _model(params):
    units, layers = int(params["hidden_units"]), int(params["layers"])
    return MLPConfig([2, *([units] * layers), 1], "relu")


def _train(params, data, epochs, batch_size, seed, record_every):
    config = TrainConfig(epochs=epochs, lr=float(params["learning_rate"]),
                         optimizer="momentum", batch_size=batch_size,
                         hyper={"beta": float(params["beta"])}, record_every=record_every)
    return train(data.X_train, data.Y_train, _model(params), config,
                 np.random.default_rng(seed), X_dev=data.X_dev, Y_dev=data.Y_dev)


def train_trial(params, data, *, epochs=EPOCHS, batch_size=BATCH_SIZE, seed=0,
                record_every=5):
    """Train one network with momentum for the setting `params`; score it on the dev set.

    Parameters
    ----------
    params : dict
        ``"learning_rate"`` (> 0), ``"beta"`` (in [0, 1)), ``"hidden_units"`` and
        ``"layers"`` (integers >= 1); other keys are ignored.
    data : TuningData
    epochs, batch_size, seed, record_every : int
        The same `seed` gives the same initial weights and mini-batches.

    Returns
    -------
    dict
        ``"params"`` (a copy), ``"score"`` (dev accuracy, 0 for a diverged run),
        ``"dev_cost"``, ``"epochs"`` and ``"train_cost"`` (the recorded curve),
        ``"seconds"``, ``"pid"`` (the process that ran it).
    """
    started = time.perf_counter()
    history = _train(params, data, epochs, batch_size, seed, record_every).history
    dev_cost = float(history.dev_cost[-1])
    score = float(history.dev_acc[-1]) if np.isfinite(dev_cost) else 0.0
    return {"params": dict(params), "score": score, "dev_cost": dev_cost,
            "epochs": list(history.epochs), "train_cost": [float(c) for c in history.train_cost],
            "seconds": time.perf_counter() - started, "pid": os.getpid()}


def final_test_accuracy(params, data, *, epochs=EPOCHS, batch_size=BATCH_SIZE, seed=0):
    """Train exactly as `train_trial` does and return the accuracy on the **test** set.

    Call it once, for the setting the search chose: a test set used to choose stops
    giving an unbiased estimate.
    """
    run = _train(params, data, epochs, batch_size, seed, epochs)
    return accuracy(run.parameters, data.X_test, data.Y_test, _model(params))


class TrialObjective:
    """A trial as a function ``params -> score`` (dev accuracy), for a random search.

    Picklable, so a process pool can run it. `calls` counts the calls made in this
    process.
    """

    def __init__(self, data, *, epochs=EPOCHS, batch_size=BATCH_SIZE, seed=0):
        self.data, self.epochs, self.batch_size, self.seed = data, epochs, batch_size, seed
        self.calls = 0

    def run(self, params):
        """The whole record of `train_trial` for `params`."""
        self.calls += 1
        return train_trial(params, self.data, epochs=self.epochs,
                           batch_size=self.batch_size, seed=self.seed)

    def __call__(self, params):
        return self.run(params)["score"]
