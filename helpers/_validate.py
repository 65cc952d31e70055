"""Argument validation shared by every public function of `helpers`.

Each helper raises `ValueError` with one message that names the argument, says what
was expected, what arrived, and (where one exists) the fix. Keeping the wording in
one place keeps the messages uniform across the library.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "require_array",
    "require_choice",
    "require_int",
    "require_number",
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
