"""The panels of notebook 01's dashboard, as pure functions.

The spread of every hidden layer's activations at initialization, the training cost of
a short full-batch run, and the decision boundary it ends with. `plot_initialization`
draws one setting once with pyplot (the static figure a notebook shows before the
widget); `helpers.dashboards.initialization` redraws the same panels in place.

The learner's functions are used when given. Any of them that still raises
`NotImplementedError` is replaced by the library's version (the picture stays complete)
and `Learner.notice` names every exercise not done yet.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

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
from ..training import TrainConfig, one_blas_thread, train
from .toolkit import make_figure

__all__ = ["DEFAULTS", "Learner", "MAX_DEPTH", "SCHEMES", "dashboard_data", "draw_setting",
           "initial_parameters", "make_panels", "plot_initialization", "reference_spread"]

#: Scheme key -> label shown in the drop-down.
SCHEMES = {"zeros": "zeros", "random": "random (std = scale)", "xavier": "Xavier (1/n)",
           "he": "He (2/n)"}
_EXERCISE = {"zeros": "initialize_zeros", "random": "initialize_random",
             "xavier": "initialize_xavier", "he": "initialize_he"}
# The exercises in notebook order, for the notice.
_ORDER = ("initialize_zeros", "initialize_random", "initialize_he", "initialize_xavier",
          "activation_spread")

WIDTH = 20          # units per hidden layer
STEPS = 300         # full-batch gradient-descent steps per update
LR = 0.3
M = 300             # training examples
MAX_DEPTH = 20
_RESOLUTION = 70    # decision-boundary grid per axis
_DECADES = (2, 4, 8, 16)  # the spread axis spans 10**-k .. 10**k, k the first that fits
_COST_TOPS = (1.0, 10.0, 1e3, 1e6, 1e12, 1e24)  # top of the cost axis, the first that fits
_NOTE = {"ha": "center", "va": "center", "fontsize": 9, "color": PALETTE["dev"],
         "bbox": {"facecolor": "white", "edgecolor": PALETTE["dev"], "alpha": 0.9}}

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


class Learner:
    """The learner's functions, with the library's versions standing in for any not done.

    Each function is tried once on a tiny input when the dashboard is built, so that the
    notice lists every exercise not done from the first frame on; a function that
    raises `NotImplementedError` later (only for some inputs) joins the list then.
    """

    def __init__(self, init_fns, spread_fn):
        unknown = set(init_fns or {}) - set(SCHEMES)
        if unknown:
            raise ValueError(f"`init_fns`: expected keys among {sorted(SCHEMES)}, got "
                             f"{sorted(unknown)}.")
        self.init_fns = dict(init_fns or {})
        self.spread_fn = spread_fn
        self.not_done = set()
        probe = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
        for scheme in self.init_fns:
            self._try(lambda s=scheme: self.params(s, [2, 1], np.random.default_rng(0), 1.0))
        self._try(lambda: self.spread(probe, np.ones((2, 1)), "relu"))

    @staticmethod
    def _try(call):
        try:
            call()  # a not-done function is recorded by `params` / `spread`
        except Exception:  # noqa: BLE001 - a real bug shows when the function is used
            pass

    def _learner_params(self, scheme, layer_dims, rng, scale):
        fn, exercise = self.init_fns[scheme], _EXERCISE[scheme]
        try:
            if scheme == "zeros":
                return fn(list(layer_dims))
            if scheme == "random":
                return fn(list(layer_dims), rng, scale=scale)
            params = fn(list(layer_dims), rng)
        except NotImplementedError:
            self.not_done.add(exercise)
            raise
        # Xavier and He: `scale` is a gain on the textbook standard deviation.
        return {k: (np.asarray(v, dtype=float) * scale if k.startswith("W") else v)
                for k, v in params.items()}

    def params(self, scheme, layer_dims, rng, scale):
        """Starting parameters; the library's when the learner's function is not done."""
        if scheme in self.init_fns and _EXERCISE[scheme] not in self.not_done:
            try:
                return self._learner_params(scheme, layer_dims, rng, scale)
            except NotImplementedError:
                pass
        return init_parameters(list(layer_dims), rng, scheme,
                               1.0 if scheme == "zeros" else scale)

    def spread(self, parameters, X, activation):
        """Per-layer spread; the library's when the learner's function is not done."""
        if self.spread_fn is not None and "activation_spread" not in self.not_done:
            try:
                return self.spread_fn(parameters, X, activation)
            except NotImplementedError:
                self.not_done.add("activation_spread")
        return reference_spread(parameters, X, activation)

    def notice(self):
        """One sentence naming every exercise not done yet, or None."""
        missing = [name for name in _ORDER if name in self.not_done]
        if not missing:
            return None
        names = ", ".join(f"`{n}`" for n in missing[:-1])
        names = f"{names} and `{missing[-1]}`" if names else f"`{missing[-1]}`"
        verb, them = ("is", "it") if len(missing) == 1 else ("are", "them")
        return (f"{names} {verb} not implemented yet, so the library's versions stand in "
                f"for {them} here. Complete the exercises, run their cells, then run this "
                f"cell again.")


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
        Learner initializers by scheme, with the exercise signatures. One that is not
        implemented yet is replaced by `helpers.initializers.init_parameters`.

    Returns
    -------
    dict
        ``"W<l>"`` of shape (n[l], n[l-1]) and ``"b<l>"`` of shape (n[l], 1).
    """
    return Learner(init_fns, None).params(scheme, layer_dims, rng, scale)


