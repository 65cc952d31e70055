"""Dashboard of notebook 02: regularization against overfitting, live.

A small network, big enough to memorize a noisy two-moons training set, is trained
again on every slider change. The controls are the L2 strength `lambd` (log scale),
the dropout `keep_prob`, the number of training examples, the number of epochs and
early stopping on or off. The figure shows the train cost (cross-entropy plus the L2
term, the function being minimized) and the dev cost (cross-entropy alone), with the
best dev epoch (the weights early stopping keeps) and the epoch where it halted
training, and the decision boundary over the training points; the readout gives train
and dev accuracy, the dev cost of the weights the run ends with, and the stop epoch.

The learner's dropout can be plugged in: ``regularization_dashboard(dropout_fns=
(dropout_forward, dropout_backward))`` trains with them (through `train`'s
`overrides`) whenever ``keep_prob < 1``; an exercise that still raises
`NotImplementedError` shows the toolkit's notice instead of a plot, and the readout
then says which settings the figure and numbers still shown belong to.
"""

from __future__ import annotations

import html
import time

import numpy as np

from ..checks import ExerciseNotDone
from ..data import make_moons
from ..model import MLPConfig, accuracy, predict_proba
from ..plots import (
    PALETTE,
    plot_cost_curves,
    plot_decision_boundary,
    update_cost_curves,
    update_decision_boundary,
)
from ..training import TrainConfig, one_blas_thread, train
from .toolkit import Dashboard, float_slider, int_slider, log_slider, make_figure, toggle

__all__ = ["regularization_dashboard", "regularization_problem"]

