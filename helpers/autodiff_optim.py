"""Optimizers for the tensors of `helpers.autodiff`, hyperparameters and state kept apart.

`parameters` is a dict ``name -> Tensor`` (the variables the framework owns, like
``{"W1": W1, "b1": b1}`` or ``{"w": w}``), each with its `.grad` filled by
``J.backward()``. An update ``update(parameters, state, *, lr, **hyper) -> state``
replaces each parameter's `.data` by the stepped value and returns the new optimizer
state; the `state` passed in is not modified. The formulas are those of
`helpers.optimizers` (the same Adam, bias correction included), written out plainly.

State layout (keys are the parameter names):

- ``"gd"``: ``{}``
- ``"momentum"``: ``{"v": {name: ndarray}}``
- ``"adam"``: ``{"t": int, "v": {name: ndarray}, "s": {name: ndarray}}``

A training step is then::

    zero_grad(parameters)
    J = cost(parameters)          # the forward pass, written with Tensors
    J.backward()
    state = adam_update(parameters, state, lr=0.1)
"""

from __future__ import annotations

import numpy as np

from helpers._validate import _describe, require_choice, require_int, require_number
from helpers.autodiff import Tensor
from helpers.optimizers import check_hyperparameters

__all__ = [
    "UPDATES",
    "adam_update",
    "descent_path",
    "gd_update",
    "init_state",
    "momentum_update",
    "quadratic_cost",
    "zero_grad",
]


def _require_parameters(parameters, need_grads=False):
    if not isinstance(parameters, dict) or not parameters:
        raise ValueError(f"`parameters`: expected a non-empty dict of Tensors like "
                         f"{{'w': w}}, got {_describe(parameters)}.")
    for name, p in parameters.items():
        if not isinstance(p, Tensor):
            raise ValueError(f"`parameters['{name}']`: expected a Tensor, got "
                             f"{_describe(p)}. Wrap it once: `Tensor(value)`.")
        if need_grads and p.grad is None:
            raise ValueError(f"`parameters['{name}']`: its `.grad` is None. Call "
                             f"`J.backward()` on the cost before the update.")
    return parameters


def zero_grad(parameters):
    """Forget the gradients accumulated in every parameter (`.grad` becomes None)."""
    for p in _require_parameters(parameters).values():
        p.grad = None


def init_state(name, parameters):
    """Zero state of optimizer `name` ("gd", "momentum" or "adam") for these parameters."""
    require_choice("name", name, tuple(UPDATES))
    parameters = _require_parameters(parameters)
    zeros = {k: np.zeros_like(p.data) for k, p in parameters.items()}
    if name == "gd":
        return {}
    if name == "momentum":
        return {"v": zeros}
    return {"t": 0, "v": zeros, "s": {k: z.copy() for k, z in zeros.items()}}


def _require_state(name, state, parameters):
    slots = {"gd": (), "momentum": ("v",), "adam": ("t", "v", "s")}[name]
    ok = isinstance(state, dict) and all(s in state for s in slots) and all(
        isinstance(state[s], dict) and set(state[s]) == set(parameters)
        for s in slots if s != "t")
    if not ok:
        raise ValueError(f"`state`: expected the dict of `init_state({name!r}, parameters)` "
                         f"or of the previous update, got {_describe(state)}.")
    return state


def _checked(name, parameters, state, lr, hyper):
    """Check one update's arguments; return the full hyperparameters."""
    lr = require_number("lr", lr, low=0.0, low_open=True)
    hyper = check_hyperparameters(name, hyper)
    _require_state(name, state, _require_parameters(parameters, need_grads=True))
    return {"lr": lr, **hyper}


# The update rules themselves, on checked arguments (`descent_path` checks once and then
# calls these at every step).
def _gd(parameters, state, lr):
    for p in parameters.values():
        p.data = p.data - lr * p.grad
    return {}


def _momentum(parameters, state, lr, beta):
    velocity = {}
    for k, p in parameters.items():
        velocity[k] = beta * state["v"][k] + (1.0 - beta) * p.grad
        p.data = p.data - lr * velocity[k]
    return {"v": velocity}