# -- the three panels -------------------------------------------------------------------
def make_panels(axes, X, Y):
    """Draw the three empty panels on `axes`; return their artists."""
    spread = plot_activation_spread([1.0], ax=axes[0], title="hidden-layer spread at the start")
    spread["ax"].set_xlabel("hidden layer $l$")
    spread["ax"].xaxis.set_major_locator(MaxNLocator(integer=True))
    spread["ax"].set_ylabel("std of $A^{[l]}$ (log)")
    for ax in axes[:2]:
        # Minor log ticks cost a sixth of every full redraw and add little here.
        ax.yaxis.set_minor_locator(NullLocator())
    cost = plot_cost_curves(None, ax=axes[1], title="training cost")
    legend = cost["ax"].get_legend()
    if legend is not None:
        legend.remove()
    cost["ax"].set_xlabel("gradient-descent step")
    for unused in ("dev", "stop"):  # one training run, no dev set: nothing to draw
        cost[unused].set_visible(False)
    chance = cost["ax"].axhline(np.log(2), color=PALETTE["muted"], lw=0.8, ls=":")
    # A legend, not a text artist: it stays in the cached background of every frame.
    # Lower left: no cost curve gets there (every run starts near or above log 2).
    cost["ax"].legend([chance], ["log 2: a coin flip"], loc="lower left", fontsize=7,
                      frameon=False)
    boundary = plot_decision_boundary(None, X, Y, ax=axes[2], resolution=_RESOLUTION,
                                      title="decision boundary")
    cost["note"] = cost["ax"].text(0.5, 0.55, "", transform=cost["ax"].transAxes,
                                   visible=False, **_NOTE)
    boundary["note"] = axes[2].text(0.5, 0.5, "", transform=axes[2].transAxes,
                                    visible=False, **_NOTE)
    return {"spread": spread, "cost": cost, "boundary": boundary}


def _spread_limits(spreads):
    """Symmetric decade limits that change rarely: 10**-k .. 10**k."""
    s = np.asarray(spreads, dtype=float)
    positive = s[np.isfinite(s) & (s > 0)]
    for k in _DECADES:
        if positive.size == 0 or (positive.min() >= 10.0 ** -k and positive.max() <= 10.0 ** k):
            return 10.0 ** -k, 10.0 ** k
    return 10.0 ** -_DECADES[-1], 10.0 ** _DECADES[-1]


def _show_spread(artists, spreads):
    """Set the spread line in place; clear the training panels until training is done."""
    s = np.asarray(spreads, dtype=float).reshape(-1)
    lo, hi = _spread_limits(s)
    shown = np.clip(np.where(np.isnan(s), hi, s), lo * 1.15, hi / 1.15)
    art = artists["spread"]
    art["line"].set_data(np.arange(1, len(s) + 1), shown)
    # x limits snap to a few widths so that most depth changes only redraw the line.
    right = next((n for n in (5, 10, 15, MAX_DEPTH) if n >= len(s)), len(s))
    art["ax"].set_xlim(0.5, right + 0.5)
    art["ax"].set_ylim(lo, hi)
    artists["cost"]["train"].set_data([], [])
    artists["cost"]["note"].set_visible(False)
    update_decision_boundary(artists["boundary"], None)
    artists["boundary"]["note"].set_visible(False)


def _show_training(artists, run):
    """Cost curve, its axis limits (from a short list), boundary, or a divergence note."""
    cost, boundary = artists["cost"], artists["boundary"]
    history = run["history"]
    update_cost_curves(cost, history)
    c = np.asarray(history.train_cost, dtype=float)
    finite = c[np.isfinite(c)]
    top = next((t for t in _COST_TOPS if finite.size == 0 or finite.max() <= t), _COST_TOPS[-1])
    cost["ax"].set_xlim(0, STEPS)
    cost["ax"].set_ylim(1e-2, top)
    if run["diverged"]:
        first = f"{c[0]:.2g} after step 1, then " if np.isfinite(c[0]) else ""
        cost["note"].set_text(f"diverged: the cost overflowed\n({first}nan)")
        boundary["note"].set_text("no boundary:\nthe weights overflowed to nan")
        update_decision_boundary(boundary, None)
    else:
        update_decision_boundary(boundary, lambda G: predict(run["parameters"], G, run["model"]))
    cost["note"].set_visible(run["diverged"])
    boundary["note"].set_visible(run["diverged"])


