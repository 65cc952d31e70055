"""Search-space panels of the tuning dashboard of notebook 04 (no widgets here).

Both draw on learning rate x (1 - beta), two log axes spanning `helpers.trials.SEARCH_SPACE`:

- `plot_search_space`: trials colored by dev score, the current search space as a dashed
  rectangle, the slider setting as a star;
- `plot_grid_vs_random`: 25 trials as a 5 x 5 grid and as 25 random points, with the
  learning rates each design tries marked along the bottom; the title counts them.

Each ``plot_*(..., ax=None)`` draws one state and returns its artists; the matching
``update_*`` changes those artists in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ..plots import PALETTE
from ..trials import SEARCH_SPACE
from .tuning_panels import axes_or_new, plain_log_ticks

__all__ = [
    "plot_grid_vs_random",
    "plot_search_space",
    "update_grid_vs_random",
    "update_search_space",
]

SCORE_LIMITS = (0.5, 1.0)  # dev accuracy: 0.5 is chance on two balanced classes
CMAP = "viridis"


def _space_axes(ax, title):
    lr_low, lr_high, _ = SEARCH_SPACE["learning_rate"]
    b_low, b_high, _ = SEARCH_SPACE["beta"]
    ax.set_xscale("log")
    ax.set_yscale("log")
    plain_log_ticks(ax.xaxis)
    plain_log_ticks(ax.yaxis)
    ax.set_xlim(lr_low, lr_high)
    ax.set_ylim(1 - b_high, 1 - b_low)
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("1 - beta (log scale)")
    ax.set_title(title, fontsize=10)


def _rectangle(space):
    lr_low, lr_high, _ = space["learning_rate"]
    b_low, b_high, _ = space["beta"]
    return (lr_low, 1 - b_high), lr_high - lr_low, b_high - b_low


def plot_search_space(trials, space, setting=None, ax=None):
    """Trials colored by dev score, the search space, the slider setting (a star).

    Returns ``{"trials", "space", "setting", "label"}`` artists; `trials` is a list of
    ``{"params", "score"}`` dicts.
    """
    ax = axes_or_new(ax)
    _space_axes(ax, "caviar: trials in the search space")
    scatter = ax.scatter([], [], c=[], cmap=CMAP, vmin=SCORE_LIMITS[0], vmax=SCORE_LIMITS[1],
                         s=28, edgecolors="black", linewidths=0.4, zorder=3)
    ax.figure.colorbar(scatter, ax=ax, label="dev accuracy")
    corner, width, height = _rectangle(space)
    box = Rectangle(corner, width, height, fill=False, ls="--", lw=1.2,
                    edgecolor=PALETTE["muted"], zorder=1)
    ax.add_patch(box)
    (star,) = ax.plot([], [], "*", ms=13, color=PALETTE["dev"], mec="black", mew=0.5,
                      zorder=4)
    label = ax.text(0.03, 0.04, "", transform=ax.transAxes, fontsize=8)
    artists = {"trials": scatter, "space": box, "setting": star, "label": label}
    update_search_space(artists, trials, space, setting)
    return artists


def update_search_space(artists, trials, space, setting=None):
    xy = np.array([[t["params"]["learning_rate"], 1 - t["params"]["beta"]] for t in trials])
    artists["trials"].set_offsets(xy.reshape(-1, 2))
    artists["trials"].set_array(np.array([t["score"] for t in trials], dtype=float))
    corner, width, height = _rectangle(space)
    artists["space"].set_bounds(corner[0], corner[1], width, height)
    if setting is not None:
        artists["setting"].set_data([setting["learning_rate"]], [1 - setting["beta"]])
    best = max((t["score"] for t in trials), default=None)
    artists["label"].set_text(f"{len(trials)} trials" +
                              (f", best {best:.3f}" if best is not None else ""))


def plot_grid_vs_random(grid, random, ax=None):
    """Two designs of 25 trials on learning rate x (1 - beta), ticks for their rates.

    `grid` and `random` are lists of points (dicts with "learning_rate" and "beta").
    Returns ``{"grid", "random", "grid_rug", "random_rug"}`` artists; the title counts the
    different learning rates of each design.
    """
    ax = axes_or_new(ax)
    _space_axes(ax, "25 trials: grid vs random")
    (grid_pts,) = ax.plot([], [], "s", ms=6, mfc="none", color=PALETTE["train"],
                          label="5 x 5 grid")
    (random_pts,) = ax.plot([], [], "o", ms=4, color=PALETTE["dev"],
                            label="25 random points")
    low = SEARCH_SPACE["beta"][1]
    rug_y = [(1 - low) * 1.25, (1 - low) * 1.9]
    grid_rug = ax.vlines([], 0, 1, color=PALETTE["train"], lw=2.0)
    random_rug = ax.vlines([], 0, 1, color=PALETTE["dev"], lw=1.0)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    artists = {"grid": grid_pts, "random": random_pts, "grid_rug": grid_rug,
               "random_rug": random_rug, "rug_y": rug_y}
    update_grid_vs_random(artists, grid, random)
    return artists


def _rug(points):
    return sorted({float(p["learning_rate"]) for p in points})


def update_grid_vs_random(artists, grid, random):
    for key, points in (("grid", grid), ("random", random)):
        artists[key].set_data([p["learning_rate"] for p in points],
                              [1 - p["beta"] for p in points])
    (y0, y1) = artists["rug_y"]
    segments = {"grid_rug": _rug(grid), "random_rug": _rug(random)}
    for key, xs in segments.items():
        base, top = (y0, y1) if key == "grid_rug" else (y0 * 0.8, y0)
        artists[key].set_segments([[(x, base), (x, top)] for x in xs])
    # The title changes only with the space (a zoom): a full redraw then is fine.
    artists["grid"].axes.set_title(f"learning rates tried: grid {len(segments['grid_rug'])}, "
                                   f"random {len(segments['random_rug'])}", fontsize=10)
