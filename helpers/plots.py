"""Pure plotting functions: each draws one state on an `ax` and returns its artists.

Every `plot_*` function takes `ax=None` (a new figure when omitted) and returns a dict
of the artists it made; the matching `update_*` function changes those artists in
place, which is what the dashboards call on every slider change (re-creating axes or a
`contourf` costs several times more than `set_data`).

Colors are the Okabe-Ito palette, which stays distinguishable with the common forms
of color blindness.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap

__all__ = [
    "PALETTE",
    "boundary_grid",
    "plot_activation_spread",
    "plot_cost_curves",
    "plot_decision_boundary",
    "update_activation_spread",
    "update_cost_curves",
    "update_decision_boundary",
]

#: Okabe-Ito colors, by role.
PALETTE = {
    "train": "#0072B2",   # blue
    "dev": "#D55E00",     # vermillion
    "class0": "#E69F00",  # orange
    "class1": "#56B4E9",  # sky blue
    "accent": "#009E73",  # bluish green
    "muted": "#999999",
    "extra": ("#CC79A7", "#F0E442", "#000000"),
}
_CLASS_COLORS = [PALETTE["class0"], PALETTE["class1"], PALETTE["accent"],
                  *PALETTE["extra"], PALETTE["train"], PALETTE["dev"]]


def _axes(ax, figsize=(4.5, 3.5)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def boundary_grid(X, resolution=120, pad=0.5):
    """A regular grid covering the data, for decision-boundary images.

    Parameters
    ----------
    X : ndarray of shape (2, m)

    Returns
    -------
    grid : ndarray of shape (2, resolution**2)
        Grid points as columns, row-major from the bottom-left corner.
    extent : tuple (x0, x1, y0, y1)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"`X`: expected shape (2, m) for a 2-D dataset, got {X.shape}.")
    x0, x1 = X[0].min() - pad, X[0].max() + pad
    y0, y1 = X[1].min() - pad, X[1].max() + pad
    xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return np.stack([xx.ravel(), yy.ravel()]), (x0, x1, y0, y1)


def _labels_of(Y):
    Y = np.asarray(Y)
    return Y.reshape(-1).astype(int) if Y.ndim == 1 or Y.shape[0] == 1 else Y.argmax(axis=0)


def _region_image(predict, grid, resolution):
    return np.asarray(predict(grid), dtype=float).reshape(resolution, resolution)


