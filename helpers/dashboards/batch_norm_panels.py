"""The panels of notebook 05's dashboard, as pure drawing functions.

Four panels for one `BatchNormResult` (see `helpers.dashboards.batch_norm_setting`): the
training costs of both networks; test accuracy without batch norm, with running averages
and with the statistics of small test batches; the distribution of the last hidden
layer's input of g over training (quantile bands), without and with batch norm.
`plot_batch_norm` draws a result once (the notebook's static figure); `make_panels` and
`update_panels` draw it in place (the dashboard). Every axis has fixed limits, so an
update only redraws the data (see the toolkit's blitting).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter

from ..plots import PALETTE
from .batch_norm_setting import RECORDS, STEPS, TEST_BATCH

__all__ = ["MARGINS", "make_panels", "plot_batch_norm", "update_panels"]

#: Fixed margins for the 2 x 2 panels: a layout engine costs more than the training
#: (measured on the shared 2-core machine: 0.5 to 1 s for the first frame alone).
MARGINS = {"left": 0.08, "right": 0.98, "bottom": 0.08, "top": 0.95, "wspace": 0.18,
           "hspace": 0.4}
_COST_TOP = 10.0    # costs above are drawn at the top of the (fixed) cost axis
_Z_LIMIT = 4.0      # the Z panels span -4 .. 4; quantiles beyond are drawn at the edge
_COLORS = {"plain": PALETTE["dev"], "bn": PALETTE["train"]}
_BARS = ("without BN", "BN: running\naverages", f"BN: batches\nof {TEST_BATCH}")


def make_panels(axes):
    """Empty panels on four axes (cost, accuracy, Z without BN, Z with BN); their artists."""
    ax_cost, ax_acc, ax_plain, ax_bn = axes
    artists = {"axes": list(axes)}
    for key, label in (("plain", "without batch norm"), ("bn", "with batch norm")):
        (artists[f"cost_{key}"],) = ax_cost.plot([], [], color=_COLORS[key], lw=1.8,
                                                 label=label)
    ax_cost.set_yscale("log")
    ax_cost.set_xlim(0, STEPS)
    ax_cost.set_ylim(1e-2, _COST_TOP)
    ax_cost.set_xlabel("gradient steps")
    ax_cost.set_ylabel("training cost (log scale)")
    # Plain numbers instead of the default mathtext 10^k labels: cheaper to draw.
    ax_cost.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax_cost.set_title("cost")
    ax_cost.legend(loc="lower left", fontsize=8, frameon=False)
    bars = ax_acc.bar(range(3), [0, 0, 0], color=[_COLORS["plain"], _COLORS["bn"],
                                                  PALETTE["muted"]], width=0.6)
    artists["bars"] = list(bars)
    artists["bar_text"] = [ax_acc.text(i, 0.02, "", ha="center", va="bottom", fontsize=9)
                           for i in range(3)]
    ax_acc.axhline(0.5, color=PALETTE["muted"], lw=0.8, ls=":")
    ax_acc.set_xticks(range(3), _BARS, fontsize=8)
    ax_acc.set_ylim(0, 1.1)
    ax_acc.set_ylabel("test accuracy")
    ax_acc.set_title("test time")
    for key, ax, title in (("plain", ax_plain, "input of g, last hidden layer: $Z$"),
                           ("bn", ax_bn, r"... with batch norm: $\tilde Z$")):
        artists[f"outer_{key}"] = ax.fill_between([], [], [], color=_COLORS[key], alpha=0.2,
                                                  lw=0)
        artists[f"inner_{key}"] = ax.fill_between([], [], [], color=_COLORS[key], alpha=0.4,
                                                  lw=0)
        (artists[f"median_{key}"],) = ax.plot([], [], color=_COLORS[key], lw=1.5)
        artists[f"note_{key}"] = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center",
                                         va="center", fontsize=9, color=PALETTE["muted"])
        ax.set_xlim(0, STEPS)
        ax.set_ylim(-_Z_LIMIT, _Z_LIMIT)
        ax.set_xlabel("gradient steps")
        ax.set_title(title, fontsize=10)
    ax_plain.set_ylabel("quantiles 10, 25, 50, 75, 90 %")
    # One scale for both (set together), so the right panel's tick labels are redundant.
    ax_bn.tick_params(labelleft=False)
    return artists


def _band(x, low, high):
    return [np.column_stack([np.concatenate([x, x[::-1]]),
                             np.concatenate([low, high[::-1]])])]


def _show_bands(artists, key, run, missing):
    keep = np.all(np.isfinite(run.quantiles), axis=1) if run is not None else np.zeros(0, bool)
    x = run.steps[keep] if run is not None else np.zeros(0)
    q = run.quantiles[keep] if run is not None else np.zeros((0, 5))
    clipped = bool(np.any(np.abs(q) > _Z_LIMIT))
    q = np.clip(q, -_Z_LIMIT, _Z_LIMIT)
    artists[f"outer_{key}"].set_verts(_band(x, q[:, 0], q[:, 4]) if len(x) else [])
    artists[f"inner_{key}"].set_verts(_band(x, q[:, 1], q[:, 3]) if len(x) else [])
    artists[f"median_{key}"].set_data(x, q[:, 2])
    note = ""
    if run is None:
        note = missing
    elif len(x) < len(run.steps) or len(run.steps) <= RECORDS:
        note = f"diverged after {int(run.steps[-1])} steps"
    elif clipped:
        note = f"(beyond ±{_Z_LIMIT:g}: drawn at the edge)"
    artists[f"note_{key}"].set_text(note)
    artists[f"note_{key}"].set_y(0.5 if run is None or not clipped or note.startswith("div")
                                 else 0.08)


def update_panels(artists, result):
    """Show `result` on the panels of `make_panels` (in place).

    Every axis has fixed limits, so an update (or an early frame showing the run without
    batch norm while the other trains) only redraws the data.
    """
    runs = {"plain": result.plain, "bn": result.bn}
    for key, run in runs.items():
        cost = run.cost if run is not None else np.zeros(0)
        steps = run.steps if run is not None else np.zeros(0)
        finite = np.isfinite(cost)
        artists[f"cost_{key}"].set_data(steps[finite], np.minimum(cost[finite], _COST_TOP))
    missing = "batch norm is off" if not result.values["batch_norm"] else "training..."
    for key, run in runs.items():
        _show_bands(artists, key, run, missing)
    heights = [result.accuracy["plain"], result.accuracy.get("running", 0.0),
               result.accuracy.get("batch", 0.0)]
    for i, (bar, text, h) in enumerate(zip(artists["bars"], artists["bar_text"], heights)):
        bar.set_height(h)
        text.set_y(h + 0.02)
        text.set_text(f"{h:.2f}" if i == 0 or result.bn is not None else
                      "off" if not result.values["batch_norm"] else "...")


def plot_batch_norm(result, axes=None):
    """Draw one `BatchNormResult` once (the static figure of the notebook).

    Parameters
    ----------
    result : BatchNormResult
    axes : sequence of 4 matplotlib Axes, optional
        Cost, accuracy, Z without BN, Z with BN. Default: a new pyplot figure.

    Returns
    -------
    artists : dict
    """
    if axes is None:
        import matplotlib.pyplot as plt

        fig, grid = plt.subplots(2, 2, figsize=(9.5, 6.4))
        fig.subplots_adjust(**MARGINS)
        axes = list(grid.ravel())
    artists = make_panels(list(axes))
    update_panels(artists, result)
    return artists
