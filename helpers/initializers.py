"""Parameter initialization for a fully connected network."""

from __future__ import annotations

import numpy as np

from helpers._validate import require_choice, require_layer_dims, require_number, require_rng

__all__ = ["INIT_SCHEMES", "init_parameters"]

INIT_SCHEMES = ("zeros", "random", "he", "xavier", "glorot")


def _std(scheme, n_in, n_out):
    """Standard deviation of the weights of one layer under `scheme` (before `scale`)."""
    if scheme == "zeros":
        return 0.0
    if scheme == "random":
        return 1.0
    if scheme == "he":
        return np.sqrt(2.0 / n_in)
    if scheme == "xavier":
        return np.sqrt(1.0 / n_in)
    return np.sqrt(2.0 / (n_in + n_out))  # glorot


def init_parameters(layer_dims, rng, scheme="he", scale=1.0, batch_norm=False):
    """Initialize the weights, biases (and batch-norm scales) of a network.

    .. math::
        W^{[l]} \\sim \\mathrm{scale} \\cdot \\mathcal{N}(0, \\sigma_l^2), \\quad b^{[l]} = 0

    with :math:`\\sigma_l^2` equal to 0 (``"zeros"``), 1 (``"random"``),
    :math:`2 / n_{l-1}` (``"he"``, for ReLU), :math:`1 / n_{l-1}` (``"xavier"``, for tanh)
    or :math:`2 / (n_{l-1} + n_l)` (``"glorot"``).

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``, at least two positive sizes.
    rng : numpy.random.Generator
        The only source of randomness.
    scheme : {"zeros", "random", "he", "xavier", "glorot"}
    scale : float
        Multiplies every standard deviation (> 0). With ``"random"`` this is the classic
        ``scale * randn`` initialization; 1 leaves the other schemes as defined.
    batch_norm : bool
        Also create ``"gamma<l>"`` (ones) and ``"beta<l>"`` (zeros) for the hidden layers
        ``l = 1 .. L-1``; the output layer is not normalized.

    Returns
    -------
    parameters : dict
        ``"W<l>"`` : ndarray of shape (n[l], n[l-1]), ``"b<l>"`` : ndarray of shape
        (n[l], 1), and with batch norm ``"gamma<l>"``, ``"beta<l>"`` of shape (n[l], 1).

    Raises
    ------
    ValueError
        If `layer_dims`, `rng`, `scheme` or `scale` is invalid.
    """
    layer_dims = require_layer_dims(layer_dims)
    require_rng(rng)
    require_choice("scheme", scheme, INIT_SCHEMES)
    scale = require_number("scale", scale, low=0.0, low_open=True)
    L = len(layer_dims) - 1
    parameters = {}
    for l in range(1, L + 1):
        n_in, n_out = layer_dims[l - 1], layer_dims[l]
        std = scale * _std(scheme, n_in, n_out)
        if std == 0.0:
            parameters[f"W{l}"] = np.zeros((n_out, n_in))
        else:
            parameters[f"W{l}"] = rng.normal(0.0, std, size=(n_out, n_in))
        parameters[f"b{l}"] = np.zeros((n_out, 1))
        if batch_norm and l < L:
            parameters[f"gamma{l}"] = np.ones((n_out, 1))
            parameters[f"beta{l}"] = np.zeros((n_out, 1))
    return parameters
