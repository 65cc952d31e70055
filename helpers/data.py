"""Datasets in the course's columns convention.

This module is the only place that converts between scikit-learn's rows convention
(`X` of shape (m, n)) and the course's columns convention (`X` of shape (n, m)).
Every loader takes an explicit `rng` and derives scikit-learn's `random_state` from it,
so one seed reproduces a whole notebook.

Binary datasets return `X` of shape (2, m) and `Y` of shape (1, m) with values 0.0 / 1.0.
Multi-class datasets return `X` of shape (n, m) and integer labels `y` of shape (m,).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import numpy as np

from ._validate import require_int, require_number, require_rng

__all__ = [
    "load_digits",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_spirals",
    "train_dev_split",
]


def _sk():
    # scikit-learn (and scipy behind it) costs ~85 MiB and ~1 s to import; only the
    # loaders need it, so `import helpers` stays light.
    from sklearn import datasets

    return datasets


def _seed(rng):
    """A scikit-learn `random_state` drawn from the course's generator `rng`."""
    return int(require_rng(rng).integers(2**31 - 1))


def _binary(X_rows, y):
    return np.ascontiguousarray(X_rows.T, dtype=float), y.astype(float).reshape(1, -1)


def make_moons(m=400, noise=0.2, *, rng):
    """Two interleaving half circles.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), values 0.0 or 1.0
    """
    m = require_int("m", m, low=2)
    noise = require_number("noise", noise, low=0.0)
    X, y = _sk().make_moons(n_samples=m, noise=noise, random_state=_seed(rng))
    return _binary(X, y)


def make_circles(m=400, noise=0.1, factor=0.5, *, rng):
    """A small circle inside a large one (`factor` is the ratio of radii).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), 1.0 for the inner circle
    """
    m = require_int("m", m, low=2)
    noise = require_number("noise", noise, low=0.0)
    factor = require_number("factor", factor, low=0.0, high=1.0, low_open=True, high_open=True)
    X, y = _sk().make_circles(n_samples=m, noise=noise, factor=factor, random_state=_seed(rng))
    return _binary(X, y)


def make_spirals(m=400, noise=0.2, turns=1.5, *, rng):
    """Two interleaved Archimedean spirals: hard for a linear model, easy for an MLP.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), values 0.0 or 1.0
    """
    m = require_int("m", m, low=2)
    noise = require_number("noise", noise, low=0.0)
    turns = require_number("turns", turns, low=0.0, low_open=True)
    y = np.arange(m) % 2
    t = rng.uniform(0.15, 1.0, size=m)
    angle = 2 * np.pi * turns * t + np.pi * y
    X = np.stack([t * np.cos(angle), t * np.sin(angle)]) * 2.0
    X += noise * 0.25 * rng.standard_normal(X.shape)
    return X, y.astype(float).reshape(1, -1)


def make_blobs(m=400, C=3, spread=1.0, *, rng):
    """`C` Gaussian clusters in the plane, for multi-class examples.

    Returns
    -------
    X : ndarray of shape (2, m)
    y : ndarray of shape (m,), integers in [0, C)
    """
    m = require_int("m", m, low=2)
    C = require_int("C", C, low=2)
    spread = require_number("spread", spread, low=0.0, low_open=True)
    X, y = _sk().make_blobs(n_samples=m, centers=C, cluster_std=spread,
                          random_state=_seed(rng))
    return np.ascontiguousarray(X.T, dtype=float), y.astype(int)


@functools.lru_cache(maxsize=1)
def _digits():
    # The digits ship with scikit-learn as a CSV; reading it directly skips importing
    # scikit-learn and scipy (~1 s in every kernel and every fresh grading process).
    # Should a release move the file, the library's own loader still answers.
    spec = importlib.util.find_spec("sklearn")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            table = np.loadtxt(path, delimiter=",")
            data, target = table[:, :-1], table[:, -1].astype(int)
            return data, target, data.reshape(-1, 8, 8)
    bunch = _sk().load_digits()
    return bunch.data, bunch.target, bunch.images


def load_digits():
    """The scikit-learn 8x8 handwritten digits (1,797 images, 10 classes).

    Pixel values are scaled from 0..16 to [0, 1]. The data ships with scikit-learn,
    so no download is needed.

    Returns
    -------
    X : ndarray of shape (64, m), m = 1797
        One flattened image per column (row-major 8x8 pixels).
    y : ndarray of shape (m,), integers in [0, 10)
    """
    data, target, _ = _digits()
    return np.ascontiguousarray(data.T / 16.0), target.astype(int).copy()


def train_dev_split(X, Y, dev_fraction=0.25, *, rng):
    """Shuffle the examples (columns) and split off a dev set.

    Infrastructure for demos; the graded `split_dataset` exercise is the learner's.

    Parameters
    ----------
    X : ndarray of shape (n, m)
    Y : ndarray of shape (k, m) or (m,)
    dev_fraction : float in (0, 1)

    Returns
    -------
    X_train, Y_train, X_dev, Y_dev
    """
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2:
        raise ValueError(f"`X`: expected a 2-D array (n, m), got shape {X.shape}.")
    if Y.shape[-1] != X.shape[1]:
        raise ValueError(f"`Y`: expected {X.shape[1]} examples (last axis) to match `X`, "
                         f"got shape {Y.shape}.")
    dev_fraction = require_number("dev_fraction", dev_fraction, low=0.0, high=1.0,
                                  low_open=True, high_open=True)
    m = X.shape[1]
    order = rng.permutation(m)
    n_dev = max(1, int(round(dev_fraction * m)))
    dev, train = order[:n_dev], order[n_dev:]
    return X[:, train], Y[..., train], X[:, dev], Y[..., dev]
