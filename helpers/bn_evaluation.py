"""Forward passes of a batch-normalized ReLU network with any normalization, for experiments.

Notebook 05 evaluates one trained network several ways: with running averages (the
learner's `batchnorm_inference`), with the statistics of each small test batch (the
learner's `batchnorm_forward`), with the exact statistics of the whole training set. Each
way is a `normalize(l, Z) -> Z_tilde` callable handed to `forward_logits`, so the same
forward pass serves all of them, and the learner's functions or the library's alike.
"""

from __future__ import annotations

import numpy as np

from helpers._validate import require_int
from helpers.training import one_blas_thread

__all__ = [
    "accuracy_with",
    "batch_statistics_normalizer",
    "forward_logits",
    "full_batch_normalizer",
    "population_statistics",
    "running_statistics_normalizer",
]


def forward_logits(parameters, X, n_layers, normalize=None, watch=None):
    """Forward pass of a ReLU network whose hidden layers call `normalize` after ``W A + b``.

    .. math::
        Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \\quad
        A^{[l]} = \\mathrm{relu}(\\mathrm{normalize}(l, Z^{[l]})), \\quad
        Z^{[L]} = W^{[L]} A^{[L-1]} + b^{[L]}

    Parameters
    ----------
    parameters : dict
        ``"W<l>"`` (n[l], n[l-1]), ``"b<l>"`` (n[l], 1) and whatever `normalize` reads.
    X : ndarray of shape (n_x, m)
    n_layers : int
        L, the number of layers with weights.
    normalize : callable (l, Z) -> Z_tilde, optional
        Batch norm of hidden layer `l`; None for a network without batch norm.
    watch : int, optional
        A hidden layer whose input of the activation (Z, or Z_tilde with batch norm) is
        returned.

    Returns
    -------
    ZL : ndarray of shape (n[L], m)
        The output logits (the sigmoid's input).
    watched : ndarray of shape (n[watch], m) or None
    """
    A, watched = X, None
    for l in range(1, n_layers):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        if normalize is not None:
            Z = np.asarray(normalize(l, Z), dtype=float)
        if l == watch:
            watched = Z
        A = np.maximum(Z, 0.0)
    return parameters[f"W{n_layers}"] @ A + parameters[f"b{n_layers}"], watched


def batch_statistics_normalizer(parameters, forward, eps=1e-5):
    """`normalize(l, Z)` for `forward_logits` with the statistics of the batch `Z` itself.

    `forward` has the signature of `batchnorm_forward`: ``(Z, gamma, beta, eps) ->
    (Z_tilde, cache)``.
    """
    return lambda l, Z: forward(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"], eps)[0]


def running_statistics_normalizer(parameters, running, inference, eps=1e-5):
    """`normalize(l, Z)` for `forward_logits` with running statistics.

    `running` holds ``"mean<l>"`` and ``"var<l>"`` of shape (n[l], 1); `inference` has the
    signature of `batchnorm_inference`: ``(Z, gamma, beta, running_mean, running_var,
    eps) -> Z_tilde``.
    """
    return lambda l, Z: inference(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"],
                                  running[f"mean{l}"], running[f"var{l}"], eps)


def full_batch_normalizer(parameters, eps=1e-5):
    """`normalize(l, Z)` for `forward_logits`: batch norm with the statistics of `Z` itself.

    The library's formula without argument checks (the training monitor runs it at every
    record, on arrays straight from `train`); `parameters` holds ``"gamma<l>"`` and
    ``"beta<l>"`` of shape (n[l], 1).
    """
    def normalize(l, Z):
        mu = np.add.reduce(Z, axis=1, keepdims=True) / Z.shape[1]
        centered = Z - mu
        var = np.add.reduce(centered * centered, axis=1, keepdims=True) / Z.shape[1]
        return parameters[f"gamma{l}"] * centered / np.sqrt(var + eps) + parameters[f"beta{l}"]

    return normalize


def population_statistics(parameters, X, n_layers, eps=1e-5):
    """Every hidden layer's mean and (biased) variance of `Z` over the whole set `X`.

    The statistics running averages try to estimate: those of the final network on all
    training examples at once (layer by layer, each layer normalized with its own exact
    statistics before the next is measured).

    Parameters
    ----------
    parameters : dict
        With ``"gamma<l>"``, ``"beta<l>"`` for the hidden layers.
    X : ndarray of shape (n_x, m)
    n_layers : int
        L.
    eps : float

    Returns
    -------
    statistics : dict
        ``"mean<l>"``, ``"var<l>"`` : ndarray of shape (n[l], 1), as `replay_running_stats`.
    """
    statistics = {}
    normalize = full_batch_normalizer(parameters, eps)

    def measure(l, Z):
        statistics[f"mean{l}"] = Z.mean(axis=1, keepdims=True)
        statistics[f"var{l}"] = Z.var(axis=1, keepdims=True)
        return normalize(l, Z)

    forward_logits(parameters, X, n_layers, measure)
    return statistics


def accuracy_with(parameters, X, Y, n_layers, normalize=None, batch_size=None):
    """Fraction of correct 0/1 predictions, the test examples taken `batch_size` at a time.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    normalize : callable (l, Z) -> Z_tilde, optional
        See `forward_logits`. With batch statistics, each test batch is normalized with
        its own mean and variance, so a prediction depends on the other examples of its
        batch.
    batch_size : int, optional
        Default: all examples at once.

    Returns
    -------
    float
    """
    m = X.shape[1]
    size = m if batch_size is None else require_int("batch_size", batch_size, low=1)
    correct = 0
    # A diverged network (weights overflowed to inf or NaN) simply predicts badly.
    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, m, size):
            ZL, _ = forward_logits(parameters, X[:, start:start + size], n_layers, normalize)
            correct += int(np.sum((ZL > 0) == (Y[:, start:start + size] > 0.5)))
    return correct / m