#: Architecture and optimizer of every run: ~1,700 weights for at most 300 points.
LAYER_DIMS = (2, 40, 40, 1)
LEARNING_RATE = 0.02
RECORD_EVERY = 2  # epochs between two points of the cost curves
PATIENCE = 10  # records, i.e. 20 epochs without a new dev minimum
MAX_TRAIN = 300
N_DEV = 200
_EARLY_FRAME = 0.04  # seconds of training before the first, progressive frame


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
        Training examples in random order; the dashboard uses the first `m` of them.
    Y_pool : ndarray of shape (1, 300)
    X_dev : ndarray of shape (2, 200)
    Y_dev : ndarray of shape (1, 200)
    """
    rng = np.random.default_rng(seed)
    X, Y = make_moons(MAX_TRAIN + N_DEV, noise=noise, rng=rng)
    order = rng.permutation(X.shape[1])
    pool, dev = order[:MAX_TRAIN], order[MAX_TRAIN:]
    return X[:, pool], Y[:, pool], X[:, dev], Y[:, dev]


def _named(func, role):
    """`func`, with a not-implemented error that names the exercise for the notice."""
    name = getattr(func, "__name__", role)

    def call(*args):
        try:
            return func(*args)
        except NotImplementedError:
            raise ExerciseNotDone(
                f"`{name}` is not implemented yet: this dashboard uses it whenever "
                f"keep_prob < 1. Complete the exercise, run its cell, then move a slider "
                f"again (or set keep_prob to 1).") from None

    return call


def regularization_dashboard(*, dropout_fns=None, seed=0):
    """Sliders for `lambd`, `keep_prob`, training-set size, epochs and early stopping.

    Parameters
    ----------
    dropout_fns : tuple (dropout_forward, dropout_backward), optional
        The learner's functions with the catalogue's signatures
        ``dropout_forward(A, keep_prob, rng) -> (A_drop, mask)`` and
        ``dropout_backward(dA, mask, keep_prob) -> dA``; used whenever
        ``keep_prob < 1``. Default: the library's own dropout.
    seed : int
        Seeds the data and every training run (each run starts from the same weights).

    Returns
    -------
    Dashboard
        Its `timings` record the first-frame and complete times of every update.
    """
    overrides = None
    if dropout_fns is not None:
        try:
            forward, backward = dropout_fns
        except (TypeError, ValueError):
            raise ValueError(
                "`dropout_fns`: expected a pair (dropout_forward, dropout_backward), got "
                f"{dropout_fns!r}.") from None
        if not (callable(forward) and callable(backward)):
            raise ValueError(
                "`dropout_fns`: expected two functions (dropout_forward, dropout_backward), "
                f"got {type(forward).__name__} and {type(backward).__name__}.")
        overrides = {"dropout_forward": _named(forward, "dropout_forward"),
                     "dropout_backward": _named(backward, "dropout_backward")}
    X_pool, Y_pool, X_dev, Y_dev = regularization_problem(seed)

    fig, (ax_cost, ax_map) = make_figure(2, width=4.2, height=3.4)
    curves = plot_cost_curves(None, ax=ax_cost, title="cost per epoch")
    # The train curve is the minimized cost, L2 term included (with a large `lambd` it
    # then sits above the dev curve); the dev curve is the cross-entropy alone.
    curves["train"].set_label("train (cross-entropy + L2 term)")
    curves["dev"].set_label("dev (cross-entropy)")
    ax_cost.set_ylabel("cost (log scale)")
    # The grid covers the pool and the dev set, so the axes never move with `m`.
    everything = np.hstack([X_pool, X_dev])
    region = plot_decision_boundary(None, everything, np.hstack([Y_pool, Y_dev]), ax=ax_map,
                                    resolution=80, title="decision boundary (training points)")
    scatter = region["scatter"]
    # The best dev epoch: the weights early stopping keeps (drawn for every run).
    (best_marker,) = ax_cost.plot([], [], "o", color=PALETTE["dev"], ms=6, mfc="none",
                                  label="best dev")
    # Lower left: the one corner the curves never reach (they start high and only the
    # train curve comes down, on the right).
    ax_cost.legend(loc="lower left", fontsize=8, frameon=False)

    ylim = [1e-2, 1e1]
    controls = {
        "lambd": log_slider("lambd (L2)", 1e-4, -4, 1, step=0.25),
        "keep_prob": float_slider("keep_prob (dropout)", 1.0, 0.5, 1.0, 0.05),
        "m": int_slider("training examples", 60, 20, MAX_TRAIN, 10),
        "epochs": int_slider("epochs", 300, 50, 1500, 50),
        "early_stopping": toggle("early stopping", False),
    }

    # The settings of the last run that finished: when a run stops at a notice (an
    # exercise not done yet), the figure and readout still show that run, and say so.
    last = {"values": None, "text": None, "board": None}

    def update(values, frame):
        try:
            text = _run(values, frame)
        except ExerciseNotDone:
            board = last["board"]
            if board is not None and last["text"] is not None:
                board.readout.value = html.escape(
                    f"{last['text']} (last completed run: {_differences(last['values'], values)})")
            raise
        last["values"], last["text"] = dict(values), text
        return text

    def _run(values, frame):
        m = int(values["m"])
        X, Y = X_pool[:, :m], Y_pool[:, :m]
        epochs = int(values["epochs"])
        model = MLPConfig(LAYER_DIMS, "relu", l2=float(values["lambd"]),
                          keep_prob=float(values["keep_prob"]))
        config = TrainConfig(epochs=epochs, lr=LEARNING_RATE, optimizer="adam",
                             early_stopping=bool(values["early_stopping"]),
                             patience=PATIENCE, record_every=RECORD_EVERY)
        scatter.set_offsets(X.T)
        scatter.set_array(Y.ravel().astype(int))
        shown = {"early": False}

        def on_record(epoch, history, _parameters):
            # One progressive frame once training has run a little: the curves so far.
            if not shown["early"] and time.perf_counter() - frame.started > _EARLY_FRAME:
                shown["early"] = True
                _draw_curves(history, epochs, final=False)
                frame.show()
            return False

        result = train(X, Y, model, config, np.random.default_rng(seed), X_dev=X_dev,
                       Y_dev=Y_dev, overrides=overrides, on_record=on_record)
        history = result.history
        _draw_curves(history, epochs, final=True)
        # One BLAS thread, as in `train`: for these sizes a second thread only slows
        # the products down, badly so on a busy machine.
        with one_blas_thread():
            update_decision_boundary(
                region, lambda G: predict_proba(result.parameters, G, model) > 0.5)
            train_acc = accuracy(result.parameters, X, Y, model)
            dev_acc = accuracy(result.parameters, X_dev, Y_dev, model)
            dev_cost = _cross_entropy(predict_proba(result.parameters, X_dev, model), Y_dev)
        if history.stopped_epoch is not None:
            stop = (f"stopped after epoch {history.stopped_epoch}, "
                    f"kept epoch {history.best_epoch}")
        elif values["early_stopping"]:
            stop = f"no stop within {epochs} epochs, kept epoch {history.best_epoch}"
        else:
            stop = f"early stopping off (best dev epoch {history.best_epoch})"
        # The dev cost moves with nearly any change of the run, where an accuracy on 200
        # examples often does not: one step of the `lambd` slider shows in the readout.
        return (f"train accuracy {train_acc:.3f} · dev accuracy {dev_acc:.3f} "
                f"(dev cost {dev_cost:.3f}) · {stop}")

    def _draw_curves(history, epochs, final):
        # The dotted line marks where early stopping halted training (none when it did
        # not); the circle marks the best dev epoch, whose weights early stopping keeps.
        update_cost_curves(curves, history, stop_epoch=history.stopped_epoch)
        best_epoch = history.best_epoch
        # Stable limits keep the toolkit's cached background valid (a full redraw costs
        # ~70 ms): x spans the epochs slider, so an early stop shows as curves ending
        # before the right edge; y only ever widens, to whole decades, and only on a
        # run's final frame.
        ax_cost.set_xlim(0, epochs)
        if final:
            costs = np.concatenate([history.train_cost, history.dev_cost])
            costs = costs[np.isfinite(costs) & (costs > 0)]
            if costs.size:
                low = max(1e-4, 10.0 ** np.floor(np.log10(costs.min())))
                high = 10.0 ** np.ceil(np.log10(costs.max()))
                ylim[0], ylim[1] = min(ylim[0], low), max(ylim[1], high)
        ax_cost.set_ylim(*ylim)
        if best_epoch is not None and best_epoch in history.epochs:
            i = history.epochs.index(best_epoch)
            best_marker.set_data([best_epoch], [history.dev_cost[i]])
        else:
            best_marker.set_data([], [])

    board = Dashboard(controls, fig, update, name="regularization",
                      title="Regularization: L2, dropout, early stopping")
    last["board"] = board
    return board


def _cross_entropy(AL, Y):
    """Mean binary cross-entropy of probabilities `AL` (1, m) for labels `Y` (1, m)."""
    AL = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


_LABELS = {"lambd": "lambd", "keep_prob": "keep_prob", "m": "training examples",
           "epochs": "epochs", "early_stopping": "early stopping"}


def _differences(shown, wanted):
    """The settings of the run on display that differ from the requested ones."""
    parts = []
    for key, label in _LABELS.items():
        if shown.get(key) != wanted.get(key):
            value = shown.get(key)
            if isinstance(value, bool):
                value = "on" if value else "off"
            elif isinstance(value, float):
                value = f"{value:g}"
            parts.append(f"{label} = {value}")
    return ", ".join(parts) or "the same settings"
