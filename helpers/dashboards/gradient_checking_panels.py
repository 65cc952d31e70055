"""The panel of notebook 03's dashboard: pure drawing, no computation.

The relative error of the one- and two-sided differences against the step, on log-log
axes, from `gradient_checking_setting.epsilon_sweep`; `update_epsilon_sweep` moves the
markers in place to a `SweepPoint` (the current step, and the learner's estimate as a
star) and, when the switches changed the curves, sets their data in place.
"""

from __future__ import annotations

import numpy as np

from ..plots import PALETTE
from .gradient_checking_setting import EPSILON_RANGE, LEVELS, SweepPoint
from .toolkit import static_axes

__all__ = ["plot_epsilon_sweep", "show_learner_in_legend", "update_epsilon_sweep"]

_Y_LIMITS = (1e-13, 1e1)
_LEARNER_LABEL = "your numerical_gradient (two-sided)"


def plot_epsilon_sweep(sweep, ax=None, *, epsilon=1e-7, scheme="two-sided",
                       show_learner=False):
    """Relative error against the step, both schemes, on log-log axes.

    Parameters
    ----------
    sweep : dict
        From `epsilon_sweep`.
    epsilon : float
        The step to mark.
    scheme : {"two-sided", "one-sided"}
        The curve the marker sits on.
    show_learner : bool
        List the learner's star (drawn by `update_epsilon_sweep`) in the legend.

    Returns
    -------
    artists : dict with "ax", "marker", "learner" (Line2D) and "cursor" (a vertical line)
    """
    (ax,) = static_axes(None if ax is None else [ax], 1, width=6.4, height=3.8)
    eps = sweep["epsilons"]
    colors = {"two-sided": PALETTE["train"], "one-sided": PALETTE["dev"]}
    (two,) = ax.loglog(eps, sweep["two-sided"], color=colors["two-sided"], lw=2,
                       label=r"two-sided: $(J(\theta+\varepsilon e_i)-J(\theta-\varepsilon "
                             r"e_i))\,/\,2\varepsilon$")
    (one,) = ax.loglog(eps, sweep["one-sided"], color=colors["one-sided"], lw=2, ls="--",
                       label=r"one-sided: $(J(\theta+\varepsilon e_i)-J(\theta))\,/\,"
                             r"\varepsilon$")
    # The readings of a gradient check, labelled in the right margin, clear of the curves.
    for level, text in LEVELS:
        ax.axhline(level, color=PALETTE["muted"], lw=0.8, ls=":")
        ax.text(1.01, level, text, transform=ax.get_yaxis_transform(), va="center",
                color=PALETTE["muted"], fontsize=8)
    ax.text(2e-12, 3e-12, r"rounding $\propto 1/\varepsilon$", fontsize=8, color="k")
    ax.text(7e-2, 3e-12, r"truncation $\propto \varepsilon^2$ (two-sided), "
            r"$\propto \varepsilon$ (one-sided)", fontsize=8, color="k", ha="right")
    cursor = ax.axvline(epsilon, color=PALETTE["muted"], lw=1)
    (marker,) = ax.plot([], [], "o", ms=9, mfc="none", mew=2)
    (learner,) = ax.plot([], [], "*", ms=12, color=PALETTE["accent"], label="_nolegend_")
    ax.set_xlim(10.0 ** EPSILON_RANGE[0] / 1.5, 10.0 ** EPSILON_RANGE[1] * 1.5)
    ax.set_ylim(*_Y_LIMITS)
    ax.set_xlabel(r"step $\varepsilon$ (log scale)")
    ax.set_ylabel(r"relative error $\|g-\tilde g\|\,/\,(\|g\|+\|\tilde g\|)$", fontsize=9)
    artists = {"ax": ax, "marker": marker, "learner": learner, "cursor": cursor,
               "colors": colors, "curves": {"two-sided": two, "one-sided": one}}
    show_learner_in_legend(artists, show_learner)
    i = int(np.argmin(np.abs(np.log10(eps) - np.log10(epsilon))))
    update_epsilon_sweep(artists, SweepPoint(epsilon, scheme, float(sweep[scheme][i]), None))
    return artists


def show_learner_in_legend(artists, shown):
    """(Re)build the legend, listing the learner's star only when `shown`."""
    artists["learner"].set_label(_LEARNER_LABEL if shown else "_nolegend_")
    artists["ax"].legend(loc="upper center", fontsize=8, frameon=False, ncol=1)


def update_epsilon_sweep(artists, point):
    """Move the markers of a `plot_epsilon_sweep` in place to a `SweepPoint`.

    The circle sits on the curve of `point.scheme` at `point.epsilon`; the star shows
    the learner's estimate (none when `point.learner_error` is None); the curves follow
    `point.sweep` when it is given (the switches change them).
    """
    if point.sweep is not None:
        for scheme, line in artists["curves"].items():
            line.set_ydata([_shown(e) for e in point.sweep[scheme]])
    epsilon = point.epsilon
    artists["cursor"].set_xdata([epsilon, epsilon])
    marker = artists["marker"]
    marker.set_data([epsilon], [_shown(point.error)])
    marker.set_color(artists["colors"][point.scheme])
    if point.learner_error is None:
        artists["learner"].set_data([], [])
    else:
        artists["learner"].set_data([epsilon], [_shown(point.learner_error)])


def _shown(error):
    # Zero has no place on a log axis: draw it on the floor (NaN and inf at the top).
    low, high = _Y_LIMITS
    error = float(error)
    return high if not np.isfinite(error) else min(max(error, low * 1.5), high)
