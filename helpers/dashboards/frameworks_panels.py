"""The two panels of notebook 07's dashboard (pure drawing, no widgets).

`plot_frameworks` draws ``w`` over the steps and ``J(w) - J(w*)`` on a log scale for the
runs of one learning rate, the chosen optimizer in bold and the others faint;
`update_frameworks` moves those lines in place, so the dashboard's cached background
stays valid and a frame costs a few milliseconds.
"""

from __future__ import annotations

import numpy as np

from ..plots import PALETTE
from .frameworks_setting import OPTIMIZERS

__all__ = ["plot_frameworks", "update_frameworks"]

J_FLOOR = 1e-14  # J - J(w*) below this is drawn at this level (a log axis has no 0)
W_HALF_RANGE = 10.0  # the w panel shows w* +- this
_COLORS = {"gd": PALETTE["dev"], "momentum": PALETTE["accent"], "adam": PALETTE["train"]}


def plot_frameworks(results, chosen, axes=None):
    """Draw `w` and ``J(w) - J(w*)`` over the steps; return the artists for updates.

    Parameters
    ----------
    results : dict of str -> DescentResult
        Runs by optimizer (at one learning rate); optimizers left out draw nothing.
    chosen : str
        The optimizer drawn in bold (and named by the divergence note).
    axes : pair of matplotlib Axes, optional
        Default: a new pyplot figure with two panels.

    Returns
    -------
    dict
        ``"w"`` and ``"gap"`` (dict optimizer -> Line2D) and ``"note"`` (Text).
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9.0, 3.4), layout="constrained")
    ax_w, ax_j = axes
    first = next(iter(results.values()))
    steps, w_star = len(first.path) - 1, first.w_star
    artists = {"w": {}, "gap": {}}
    for name, label in OPTIMIZERS.items():
        (artists["w"][name],) = ax_w.plot([], [], color=_COLORS[name], label=label)
        (artists["gap"][name],) = ax_j.plot([], [], color=_COLORS[name], label=label)
    ax_w.axhline(w_star, color=PALETTE["muted"], ls="--", lw=1)
    ax_w.set(xlim=(0, steps), ylim=(w_star - W_HALF_RANGE, w_star + W_HALF_RANGE), xlabel="step",
             ylabel="w", title=f"w over the steps (minimum w* = {w_star:g})")
    ax_j.set(xlim=(0, steps), ylim=(J_FLOOR, 1e8), yscale="log", xlabel="step",
             ylabel="J(w) − J(w*)  (log scale)", title="cost above its minimum")
    ax_j.legend(loc="upper right", fontsize=8, frameon=False)
    artists["note"] = ax_w.text(0.98, 0.04, "", transform=ax_w.transAxes, ha="right",
                                color=PALETTE["dev"], fontsize=9)
    update_frameworks(artists, results, chosen)
    return artists


def update_frameworks(artists, results, chosen):
    """Move the lines of `plot_frameworks` to `results` (in place; others stay as drawn)."""
    for name in OPTIMIZERS:
        bold = name == chosen
        for line in (artists["w"][name], artists["gap"][name]):
            line.set(lw=2.2 if bold else 1.0, alpha=1.0 if bold else 0.35,
                     zorder=3 if bold else 2)
        if name in results:
            result = results[name]
            steps = np.arange(len(result.path))
            artists["w"][name].set_data(steps, _leaving_the_view(result))
            artists["gap"][name].set_data(steps, np.maximum(result.gap, J_FLOOR))
    diverged = results[chosen].diverged_at if chosen in results else None
    artists["note"].set_text("" if diverged is None else
                             f"{OPTIMIZERS[chosen]} diverged at step {diverged}")


def _leaving_the_view(result):
    """A diverged path up to its first point outside the w panel (it leaves the picture
    there): drawn further, its zigzag between huge values would fill the whole panel."""
    path = result.path
    if result.diverged_at is None:
        return path
    with np.errstate(invalid="ignore"):
        outside = np.flatnonzero(~(np.abs(path - result.w_star) <= W_HALF_RANGE))
    drawn = path.copy()
    drawn[outside[0] + 1:] = np.nan
    return drawn
