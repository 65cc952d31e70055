"""Cost functions (means over the m examples) and the L2 penalty.

Each output activation pairs with the cost whose gradient with respect to the output
pre-activation is, per example, ``dZ[L] = AL - Y``: sigmoid with binary cross-entropy,
softmax with categorical cross-entropy, linear with half the squared error.
The ``*_from_logits`` versions take the pre-activation `Z` and stay exact when the
probabilities saturate to 0 or 1 in floating point.
"""

from __future__ import annotations

import re

import numpy as np

from helpers._validate import (
    require_array,
    require_int,
    require_number,
    require_probabilities,
)

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "categorical_cross_entropy",
    "categorical_cross_entropy_from_logits",
    "l2_penalty",
    "softmax_probabilities",
    "squared_error_cost",
]

# Probabilities are clipped to [EPS, 1 - EPS] before the logarithm so that a saturated
# output (sigmoid(40) == 1.0 exactly in float64) gives a large finite cost instead of inf.
# Values farther than 1e-15 from 0 and 1 are unchanged.
_EPS = 1e-15

_WEIGHT_KEY = re.compile(r"W\d+")


def _pair(AL_name, AL, Y):
    AL = require_array(AL_name, AL, ndim=2)
    Y = require_array("Y", Y, ndim=2, shape=AL.shape)
    return AL, Y


def binary_cross_entropy(AL, Y):
    """Mean binary cross-entropy.

    .. math::
        J = -\\frac{1}{m} \\sum_{i=1}^{m} \\left[ y^{(i)} \\log a^{(i)}
            + (1 - y^{(i)}) \\log (1 - a^{(i)}) \\right]

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities (several rows are summed: independent binary outputs).
    Y : ndarray of shape (1, m)
        Labels in {0, 1} (soft labels in [0, 1] also work).

    Returns
    -------
    float
        Finite: `AL` is clipped to ``[1e-15, 1 - 1e-15]`` inside the logarithms.
    """
    AL, Y = _pair("AL", AL, Y)
    require_probabilities("AL", AL)
    P = np.clip(AL, _EPS, 1.0 - _EPS)
    total = np.sum(Y * np.log(P)) + np.sum((1.0 - Y) * np.log1p(-P))
    return float(-total / AL.shape[1])


def binary_cross_entropy_from_logits(Z, Y):
    """Mean binary cross-entropy of ``sigmoid(Z)``, computed stably from the logits.

    .. math::
        J = \\frac{1}{m} \\sum_{i} \\left[ \\max(z, 0) - z y + \\log(1 + e^{-|z|}) \\right]

    Parameters
    ----------
    Z : ndarray of shape (1, m)
        Output pre-activations (logits).
    Y : ndarray of shape (1, m)

    Returns
    -------
    float
    """
    Z, Y = _pair("Z", Z, Y)
    return _bce_from_logits(Z, Y)


def _bce_from_logits(Z, Y):
    per_entry = np.maximum(Z, 0.0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(per_entry) / Z.shape[1])


def softmax_probabilities(Z):
    """Column-wise softmax, shifted by each column's maximum for stability.

    .. math::
        a_k = \\frac{e^{z_k - \\max_j z_j}}{\\sum_c e^{z_c - \\max_j z_j}}

    Parameters
    ----------
    Z : ndarray of shape (C, m)

    Returns
    -------
    A : ndarray of shape (C, m)
        Every column sums to 1; finite for logits as large as 1e4 in magnitude.
    """
    return _softmax(require_array("Z", Z, ndim=2))


def _softmax(Z):
    A = Z - np.maximum.reduce(Z, axis=0, keepdims=True)
    np.exp(A, out=A)
    A /= np.add.reduce(A, axis=0, keepdims=True)
    return A


def categorical_cross_entropy(AL, Y):
    """Mean categorical cross-entropy for one-hot labels.

    .. math::
        J = -\\frac{1}{m} \\sum_{i=1}^{m} \\sum_{k=1}^{C} y_k^{(i)} \\log a_k^{(i)}

    Parameters
    ----------
    AL : ndarray of shape (C, m)
        Predicted class probabilities (columns sum to 1).
    Y : ndarray of shape (C, m)
        One-hot labels.

    Returns
    -------
    float
        Finite: `AL` is clipped below at 1e-15 inside the logarithm, and entries where
        ``Y == 0`` contribute nothing.
    """
    AL, Y = _pair("AL", AL, Y)
    require_probabilities("AL", AL)
    return float(-np.sum(Y * np.log(np.maximum(AL, _EPS))) / AL.shape[1])


def categorical_cross_entropy_from_logits(Z, Y):
    """Mean categorical cross-entropy of ``softmax(Z)``, via a stable log-softmax.

    .. math::
        \\log a_k = (z_k - \\max_j z_j) - \\log \\sum_c e^{z_c - \\max_j z_j}

    Parameters
    ----------
    Z : ndarray of shape (C, m)
    Y : ndarray of shape (C, m)

    Returns
    -------
    float
    """
    Z, Y = _pair("Z", Z, Y)
    return _cce_from_logits(Z, Y)


def _cce_from_logits(Z, Y):
    shifted = Z - np.maximum.reduce(Z, axis=0, keepdims=True)
    log_norm = np.log(np.add.reduce(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * (shifted - log_norm)) / Z.shape[1])


def squared_error_cost(AL, Y):
    """Half the mean squared error, the cost of a linear (regression) output.

    .. math::
        J = \\frac{1}{2m} \\sum_{i=1}^{m} \\lVert a^{(i)} - y^{(i)} \\rVert^2

    The factor 1/2 makes the per-example output gradient ``dZ = AL - Y``, as for the
    cross-entropies; scikit-learn's `mean_squared_error` has no 1/2.

    Parameters
    ----------
    AL : ndarray of shape (n[L], m)
    Y : ndarray of shape (n[L], m)

    Returns
    -------
    float
    """
    AL, Y = _pair("AL", AL, Y)
    return _half_squared_error(AL, Y)


def _half_squared_error(AL, Y):
    diff = AL - Y
    return float(np.vdot(diff, diff) / (2.0 * AL.shape[1]))


def l2_penalty(parameters, lambd, m):
    """L2 regularization term added to the mean cost (weights only, no biases).

    .. math::
        \\frac{\\lambda}{2m} \\sum_{l=1}^{L} \\lVert W^{[l]} \\rVert_F^2

    Note the *squared* Frobenius norm: the sum of the squares of every entry.

    Parameters
    ----------
    parameters : dict
        ``"W1", "b1", ...``; only the keys ``"W<l>"`` are used.
    lambd : float
        Regularization strength, ``>= 0``.
    m : int
        Number of training examples the cost averages over.

    Returns
    -------
    float
    """
    if not isinstance(parameters, dict):
        raise ValueError(
            f"`parameters`: expected a dict like {{'W1': ..., 'b1': ...}}, "
            f"got {type(parameters).__name__}."
        )
    lambd = require_number("lambd", lambd, low=0.0)
    m = require_int("m", m, low=1)
    weights = [require_array(k, v) for k, v in parameters.items() if _WEIGHT_KEY.fullmatch(k)]
    return _l2_penalty(weights, lambd, m)


def _l2_penalty(weights, lambd, m):
    if lambd == 0.0:
        return 0.0
    return float(lambd / (2.0 * m) * sum(np.vdot(W, W) for W in weights))
