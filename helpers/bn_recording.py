"""Recorded training runs of deep ReLU networks with and without batch norm.

Notebook 05 and its dashboard train deep networks on two moons with the learner's
`batchnorm_forward` / `batchnorm_backward` plugged into `helpers.training.train` through
its `overrides`. `train_recorded` adds what `train` does not record:

- the **batch statistics** ``mu`` and ``var`` of every hidden layer at every step, so that
  running averages can be replayed afterwards with any momentum and the learner's
  `update_running_stats` (`replay_running_stats`);
- at regular record points, the **full-batch cost** and the **distribution of one hidden
  layer's input of g** (`Z` without batch norm, `Z_tilde` with it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers._validate import require_array, require_int, require_number, require_rng
from helpers.batchnorm import bn_backward, bn_train_forward
from helpers.bn_evaluation import forward_logits, full_batch_normalizer
from helpers.initializers import init_parameters
from helpers.losses import binary_cross_entropy_from_logits
from helpers.model import MLPConfig
from helpers.training import TrainConfig, train

__all__ = ["QUANTILES", "RecordedRun", "batch_norm_problem", "replay_running_stats",
           "train_recorded"]

#: Quantiles of the watched layer's input of g recorded over training (bands and median).
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def batch_norm_problem(seed=0, m=256, m_test=256, noise=0.2):
    """Two moons: a training set and a test set of the same distribution.

    The moons of `helpers.data.make_moons` (scikit-learn's), drawn here with numpy:
    importing scikit-learn takes 1 to 2 s, a large share of notebook 05's time budget.
    Each example's angle along its half circle is uniform; class 0 is the upper moon
    ``(cos t, sin t)``, class 1 the lower ``(1 - cos t, 0.5 - sin t)``; then Gaussian noise.

    Parameters
    ----------
    seed : int
    m, m_test : int
        Numbers of training and test examples (>= 2).
    noise : float
        Standard deviation of the noise added to both coordinates, >= 0.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        0.0 or 1.0, about half of each.
    X_test : ndarray of shape (2, m_test)
    Y_test : ndarray of shape (1, m_test)
    """
    m = require_int("m", m, low=2)
    m_test = require_int("m_test", m_test, low=2)
    noise = require_number("noise", noise, low=0.0)
    rng = np.random.default_rng(seed)
    total = m + m_test
    Y = (np.arange(total) % 2).astype(float)[rng.permutation(total)].reshape(1, total)
    t = rng.uniform(0.0, np.pi, total)
    upper = np.vstack([np.cos(t), np.sin(t)])
    lower = np.vstack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(Y > 0.5, lower, upper) + noise * rng.normal(size=(2, total))
    return X[:, :m], Y[:, :m], X[:, m:], Y[:, m:]


@dataclass
class RecordedRun:
    """What `train_recorded` recorded.

    Attributes
    ----------
    layer_dims : tuple of int
    batch_norm : bool
    steps : ndarray of shape (R,)
        Gradient steps done at each of the R record points (the first is 0, the start).
    cost : ndarray of shape (R,)
        Mean cross-entropy on the whole training set (with batch norm: normalized with
        the whole training set's statistics, so the curve does not depend on any running
        average).
    quantiles : ndarray of shape (R, len(QUANTILES))
        Quantiles of the watched layer's input of g over all its units and examples.
    watch : int
        The watched hidden layer.
    batch_stats : list of (mu, var)
        One pair per hidden layer and step, in the order of the calls (steps outer,
        layers inner); each an ndarray of shape (n[l], 1). Empty without batch norm.
    parameters : dict
        The trained parameters.
    """

    layer_dims: tuple
    batch_norm: bool
    steps: np.ndarray
    cost: np.ndarray
    quantiles: np.ndarray
    watch: int
    batch_stats: list
    parameters: dict

    @property
    def n_layers(self):
        """L, the number of layers with weights."""
        return len(self.layer_dims) - 1

    @property
    def final_cost(self):
        """The last recorded cost (NaN or inf when training diverged)."""
        return float(self.cost[-1])


def _recording(forward, backward, record):
    def recording_forward(Z, gamma, beta, eps=1e-5):
        Z_tilde, cache = forward(Z, gamma, beta, eps)
        record.append((np.array(cache["mu"], dtype=float).reshape(-1, 1),
                       np.array(cache["var"], dtype=float).reshape(-1, 1)))
        return Z_tilde, cache

    return {"batchnorm_forward": recording_forward, "batchnorm_backward": backward}


def train_recorded(X, Y, layer_dims, *, lr, batch_size, steps, batch_norm, rng,
                   bn_pair=None, watch=None, records=32, on_record=None):
    """Train a ReLU network with mini-batch gradient descent and record what batch norm does.

    The starting weights follow He's scheme (`init_parameters`, gamma 1 and beta 0).
    Training runs in `records` chunks of ``steps / records`` gradient steps (each chunk one
    call of `helpers.training.train`), so every batch size gets the same record points:
    the start and after each chunk. Each epoch visits every example once, in a new random
    order.

    Parameters
    ----------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    layer_dims : sequence of int
        ``[n_x, n_1, ..., n_L]`` with ``n_L = 1`` (sigmoid output).
    lr : float
        Learning rate, > 0.
    batch_size : int
        Mini-batch size, a divisor of `m`.
    steps : int
        Total number of gradient steps.
    batch_norm : bool
    rng : numpy.random.Generator
        Draws the initial weights and the mini-batches.
    bn_pair : dict, optional
        ``{"batchnorm_forward": f, "batchnorm_backward": g}`` with the catalogue's
        signatures (e.g. the learner's, or `noisy_bn_pair`'s). Default: the library's.
    watch : int, optional
        The hidden layer whose input of g is recorded; default the last hidden layer.
    records : int
        Number of record points after the start (cost and quantiles); `steps` must be a
        multiple of it,
        and ``steps / records`` a multiple or a divisor of ``m / batch_size``.
    on_record : callable (run_so_far) -> None, optional
        Called after each record with a `RecordedRun` of the records so far.

    Returns
    -------
    RecordedRun
        A run whose cost becomes NaN or infinite stops at that record.
    """
    X = require_array("X", X, ndim=2)
    Y = require_array("Y", Y, shape=(1, X.shape[1]))
    m = X.shape[1]
    batch_size = require_int("batch_size", batch_size, low=1, high=m)
    if m % batch_size:
        raise ValueError(f"`batch_size`: expected a divisor of m = {m}, got {batch_size}.")
    per_epoch = m // batch_size
    records = require_int("records", records, low=1)
    steps = require_int("steps", steps, low=records)
    chunk = steps // records
    if steps % records or (chunk % per_epoch and per_epoch % chunk):
        raise ValueError(
            f"`steps`: expected a multiple of records = {records} whose steps per record "
            f"divide or are a multiple of m / batch_size = {per_epoch}, got {steps}.")
    require_rng(rng)
    model = MLPConfig(tuple(layer_dims), "relu", batch_norm=bool(batch_norm))
    L = model.L
    watch = L - 1 if watch is None else require_int("watch", watch, low=1, high=L - 1)
    record, at, costs, bands = [], [], [], []
    overrides = None
    if model.batch_norm:
        pair = bn_pair or {"batchnorm_forward": bn_train_forward,
                           "batchnorm_backward": bn_backward}
        overrides = _recording(pair["batchnorm_forward"], pair["batchnorm_backward"], record)

    def snapshot(parameters):
        return RecordedRun(model.layer_dims, model.batch_norm, np.array(at, dtype=float),
                           np.array(costs), np.array(bands).reshape(-1, len(QUANTILES)),
                           watch, record, parameters)

    def monitor(parameters):
        # Full-batch statistics: the cost of the network itself, not of a running average.
        normalize = full_batch_normalizer(parameters, model.bn_eps) if model.batch_norm \
            else None
        with np.errstate(all="ignore"):
            ZL, watched = forward_logits(parameters, X, L, normalize, watch)
            finite = bool(np.all(np.isfinite(ZL)) and np.all(np.isfinite(watched)))
            if finite:
                costs.append(binary_cross_entropy_from_logits(ZL, Y))
                bands.append(np.quantile(watched, QUANTILES))
            else:
                costs.append(np.nan)
                bands.append(np.full(len(QUANTILES), np.nan))
        at.append(done)
        return finite

    parameters = init_parameters(model.layer_dims, rng, "he", 1.0, model.batch_norm)
    done, order, position = 0, None, m
    monitor(parameters)  # the starting point
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(records):
            if chunk >= per_epoch:  # whole epochs: `train` shuffles each one itself
                Xc, Yc, epochs = X, Y, chunk // per_epoch
            else:  # the next `chunk` mini-batches of the current epoch's order
                if position >= m:
                    order, position = rng.permutation(m), 0
                take = order[position:position + chunk * batch_size]
                position += chunk * batch_size
                Xc, Yc, epochs = X[:, take], Y[:, take], 1
            config = TrainConfig(epochs=epochs, lr=lr, batch_size=batch_size,
                                 record_every=epochs)
            parameters = train(Xc, Yc, model, config, rng, parameters=parameters,
                               overrides=overrides).parameters
            done += chunk
            finite = monitor(parameters)
            if on_record is not None:
                on_record(snapshot(parameters))
            if not finite:
                break
    return snapshot(parameters)


def replay_running_stats(run, momentum, update):
    """Running averages of a run's batch statistics, replayed with `update`.

    Starts from PyTorch's (and the library's) initial values, mean 0 and variance 1, and
    applies ``update(running_mean, running_var, mu, var, momentum)`` once per hidden layer
    and step, in training order.

    Parameters
    ----------
    run : RecordedRun
        With batch norm.
    momentum : float in [0, 1]
    update : callable
        With the signature of `update_running_stats`.

    Returns
    -------
    running : dict
        ``"mean<l>"``, ``"var<l>"`` : ndarray of shape (n[l], 1) for l = 1 .. L-1.
    """
    if not run.batch_norm:
        raise ValueError("`run`: expected a run with batch norm, got one without.")
    momentum = require_number("momentum", momentum, low=0.0, high=1.0)
    hidden = run.n_layers - 1
    running = {}
    for l in range(1, hidden + 1):
        running[f"mean{l}"] = np.zeros((run.layer_dims[l], 1))
        running[f"var{l}"] = np.ones((run.layer_dims[l], 1))
    for i, (mu, var) in enumerate(run.batch_stats):
        l = i % hidden + 1
        new_mean, new_var = update(running[f"mean{l}"], running[f"var{l}"], mu, var, momentum)
        running[f"mean{l}"] = np.asarray(new_mean, dtype=float)
        running[f"var{l}"] = np.asarray(new_var, dtype=float)
    return running
