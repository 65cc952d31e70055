"""Dashboard of notebook 01: initialisation scheme, weight scale, depth and activation.

Three live panels: the spread (standard deviation) of every hidden layer's activations
at initialisation, the training cost of a short full-batch run, and the decision boundary
it ends with. The spread panel is computed at once and pushed as an early frame; training
follows and completes the update.

The learner's functions are used when given (`init_fns`, `spread_fn`); a scheme without
a learner function falls back to the library's `init_parameters`. A learner function that
still raises `NotImplementedError` makes the dashboard show a notice naming it.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator
from threadpoolctl import ThreadpoolController

from ..checks import ExerciseNotDone
from ..data import make_moons
from ..initializers import init_parameters
from ..model import MLPConfig, predict
from ..plots import (
    PALETTE,
    plot_activation_spread,
    plot_cost_curves,
    plot_decision_boundary,
    update_cost_curves,
    update_decision_boundary,
)
from ..training import TrainConfig, train
from .toolkit import Dashboard, choice, int_slider, log_slider, make_figure

__all__ = ["SCHEMES", "initialization_dashboard", "initial_parameters", "reference_spread"]

#: Scheme key -> label shown in the drop-down.
SCHEMES = {"zeros": "zeros", "random": "random (std = scale)", "xavier": "Xavier (1/n)",
           "he": "He (2/n)"}
_EXERCISE = {"zeros": "initialize_zeros", "random": "initialize_random",
             "xavier": "initialize_xavier", "he": "initialize_he"}

WIDTH = 20          # units per hidden layer
STEPS = 300         # full-batch gradient-descent steps per update
LR = 0.3
M = 300             # training examples
MAX_DEPTH = 20
_RESOLUTION = 70    # decision-boundary grid per axis
_DECADES = (2, 4, 8, 16)  # the spread axis spans 10**-k .. 10**k, k the first that fits
_COST_TOPS = (1.0, 10.0, 1e3, 1e6, 1e12, 1e24)  # top of the cost axis, the first that fits


_blas = None


def _one_blas_thread():
    # These products are small: a second BLAS thread does not speed them up, and on a
    # busy machine its spin-waiting slows every update down (as in `helpers.training`).
    global _blas
    if _blas is None:
        _blas = ThreadpoolController()
    return _blas.limit(limits=1, user_api="blas")


def reference_spread(parameters, X, activation):
    """Standard deviation of every layer's activations (the library's own version).

    Parameters
    ----------
    parameters : dict
        ``"W<l>"`` of shape (n[l], n[l-1]) and ``"b<l>"`` of shape (n[l], 1).
    X : ndarray of shape (n_x, m)
    activation : {"relu", "tanh", "linear"}
        Used in every layer, the output layer included.

    Returns
    -------
    list of float, length L
        ``std(A[l])`` over all entries, for l = 1..L.
    """
    g = {"relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh,
         "linear": lambda z: z}[activation]
    A, spreads = X, []
    for l in range(1, len(parameters) // 2 + 1):
        A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
        spreads.append(float(np.std(A)))
    return spreads


def _learner_call(fn, exercise, *args, **kwargs):
    """Call a learner function; a not-done exercise becomes a notice naming it."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise ExerciseNotDone(
            f"`{exercise}` is not implemented yet: finish its exercise, run its cell, "
            f"then move a control here again.") from None


def initial_parameters(scheme, layer_dims, rng, scale=1.0, init_fns=None):
    """Starting parameters of one scheme, from the learner's function when given.

    Parameters
    ----------
    scheme : {"zeros", "random", "xavier", "he"}
    layer_dims : list of int
    rng : numpy.random.Generator
    scale : float
        The standard deviation for ``"random"``; a gain multiplying the weights of
        ``"xavier"`` and ``"he"`` (1 = as defined); ignored for ``"zeros"``.
    init_fns : dict of str -> callable, optional
        Learner initialisers by scheme, with the exercise signatures.

    Returns
    -------
    dict
        ``"W<l>"`` of shape (n[l], n[l-1]) and ``"b<l>"`` of shape (n[l], 1).
    """
    fn = (init_fns or {}).get(scheme)
    if fn is None:
        return init_parameters(list(layer_dims), rng, scheme,
                               1.0 if scheme == "zeros" else scale)
    exercise = _EXERCISE[scheme]
    if scheme == "zeros":
        return _learner_call(fn, exercise, list(layer_dims))
    if scheme == "random":
        return _learner_call(fn, exercise, list(layer_dims), rng, scale=scale)
    params = _learner_call(fn, exercise, list(layer_dims), rng)
    return {k: (np.asarray(v, dtype=float) * scale if k.startswith("W") else v)
            for k, v in params.items()}


