"""The training loop: mini-batches, optimizer, learning-rate schedule, early stopping.

`train` checks every argument once, then runs the unchecked engine of
`helpers._mlp_engine` on a private packed copy of the parameters, with BLAS pinned to one
thread: for these matrix sizes a second thread never made a step faster and slows it down
badly when the machine is busy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import ThreadpoolController

from helpers import _mlp_engine as engine
from helpers._validate import (
    check_inputs,
    check_labels,
    check_overrides,
    check_parameters,
    require_choice,
    require_int,
    require_number,
    require_rng,
)
from helpers.batchnorm import _bn_running_update, init_bn_running
from helpers.initializers import init_parameters
from helpers.losses import _l2_penalty
from helpers.model import MLPConfig
from helpers.optimizers import (
    _IN_PLACE_UPDATES,
    OPTIMIZER_DEFAULTS,
    check_hyperparameters,
    init_optimizer_state,
)
from helpers.schedules import SCHEDULES, _lr_at

__all__ = ["History", "TrainConfig", "TrainResult", "one_blas_thread", "train"]


@dataclass(frozen=True)
class TrainConfig:
    """How to train (immutable).

    Parameters
    ----------
    epochs : int
        Passes over the training set, >= 1. With full-batch training one epoch is one step.
    lr : float
        Initial learning rate, > 0.
    optimizer : {"gd", "momentum", "rmsprop", "adam"}
    batch_size : int or None
        Mini-batch size; None (or >= m) trains on the full batch.
    lr_schedule, decay_rate, step_size
        Learning-rate decay per epoch, see `helpers.schedules.lr_at`.
    early_stopping : bool
        Stop when the dev cost has not reached a new minimum for `patience` records in a
        row, and return the parameters of the best record. Needs dev data.
    patience : int
        >= 1, counted in records (every `record_every` epochs).
    record_every : int
        Evaluate and record the costs every that many epochs (and after the last one).
    hyper : dict
        Optimizer hyperparameters overriding `OPTIMIZER_DEFAULTS[optimizer]`,
        e.g. ``{"beta1": 0.8}`` for Adam.
    """

    epochs: int = 1000
    lr: float = 0.1
    optimizer: str = "gd"
    batch_size: int | None = None
    lr_schedule: str = "constant"
    decay_rate: float = 1.0
    step_size: int = 10
    early_stopping: bool = False
    patience: int = 10
    record_every: int = 1
    hyper: dict = field(default_factory=dict, hash=False)

    def __post_init__(self):
        require_int("epochs", self.epochs, low=1)
        require_number("lr", self.lr, low=0.0, low_open=True)
        require_choice("optimizer", self.optimizer, tuple(OPTIMIZER_DEFAULTS))
        if self.batch_size is not None:
            require_int("batch_size", self.batch_size, low=1)
        require_choice("lr_schedule", self.lr_schedule, SCHEDULES)
        require_number("decay_rate", self.decay_rate, low=0.0)
        require_int("step_size", self.step_size, low=1)
        if not isinstance(self.early_stopping, bool):
            raise ValueError(
                f"`early_stopping`: expected True or False, got {self.early_stopping!r}."
            )
        require_int("patience", self.patience, low=1)
        require_int("record_every", self.record_every, low=1)
        object.__setattr__(self, "hyper", dict(self.hyper))
        check_hyperparameters(self.optimizer, self.hyper)


@dataclass
class History:
    """What `train` recorded, one entry per record point.

    Attributes
    ----------
    epochs : list of int
        Completed epochs at each record (``record_every, 2 * record_every, ...``).
    train_cost : list of float
        Mean training cost including the L2 term (the objective being minimized),
        in evaluation mode (no dropout, running batch-norm statistics).
    dev_cost : list of float
        Mean dev cost without the L2 term (empty without dev data).
    train_acc, dev_acc : list of float
        Accuracies (NaN for a regression output; `dev_acc` empty without dev data).
    stopped_epoch : int or None
        The epoch after which training stopped early (early stopping or `on_record`),
        else None.
    best_epoch : int or None
        The recorded epoch with the lowest dev cost (earliest on ties); None without dev
        data.
    """

    epochs: list = field(default_factory=list)
    train_cost: list = field(default_factory=list)
    dev_cost: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    dev_acc: list = field(default_factory=list)
    stopped_epoch: int | None = None
    best_epoch: int | None = None


@dataclass
class TrainResult:
    """Result of `train`: new parameter arrays, the history, batch-norm running statistics
    (None without batch norm)."""

    parameters: dict
    history: History
    bn_running: dict | None = None


_controller = None


def one_blas_thread():
    """A context manager that pins BLAS to one thread (cheap to enter repeatedly).

    On these small matrices a second BLAS thread never helps and collapses under
    background load; `train` enters it itself, and dashboards wrap predictions in it.
    """
    # Building a `ThreadpoolController` scans the loaded libraries (about a millisecond);
    # `threadpool_limits(1)` does that on every call. One cached controller makes entering
    # the limit cost microseconds, which matters for short dashboard runs.
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def train(X, Y, model, config, rng, *, X_dev=None, Y_dev=None, parameters=None,
          overrides=None, on_record=None):
    """Train an MLP with mini-batch gradient descent (or momentum, RMSprop, Adam).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n[L], m)
        Binary labels (sigmoid output), one-hot labels (softmax) or targets (linear).
    model : MLPConfig
    config : TrainConfig
    rng : numpy.random.Generator
        Draws the initial parameters (when `parameters` is None), the mini-batch
        shuffles and the dropout masks.
    X_dev : ndarray of shape (n_x, m_dev), optional
    Y_dev : ndarray of shape (n[L], m_dev), optional
    parameters : dict, optional
        Starting point; copied, never modified. Default: `init_parameters` with
        ``model.init`` and ``model.init_scale``.
    overrides : dict, optional
        Learner functions for the model (see `helpers.model`).
    on_record : callable, optional
        ``on_record(epoch, history, parameters)`` after each record; returning True stops
        training. `parameters` is the live dict of the training loop: read it, copy it
        to keep it, do not modify it.

    Returns
    -------
    TrainResult
        A diverging run does not warn: its costs in the history become inf or NaN.
    """
    if not isinstance(model, MLPConfig):
        raise ValueError(f"`model`: expected an MLPConfig, got {type(model).__name__}.")
    if not isinstance(config, TrainConfig):
        raise ValueError(f"`config`: expected a TrainConfig, got {type(config).__name__}.")
    X = check_inputs(X, model)
    Y = check_labels(Y, X, model)
    require_rng(rng)
    if (X_dev is None) != (Y_dev is None):
        raise ValueError("`X_dev`, `Y_dev`: expected both or neither, got only one.")
    dev = None
    if X_dev is not None:
        X_dev = check_inputs(X_dev, model, "X_dev")
        dev = (engine.augment(X_dev), check_labels(Y_dev, X_dev, model, "Y_dev", "X_dev"))
    if config.early_stopping and dev is None:
        raise ValueError("`X_dev`: early_stopping=True needs dev data (X_dev, Y_dev), got None.")
    if on_record is not None and not callable(on_record):
        raise ValueError(f"`on_record`: expected a function or None, got {on_record!r}.")
    hooks = check_overrides(overrides)
    if parameters is None:
        parameters = init_parameters(model.layer_dims, rng, model.init, model.init_scale,
                                     model.batch_norm)
    else:
        parameters = check_parameters(parameters, model)
    packed = engine.PackedParameters.from_dict(parameters, model.layer_dims, model.batch_norm)
    # A diverging run (a classic lesson: large random initial weights) shows up as inf or
    # NaN costs in the history rather than as a wall of numpy warnings under a dashboard.
    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
        return _run(engine.augment(X), Y, dev, model, config, rng, packed, hooks, on_record)


def _run(X_aug, Y, dev, model, config, rng, packed, hooks, on_record):
    m = Y.shape[1]
    hyper = check_hyperparameters(config.optimizer, config.hyper)
    update = _IN_PLACE_UPDATES[config.optimizer]
    # The optimizer sees one flat vector: a few array operations per step in total.
    flat, flat_grad = {"theta": packed.theta}, {"dtheta": packed.grad}
    state = init_optimizer_state(config.optimizer, flat)
    bn_running = init_bn_running(model.layer_dims) if model.batch_norm else None
    weights = [packed.views[f"W{l}"] for l in range(1, model.L + 1)]
    batch = config.batch_size if config.batch_size is not None and config.batch_size < m else None
    # Without dropout and batch norm the training-mode forward pass equals the
    # evaluation-mode one, so on full batches a record's forward pass is reused by the next
    # step instead of being computed twice.
    reusable = batch is None and model.keep_prob == 1.0 and not model.batch_norm
    if batch is not None:
        # Shuffle whole examples as rows, so that each mini-batch is one contiguous block
        # (used through a transposed view, still columns = examples). Column slices of a
        # (n_x + 1, m) array would scatter every batch over n_x + 1 distant rows, which
        # made the matrix products up to twice as slow.
        X_rows, Y_rows = np.ascontiguousarray(X_aug.T), np.ascontiguousarray(Y.T)
    pending = None
    history = History()
    best_cost, best_theta, best_bn, since_best = np.inf, None, None, 0

    def step(Xb, Yb, lr, forward_pass=None):
        AL, caches = forward_pass or engine.forward(packed, Xb, model, True, rng, None, hooks)
        engine.backward(packed, AL, Yb, caches, model, hooks)
        if bn_running is not None:
            _update_running(bn_running, caches, model.bn_momentum)
        update(flat, flat_grad, state, lr, **hyper)

    for epoch in range(config.epochs):
        lr = _lr_at(epoch, config.lr, config.lr_schedule, config.decay_rate, config.step_size)
        if batch is None:
            step(X_aug, Y, lr, pending)
            pending = None
        else:
            order = rng.permutation(m)
            X_shuffled, Y_shuffled = X_rows[order], Y_rows[order]
            for start in range(0, m, batch):
                step(X_shuffled[start:start + batch].T, Y_shuffled[start:start + batch].T, lr)
        done = epoch + 1
        if done % config.record_every and done != config.epochs:
            continue
        AL, caches = engine.forward(packed, X_aug, model, False, None, bn_running)
        if reusable:
            pending = (AL, caches)
        history.epochs.append(done)
        history.train_cost.append(engine.output_cost(AL, caches[-1]["Z"], Y, model)
                                  + _l2_penalty(weights, model.l2, m))
        history.train_acc.append(engine.output_accuracy(AL, Y, model))
        stop = False
        if dev is not None:
            AL_dev, caches_dev = engine.forward(packed, dev[0], model, False, None, bn_running)
            dev_cost = engine.output_cost(AL_dev, caches_dev[-1]["Z"], dev[1], model)
            history.dev_cost.append(dev_cost)
            history.dev_acc.append(engine.output_accuracy(AL_dev, dev[1], model))
            if dev_cost < best_cost:
                best_cost, history.best_epoch, since_best = dev_cost, done, 0
                if config.early_stopping:
                    best_theta = packed.theta.copy()
                    best_bn = _copy_running(bn_running)
            else:
                since_best += 1
                stop = config.early_stopping and since_best >= config.patience
        if on_record is not None and on_record(done, history, packed.views):
            stop = True
        if stop:
            if done < config.epochs:
                history.stopped_epoch = done
            break
    if best_theta is not None:
        packed.theta[...] = best_theta
        bn_running = best_bn
    return TrainResult(packed.to_dict(), history, _copy_running(bn_running))


def _update_running(bn_running, caches, momentum):
    for l, layer in enumerate(caches[:-1], start=1):
        bn = layer["bn"]
        mu, var = np.reshape(bn["mu"], (-1, 1)), np.reshape(bn["var"], (-1, 1))
        bn_running[f"mean{l}"], bn_running[f"var{l}"] = _bn_running_update(
            bn_running[f"mean{l}"], bn_running[f"var{l}"], mu, var, momentum)


def _copy_running(bn_running):
    return None if bn_running is None else {k: v.copy() for k, v in bn_running.items()}
