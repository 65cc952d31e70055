"""The dense (fully connected) layer: forward and backward pass."""

from __future__ import annotations

import numpy as np

from helpers._validate import require_array, require_same_m

__all__ = ["dense_backward", "dense_forward"]


def dense_forward(A_prev, W, b):
    """Linear part of a layer: ``Z = W A_prev + b``.

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
        Activations of the previous layer (the inputs `X` for layer 1).
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
        A column; a 1-D bias is rejected because it would broadcast along the wrong axis.

    Returns
    -------
    Z : ndarray of shape (n[l], m)
    cache : dict
        ``"A_prev"`` : ndarray of shape (n[l-1], m) and ``"W"`` : ndarray of shape
        (n[l], n[l-1]), the two arrays `dense_backward` needs.

    Raises
    ------
    ValueError
        If a shape does not match the others.
    """
    A_prev = require_array("A_prev", A_prev, ndim=2)
    W = require_array("W", W, ndim=2, shape=(None, A_prev.shape[0]))
    b = require_array("b", b, ndim=2, shape=(W.shape[0], 1))
    Z = W @ A_prev
    Z += b
    return Z, {"A_prev": A_prev, "W": W}


def dense_backward(dZ, cache):
    """Backward pass of `dense_forward`.

    .. math::
        dW = \\frac{1}{m} dZ A_{prev}^T, \\quad db = \\frac{1}{m} \\sum_i dZ^{(i)}, \\quad
        dA_{prev} = W^T dZ

    `dZ` is per example (for the output layer ``AL - Y``), so the ``1/m`` of the mean cost
    appears in `dW` and `db` and not in `dA_prev`.

    Parameters
    ----------
    dZ : ndarray of shape (n[l], m)
    cache : dict
        As returned by `dense_forward`.

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
    dW : ndarray of shape (n[l], n[l-1])
    db : ndarray of shape (n[l], 1)
    """
    if not isinstance(cache, dict) or not {"A_prev", "W"} <= cache.keys():
        raise ValueError(
            "`cache`: expected the dict returned by `dense_forward` with keys 'A_prev' "
            f"and 'W', got {type(cache).__name__}."
        )
    A_prev, W = cache["A_prev"], cache["W"]
    dZ = require_array("dZ", dZ, ndim=2, shape=(W.shape[0], None))
    require_same_m("A_prev", A_prev, "dZ", dZ)
    inv_m = 1.0 / dZ.shape[1]
    dW = dZ @ A_prev.T
    dW *= inv_m
    db = np.add.reduce(dZ, axis=1, keepdims=True)
    db *= inv_m
    return W.T @ dZ, dW, db
