"""The function notebook 03's dashboard differentiates, with the three practical tips as switches.

The mean binary cross-entropy of a small tanh network (smooth, so the truncation error
follows its textbook slopes) as a function of its parameter vector `theta`, and its
gradient by backpropagation. Three switches reproduce the practical tips of the
notebook:

* ``bug``: the backpropagated gradient has the slip of the notebook's section 5: `db2`
  sums `dA2` instead of `dZ2` (it skips tanh's slope). No step can bring the numerical
  estimate closer than that error.
* ``dropout``: every cost evaluation draws a fresh dropout mask (keep_prob 0.8) for the
  hidden layers, while backpropagation used one mask. The two sides of a difference then
  come from two different networks.
* ``float32``: the costs are computed in float32 (unit roundoff about 6e-8 instead of
  1.1e-16), which lifts the rounding floor and moves the best step to the right.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DIMS", "KEEP_PROB", "TanhNet"]

DIMS = (3, 4, 3, 1)  # [n_x, n[1], n[2], n[L]]: P = 16 + 15 + 4 = 35 parameters
KEEP_PROB = 0.8
_M = 16


class TanhNet:
    """Mean binary cross-entropy of a [3, 4, 3, 1] tanh network, as a function of `theta`.

    `theta` holds W1, b1, W2, b2, W3, b3 flattened row by row, in that order: the
    layout of the notebook's `params_to_vector`.

    Parameters
    ----------
    seed : int
        Seeds the data (`X` of shape (3, 16), `Y` of shape (1, 16)) and `theta`.
    dropout : bool
        Every call of `costs` draws fresh masks for the hidden layers (see `masks_rng`).
    float32 : bool
        `costs` computes in float32.
    """

    def __init__(self, seed, *, dropout=False, float32=False):
        rng = np.random.default_rng(seed)
        self.X = rng.normal(size=(DIMS[0], _M))            # (n_x, m)
        self.Y = (rng.random((1, _M)) < 0.5).astype(float)  # (1, m)
        self.shapes = []
        for l in range(1, len(DIMS)):
            self.shapes += [(DIMS[l], DIMS[l - 1]), (DIMS[l], 1)]
        self.size = sum(r * c for r, c in self.shapes)
        # Xavier-sized weights and non-zero biases: every entry of the gradient matters.
        parts = []
        for rows, cols in self.shapes:
            scale = 1.0 / np.sqrt(cols) if cols > 1 else 0.5
            parts.append(rng.normal(scale=scale, size=rows * cols))
        self.theta = np.concatenate(parts)
        self.dropout, self.dtype = bool(dropout), np.float32 if float32 else np.float64
        # The masks of the forward pass that backpropagation saw; later calls draw anew.
        self.masks_rng = np.random.default_rng([seed, 1])
        self.backprop_masks = self._draw_masks(1) if dropout else None

    def _draw_masks(self, k):
        if not self.dropout:
            return None
        return [(self.masks_rng.random((k, n, _M)) < KEEP_PROB) / KEEP_PROB
                for n in DIMS[1:-1]]

    def _unpack(self, thetas):
        """Split `thetas` of shape (K, P) into K stacked arrays per parameter."""
        arrays, start = [], 0
        for rows, cols in self.shapes:
            stop = start + rows * cols
            arrays.append(thetas[:, start:stop].reshape(-1, rows, cols))
            start = stop
        return arrays

    def costs(self, thetas):
        """Costs of K parameter vectors at once: `thetas` (K, P) -> (K,) float64."""
        thetas = np.asarray(thetas, dtype=float).reshape(-1, self.size).astype(self.dtype)
        W1, b1, W2, b2, W3, b3 = self._unpack(thetas)
        X, Y = self.X.astype(self.dtype), self.Y.astype(self.dtype)
        masks = self._draw_masks(thetas.shape[0]) or [1.0, 1.0]
        A1 = np.tanh(W1 @ X + b1) * np.asarray(masks[0], dtype=self.dtype)   # (K, n1, m)
        A2 = np.tanh(W2 @ A1 + b2) * np.asarray(masks[1], dtype=self.dtype)  # (K, n2, m)
        Z3 = W3 @ A2 + b3                                                     # (K, 1, m)
        # Cross-entropy of sigmoid(Z3) from the logits: stable for any Z3.
        loss = np.maximum(Z3, 0) - Z3 * Y + np.log1p(np.exp(-np.abs(Z3)))
        return (loss.sum(axis=(1, 2), dtype=self.dtype) / self.dtype(_M)).astype(float)

    def cost(self, theta):
        """J(theta) for one vector of shape (P,) (a Python float)."""
        return float(self.costs(theta)[0])

    def gradient(self, theta, *, bug=False):
        """dJ/dtheta of shape (P,) by backpropagation in float64 (with the slip if `bug`)."""
        W1, b1, W2, b2, W3, b3 = (a[0] for a in self._unpack(theta.reshape(1, -1)))
        D1, D2 = ([m[0] for m in self.backprop_masks] if self.dropout else (1.0, 1.0))
        T1 = np.tanh(W1 @ self.X + b1)
        A1 = T1 * D1
        T2 = np.tanh(W2 @ A1 + b2)
        A2 = T2 * D2
        A3 = 1.0 / (1.0 + np.exp(-(W3 @ A2 + b3)))
        dZ3 = A3 - self.Y
        dA2 = (W3.T @ dZ3) * D2
        dZ2 = dA2 * (1.0 - T2 ** 2)
        dA1 = (W2.T @ dZ2) * D1
        dZ1 = dA1 * (1.0 - T1 ** 2)
        db2 = (dA2 if bug else dZ2).sum(axis=1, keepdims=True)
        grads = [dZ1 @ self.X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T, db2,
                 dZ3 @ A2.T, dZ3.sum(axis=1, keepdims=True)]
        return np.concatenate([g.ravel() for g in grads]) / _M