def _adam(parameters, state, lr, beta1, beta2, eps):
    t = int(state["t"]) + 1
    new = {"t": t, "v": {}, "s": {}}
    for k, p in parameters.items():
        v = beta1 * state["v"][k] + (1.0 - beta1) * p.grad
        s = beta2 * state["s"][k] + (1.0 - beta2) * p.grad ** 2
        v_hat, s_hat = v / (1.0 - beta1 ** t), s / (1.0 - beta2 ** t)
        p.data = p.data - lr * v_hat / (np.sqrt(s_hat) + eps)
        new["v"][k], new["s"][k] = v, s
    return new


_KERNELS = {"gd": _gd, "momentum": _momentum, "adam": _adam}


def gd_update(parameters, state, *, lr):
    """Gradient descent: ``w <- w - lr * dw``. Returns the state (``{}``)."""
    return _gd(parameters, state, **_checked("gd", parameters, state, lr, {}))


def momentum_update(parameters, state, *, lr, beta=0.9):
    """Momentum: ``v <- beta v + (1 - beta) dw``, ``w <- w - lr * v``. Returns the state."""
    return _momentum(parameters, state,
                     **_checked("momentum", parameters, state, lr, {"beta": beta}))


def adam_update(parameters, state, *, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction. Returns the state.

    .. math::
        t \\leftarrow t + 1, \\quad v \\leftarrow \\beta_1 v + (1 - \\beta_1)\\, dw, \\quad
        s \\leftarrow \\beta_2 s + (1 - \\beta_2)\\, dw^2, \\quad
        w \\leftarrow w - \\alpha \\frac{v / (1 - \\beta_1^t)}{\\sqrt{s / (1 - \\beta_2^t)}
        + \\varepsilon}
    """
    hyper = {"beta1": beta1, "beta2": beta2, "eps": eps}
    return _adam(parameters, state, **_checked("adam", parameters, state, lr, hyper))


#: Optimizer name -> its update function.
UPDATES = {"gd": gd_update, "momentum": momentum_update, "adam": adam_update}


def descent_path(cost, w0, steps, *, optimizer="adam", lr, stop_above=None, **hyper):
    """Minimize ``cost(w)`` from `w0`; return every value `w` took.

    Parameters
    ----------
    cost : callable
        ``cost(w) -> J``: the forward pass, from a Tensor `w` to a one-entry Tensor.
    w0 : float or array_like
        The start; `w` has its shape.
    steps : int
        Number of updates, >= 0.
    optimizer : {"gd", "momentum", "adam"}
    lr : float
        Learning rate, > 0.
    stop_above : float, optional
        Stop when some ``|w|`` exceeds it (divergence); the remaining entries are NaN.
    **hyper
        The optimizer's other hyperparameters (``beta``; ``beta1``, ``beta2``, ``eps``).

    Returns
    -------
    path : ndarray of shape (steps + 1, *np.shape(w0))
        ``path[0] = w0`` and ``path[k]`` the value after `k` updates.
    """
    require_choice("optimizer", optimizer, tuple(UPDATES))
    steps = require_int("steps", steps, low=0)
    if stop_above is not None:
        stop_above = require_number("stop_above", stop_above, low=0.0, low_open=True)
    w = Tensor(w0, name="w")
    parameters = {"w": w}
    state = init_state(optimizer, parameters)
    w.grad = np.zeros_like(w.data)  # only for the one check below
    hyper = _checked(optimizer, parameters, state, lr, hyper)
    update = _KERNELS[optimizer]
    path = np.full((steps + 1, *w.shape), np.nan)
    path[0] = w.data
    for k in range(1, steps + 1):
        w.grad = None
        J = cost(w)
        if not isinstance(J, Tensor):
            raise ValueError(f"`cost`: expected cost(w) to return a Tensor, got "
                             f"{_describe(J)}. Write it with Tensor operations.")
        J.backward()
        state = update(parameters, state, **hyper)
        if stop_above is not None and not np.all(np.abs(w.data) <= stop_above):
            break
        path[k] = w.data
    return path


def quadratic_cost(w, coefficients):
    """``J(w) = c0 w**2 + c1 w + c2`` for ``coefficients = (c0, c1, c2)``.

    Written with operators only, so `w` may be a float, an array (entry by entry) or a
    `Tensor` (then `J` is a Tensor whose `backward()` gives ``dJ/dw = 2 c0 w + c1``).
    """
    try:
        c0, c1, c2 = (float(c) for c in np.ravel(coefficients))
    except (TypeError, ValueError):
        raise ValueError(f"`coefficients`: expected three numbers (c0, c1, c2), got "
                         f"{_describe(coefficients)}.") from None
    return c0 * w ** 2 + c1 * w + c2
