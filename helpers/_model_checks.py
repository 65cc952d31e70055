"""Argument checks shared by `helpers.model` and `helpers.training` (private).

Each returns its argument as float arrays of the expected shapes or raises `ValueError`
naming the argument; the public functions call them once, before the unchecked engine.
"""

from __future__ import annotations

from helpers._validate import require_array, require_choice, require_same_m

OVERRIDE_KEYS = ("dropout_forward", "dropout_backward", "batchnorm_forward", "batchnorm_backward")


def check_parameters(parameters, config):
    """Return `parameters` as float arrays after checking every key and shape against `config`."""
    if not isinstance(parameters, dict):
        raise ValueError(
            f"`parameters`: expected a dict like {{'W1': ..., 'b1': ...}}, got "
            f"{type(parameters).__name__}."
        )
    dims, checked = config.layer_dims, {}
    for l in range(1, config.L + 1):
        shapes = {f"W{l}": (dims[l], dims[l - 1]), f"b{l}": (dims[l], 1)}
        if config.batch_norm and l < config.L:
            shapes.update({f"gamma{l}": (dims[l], 1), f"beta{l}": (dims[l], 1)})
        for key, shape in shapes.items():
            if key not in parameters:
                raise ValueError(
                    f"`parameters`: expected a key {key!r} of shape {shape} for "
                    f"layer_dims {list(dims)}, got keys {sorted(parameters)}."
                )
            value = require_array(f"parameters['{key}']", parameters[key], ndim=2)
            checked[key] = require_array(f"parameters['{key}']", value, shape=shape)
    return checked


def check_inputs(X, config, name="X"):
    """`X` as a float array of shape (n_x, m)."""
    return require_array(name, X, ndim=2, shape=(config.layer_dims[0], None))


def check_labels(Y, X, config, name="Y", X_name="X"):
    """`Y` as a float array of shape (n[L], m) matching the examples of `X`."""
    Y = require_array(name, Y, ndim=2)
    require_same_m(X_name, X, name, Y)
    return require_array(name, Y, shape=(config.layer_dims[-1], X.shape[1]))


def check_overrides(overrides):
    """The override callables as a dict (empty when `overrides` is None)."""
    if overrides is None:
        return {}
    if not isinstance(overrides, dict):
        raise ValueError(f"`overrides`: expected a dict or None, got {type(overrides).__name__}.")
    for key, func in overrides.items():
        require_choice("overrides key", key, OVERRIDE_KEYS)
        if not callable(func):
            raise ValueError(f"`overrides['{key}']`: expected a function, got {func!r}.")
    if ("batchnorm_forward" in overrides) != ("batchnorm_backward" in overrides):
        raise ValueError(
            "`overrides`: 'batchnorm_forward' and 'batchnorm_backward' must be given "
            "together, because the backward pass reads the forward pass's cache."
        )
    return dict(overrides)


def check_bn_running(bn_running, config):
    """Checked running statistics (needed by batch norm in evaluation mode)."""
    if not isinstance(bn_running, dict):
        raise ValueError(
            "`bn_running`: expected the running statistics of a batch-norm model (the "
            f"`bn_running` of `train`'s result), got {type(bn_running).__name__}."
        )
    checked = {}
    for l in range(1, config.L):
        for stat in ("mean", "var"):
            key = f"{stat}{l}"
            checked[key] = require_array(f"bn_running['{key}']", bn_running.get(key),
                                         shape=(config.layer_dims[l], 1))
    return checked
