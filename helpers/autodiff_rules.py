"""The backward rules of the automatic-differentiation engine (`helpers.autodiff`).

A backward rule is a plain numpy function ``rule(grad_out, *inputs, **attributes)``:
given ``grad_out = dJ/d(out)`` of an operation's result and the operation's inputs (plain
arrays), it returns ``dJ/d(input)`` for each input: one array for a one-input operation,
a tuple for a two-input one. Each gradient has its input's shape.

Broadcasting is undone here. When ``b`` of shape (n, 1) was broadcast over the m columns
of ``a`` in ``a + b``, each entry of ``b`` was used m times, so its gradient is the *sum*
of the m column gradients (`_sum_to_shape`). The same holds for every axis that numpy
added in front or stretched from length 1.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BACKWARD_RULES",
    "grad_add",
    "grad_exp",
    "grad_log",
    "grad_matmul",
    "grad_mean",
    "grad_mul",
    "grad_pow",
    "grad_relu",
    "grad_sigmoid",
    "grad_sum",
    "sigmoid",
]


def _sum_to_shape(grad, shape):
    """Sum `grad` over the axes that broadcasting added or stretched, to get `shape`."""
    while grad.ndim > len(shape):  # axes added in front
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):  # axes of length 1 stretched to the other's length
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


# -- backward rules: (grad_out, *inputs, **attributes) -> gradient(s) of the inputs -----
def grad_add(grad_out, a, b):
    """``out = a + b``: each input receives `grad_out`, summed to its own shape."""
    return _sum_to_shape(grad_out, np.shape(a)), _sum_to_shape(grad_out, np.shape(b))


def grad_mul(grad_out, a, b):
    """``out = a * b``: ``da = grad_out * b``, ``db = grad_out * a``, summed to shape."""
    return (_sum_to_shape(grad_out * b, np.shape(a)),
            _sum_to_shape(grad_out * a, np.shape(b)))


def grad_pow(grad_out, x, exponent):
    """``out = x ** p`` for a constant number ``p``: ``dx = grad_out * p * x ** (p - 1)``."""
    return grad_out * exponent * x ** (exponent - 1)


def grad_matmul(grad_out, A, B):
    """``out = A @ B``, A (n, k), B (k, m): ``dA = grad_out @ B.T``, ``dB = A.T @ grad_out``."""
    return grad_out @ B.T, A.T @ grad_out


def grad_sum(grad_out, x, axis, keepdims):
    """``out = x.sum(axis)``: every summed entry receives the gradient of its sum."""
    if axis is not None and not keepdims:
        grad_out = np.expand_dims(grad_out, axis)
    return np.broadcast_to(grad_out, np.shape(x)).copy()


def grad_mean(grad_out, x, axis, keepdims):
    """``out = x.mean(axis)``: as the sum, divided by the number of averaged entries."""
    count = np.size(x) // max(np.size(grad_out), 1)
    return grad_sum(grad_out, x, axis, keepdims) / count


def grad_exp(grad_out, x):
    """``out = exp(x)``: ``dx = grad_out * exp(x)``."""
    return grad_out * np.exp(x)


def grad_log(grad_out, x):
    """``out = log(x)``: ``dx = grad_out / x``."""
    return grad_out / x


def grad_relu(grad_out, x):
    """``out = max(x, 0)``: the gradient passes where ``x > 0`` (0 at the kink, as usual)."""
    return grad_out * (x > 0)


def grad_sigmoid(grad_out, x):
    """``out = sigmoid(x)``: ``dx = grad_out * s * (1 - s)`` with ``s = sigmoid(x)``."""
    s = sigmoid(x)
    return grad_out * s * (1.0 - s)


def sigmoid(x):
    """``1 / (1 + exp(-x))`` entry by entry, without overflow for large negative `x`."""
    return np.exp(-np.logaddexp(0.0, -x))


#: Operation name -> its backward rule (see the module docstring).
BACKWARD_RULES = {
    "add": grad_add, "mul": grad_mul, "pow": grad_pow, "matmul": grad_matmul,
    "sum": grad_sum, "mean": grad_mean, "exp": grad_exp, "log": grad_log,
    "relu": grad_relu, "sigmoid": grad_sigmoid,
}
