"""Argument checks of `helpers`: the one home of every validator of the library.

Each check raises `ValueError` with one message that names the argument, says what was
expected, what arrived, and (where one exists) the fix, and returns the argument in the
form the unchecked kernels expect (float arrays, a tuple of ints, ...). Keeping the
wording in one place keeps the messages uniform across the library.

The first section checks single values (arrays, numbers, choices, generators); the
second checks the arguments of a network (`layer_dims`, `parameters` against an
`MLPConfig`, inputs, labels, overrides, running statistics).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "OVERRIDE_KEYS",
    "check_bn_running",
    "check_inputs",
    "check_labels",
    "check_overrides",
    "check_parameters",
    "require_array",
    "require_array_dict",
    "require_choice",
    "require_instance",
    "require_int",
    "require_layer_dims",
    "require_number",
    "require_probabilities",
    "require_rng",
    "require_same_m",
]


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:200]


def require_array(name, value, *, ndim=None, shape=None, finite=True):
    """Return `value` as a float ndarray, or raise `ValueError`.

    Parameters
    ----------
    name : str
        Argument name used in the message.
    value : array_like
    ndim : int, optional
        Required number of dimensions.
    shape : tuple, optional
        Required shape; an entry of `None` accepts any length on that axis.
    finite : bool
        Reject NaN and infinity.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise ValueError(f"`{name}`: expected a numpy array, got {_describe(value)}.")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"`{name}`: expected a numeric array, got {_describe(value)}."
        ) from None
    if ndim is not None and arr.ndim != ndim:
        fix = ""
        if ndim == 2 and arr.ndim == 1:
            fix = (
                " Reshape it to a column with `x.reshape(-1, 1)` or a row with "
                "`x.reshape(1, -1)`: a 1-D array broadcasts the wrong way silently."
            )
        raise ValueError(
            f"`{name}`: expected a {ndim}-D array, got a {arr.ndim}-D array of shape "
            f"{arr.shape}.{fix}"
        )
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            want is None or want == got for want, got in zip(shape, arr.shape)
        )
        if not ok:
            shown = tuple("any" if s is None else s for s in shape)
            raise ValueError(f"`{name}`: expected shape {shown}, got {arr.shape}.")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"`{name}`: expected finite values, got NaN or infinity.")
    return arr


def require_number(name, value, *, low=None, high=None, low_open=False, high_open=False):
    """Return `value` as a float inside the interval, or raise `ValueError`.

    `low_open` / `high_open` exclude the end point.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"`{name}`: expected a real number, got {_describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"`{name}`: expected a finite number, got {value}.")
    bad_low = low is not None and (value <= low if low_open else value < low)
    bad_high = high is not None and (value >= high if high_open else value > high)
    if bad_low or bad_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(
            f"`{name}`: expected a value in {left}{lo}, {hi}{right}, got {value}."
        )
    return value


def require_int(name, value, *, low=None, high=None):
    """Return `value` as an int in `[low, high]`, or raise `ValueError`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"`{name}`: expected an integer, got {_describe(value)}.")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"`{name}`: expected an integer in [{lo}, {hi}], got {value}.")
    return value


def require_choice(name, value, choices):
    """Return `value` if it is one of `choices`, or raise `ValueError`."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"`{name}`: expected one of {listed}, got {value!r}.")
    return value


def require_same_m(name_a, a, name_b, b):
    """Raise `ValueError` unless `a` and `b` hold the same number of examples (columns)."""
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"`{name_b}`: expected {a.shape[-1]} examples (columns) to match "
            f"`{name_a}` of shape {a.shape}, got shape {b.shape}. Examples are columns: "
            f"did you pass the rows convention (m, n) instead of (n, m)?"
        )


def require_probabilities(name, P):
    """Raise `ValueError` unless the checked array `P` holds values in [0, 1]."""
    if P.size and (P.min() < 0.0 or P.max() > 1.0):
        raise ValueError(
            f"`{name}`: expected probabilities in [0, 1], got values in "
            f"[{P.min():.3g}, {P.max():.3g}]. Did you pass the pre-activation `Z`? "
            "Use the `*_from_logits` cost for it."
        )


def require_rng(rng, name="rng"):
    """Return `rng` if it is a `numpy.random.Generator`, or raise `ValueError`."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"`{name}`: expected a numpy.random.Generator, got {type(rng).__name__}. "
            "Create one with `rng = np.random.default_rng(seed)`."
        )
    return rng


def require_instance(name, value, cls):
    """Return `value` if it is an instance of `cls`, or raise `ValueError`."""
    if not isinstance(value, cls):
        raise ValueError(f"`{name}`: expected {cls.__name__}, got {type(value).__name__}.")
    return value


def require_array_dict(name, value):
    """Return a non-empty dict of arrays (e.g. `parameters`) as float arrays."""
    if not isinstance(value, dict) or not value:
        raise ValueError(
            f"`{name}`: expected a non-empty dict like {{'W1': ..., 'b1': ...}}, "
            f"got {type(value).__name__}."
        )
    return {k: require_array(f"{name}['{k}']", v) for k, v in value.items()}


# -- the arguments of a network ----------------------------------------------------------
OVERRIDE_KEYS = ("dropout_forward", "dropout_backward", "batchnorm_forward", "batchnorm_backward")


def require_layer_dims(layer_dims, name="layer_dims"):
    """Return `layer_dims` as a tuple of positive ints, or raise `ValueError`."""
    ok = isinstance(layer_dims, (list, tuple)) and len(layer_dims) >= 2
    ok = ok and all(
        isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1
        for n in layer_dims
    )
    if not ok:
        raise ValueError(
            f"`{name}`: expected a list [n_x, n_1, ..., n_L] of at least 2 positive "
            f"integers, got {layer_dims!r}."
        )
    return tuple(int(n) for n in layer_dims)


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
