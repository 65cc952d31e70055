"""Activation functions g(Z) and their backward passes.

Every activation acts entry by entry, so `A = g(Z)` has `Z`'s shape, and the backward pass
is `dZ = dA * g'(Z)`. The private kernels (`_FORWARD`, `_BACKWARD`, `_FORWARD_WITH_SLOPE`) take an
optional `out` array and skip validation: the training engine calls them in its inner loop
after checking its inputs once.
"""

from __future__ import annotations

import numpy as np

from helpers._validate import require_array, require_choice

__all__ = ["ACTIVATIONS", "activation_backward", "activation_forward"]

ACTIVATIONS = ("sigmoid", "relu", "tanh", "linear")

# `exp(-z)` overflows to inf for z < -709.78. Capping its argument there keeps every
# intermediate finite (no overflow warning) and changes sigmoid(z) only where the true value
# is below 1e-308, the smallest normal float64, i.e. where float64 cannot hold it anyway.
_EXP_ARG_MAX = 709.0


def _sigmoid(Z, out=None):
    out = np.negative(Z, out=out)
    np.minimum(out, _EXP_ARG_MAX, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def _relu(Z, out=None):
    return np.maximum(Z, 0.0, out=out)


def _tanh(Z, out=None):
    return np.tanh(Z, out=out)


def _linear(Z, out=None):
    if out is None:
        return Z.copy()
    np.copyto(out, Z)
    return out


def _sigmoid_backward(dA, Z, A, out=None):
    # sigma'(z) = sigma(z) (1 - sigma(z)): reuse the forward output instead of another exp.
    slope = 1.0 - A
    slope *= A
    return np.multiply(dA, slope, out=out)


def _relu_backward(dA, Z, A, out=None):
    # The derivative at exactly 0 is taken as 0 (the subgradient every framework uses).
    return np.multiply(dA, Z > 0.0, out=out)


def _tanh_backward(dA, Z, A, out=None):
    slope = A * A
    np.subtract(1.0, slope, out=slope)
    return np.multiply(dA, slope, out=out)


def _linear_backward(dA, Z, A, out=None):
    if out is None:
        return dA.copy()
    np.copyto(out, dA)
    return out


_FORWARD = {"sigmoid": _sigmoid, "relu": _relu, "tanh": _tanh, "linear": _linear}


# Forward passes that also return the slope g'(Z) (None for "linear", whose slope is 1),
# so that the backward pass is a single multiplication ``dZ = dA * slope``. For ReLU the
# float 0/1 slope doubles as the forward mask: ``Z * slope`` plus ``dA * slope`` costs less
# than `np.maximum` plus ``dA * (Z > 0)``, whose boolean factor numpy casts element by
# element.
def _relu_with_slope(Z, out=None):
    slope = (Z > 0.0).astype(np.float64)
    return np.multiply(Z, slope, out=out), slope


def _sigmoid_with_slope(Z, out=None):
    A = _sigmoid(Z, out=out)
    slope = 1.0 - A
    slope *= A
    return A, slope


def _tanh_with_slope(Z, out=None):
    A = np.tanh(Z, out=out)
    slope = A * A
    np.subtract(1.0, slope, out=slope)
    return A, slope


def _linear_with_slope(Z, out=None):
    return _linear(Z, out), None


_FORWARD_WITH_SLOPE = {
    "sigmoid": _sigmoid_with_slope,
    "relu": _relu_with_slope,
    "tanh": _tanh_with_slope,
    "linear": _linear_with_slope,
}
_BACKWARD = {
    "sigmoid": _sigmoid_backward,
    "relu": _relu_backward,
    "tanh": _tanh_backward,
    "linear": _linear_backward,
}


def activation_forward(Z, name):
    """Apply an activation function entry by entry.

    .. math::
        \\sigma(z) = \\frac{1}{1 + e^{-z}}, \\quad \\mathrm{relu}(z) = \\max(z, 0), \\quad
        \\tanh(z), \\quad \\mathrm{linear}(z) = z

    Parameters
    ----------
    Z : ndarray of shape (n[l], m)
        Pre-activations (any shape is accepted).
    name : {"sigmoid", "relu", "tanh", "linear"}

    Returns
    -------
    A : ndarray of shape (n[l], m)
        A new array. The sigmoid is computed without overflow for any finite `Z`
        (for example `|Z|` up to 1e4) and with full relative accuracy down to 1e-308.

    Raises
    ------
    ValueError
        If `name` is unknown or `Z` is not a finite numeric array.
    """
    require_choice("name", name, ACTIVATIONS)
    Z = require_array("Z", Z)
    return _FORWARD[name](Z)


def activation_backward(dA, Z, A, name):
    """Backward pass of an activation: ``dZ = dA * g'(Z)``.

    .. math::
        \\sigma' = A (1 - A), \\quad \\mathrm{relu}' = [Z > 0], \\quad
        \\tanh' = 1 - A^2, \\quad \\mathrm{linear}' = 1

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
        Gradient with respect to the activation output.
    Z : ndarray of shape (n[l], m)
        Pre-activation seen by the forward pass (used by ReLU).
    A : ndarray of shape (n[l], m)
        Output of the forward pass (used by sigmoid and tanh, whose derivatives are
        cheapest in terms of their outputs).
    name : {"sigmoid", "relu", "tanh", "linear"}

    Returns
    -------
    dZ : ndarray of shape (n[l], m)
        A new array.

    Raises
    ------
    ValueError
        If `name` is unknown or the three arrays do not share one shape.
    """
    require_choice("name", name, ACTIVATIONS)
    dA = require_array("dA", dA)
    Z = require_array("Z", Z, shape=dA.shape)
    A = require_array("A", A, shape=dA.shape)
    return _BACKWARD[name](dA, Z, A)
