"""Gradient-descent optimizers with hyperparameters and state kept apart.

Every optimizer is a function ``step(parameters, grads, state, *, lr, **hyper)
-> (parameters, state)``: `state` holds only what the optimizer accumulates (velocities,
squared-gradient averages, the step count); hyperparameters are keyword arguments.
The public `*_step` functions never modify their arguments: they return new dicts of new
arrays. The training loop instead calls the private in-place kernels (`_IN_PLACE_UPDATES`)
on its own private copy of the parameters, which saves an allocation per array per step.

`state` layout (keys are the parameter keys, e.g. ``"W1"``, not ``"dW1"``):

- ``"gd"``: ``{}``
- ``"momentum"``: ``{"v": {key: ndarray}}``
- ``"rmsprop"``: ``{"s": {key: ndarray}}``
- ``"adam"``: ``{"t": int, "v": {key: ndarray}, "s": {key: ndarray}}``
"""

from __future__ import annotations

import math

import numpy as np

from helpers._validate import require_array, require_array_dict, require_choice, require_number

__all__ = [
    "OPTIMIZERS",
    "OPTIMIZER_DEFAULTS",
    "adam_step",
    "check_hyperparameters",
    "gd_step",
    "init_optimizer_state",
    "momentum_step",
    "rmsprop_step",
]

