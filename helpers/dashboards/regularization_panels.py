"""The panels of notebook 02's dashboard: pure drawing, no computation.

On the left the train cost (cross-entropy plus the L2 term, the function being
minimized) and the dev cost (cross-entropy alone) per epoch, with the best dev epoch
(the weights early stopping keeps) and the epoch where it halted training; on the right
the decision boundary over the training points. `make_panels` draws them empty,
`show_curves` and `show_run` update them in place from a
`helpers.dashboards.regularization_setting.RegularizationRun`; `plot_regularization`
and `plot_boundary` draw a run once (static figures).
"""

from __future__ import annotations

import numpy as np

from ..model import predict_proba
from ..plots import (
    PALETTE,
    plot_cost_curves,
    plot_decision_boundary,
    update_cost_curves,
    update_decision_boundary,
)
from .toolkit import static_axes

__all__ = ["make_panels", "plot_boundary", "plot_regularization", "show_curves", "show_run",
           "show_training_points"]

_Y_START = (1e-2, 1e1)  # the cost axis' first limits; they only ever widen


def _predictor(run):
    return lambda G: predict_proba(run.parameters, G, run.model) > 0.5


def make_panels(axes, problem):
    """Draw the two empty panels on `axes` for the data of `problem`; return the artists."""
    ax_cost, ax_map = axes
    X_pool, Y_pool, X_dev, Y_dev = problem
    curves = plot_cost_curves(None, ax=ax_cost, title="cost per epoch")
    # The train curve is the minimized cost, L2 term included (with a large `lambd` it
    # then sits above the dev curve); the dev curve is the cross-entropy alone.
    curves["train"].set_label("train (cross-entropy + L2 term)")
    curves["dev"].set_label("dev (cross-entropy)")
    ax_cost.set_ylabel("cost (log scale)")
    ax_cost.set_ylim(*_Y_START)
    # The grid covers the pool and the dev set, so the axes never move with `m`.
    region = plot_decision_boundary(None, np.hstack([X_pool, X_dev]),
                                    np.hstack([Y_pool, Y_dev]), ax=ax_map, resolution=80,
                                    title="decision boundary (training points)")
    # The best dev epoch: the weights early stopping keeps (drawn for every run).
    (best,) = ax_cost.plot([], [], "o", color=PALETTE["dev"], ms=6, mfc="none",
                           label="best dev")
    # Lower left: the one corner the curves never reach (they start high and only the
    # train curve comes down, on the right).
    ax_cost.legend(loc="lower left", fontsize=8, frameon=False)
    return {"curves": curves, "region": region, "best": best}


def show_curves(panels, history, epochs, *, final):
    """Set the cost curves, the best-dev circle and the stop line to `history`.

    Stable limits keep the dashboard's cached background valid (a full redraw costs
    ~70 ms): x spans the `epochs` setting, so an early stop shows as curves ending before
    the right edge; y only ever widens, to whole decades, and only on a run's `final`
    frame.
    """
    curves = panels["curves"]
    ax = curves["ax"]
    low, high = ax.get_ylim()  # before `update_cost_curves` fits them to this history
    # The dotted line marks where early stopping halted training (none when it did
    # not); the circle marks the best dev epoch, whose weights early stopping keeps.
    update_cost_curves(curves, history, stop_epoch=history.stopped_epoch)
    ax.set_xlim(0, epochs)
    if final:
        costs = np.concatenate([history.train_cost, history.dev_cost])
        costs = costs[np.isfinite(costs) & (costs > 0)]
        if costs.size:
            low = min(low, max(1e-4, 10.0 ** np.floor(np.log10(costs.min()))))
            high = max(high, 10.0 ** np.ceil(np.log10(costs.max())))
    ax.set_ylim(low, high)
    best_epoch = history.best_epoch
    if best_epoch is not None and best_epoch in history.epochs:
        i = history.epochs.index(best_epoch)
        panels["best"].set_data([best_epoch], [history.dev_cost[i]])
    else:
        panels["best"].set_data([], [])


def show_training_points(panels, X, Y):
    """Scatter the training examples `X` (2, m), colored by `Y` (1, m)."""
    scatter = panels["region"]["scatter"]
    scatter.set_offsets(X.T)
    scatter.set_array(Y.ravel().astype(int))


def show_run(panels, run):
    """Show a finished `RegularizationRun`: its training points, curves and boundary."""
    show_training_points(panels, run.X, run.Y)
    show_curves(panels, run.history, run.epochs, final=True)
    update_decision_boundary(panels["region"], _predictor(run))


def plot_regularization(run, problem, axes=None):
    """Draw the dashboard's two panels once, for one `RegularizationRun` (a static figure).

    Parameters
    ----------
    run : RegularizationRun
    problem : tuple (X_pool, Y_pool, X_dev, Y_dev)
        The data the run was trained on (it sets the panels' extent, as in the dashboard).
    axes : sequence of 2 matplotlib Axes, optional
        Default: a new pyplot figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    axes = static_axes(axes, 2, width=4.2, height=3.4)
    panels = make_panels(axes, problem)
    show_run(panels, run)
    return axes[0].figure


def plot_boundary(run, ax=None, *, title=None, resolution=60):
    """The decision boundary of a `RegularizationRun` over its training points.

    The title defaults to the run's train and dev accuracies. Returns the artists of
    `helpers.plots.plot_decision_boundary`.
    """
    if title is None:
        title = f"train {run.train_acc:.2f} · dev {run.dev_acc:.2f}"
    return plot_decision_boundary(_predictor(run), run.X, run.Y, ax=ax,
                                  resolution=resolution, title=title)
