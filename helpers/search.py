"""Hyperparameter search spaces: sampling on the right scale, grids, random points, zoom.

A search `space` is a dict ``name -> (low, high, scale)``; `scale` says how values are
spread between the bounds:

- ``"linear"``: uniform on ``[low, high]``;
- ``"log"``: uniform in ``log10(value)``, for quantities whose order of magnitude matters
  (a learning rate from ``1e-4`` to ``1``: ``alpha = 10**r`` with ``r`` uniform in
  ``[-4, 0]``); needs ``0 < low < high``;
- ``"ewa"``: for the ``beta`` of an exponentially weighted average, uniform in
  ``log10(1 - beta)``, because the window ``1 / (1 - beta)`` is what matters; needs
  ``0 <= low < high < 1``;
- ``"int"``: uniform integers of ``[low, high]``, both ends included.

Every axis has a *position* ``t`` on its own scale (`to_scale`): the value itself, its
``log10``, or ``log10(1 - beta)``. Grids are evenly spaced in ``t``, random points uniform
in ``t``, and `helpers.coarse_to_fine` measures spans in ``t``.

These are the library's versions of the exercises of notebook 04 (under other names):
the dashboards and demos use them while a learner's own are not done.
"""

from __future__ import annotations

import itertools

import numpy as np

from ._validate import require_int, require_number, require_rng

__all__ = [
    "SCALES",
    "averaging_window",
    "check_space",
    "distinct_values",
    "ewa_betas",
    "from_scale",
    "grid_over",
    "log_uniform",
    "random_over",
    "to_scale",
]

SCALES = ("linear", "log", "ewa", "int")


def check_space(space):
    """Return a checked copy of `space`: ``{name: (low, high, scale)}`` with valid bounds.

    Raises
    ------
    ValueError
        Naming the axis, what was expected and what arrived: a non-dict, an unknown
        scale, ``low >= high``, non-positive bounds on a log axis, ``beta`` bounds
        outside ``[0, 1)`` on an ewa axis, non-integer bounds on an int axis.
    """
    if not isinstance(space, dict) or not space:
        raise ValueError(f"`space`: expected a non-empty dict name -> (low, high, scale), "
                         f"got {type(space).__name__} {space!r}"[:300] + ".")
    checked = {}
    for name, axis in space.items():
        where = f"space[{name!r}]"
        if not isinstance(axis, (tuple, list)) or len(axis) != 3:
            raise ValueError(f"`{where}`: expected a tuple (low, high, scale), got {axis!r}.")
        low, high, scale = axis
        if scale not in SCALES:
            raise ValueError(f"`{where}`: expected a scale among {', '.join(map(repr, SCALES))}, "
                             f"got {scale!r}.")
        low = require_number(f"{where} low", low)
        high = require_number(f"{where} high", high)
        if not low < high:
            raise ValueError(f"`{where}`: expected low < high, got low = {low:g}, "
                             f"high = {high:g}.")
        if scale == "log" and low <= 0:
            raise ValueError(f"`{where}`: a log axis needs 0 < low, got low = {low:g}; "
                             f"log10 of a non-positive number is undefined.")
        if scale == "ewa" and not (low >= 0 and high < 1):
            raise ValueError(f"`{where}`: an ewa axis needs 0 <= low < high < 1 (beta of an "
                             f"average), got ({low:g}, {high:g}).")
        if scale == "int":
            if not (float(low).is_integer() and float(high).is_integer()):
                raise ValueError(f"`{where}`: an int axis needs integer bounds, got "
                                 f"({low:g}, {high:g}).")
            low, high = int(low), int(high)
        checked[name] = (low, high, scale)
    return checked


def to_scale(values, scale):
    """Positions of `values` on an axis's own scale (value, log10, or log10(1 - beta))."""
    values = np.asarray(values, dtype=float)
    if scale == "log":
        return np.log10(values)
    if scale == "ewa":
        return np.log10(1.0 - values)
    return values


