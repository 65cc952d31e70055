"""The panels of notebook 06's dashboard (pure drawing, no widgets, no computing).

- `plot_logit_bars` / `update_logit_bars`: softmax probabilities of four logits at a
  temperature, next to the hardmax of the same logits;
- `plot_regions` / `update_regions`: the decision regions of a softmax classifier on the
  2-D, three-class dataset;
- `plot_digit` / `update_digit`: one test digit and the ten probabilities a softmax
  classifier gives it;
- `plot_softmax` / `update_softmax`: the four axes together, for a `SoftmaxResult`.

Each `plot_*` takes its axes and returns a dict of artists; each `update_*` changes those
artists in place (bar heights, image data, texts), so the dashboard's cached background
stays valid and a frame costs a few milliseconds.
"""

from __future__ import annotations

import numpy as np

from ..plots import PALETTE, plot_decision_boundary
from .softmax_setting import CLASS_NAMES, REGION_RESOLUTION

__all__ = [
    "plot_digit",
    "plot_logit_bars",
    "plot_regions",
    "plot_softmax",
    "update_digit",
    "update_logit_bars",
    "update_regions",
    "update_softmax",
]


def plot_logit_bars(ax, names=CLASS_NAMES):
    """Empty softmax and hardmax bars, one pair per class."""
    xs = np.arange(len(names))
    soft = ax.bar(xs - 0.2, np.zeros(len(names)), width=0.4, color=PALETTE["train"],
                  label="softmax(z / T)")
    hard = ax.bar(xs + 0.2, np.zeros(len(names)), width=0.4, color="none",
                  edgecolor=PALETTE["dev"], linewidth=1.5, hatch="//", label="hardmax(z)")
    ax.set_xticks(xs, [f"{k}: {name}" for k, name in enumerate(names)], fontsize=8)
    # Headroom above 1 for the legend. (No value labels: the readout gives the numbers,
    # and every text costs a few milliseconds per frame.)
    ax.set_ylim(0, 1.22)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("probability")
    ax.set_title("softmax vs hardmax of the logits", fontsize=10)
    ax.legend(loc="upper left", fontsize=7, frameon=False, ncols=2)
    return {"soft": soft, "hard": hard}


def update_logit_bars(artists, probabilities, hard):
    """Set the bars to `probabilities` (the softmax) and `hard` (the hardmax), (C,) each."""
    for bar, p in zip(artists["soft"], probabilities):
        bar.set_height(p)
    for bar, h in zip(artists["hard"], hard):
        bar.set_height(h)


def plot_regions(ax, X, y):
    """The 2-D dataset with empty decision regions (filled by `update_regions`)."""
    artists = plot_decision_boundary(None, X, y, ax=ax, resolution=REGION_RESOLUTION)
    # The points never move: one marker line per class draws several times faster than
    # the scatter (a dashboard redraws every data artist on every frame).
    artists["scatter"].set_visible(False)
    cmap, norm = artists["scatter"].get_cmap(), artists["scatter"].norm
    for k in np.unique(y):
        ax.plot(X[0, y == k], X[1, y == k], "o", ms=3.2, mfc=cmap(norm(k)), mec="k",
                mew=0.3, ls="none")
    ax.set_title("decision regions (training points)", fontsize=10)
    return artists


def update_regions(artists, grid_labels):
    """Shade the plane by the predicted class of every grid point, shape (resolution**2,)."""
    res = artists["resolution"]
    artists["image"].set_data(np.asarray(grid_labels, dtype=float).reshape(res, res))


def plot_digit(ax_image, ax_bars, C=10):
    """An empty 8x8 image and `C` empty probability bars."""
    image = ax_image.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1,
                            interpolation="nearest")
    ax_image.set_xticks([])
    ax_image.set_yticks([])
    ax_image.set_title("a test digit", fontsize=10)
    caption = ax_image.text(0.5, -0.04, "", transform=ax_image.transAxes, ha="center",
                            va="top", fontsize=9)
    bars = ax_bars.bar(np.arange(C), np.zeros(C), color=PALETTE["muted"])
    ax_bars.set_xticks(np.arange(C))
    ax_bars.set_xlabel("class (digit)")
    ax_bars.set_ylabel("probability")
    ax_bars.set_ylim(0, 1.1)
    ax_bars.set_title("its probabilities", fontsize=10)
    return {"image": image, "caption": caption, "bars": bars}


def update_digit(artists, image, probabilities, label, predicted, test_accuracy):
    """Show `image` (8, 8) and its `probabilities` (C,): predicted class in blue, the true
    class in vermillion when the prediction is wrong; the title gives the classifier's
    `test_accuracy` (it changes only with the classifier, so the cached background stays)."""
    artists["image"].set_data(image)
    title = f"its probabilities (test accuracy {test_accuracy:.3f})"
    ax_bars = artists["bars"][0].axes
    if ax_bars.get_title() != title:
        ax_bars.set_title(title, fontsize=10)
    for k, (bar, p) in enumerate(zip(artists["bars"], probabilities)):
        bar.set_height(p)
        color = PALETTE["muted"]
        if k == predicted:
            color = PALETTE["train"]
        elif k == label:
            color = PALETTE["dev"]
        bar.set_color(color)
    verdict = "right" if predicted == label else "wrong"
    artists["caption"].set_text(f"true {label}, predicted {predicted} ({verdict})")


def plot_softmax(result, axes=None, *, models=None):
    """Draw one setting on four axes (a new 2 x 2 figure when `axes` is None).

    Parameters
    ----------
    result : SoftmaxResult or None
        None draws empty panels (for a dashboard that fills them later).
    axes : sequence of 4 matplotlib axes, optional
        Logit bars, decision regions, digit image, digit probabilities.
    models : SoftmaxModels
        Supplies the 2-D dataset drawn under the regions.

    Returns
    -------
    artists : dict
        For `update_softmax`.
    """
    if models is None:
        raise ValueError("`models`: expected the SoftmaxModels the result was computed "
                         "with, got None.")
    if axes is None:
        import matplotlib.pyplot as plt

        fig, grid = plt.subplots(2, 2, figsize=(8.4, 6.0), layout="constrained")
        axes = grid.ravel()
    ax_bars, ax_regions, ax_image, ax_probs = axes
    artists = {"bars": plot_logit_bars(ax_bars),
               "regions": plot_regions(ax_regions, models.X, models.y),
               "digit": plot_digit(ax_image, ax_probs)}
    if result is not None:
        update_softmax(artists, result)
    return artists


def update_softmax(artists, result):
    """Change the artists of `plot_softmax` in place to show `result`."""
    update_logit_bars(artists["bars"], result.probabilities, result.hard)
    update_regions(artists["regions"], result.grid_labels)
    update_digit(artists["digit"], result.digit_image, result.digit_probabilities,
                 result.digit_label, result.digit_predicted, result.digits_accuracy)
