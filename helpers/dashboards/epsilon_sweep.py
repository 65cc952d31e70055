"""The epsilon sweep of notebook 03: how the step sets the error of a numerical gradient.

The function being differentiated is the cost of a small tanh network (smooth, so the
truncation error follows its textbook slopes) as a function of its parameter vector
`theta`. For every step on a log grid the sweep compares the one-sided and the two-sided
difference with the exact (backpropagated) gradient:

.. math::
    \\text{relative error} = \\frac{\\lVert g - \\tilde g \\rVert_2}
                                  {\\lVert g \\rVert_2 + \\lVert \\tilde g \\rVert_2}

The curves have a V shape: to the right truncation dominates (falling like `epsilon` for
the one-sided and `epsilon**2` for the two-sided difference), to the left rounding
dominates (rising like `1 / epsilon`). The sweep is computed once per seed and cached.

`epsilon_sweep` computes, `plot_epsilon_sweep` draws, `update_epsilon_sweep` moves the
markers in place; `error_at` and `learner_error` give the error at any one step.
"""

from __future__ import annotations

import functools

import numpy as np

from ..plots import PALETTE

__all__ = [
    "EPSILON_RANGE",
    "EPSILON_STEP",
    "SCHEMES",
    "epsilon_sweep",
    "error_at",
    "learner_error",
    "plot_epsilon_sweep",
    "show_learner_in_legend",
    "update_epsilon_sweep",
]

EPSILON_RANGE = (-12, -1)  # exponents of the sweep grid (and of the dashboard's slider)
EPSILON_STEP = 0.25
SCHEMES = ("two-sided", "one-sided")
LEVELS = ((1e-7, "1e-7: fine"), (1e-5, "1e-5: look closer"), (1e-3, "1e-3: a bug"))

_DIMS = (3, 4, 3, 1)  # [n_x, n_1, n_2, n_L]: P = 16 + 15 + 4 = 35 parameters
_M = 16
_Y_LIMITS = (1e-13, 1e1)
_LEARNER_LABEL = "your numerical_gradient (two-sided)"


class _TanhNet:
    """Mean binary cross-entropy of a [3, 4, 3, 1] tanh network, as a function of `theta`.

    `theta` holds W1, b1, W2, b2, W3, b3 flattened row by row, in that order: the
    layout of the notebook's `params_to_vector`.
    """

    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.X = rng.normal(size=(_DIMS[0], _M))            # (n_x, m)
        self.Y = (rng.random((1, _M)) < 0.5).astype(float)  # (1, m)
        self.shapes = []
        for l in range(1, len(_DIMS)):
            self.shapes += [(_DIMS[l], _DIMS[l - 1]), (_DIMS[l], 1)]
        self.size = sum(r * c for r, c in self.shapes)
        # Xavier-sized weights and non-zero biases: every entry of the gradient matters.
        parts = []
        for rows, cols in self.shapes:
            scale = 1.0 / np.sqrt(cols) if cols > 1 else 0.5
            parts.append(rng.normal(scale=scale, size=rows * cols))
        self.theta = np.concatenate(parts)

    def _unpack(self, thetas):
        """Split `thetas` of shape (K, P) into K stacked arrays per parameter."""
        arrays, start = [], 0
        for rows, cols in self.shapes:
            stop = start + rows * cols
            arrays.append(thetas[:, start:stop].reshape(-1, rows, cols))
            start = stop
        return arrays

    def costs(self, thetas):
        """Costs of K parameter vectors at once: `thetas` (K, P) -> (K,)."""
        thetas = np.asarray(thetas, dtype=float).reshape(-1, self.size)
        W1, b1, W2, b2, W3, b3 = self._unpack(thetas)
        A1 = np.tanh(W1 @ self.X + b1)     # (K, n1, m)
        A2 = np.tanh(W2 @ A1 + b2)         # (K, n2, m)
        Z3 = W3 @ A2 + b3                  # (K, 1, m)
        # Cross-entropy of sigmoid(Z3) from the logits: stable for any Z3.
        loss = np.maximum(Z3, 0.0) - Z3 * self.Y + np.log1p(np.exp(-np.abs(Z3)))
        return loss.sum(axis=(1, 2)) / _M

    def cost(self, theta):
        """J(theta) for one vector of shape (P,)."""
        return float(self.costs(theta)[0])

    def gradient(self, theta):
        """The exact gradient dJ/dtheta, shape (P,), by backpropagation."""
        W1, b1, W2, b2, W3, b3 = (a[0] for a in self._unpack(theta.reshape(1, -1)))
        A1 = np.tanh(W1 @ self.X + b1)
        A2 = np.tanh(W2 @ A1 + b2)
        A3 = 1.0 / (1.0 + np.exp(-(W3 @ A2 + b3)))
        dZ3 = A3 - self.Y
        dZ2 = (W3.T @ dZ3) * (1.0 - A2 ** 2)
        dZ1 = (W2.T @ dZ2) * (1.0 - A1 ** 2)
        grads = [dZ1 @ self.X.T, dZ1.sum(axis=1, keepdims=True),
                 dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True),
                 dZ3 @ A2.T, dZ3.sum(axis=1, keepdims=True)]
        return np.concatenate([g.ravel() for g in grads]) / _M