def _spread_limits(spreads):
    """Symmetric decade limits that change rarely: 10**-k .. 10**k."""
    s = np.asarray(spreads, dtype=float)
    positive = s[np.isfinite(s) & (s > 0)]
    for k in _DECADES:
        if positive.size == 0 or (positive.min() >= 10.0 ** -k and positive.max() <= 10.0 ** k):
            return 10.0 ** -k, 10.0 ** k
    return 10.0 ** -_DECADES[-1], 10.0 ** _DECADES[-1]


def _update_spread(artists, spreads):
    """Set the spread line in place; values outside the axis are drawn on its edge."""
    s = np.asarray(spreads, dtype=float).reshape(-1)
    lo, hi = _spread_limits(s)
    shown = np.where(np.isnan(s), hi, s)
    shown = np.clip(shown, lo * 1.15, hi / 1.15)
    artists["line"].set_data(np.arange(1, len(s) + 1), shown)
    ax = artists["ax"]
    # x limits snap to a few widths so that most depth changes only redraw the line.
    right = next((n for n in (5, 10, 15, MAX_DEPTH) if n >= len(s)), len(s))
    ax.set_xlim(0.5, right + 0.5)
    ax.set_ylim(lo, hi)


def _fix_cost_limits(ax, costs):
    """Cost axis limits from a short list, so that most updates only redraw the curve."""
    c = np.asarray(costs, dtype=float)
    c = c[np.isfinite(c)]
    top = next((t for t in _COST_TOPS if c.size == 0 or c.max() <= t), _COST_TOPS[-1])
    ax.set_xlim(0, STEPS)
    ax.set_ylim(1e-2, top)


