"""The signal at the start of training, forward and backward (notebook 01's dashboard).

Two measurements of a freshly initialized network, both per layer:

* forward: the spread of the activations, ``std(A[l])`` (the learner's
  `activation_spread`; `reference_spread` is the library's version);
* backward: the size of the gradient that reaches each layer, the root mean square of
  ``dZ[l]``, the per-example gradient of the cost with respect to ``Z[l]``
  (`backward_sizes`). ``dW[l] = dZ[l] A[l-1].T / m`` is this backward factor times the
  forward one, which is why a scheme that keeps both steady keeps every layer learning.

One draw of 20-unit layers is noisy: over five He layers, the ratio last/first of one
draw's spread ranged from 0.39 to 2.2 in 40 draws (the dashboard's first default fell
from 0.70 to 0.12). The variance argument of the notebook holds on average over
draws, and for the mean square exactly, so `rms_over_draws` averages the squares of
`DRAWS` draws: He's spread then stays level (last/first between 0.86 and 1.12 at the
dashboard's default, measured over seeds 0-5), while the other schemes keep their failure modes.
"""

from __future__ import annotations

import numpy as np

from ..activations import _FORWARD

__all__ = ["DRAWS", "backward_sizes", "reference_spread", "rms_over_draws"]

#: Initial weights drawn per setting; measured: 12 draws cost about 10 ms in all.
DRAWS = 12

_SLOPE = {"relu": lambda Z, A: Z > 0, "tanh": lambda Z, A: 1.0 - A * A,
          "linear": lambda Z, A: 1.0}


def reference_spread(parameters, X, activation):
    """Standard deviation of every layer's activations (the library's own version).

    Parameters
    ----------
    parameters : dict
        ``"W<l>"`` of shape (n[l], n[l-1]) and ``"b<l>"`` of shape (n[l], 1).
    X : ndarray of shape (n_x, m)
    activation : {"relu", "tanh", "linear"}
        Used in every layer, the output layer included.

    Returns
    -------
    list of float, length L
        ``std(A[l])`` over all entries, for l = 1..L.
    """
    # The unchecked kernel: with exploding weights `Z` overflows, and the spread then
    # reads inf or nan rather than raising.
    g = _FORWARD[activation]
    A, spreads = X, []
    for l in range(1, len(parameters) // 2 + 1):
        A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
        spreads.append(float(np.std(A)))
    return spreads


def backward_sizes(parameters, X, Y, activation):
    """Root mean square of ``dZ[l]`` for every layer of a network with a sigmoid output.

    .. math::
        dZ^{[L]} = A^{[L]} - Y, \\qquad
        dZ^{[l]} = \\big(W^{[l+1]T} dZ^{[l+1]}\\big) \\odot g'\\big(Z^{[l]}\\big)

    Parameters
    ----------
    parameters : dict
        ``"W<l>"`` of shape (n[l], n[l-1]) and ``"b<l>"`` of shape (n[l], 1), l = 1..L.
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    activation : {"relu", "tanh", "linear"}
        The hidden layers' activation; the output layer is a sigmoid.

    Returns
    -------
    list of float, length L
        ``sqrt(mean(dZ[l] ** 2))`` for l = 1..L (per example, as the course's `dZ`).
    """
    g, slope = _FORWARD[activation], _SLOPE[activation]
    L = len(parameters) // 2
    A, cache = X, []
    with np.errstate(all="ignore"):  # exploding starts overflow; they read inf or nan
        for l in range(1, L):
            Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
            A = g(Z)
            cache.append((Z, A))
        ZL = parameters[f"W{L}"] @ A + parameters[f"b{L}"]
        dZ = 1.0 / (1.0 + np.exp(-ZL)) - Y
        sizes = [float(np.sqrt(np.mean(dZ * dZ)))]
        for l in range(L - 1, 0, -1):
            Z, A = cache[l - 1]
            dZ = (parameters[f"W{l + 1}"].T @ dZ) * slope(Z, A)
            sizes.append(float(np.sqrt(np.mean(dZ * dZ))))
    return sizes[::-1]


def rms_over_draws(per_draw):
    """Per layer, the root mean square over draws: a list of lists -> a list of floats.

    NaN (an overflowed draw) stays NaN, so the panel draws it at the top edge.
    """
    values = np.asarray(per_draw, dtype=float)
    with np.errstate(all="ignore"):
        return [float(v) for v in np.sqrt(np.mean(values * values, axis=0))]