# -- one setting ------------------------------------------------------------------------
def dashboard_data(seed):
    return make_moons(M, noise=0.2, rng=np.random.default_rng(seed))


def _start(learner, values, X, seed):
    scheme, scale = values["scheme"], float(values["scale"])
    depth, activation = int(values["depth"]), values["activation"]
    layer_dims = [2] + [WIDTH] * depth + [1]
    params = learner.params(scheme, layer_dims, np.random.default_rng(seed + 1), scale)
    # The spread of the hidden layers only: the single output unit says little.
    hidden = {f"{p}{l}": params[f"{p}{l}"] for l in range(1, depth + 1) for p in "Wb"}
    with np.errstate(all="ignore"):
        spreads = learner.spread(hidden, X, activation)
    return params, [float(s) for s in np.asarray(spreads, dtype=float).reshape(-1)]


def _train(values, params, X, Y, seed):
    layer_dims = [2] + [WIDTH] * int(values["depth"]) + [1]
    model = MLPConfig(layer_dims, hidden_activation=values["activation"], output="sigmoid")
    config = TrainConfig(epochs=STEPS, lr=LR)  # records the cost after every step
    with np.errstate(all="ignore"):
        result = train(X, Y, model, config, np.random.default_rng(seed + 2), parameters=params)
    finite = all(np.all(np.isfinite(v)) for v in result.parameters.values())
    diverged = not finite or not np.isfinite(result.history.train_cost[-1])
    return {"history": result.history, "parameters": result.parameters, "model": model,
            "diverged": diverged}


def _readout(values, spreads, run):
    scheme, scale = values["scheme"], float(values["scale"])
    if scheme == "zeros":
        start = "zeros"
    elif scheme == "random":
        start = f"random, std {scale:.3g}"
    else:
        start = f"{SCHEMES[scheme].split(' (')[0]} x {scale:.3g}"
    head = (f"{start}, {int(values['depth'])} hidden {values['activation']} layers of "
            f"{WIDTH}: spread of the last hidden layer {spreads[-1]:.3g} at the start; ")
    if run["diverged"]:
        return head + f"training diverged (the cost overflowed) within {STEPS} steps"
    history = run["history"]
    return (head + f"after {STEPS} steps cost {history.train_cost[-1]:.3g}, "
            f"train accuracy {history.train_acc[-1]:.0%}")


DEFAULTS = {"scheme": "he", "scale": 1.0, "depth": 5, "activation": "relu"}


def plot_initialization(scheme="he", scale=1.0, depth=5, activation="relu", *, init_fns=None,
                        spread_fn=None, seed=0, axes=None):
    """Draw the dashboard's three panels once, for one setting (a static figure).

    Parameters
    ----------
    scheme, scale, depth, activation
        As the dashboard's controls (`depth` counts hidden layers of 20 units).
    init_fns, spread_fn, seed
        As for `initialization_dashboard`.
    axes : sequence of 3 matplotlib Axes, optional
        Default: a new pyplot figure.

    Returns
    -------
    figure : matplotlib.figure.Figure
    text : str
        The dashboard's readout line, followed by the not-done notice when there is one.
    """
    if depth not in range(1, MAX_DEPTH + 1):
        raise ValueError(f"`depth`: expected an integer from 1 to {MAX_DEPTH}, got {depth!r}.")
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 3, figsize=(11.5, 3.4), layout="constrained")
    values = {"scheme": scheme, "scale": scale, "depth": depth, "activation": activation}
    learner = Learner(init_fns, spread_fn)
    X, Y = dashboard_data(seed)
    artists = make_panels(list(axes), X, Y)
    _, _, text = draw_setting(artists, learner, values, X, Y, seed)
    notice = learner.notice()
    return axes[0].figure, text + (f"\n{notice}" if notice else "")


def draw_setting(artists, learner, values, X, Y, seed, early_frame=None):
    """Initialize, measure the spread, train, and update the three panels in place.

    Parameters
    ----------
    artists : dict
        From `make_panels`.
    learner : Learner
    values : dict
        "scheme", "scale", "depth", "activation".
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    seed : int
    early_frame : callable, optional
        Called once the spread panel is drawn, before training (a dashboard pushes its
        first frame there).

    Returns
    -------
    spreads : list of float
    run : dict with "history" and "parameters" (and what the readout needs)
    text : str
        The readout line.
    """
    with one_blas_thread():
        params, spreads = _start(learner, values, X, seed)
        _show_spread(artists, spreads)
        if early_frame is not None:
            early_frame()
        run = _train(values, params, X, Y, seed)
        _show_training(artists, run)
    return spreads, run, _readout(values, spreads, run)


