"""Batch normalization of a layer's pre-activations `Z`, in training and in test mode.

Gradient convention (the same as for `dW` and `db`, see `helpers.layers`): the upstream
`dZ_tilde` is *per example*, i.e. m times the gradient of the mean cost, as the output
layer's ``dZ = AL - Y`` is. The backward pass therefore returns

- ``dZ`` per example as well (the map from `dZ_tilde` to `dZ` is linear, so the
  convention passes straight through), and
- ``dgamma = mean_i(dZ_tilde * Z_hat)`` and ``dbeta = mean_i(dZ_tilde)``: means over the
  examples, exactly like ``db = mean_i(dZ)``. These *are* the gradients of the mean cost,
  which is what a numerical gradient check of the whole model measures. (With a
  true-gradient upstream, as in cs231n, the same quantities are written as sums.)
"""

from __future__ import annotations

import numpy as np

from helpers._validate import require_array, require_layer_dims, require_number

__all__ = [
    "bn_backward",
    "bn_eval_forward",
    "bn_running_update",
    "bn_train_forward",
    "init_bn_running",
]


def _check_scale_shift(Z, gamma, beta, eps):
    Z = require_array("Z", Z, ndim=2)
    gamma = require_array("gamma", gamma, ndim=2, shape=(Z.shape[0], 1))
    beta = require_array("beta", beta, ndim=2, shape=(Z.shape[0], 1))
    eps = require_number("eps", eps, low=0.0, low_open=True)
    return Z, gamma, beta, eps


def bn_train_forward(Z, gamma, beta, eps=1e-5):
    """Normalize `Z` with the statistics of the mini-batch, then scale and shift.

    .. math::
        \\mu = \\frac{1}{m} \\sum_i z^{(i)}, \\quad
        \\sigma^2 = \\frac{1}{m} \\sum_i (z^{(i)} - \\mu)^2, \\quad
        \\hat z = \\frac{z - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}}, \\quad
        \\tilde z = \\gamma \\hat z + \\beta

    Parameters
    ----------
    Z : ndarray of shape (n[l], m)
    gamma, beta : ndarray of shape (n[l], 1)
    eps : float
        Added to the (biased) variance before the square root, > 0.

    Returns
    -------
    Z_tilde : ndarray of shape (n[l], m)
    cache : dict
        ``"mu"``, ``"var"`` (biased), ``"inv_std"`` = 1/sqrt(var + eps), ``"gamma"`` :
        ndarrays of shape (n[l], 1); ``"Z_hat"`` : ndarray of shape (n[l], m).
    """
    return _bn_train_forward(*_check_scale_shift(Z, gamma, beta, eps))


def _bn_train_forward(Z, gamma, beta, eps):
    inv_m = 1.0 / Z.shape[1]
    mu = np.add.reduce(Z, axis=1, keepdims=True)
    mu *= inv_m
    Z_hat = Z - mu
    var = np.add.reduce(Z_hat * Z_hat, axis=1, keepdims=True)
    var *= inv_m
    inv_std = 1.0 / np.sqrt(var + eps)
    Z_hat *= inv_std
    Z_tilde = gamma * Z_hat
    Z_tilde += beta
    cache = {"mu": mu, "var": var, "Z_hat": Z_hat, "gamma": gamma, "inv_std": inv_std}
    return Z_tilde, cache


def bn_backward(dZ_tilde, cache):
    """Backward pass of `bn_train_forward` (compact form).

    .. math::
        d\\beta = \\frac{1}{m} \\sum_i d\\tilde z^{(i)}, \\quad
        d\\gamma = \\frac{1}{m} \\sum_i d\\tilde z^{(i)} \\hat z^{(i)}, \\quad
        dz = \\frac{\\gamma}{\\sqrt{\\sigma^2 + \\varepsilon}}
             \\left( d\\tilde z - d\\beta - \\hat z \\, d\\gamma \\right)

    See the module docstring for why `dgamma` and `dbeta` are means.

    Parameters
    ----------
    dZ_tilde : ndarray of shape (n[l], m)
        Per-example upstream gradient.
    cache : dict
        As returned by `bn_train_forward`.

    Returns
    -------
    dZ : ndarray of shape (n[l], m)
    dgamma : ndarray of shape (n[l], 1)
    dbeta : ndarray of shape (n[l], 1)
    """
    keys = {"Z_hat", "gamma", "inv_std"}
    if not isinstance(cache, dict) or not keys <= cache.keys():
        raise ValueError(
            "`cache`: expected the dict returned by `bn_train_forward` with keys "
            f"{sorted(keys)}, got {type(cache).__name__}."
        )
    dZ_tilde = require_array("dZ_tilde", dZ_tilde, shape=cache["Z_hat"].shape)
    return _bn_backward(dZ_tilde, cache)