def from_scale(t, scale):
    """Inverse of `to_scale` (no rounding for int axes)."""
    t = np.asarray(t, dtype=float)
    if scale == "log":
        return 10.0 ** t
    if scale == "ewa":
        return 1.0 - 10.0 ** t
    return t


def log_uniform(low, high, size, rng):
    """Draw ``10**r`` with ``r`` uniform in ``[log10(low), log10(high)]``.

    Parameters
    ----------
    low, high : float
        ``0 < low < high``.
    size : int or tuple of int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape `size`
        Every decade of ``[low, high]`` receives the same share of the draws.
    """
    low = require_number("low", low, low=0.0, low_open=True)
    high = require_number("high", high, low=low, low_open=True)
    r = require_rng(rng).uniform(np.log10(low), np.log10(high), size)
    return 10.0 ** r


def ewa_betas(low, high, size, rng):
    """Draw ``beta = 1 - 10**r`` with ``r`` uniform in ``[log10(1-high), log10(1-low)]``.

    Parameters
    ----------
    low, high : float
        ``0 <= low < high < 1``.
    size : int or tuple of int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape `size`
        ``1 - beta`` is log-uniform: windows ``1 / (1 - beta)`` of 10 to 100 values are as
        likely as windows of 100 to 1000.
    """
    low = require_number("low", low, low=0.0)
    high = require_number("high", high, low=low, high=1.0, low_open=True, high_open=True)
    r = require_rng(rng).uniform(np.log10(1.0 - high), np.log10(1.0 - low), size)
    return 1.0 - 10.0 ** r


def averaging_window(beta):
    """``1 / (1 - beta)``: about how many recent values an average with this `beta` covers."""
    return 1.0 / (1.0 - np.asarray(beta, dtype=float)) if np.ndim(beta) else 1.0 / (1.0 - beta)


def _axis_values(low, high, scale, n):
    t = np.linspace(to_scale(low, scale), to_scale(high, scale), n)
    values = from_scale(t, scale)
    if scale == "int":
        # Evenly spaced reals, rounded; a value met twice (more points than integers)
        # is kept once.
        return [int(v) for v in np.unique(np.round(values))]
    values[0], values[-1] = low, high  # exact ends, free of round-off
    return [float(v) for v in values]


def grid_over(space, n_per_axis):
    """Cartesian product of `n_per_axis` evenly spaced values per axis, ends included.

    Spacing is even on each axis's own scale (see the module docstring); int axes round
    evenly spaced reals and keep each integer once.

    Returns
    -------
    list of dict
        ``n_per_axis ** len(space)`` points (fewer when an int axis has fewer integers).
    """
    space = check_space(space)
    n = require_int("n_per_axis", n_per_axis, low=2)
    axes = {name: _axis_values(low, high, scale, n) for name, (low, high, scale) in space.items()}
    return [dict(zip(axes, combo)) for combo in itertools.product(*axes.values())]


def _sample_axis(low, high, scale, n, rng):
    if scale == "int":
        return [int(v) for v in rng.integers(low, high + 1, size=n)]
    if scale == "log":
        values = log_uniform(low, high, n, rng)
    elif scale == "ewa":
        values = ewa_betas(low, high, n, rng)
    else:
        values = rng.uniform(low, high, n)
    return [float(v) for v in values]


def random_over(space, n, rng):
    """`n` random points, every axis drawn independently on its own scale.

    Returns
    -------
    list of n dict
    """
    space = check_space(space)
    n = require_int("n", n, low=0)
    require_rng(rng)
    columns = {name: _sample_axis(low, high, scale, n, rng)
               for name, (low, high, scale) in space.items()}
    return [{name: columns[name][i] for name in columns} for i in range(n)]


def distinct_values(points, name):
    """How many different values axis `name` takes in `points` (a list of dicts)."""
    return len({float(p[name]) for p in points})
