"""The panels of notebook 01's dashboard: pure drawing, no computation.

The spread of every hidden layer's activations at initialization (forward), the size
of the gradient reaching every layer (backward), the training cost of a short
full-batch run, and the decision boundary it ends with. `make_panels` draws them
empty, `show_start` and `show_training` update them in place from what
`helpers.dashboards.initialization_setting.run_setting` computed, and `plot_initialization` draws
one run once (the static figure a notebook shows before the dashboard).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from ..model import predict
from ..plots import (
    PALETTE,
    plot_activation_spread,
    plot_cost_curves,
    plot_decision_boundary,
    update_cost_curves,
    update_decision_boundary,
)
from .initialization_setting import MAX_DEPTH, STEPS
from .toolkit import static_axes

__all__ = ["make_panels", "plot_initialization", "show_start", "show_training"]

_RESOLUTION = 70    # decision-boundary grid per axis
_DECADES = (2, 4, 8, 16)  # the spread axis spans 10**-k .. 10**k, k the first that fits
_COST_TOPS = (1.0, 10.0, 1e3, 1e6, 1e12, 1e24)  # top of the cost axis, the first that fits
_NOTE = {"ha": "center", "va": "center", "fontsize": 9, "color": PALETTE["dev"],
         "bbox": {"facecolor": "white", "edgecolor": PALETTE["dev"], "alpha": 0.9}}


def make_panels(axes, X, Y):
    """Draw the four empty panels on `axes`; return their artists."""
    spread = plot_activation_spread([1.0], ax=axes[0], title="forward: activation spread")
    spread["ax"].set_xlabel("hidden layer $l$")
    spread["ax"].set_ylabel("std of $A^{[l]}$ (log)")
    grads = plot_activation_spread([1.0], ax=axes[1], title="backward: gradient size")
    grads["line"].set_color(PALETTE["train"])
    grads["ax"].set_xlabel("layer $l$ (the last is the output)")
    grads["ax"].set_ylabel("rms of $dZ^{[l]}$ (log)")
    for ax in axes[:3]:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        # Minor log ticks cost a sixth of every full redraw and add little here.
        ax.yaxis.set_minor_locator(NullLocator())
    cost = plot_cost_curves(None, ax=axes[2], title="training cost")
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
    boundary = plot_decision_boundary(None, X, Y, ax=axes[3], resolution=_RESOLUTION,
                                      title="decision boundary")
    cost["note"] = cost["ax"].text(0.5, 0.55, "", transform=cost["ax"].transAxes,
                                   visible=False, **_NOTE)
    boundary["note"] = axes[3].text(0.5, 0.5, "", transform=axes[2].transAxes,
                                    visible=False, **_NOTE)
    return {"spread": spread, "grads": grads, "cost": cost, "boundary": boundary}


def _spread_limits(spreads):
    """Symmetric decade limits that change rarely: 10**-k .. 10**k."""
    s = np.asarray(spreads, dtype=float)
    positive = s[np.isfinite(s) & (s > 0)]
    for k in _DECADES:
        if positive.size == 0 or (positive.min() >= 10.0 ** -k and positive.max() <= 10.0 ** k):
            return 10.0 ** -k, 10.0 ** k
    return 10.0 ** -_DECADES[-1], 10.0 ** _DECADES[-1]


def _show_layers(art, values, extra=0):
    """One per-layer line in place, on decade limits; off-scale values on the edge.

    `extra` layers beyond the hidden ones (1 for the output layer) shift the x snaps.
    """
    s = np.asarray(values, dtype=float).reshape(-1)
    lo, hi = _spread_limits(s)
    shown = np.clip(np.where(np.isnan(s), hi, s), lo * 1.15, hi / 1.15)
    art["line"].set_data(np.arange(1, len(s) + 1), shown)
    # x limits snap to a few widths so that most depth changes only redraw the line.
    snaps = [n + extra for n in (5, 10, 15, MAX_DEPTH)]
    right = next((n for n in snaps if n >= len(s)), len(s))
    art["ax"].set_xlim(0.5, right + 0.5)
    art["ax"].set_ylim(lo, hi)


def show_start(artists, spreads, gradients):
    """Set the forward and backward lines in place; clear the training panels."""
    _show_layers(artists["spread"], spreads)
    _show_layers(artists["grads"], gradients, extra=1)
    artists["cost"]["train"].set_data([], [])
    artists["cost"]["note"].set_visible(False)
    update_decision_boundary(artists["boundary"], None)
    artists["boundary"]["note"].set_visible(False)


def show_training(artists, run):
    """Cost curve, its axis limits (from a short list), boundary, or a divergence note."""
    cost, boundary = artists["cost"], artists["boundary"]
    history = run.history
    update_cost_curves(cost, history)
    c = np.asarray(history.train_cost, dtype=float)
    finite = c[np.isfinite(c)]
    top = next((t for t in _COST_TOPS if finite.size == 0 or finite.max() <= t), _COST_TOPS[-1])
    cost["ax"].set_xlim(0, STEPS)
    cost["ax"].set_ylim(1e-2, top)
    if run.diverged:
        first = f"{c[0]:.2g} after step 1, then " if np.isfinite(c[0]) else ""
        cost["note"].set_text(f"diverged: the cost overflowed\n({first}nan)")
        boundary["note"].set_text("no boundary:\nthe weights overflowed to nan")
        update_decision_boundary(boundary, None)
    else:
        update_decision_boundary(boundary, lambda G: predict(run.parameters, G, run.model))
    cost["note"].set_visible(run.diverged)
    boundary["note"].set_visible(run.diverged)


def plot_initialization(run, axes=None):
    """Draw the dashboard's four panels once, for one `InitRun` (a static figure).

    Parameters
    ----------
    run : InitRun
        From `helpers.dashboards.initialization_setting.run_setting`.
    axes : sequence of 4 matplotlib Axes, optional
        Default: a new pyplot figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    axes = static_axes(axes, 4, width=3.2, height=3.2)
    artists = make_panels(axes, run.X, run.Y)
    show_start(artists, run.spreads, run.gradients)
    show_training(artists, run)
    return axes[0].figure