def _bn_backward(dZ_tilde, cache):
    Z_hat = cache["Z_hat"]
    inv_m = 1.0 / dZ_tilde.shape[1]
    dbeta = np.add.reduce(dZ_tilde, axis=1, keepdims=True)
    dbeta *= inv_m
    dgamma = np.add.reduce(dZ_tilde * Z_hat, axis=1, keepdims=True)
    dgamma *= inv_m
    dZ = Z_hat * dgamma
    np.subtract(dZ_tilde, dZ, out=dZ)
    dZ -= dbeta
    dZ *= cache["gamma"] * cache["inv_std"]
    return dZ, dgamma, dbeta


def bn_eval_forward(Z, gamma, beta, running_mean, running_var, eps=1e-5):
    """Test-time batch norm: normalize with running statistics instead of the batch's.

    .. math::
        \\tilde z = \\gamma \\frac{z - \\mu_{run}}{\\sqrt{\\sigma^2_{run} + \\varepsilon}}
                    + \\beta

    Parameters
    ----------
    Z : ndarray of shape (n[l], m)
    gamma, beta, running_mean, running_var : ndarray of shape (n[l], 1)
    eps : float

    Returns
    -------
    Z_tilde : ndarray of shape (n[l], m)
        Each example is normalized on its own, so predictions do not depend on the batch.
    """
    Z, gamma, beta, eps = _check_scale_shift(Z, gamma, beta, eps)
    running_mean = require_array("running_mean", running_mean, shape=(Z.shape[0], 1))
    running_var = require_array("running_var", running_var, shape=(Z.shape[0], 1))
    if np.any(running_var < 0):
        raise ValueError("`running_var`: expected non-negative variances, got a negative one.")
    return _bn_eval_forward(Z, gamma, beta, running_mean, running_var, eps)


def _bn_eval_forward(Z, gamma, beta, running_mean, running_var, eps):
    # Fold the four column vectors into one scale and one shift: two passes over Z.
    scale = gamma / np.sqrt(running_var + eps)
    Z_tilde = Z * scale
    Z_tilde += beta - running_mean * scale
    return Z_tilde


def bn_running_update(running_mean, running_var, mu, var, momentum=0.9):
    """Exponentially weighted running statistics for test time.

    .. math::
        \\mu_{run} \\leftarrow \\text{momentum}\\, \\mu_{run} + (1 - \\text{momentum})\\, \\mu,
        \\quad
        \\sigma^2_{run} \\leftarrow \\text{momentum}\\, \\sigma^2_{run}
            + (1 - \\text{momentum})\\, \\sigma^2

    PyTorch's ``momentum`` argument is ``1 - momentum`` here.

    Parameters
    ----------
    running_mean, running_var, mu, var : ndarray of shape (n[l], 1)
    momentum : float in [0, 1]

    Returns
    -------
    new_mean, new_var : ndarray of shape (n[l], 1)
        New arrays; the arguments are not modified.
    """
    running_mean = require_array("running_mean", running_mean, ndim=2)
    shape = running_mean.shape
    running_var = require_array("running_var", running_var, shape=shape)
    mu = require_array("mu", mu, shape=shape)
    var = require_array("var", var, shape=shape)
    momentum = require_number("momentum", momentum, low=0.0, high=1.0)
    return _bn_running_update(running_mean, running_var, mu, var, momentum)


def _bn_running_update(running_mean, running_var, mu, var, momentum):
    keep = 1.0 - momentum
    return momentum * running_mean + keep * mu, momentum * running_var + keep * var


def init_bn_running(layer_dims):
    """Initial running statistics of a batch-normalized network (PyTorch's choice).

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    bn_running : dict
        ``"mean<l>"`` zeros and ``"var<l>"`` ones, ndarrays of shape (n[l], 1), for the
        hidden layers ``l = 1 .. L-1``.
    """
    layer_dims = require_layer_dims(layer_dims)
    running = {}
    for l in range(1, len(layer_dims) - 1):
        running[f"mean{l}"] = np.zeros((layer_dims[l], 1))
        running[f"var{l}"] = np.ones((layer_dims[l], 1))
    return running
