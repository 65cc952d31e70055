"""Two-sided numerical gradients for the helpers' tests (not part of the library).

Names differ from the course's exercise functions on purpose.
"""

from __future__ import annotations

import numpy as np


def num_grad(f, x, eps=1e-6):
    """Two-sided difference ``(f(x + e_i) - f(x - e_i)) / (2 eps)`` for every entry of `x`.

    `f` takes no argument and reads `x`, which is perturbed in place and restored.
    """
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        f_plus = f()
        x[idx] = old - eps
        f_minus = f()
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def rel_error(a, b):
    """``||a - b|| / (||a|| + ||b||)``, 0 when both are zero."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def num_grads_of_dict(cost, parameters, eps=1e-6):
    """Numerical gradient of ``cost(parameters)`` for every array of the dict, keyed "d<k>"."""
    return {
        "d" + key: num_grad(lambda: cost(parameters), value, eps)
        for key, value in parameters.items()
    }


def dict_rel_error(grads, approx):
    """Relative error of all gradients stacked into one vector, and per key."""
    keys = sorted(approx)
    assert sorted(grads) == keys, (sorted(grads), keys)
    g = np.concatenate([np.ravel(grads[k]) for k in keys])
    a = np.concatenate([np.ravel(approx[k]) for k in keys])
    return rel_error(g, a), {k: rel_error(grads[k], approx[k]) for k in keys}