def plot_decision_boundary(predict, X, Y, ax=None, *, resolution=120, title=None):
    """Shade the plane by `predict` and scatter the examples on top.

    Parameters
    ----------
    predict : callable
        Maps points of shape (2, k) to labels (or probabilities) of shape (k,) or (1, k).
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m) of 0/1 labels, or (m,) integer labels

    Returns
    -------
    artists : dict with "image", "scatter", "grid", "resolution"
    """
    ax = _axes(ax)
    grid, extent = boundary_grid(X, resolution)
    labels = _labels_of(Y)
    n_classes = max(2, int(labels.max()) + 1)
    cmap = ListedColormap(_CLASS_COLORS[:n_classes])
    values = _region_image(predict, grid, resolution) if predict is not None else \
        np.full((resolution, resolution), np.nan)
    image = ax.imshow(values, origin="lower", extent=extent, aspect="auto", cmap=cmap,
                      vmin=0, vmax=n_classes - 1, alpha=0.35, interpolation="nearest")
    scatter = ax.scatter(X[0], X[1], c=labels, cmap=cmap, vmin=0, vmax=n_classes - 1,
                         s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return {"image": image, "scatter": scatter, "grid": grid, "resolution": resolution}


def update_decision_boundary(artists, predict):
    """Recompute the shaded regions of a `plot_decision_boundary` in place."""
    if predict is None:
        artists["image"].set_data(np.full((artists["resolution"],) * 2, np.nan))
    else:
        artists["image"].set_data(_region_image(predict, artists["grid"],
                                                artists["resolution"]))


def plot_cost_curves(history, ax=None, *, title=None, logy=True):
    """Training (and dev, when recorded) cost against epoch.

    Parameters
    ----------
    history : object with list attributes `epochs`, `train_cost`, `dev_cost`
        (e.g. `helpers.training.History`), or `None` for empty axes to fill later.

    Returns
    -------
    artists : dict with "train", "dev" (Line2D) and "stop" (a vertical line)
    """
    ax = _axes(ax)
    (train,) = ax.plot([], [], color=PALETTE["train"], lw=1.8, label="train")
    (dev,) = ax.plot([], [], color=PALETTE["dev"], lw=1.8, ls="--", label="dev")
    # No legend entry: the stop line is often absent; dashboards name it in the readout.
    stop = ax.axvline(np.nan, color=PALETTE["muted"], lw=1, ls=":", label="_stop")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost (mean cross-entropy)")
    if logy:
        ax.set_yscale("log")
        ax.set_ylim(1e-2, 1.0)  # empty log axes need positive limits
    if title:
        ax.set_title(title)
    artists = {"train": train, "dev": dev, "stop": stop, "ax": ax}
    if history is not None:
        update_cost_curves(artists, history)
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return artists


def update_cost_curves(artists, history, stop_epoch=None):
    """Set the curves of a `plot_cost_curves` to `history` and rescale the axes."""
    epochs = np.asarray(history.epochs, dtype=float)
    train = np.asarray(history.train_cost, dtype=float)
    artists["train"].set_data(epochs, train)
    dev = np.asarray(getattr(history, "dev_cost", []) or [], dtype=float)
    artists["dev"].set_data(epochs[: len(dev)], dev)
    x = np.nan if stop_epoch is None else float(stop_epoch)
    artists["stop"].set_xdata([x, x])
    ax = artists["ax"]
    finite = np.concatenate([train[np.isfinite(train)], dev[np.isfinite(dev)]])
    if len(epochs) and finite.size:
        # Limits snap to "nice" values (decades, 1-2-5 steps) so that they change
        # rarely between slider moves: dashboards then only blit the new curves.
        ax.set_xlim(0, _nice_ceil(max(1.0, float(epochs[-1]))))
        lo, hi = float(finite.min()), float(finite.max())
        if ax.get_yscale() == "log":
            lo = max(lo, 1e-4)
            ax.set_ylim(10 ** np.floor(np.log10(lo)), 10 ** np.ceil(np.log10(max(hi, lo) * 1.001)))
        else:
            ax.set_ylim(min(0.0, -_nice_ceil(-lo)) if lo < 0 else 0.0, _nice_ceil(hi))


def _nice_ceil(x):
    """The smallest of 1, 2, 5 times a power of ten that is >= `x` (x > 0)."""
    if x <= 0:
        return 1.0
    power = 10 ** np.floor(np.log10(x))
    for step in (1, 2, 5, 10):
        if step * power >= x * (1 - 1e-12):
            return float(step * power)
    return float(10 * power)


def plot_activation_spread(spreads, ax=None, *, title=None):
    """Standard deviation of each layer's activations, on a log axis.

    Parameters
    ----------
    spreads : sequence of float, length L
        `spreads[l-1]` is the std of `A[l]`; zeros and non-finite values are drawn at
        the axis floor so that a dead network stays visible.

    Returns
    -------
    artists : dict with "line" and "ax"
    """
    ax = _axes(ax)
    (line,) = ax.plot([], [], marker="o", color=PALETTE["accent"], lw=1.8)
    ax.axhline(1.0, color=PALETTE["muted"], lw=0.8, ls=":")
    ax.set_yscale("log")
    ax.set_xlabel("layer $l$")
    ax.set_ylabel("std of $A^{[l]}$")
    if title:
        ax.set_title(title)
    artists = {"line": line, "ax": ax}
    update_activation_spread(artists, spreads)
    return artists


def update_activation_spread(artists, spreads):
    """Redraw the spread line of a `plot_activation_spread` in place."""
    s = np.asarray(spreads, dtype=float)
    floor, ceil = 1e-12, 1e12
    shown = np.clip(np.where(np.isfinite(s), s, ceil), floor, ceil)
    layers = np.arange(1, len(s) + 1)
    artists["line"].set_data(layers, shown)
    ax = artists["ax"]
    ax.set_xlim(0.5, max(1.5, len(s) + 0.5))
    lo = min(1e-3, float(shown.min()) / 3) if len(s) else 1e-3
    hi = max(1e2, float(shown.max()) * 3) if len(s) else 1e2
    ax.set_ylim(lo, hi)