OPTIMIZER_DEFAULTS = {
    "gd": {},
    "momentum": {"beta": 0.9},
    "rmsprop": {"beta2": 0.999, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}

_STATE_SLOTS = {"gd": (), "momentum": ("v",), "rmsprop": ("s",), "adam": ("v", "s")}


def init_optimizer_state(name, parameters):
    """Zero state of optimizer `name` for these parameters.

    Parameters
    ----------
    name : {"gd", "momentum", "rmsprop", "adam"}
    parameters : dict of ndarray
        The arrays' shapes are copied into the state.

    Returns
    -------
    state : dict
        See the module docstring for the layout.
    """
    require_choice("name", name, tuple(OPTIMIZER_DEFAULTS))
    parameters = require_array_dict("parameters", parameters)
    state = {slot: {k: np.zeros_like(p) for k, p in parameters.items()}
             for slot in _STATE_SLOTS[name]}
    if name == "adam":
        state["t"] = 0
    return state


def check_hyperparameters(name, hyper):
    """Return the full hyperparameters of optimizer `name`: defaults updated by `hyper`.

    Raises
    ------
    ValueError
        For an unknown optimizer or key, a decay rate outside [0, 1) or ``eps <= 0``.
    """
    require_choice("optimizer", name, tuple(OPTIMIZER_DEFAULTS))
    allowed = OPTIMIZER_DEFAULTS[name]
    if not isinstance(hyper, dict):
        raise ValueError(f"`hyper`: expected a dict, got {type(hyper).__name__}.")
    for key in hyper:
        require_choice(f"hyper key for {name!r}", key, tuple(allowed))
    full = {**allowed, **hyper}
    for key, value in full.items():
        if key == "eps":
            full[key] = require_number(key, value, low=0.0, low_open=True)
        else:
            full[key] = require_number(key, value, low=0.0, high=1.0, high_open=True)
    return full


def _copy_for_step(name, parameters, grads, state):
    """Validate one public step's arguments and return copies the kernel may overwrite."""
    parameters = require_array_dict("parameters", parameters)
    if not isinstance(grads, dict):
        raise ValueError(
            f"`grads`: expected a dict like {{'dW1': ...}}, got {type(grads).__name__}."
        )
    for key, p in parameters.items():
        if "d" + key not in grads:
            raise ValueError(
                f"`grads`: expected a key 'd{key}' for parameter '{key}', "
                f"got keys {sorted(grads)}."
            )
        require_array(f"grads['d{key}']", grads["d" + key], shape=p.shape)
    if not isinstance(state, dict) or not all(s in state for s in _STATE_SLOTS[name]):
        raise ValueError(
            f"`state`: expected the dict from `init_optimizer_state({name!r}, parameters)`, "
            f"got {state!r}"[:300]
        )
    new_state = {}
    for slot in _STATE_SLOTS[name]:
        new_state[slot] = {
            k: require_array(f"state['{slot}']['{k}']", state[slot].get(k), shape=p.shape).copy()
            for k, p in parameters.items()
        }
    if name == "adam":
        new_state["t"] = int(state.get("t", 0))
    return {k: p.copy() for k, p in parameters.items()}, new_state


def _gd_update(parameters, grads, state, lr):
    for key, p in parameters.items():
        p -= lr * grads["d" + key]


def _momentum_update(parameters, grads, state, lr, beta):
    velocities = state["v"]
    for key, p in parameters.items():
        v = velocities[key]
        v *= beta
        v += (1.0 - beta) * grads["d" + key]
        p -= lr * v


def _rmsprop_update(parameters, grads, state, lr, beta2, eps):
    squares = state["s"]
    for key, p in parameters.items():
        g, s = grads["d" + key], squares[key]
        s *= beta2
        s += (1.0 - beta2) * (g * g)
        step = np.sqrt(s)
        step += eps
        np.divide(g, step, out=step)
        step *= lr
        p -= step


def _adam_update(parameters, grads, state, lr, beta1, beta2, eps):
    state["t"] += 1
    t = state["t"]
    # Bias corrections as scalars: with c1 = 1 - beta1^t and c2 = 1 - beta2^t,
    #   (v / c1) / (sqrt(s / c2) + eps) = (sqrt(c2) / c1) * v / (sqrt(s) + eps * sqrt(c2)),
    # so no corrected copies of `v` and `s` are made and one scratch array serves the step.
    c1 = 1.0 - beta1**t
    sqrt_c2 = math.sqrt(1.0 - beta2**t)
    for key, p in parameters.items():
        g, v, s = grads["d" + key], state["v"][key], state["s"][key]
        scratch = g - v
        scratch *= 1.0 - beta1
        v += scratch  # v <- beta1 v + (1 - beta1) g
        np.multiply(g, g, out=scratch)
        scratch *= 1.0 - beta2
        s *= beta2
        s += scratch  # s <- beta2 s + (1 - beta2) g^2
        np.sqrt(s, out=scratch)
        scratch += eps * sqrt_c2
        np.divide(v, scratch, out=scratch)
        scratch *= lr * sqrt_c2 / c1
        p -= scratch


_IN_PLACE_UPDATES = {
    "gd": _gd_update,
    "momentum": _momentum_update,
    "rmsprop": _rmsprop_update,
    "adam": _adam_update,
}


def _public_step(name, parameters, grads, state, lr, hyper):
    lr = require_number("lr", lr, low=0.0, low_open=True)
    hyper = check_hyperparameters(name, hyper)
    parameters, state = _copy_for_step(name, parameters, grads, state)
    _IN_PLACE_UPDATES[name](parameters, grads, state, lr, **hyper)
    return parameters, state


def gd_step(parameters, grads, state, *, lr):
    """One step of gradient descent: ``W <- W - lr * dW``.

    Parameters
    ----------
    parameters : dict of ndarray
        ``"W1", "b1", ...``; every key ``k`` needs a gradient ``grads["d" + k]`` of the
        same shape.
    grads : dict of ndarray
    state : dict
        ``{}`` (gradient descent keeps no state).
    lr : float
        Learning rate, > 0.

    Returns
    -------
    parameters, state : dict
        New dicts of new arrays; the arguments are not modified.
    """
    return _public_step("gd", parameters, grads, state, lr, {})


def momentum_step(parameters, grads, state, *, lr, beta=0.9):
    """One step of gradient descent with momentum.

    .. math::
        v \\leftarrow \\beta v + (1 - \\beta)\\, dW, \\quad W \\leftarrow W - \\alpha v

    Parameters are as for `gd_step`; ``state = {"v": {key: ndarray}}`` and
    `beta` in [0, 1) averages over roughly ``1 / (1 - beta)`` steps.
    """
    return _public_step("momentum", parameters, grads, state, lr, {"beta": beta})


def rmsprop_step(parameters, grads, state, *, lr, beta2=0.999, eps=1e-8):
    """One step of RMSprop.

    .. math::
        s \\leftarrow \\beta_2 s + (1 - \\beta_2)\\, dW^2, \\quad
        W \\leftarrow W - \\alpha \\frac{dW}{\\sqrt{s} + \\varepsilon}

    Parameters are as for `gd_step`; ``state = {"s": {key: ndarray}}``.
    """
    return _public_step("rmsprop", parameters, grads, state, lr, {"beta2": beta2, "eps": eps})


def adam_step(parameters, grads, state, *, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of Adam with bias correction.

    .. math::
        t \\leftarrow t + 1, \\quad
        v \\leftarrow \\beta_1 v + (1 - \\beta_1) dW, \\quad
        s \\leftarrow \\beta_2 s + (1 - \\beta_2) dW^2, \\\\
        W \\leftarrow W - \\alpha \\frac{v / (1 - \\beta_1^t)}
            {\\sqrt{s / (1 - \\beta_2^t)} + \\varepsilon}

    On the first step the corrected averages are ``dW`` and ``dW**2``, so every entry
    moves by ``lr * sign(dW)`` (up to `eps`).

    Parameters are as for `gd_step`; ``state = {"t": int, "v": {...}, "s": {...}}``.
    """
    hyper = {"beta1": beta1, "beta2": beta2, "eps": eps}
    return _public_step("adam", parameters, grads, state, lr, hyper)


OPTIMIZERS = {
    "gd": gd_step,
    "momentum": momentum_step,
    "rmsprop": rmsprop_step,
    "adam": adam_step,
}