def _relative_error(g, g_approx):
    norms = np.linalg.norm(g) + np.linalg.norm(g_approx)
    return 0.0 if norms == 0 else float(np.linalg.norm(g - g_approx) / norms)


def _estimate(net, epsilon, scheme):
    """The numerical gradient of `net.cost` at `net.theta`, shape (P,), in one batch."""
    P = net.size
    steps = epsilon * np.eye(P)  # row i is epsilon * e_i
    if scheme == "two-sided":
        J = net.costs(np.concatenate([net.theta + steps, net.theta - steps]))
        return (J[:P] - J[P:]) / (2 * epsilon)
    J = net.costs(np.concatenate([net.theta[None], net.theta + steps]))
    return (J[1:] - J[0]) / epsilon


@functools.lru_cache(maxsize=4)
def _cached_sweep(seed):
    net = _TanhNet(seed)
    low, high = EPSILON_RANGE
    n = int(round((high - low) / EPSILON_STEP)) + 1
    sweep = {"epsilons": 10.0 ** np.linspace(low, high, n)}
    exact = net.gradient(net.theta)
    for scheme in SCHEMES:
        sweep[scheme] = np.array([_relative_error(exact, _estimate(net, eps, scheme))
                                  for eps in sweep["epsilons"]])
    for array in sweep.values():
        array.setflags(write=False)
    return net, exact, sweep


def epsilon_sweep(seed=0):
    """Relative error of the one- and two-sided differences over a log grid of steps.

    Returns a dict: ``"epsilons"``, ndarray of shape (E,), ``10**-12 .. 10**-1`` in
    quarter decades; ``"two-sided"`` and ``"one-sided"``, ndarray of shape (E,), the
    relative errors. The arrays are read-only (cached per `seed`).
    """
    return dict(_cached_sweep(int(seed))[2])


def error_at(epsilon, scheme, seed=0):
    """The relative error of one scheme ("two-sided" or "one-sided") at any step."""
    net, exact, _ = _cached_sweep(int(seed))
    return _relative_error(exact, _estimate(net, float(epsilon), scheme))


def learner_error(numerical_gradient_fn, epsilon, seed=0):
    """The relative error of the learner's ``numerical_gradient(f, theta, epsilon)``.

    Raises whatever the learner's function raises (`NotImplementedError` while it is not
    done), and `ValueError` when its result does not have the shape (P,) of `theta`.
    """
    net, exact, _ = _cached_sweep(int(seed))
    approx = np.asarray(numerical_gradient_fn(net.cost, net.theta.copy(), float(epsilon)),
                        dtype=float)
    if approx.shape != exact.shape:
        raise ValueError(f"`numerical_gradient` returned shape {approx.shape}; "
                         f"expected {exact.shape}, the shape of `theta`.")
    return _relative_error(exact, approx)


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
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 3.8))
    eps = sweep["epsilons"]
    colours = {"two-sided": PALETTE["train"], "one-sided": PALETTE["dev"]}
    ax.loglog(eps, sweep["two-sided"], color=colours["two-sided"], lw=2,
              label=r"two-sided: $(J(\theta+\varepsilon e_i)-J(\theta-\varepsilon e_i))\,/\,2\varepsilon$")
    ax.loglog(eps, sweep["one-sided"], color=colours["one-sided"], lw=2, ls="--",
              label=r"one-sided: $(J(\theta+\varepsilon e_i)-J(\theta))\,/\,\varepsilon$")
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
               "colours": colours}
    show_learner_in_legend(artists, show_learner)
    i = int(np.argmin(np.abs(np.log10(eps) - np.log10(epsilon))))
    update_epsilon_sweep(artists, epsilon, float(sweep[scheme][i]), scheme)
    return artists


def show_learner_in_legend(artists, shown):
    """(Re)build the legend, listing the learner's star only when `shown`."""
    artists["learner"].set_label(_LEARNER_LABEL if shown else "_nolegend_")
    artists["ax"].legend(loc="upper center", fontsize=8, frameon=False, ncol=1)


def update_epsilon_sweep(artists, epsilon, error, scheme, learner_error=None):
    """Move the markers of a `plot_epsilon_sweep` in place."""
    artists["cursor"].set_xdata([epsilon, epsilon])
    marker = artists["marker"]
    marker.set_data([epsilon], [_shown(error)])
    marker.set_color(artists["colours"][scheme])
    if learner_error is None:
        artists["learner"].set_data([], [])
    else:
        artists["learner"].set_data([epsilon], [_shown(learner_error)])


def _shown(error):
    # Zero has no place on a log axis: draw it on the floor (NaN and inf at the top).
    low, high = _Y_LIMITS
    error = float(error)
    return high if not np.isfinite(error) else min(max(error, low * 1.5), high)