def initialization_dashboard(*, init_fns=None, spread_fn=None, seed=0):
    """Live view of how the initial weights shape the signal and the training.

    Parameters
    ----------
    init_fns : dict of str -> callable, optional
        The learner's initialisers by scheme: ``"zeros"`` (``initialize_zeros``),
        ``"random"`` (``initialize_random``), ``"xavier"``, ``"he"``. Missing schemes
        use `helpers.initializers.init_parameters`.
    spread_fn : callable, optional
        The learner's ``activation_spread(parameters, X, activation)``; default the
        library's `reference_spread`.
    seed : int
        Seeds the data (moons, m = 300) and, on every update, the initial weights, so
        equal settings give equal pictures.

    Returns
    -------
    Dashboard
        Controls ``scheme``, ``scale``, ``depth`` (hidden layers), ``activation``.
        ``dashboard.results`` holds the last update's ``"spreads"``, ``"history"``
        and ``"parameters"``.
    """
    unknown = set(init_fns or {}) - set(SCHEMES)
    if unknown:
        raise ValueError(f"`init_fns`: expected keys among {sorted(SCHEMES)}, got "
                         f"{sorted(unknown)}.")
    spread = spread_fn or reference_spread
    spread_name = "activation_spread" if spread_fn is not None else "reference_spread"
    X, Y = make_moons(M, noise=0.2, rng=np.random.default_rng(seed))

    fig, axes = make_figure(3, width=3.4, height=3.0)
    spread_art = plot_activation_spread([1.0], ax=axes[0],
                                        title="hidden-layer spread at the start")
    spread_art["ax"].set_xlabel("hidden layer $l$")
    spread_art["ax"].xaxis.set_major_locator(MaxNLocator(integer=True))
    spread_art["ax"].set_ylabel("std of $A^{[l]}$ (log)")
    for ax in axes[:2]:
        # Minor log ticks cost a sixth of every full redraw and add little here.
        ax.yaxis.set_minor_locator(NullLocator())
    cost_art = plot_cost_curves(None, ax=axes[1], title="training cost")
    legend = cost_art["ax"].get_legend()
    if legend is not None:
        legend.remove()
    cost_art["ax"].set_xlabel("gradient-descent step")
    for unused in ("dev", "stop"):  # one training run, no dev set: nothing to draw
        cost_art[unused].set_visible(False)
    chance = cost_art["ax"].axhline(np.log(2), color=PALETTE["muted"], lw=0.8, ls=":")
    # A legend, not a text artist: it stays in the cached background of every frame.
    cost_art["ax"].legend([chance], ["log 2: a coin flip"], loc="upper right", fontsize=7,
                          frameon=False)
    boundary_art = plot_decision_boundary(None, X, Y, ax=axes[2], resolution=_RESOLUTION,
                                          title="decision boundary")
    results = {}

    def update(values, frame):
        with _one_blas_thread():
            return _update(values, frame)

    def _update(values, frame):
        scheme, scale = values["scheme"], float(values["scale"])
        depth, activation = int(values["depth"]), values["activation"]
        layer_dims = [2] + [WIDTH] * depth + [1]
        params = initial_parameters(scheme, layer_dims, np.random.default_rng(seed + 1),
                                    scale, init_fns)
        # The spread of the hidden layers only: the single output unit says little.
        hidden = {f"{p}{l}": params[f"{p}{l}"] for l in range(1, depth + 1) for p in "Wb"}
        with np.errstate(all="ignore"):
            spreads = _learner_call(spread, spread_name, hidden, X, activation)
        _update_spread(spread_art, spreads)
        # Early frame: the spread is ready; the old cost and boundary would be stale.
        cost_art["train"].set_data([], [])
        update_decision_boundary(boundary_art, None)
        frame.show()

        model = MLPConfig(layer_dims, hidden_activation=activation, output="sigmoid")
        config = TrainConfig(epochs=STEPS, lr=LR)  # records the cost after every step
        with np.errstate(all="ignore"):
            result = train(X, Y, model, config, np.random.default_rng(seed + 2),
                           parameters=params)
            update_cost_curves(cost_art, result.history)
            _fix_cost_limits(cost_art["ax"], result.history.train_cost)
            finite = all(np.all(np.isfinite(v)) for v in result.parameters.values())
            update_decision_boundary(
                boundary_art,
                (lambda G: predict(result.parameters, G, model)) if finite else None)
        results.update(spreads=list(np.asarray(spreads, dtype=float).reshape(-1)),
                       history=result.history, parameters=result.parameters)
        if scheme == "zeros":
            start = "zeros"
        elif scheme == "random":
            start = f"random, std {scale:.3g}"
        else:
            start = f"{SCHEMES[scheme].split(' (')[0]} x {scale:.3g}"
        head = (f"{start}, {depth} hidden {activation} layers of {WIDTH}: spread of the last "
                f"hidden layer {results['spreads'][-1]:.3g} at the start; ")
        if not finite:
            return head + f"training diverged (weights overflowed) within {STEPS} steps"
        return (head + f"after {STEPS} steps cost {result.history.train_cost[-1]:.3g}, "
                f"train accuracy {result.history.train_acc[-1]:.0%}")

    controls = {
        "scheme": choice("scheme", [(label, key) for key, label in SCHEMES.items()], "he"),
        "scale": log_slider("weight scale", 1.0, -3, 2, step=0.1, readout_format=".3g"),
        "depth": int_slider("hidden layers", 5, 1, MAX_DEPTH),
        "activation": choice("activation", ["relu", "tanh", "linear"], "relu"),
    }
    dashboard = Dashboard(controls, fig, update, name="initialization",
                          title="Initialisation: signal spread and training")
    dashboard.results = results
    return dashboard
