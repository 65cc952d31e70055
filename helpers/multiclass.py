"""Multi-class classification with a softmax output: labels, a small trainer, evaluation.

The library's stand-ins for notebook 06's exercises carry other names than the
exercises (`labels_to_one_hot` for `one_hot`, `argmax_one_hot` for `hardmax`,
`softmax_logit_gradient` for `softmax_backward`; the softmax itself is
`helpers.losses.softmax_probabilities`). `fit_softmax_classifier` trains a softmax
classifier, with or without one hidden layer, and takes the learner's `softmax` and
`softmax_backward` as arguments, so the notebook's figures and dashboard can run on the
learner's own functions.

Shapes follow the course: inputs `X` (n_x, m), one-hot labels `Y` (C, m), integer labels
`y` (m,), logits `Z` and probabilities `A` (C, m). The output gradient is per example,
``dZ = A - Y``; the `1/m` appears in ``dW = dZ A_prev.T / m``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers._validate import require_array, require_int, require_number
from helpers.losses import softmax_probabilities

__all__ = [
    "SoftmaxFit",
    "argmax_one_hot",
    "classifier_gradients",
    "classifier_logits",
    "confusion_matrix",
    "fit_softmax_classifier",
    "labels_to_one_hot",
    "softmax_logit_gradient",
]


def _require_labels(name, y, C):
    """Integer labels of shape (m,) in [0, C) as an int array, or `ValueError`."""
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"`{name}`: expected integer labels of shape (m,), got shape "
                         f"{arr.shape}. Flatten one-hot or (1, m) labels first.")
    if arr.size and not np.all(np.equal(np.mod(arr, 1), 0)):
        raise ValueError(f"`{name}`: expected integer labels, got values such as "
                         f"{arr[np.mod(arr, 1) != 0][0]!r}.")
    arr = arr.astype(int)
    bad = (arr < 0) | (arr >= C)
    if np.any(bad):
        raise ValueError(f"`{name}`: expected labels in [0, {C}) for C = {C}, got "
                         f"{int(arr[bad][0])} at index {int(np.flatnonzero(bad)[0])}.")
    return arr


def labels_to_one_hot(y, C):
    """One-hot matrix of integer labels, one example per column.

    .. math::
        Y_{k i} = 1 \\text{ if } y^{(i)} = k \\text{ else } 0

    Parameters
    ----------
    y : ndarray of shape (m,)
        Integer labels in [0, C).
    C : int
        Number of classes, >= 1.

    Returns
    -------
    Y : ndarray of shape (C, m)
        Float 0/1 entries; every column holds exactly one 1.
    """
    C = require_int("C", C, low=1)
    y = _require_labels("y", y, C)
    Y = np.zeros((C, y.size))
    Y[y, np.arange(y.size)] = 1.0
    return Y


def argmax_one_hot(Z):
    """One-hot matrix of each column's largest entry (the first one on ties).

    Parameters
    ----------
    Z : ndarray of shape (C, m)

    Returns
    -------
    ndarray of shape (C, m)
        Float 0/1 entries, one 1 per column.
    """
    Z = require_array("Z", Z, ndim=2, finite=False)
    out = np.zeros(Z.shape)
    out[np.argmax(Z, axis=0), np.arange(Z.shape[1])] = 1.0
    return out


def softmax_logit_gradient(AL, Y):
    """Per-example gradient of the cross-entropy of ``softmax(Z)`` with respect to `Z`.

    .. math::
        dZ = A^{[L]} - Y

    Parameters
    ----------
    AL : ndarray of shape (C, m)
        Softmax probabilities.
    Y : ndarray of shape (C, m)
        One-hot labels.

    Returns
    -------
    dZ : ndarray of shape (C, m)
    """
    AL = require_array("AL", AL, ndim=2)
    Y = require_array("Y", Y, shape=AL.shape)
    return AL - Y


def confusion_matrix(y_true, y_pred, C):
    """Counts of (true class, predicted class) pairs.

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (m,)
        Integer labels in [0, C).
    C : int

    Returns
    -------
    ndarray of shape (C, C), int
        Entry ``[k, j]`` counts the examples of class `k` predicted as class `j`; the
        diagonal holds the correct predictions.
    """
    C = require_int("C", C, low=1)
    y_true = _require_labels("y_true", y_true, C)
    y_pred = _require_labels("y_pred", y_pred, C)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"`y_pred`: expected shape {y_true.shape} to match `y_true`, got "
                         f"{y_pred.shape}.")
    counts = np.zeros((C, C), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


@dataclass(frozen=True)
class SoftmaxFit:
    """A trained softmax classifier.

    Attributes
    ----------
    parameters : dict
        ``"W1", "b1"`` (no hidden layer) or ``"W1", "b1", "W2", "b2"`` (one tanh hidden
        layer); ``W[l]`` of shape (n[l], n[l-1]), ``b[l]`` of shape (n[l], 1).
    costs : ndarray of shape (steps,)
        Mean cross-entropy before each step.
    """

    parameters: dict
    costs: np.ndarray

    @property
    def hidden_units(self):
        """Units of the hidden layer, 0 without one."""
        return self.parameters["W1"].shape[0] if "W2" in self.parameters else 0


def classifier_logits(parameters, X):
    """Output logits of a `SoftmaxFit`'s parameters.

    .. math::
        Z = W^{[1]} X + b^{[1]} \\quad\\text{or}\\quad
        Z = W^{[2]} \\tanh(W^{[1]} X + b^{[1]}) + b^{[2]}

    Parameters
    ----------
    parameters : dict
        From `fit_softmax_classifier`.
    X : ndarray of shape (n_x, m)

    Returns
    -------
    Z : ndarray of shape (C, m)
    """
    if not isinstance(parameters, dict) or "W1" not in parameters or "b1" not in parameters:
        raise ValueError("`parameters`: expected the dict of a `SoftmaxFit` ('W1', 'b1' and "
                         f"optionally 'W2', 'b2'), got {type(parameters).__name__}.")
    X = require_array("X", X, ndim=2, shape=(np.shape(parameters["W1"])[1], None))
    return _logits(parameters, X)


def _logits(P, X, keep=None):
    Z = P["W1"] @ X + P["b1"]
    if "W2" not in P:
        return Z
    A1 = np.tanh(Z)
    if keep is not None:
        keep["A1"] = A1
    return P["W2"] @ A1 + P["b2"]


def _checked_output(name, value, shape):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"`{name}`: expected it to return a numeric array of shape {shape}, "
                         f"got {type(value).__name__}.") from None
    if arr.shape != shape:
        raise ValueError(f"`{name}`: expected it to return shape {shape} (C, m), got "
                         f"{arr.shape}.")
    return arr


def _cost_and_grads(P, X, Y, softmax_fn, softmax_backward_fn):
    """Mean cross-entropy and its gradients (``"dW1"``, ``"db1"``, ...) at parameters `P`.

    One call of `softmax_fn` for the probabilities and one of `softmax_backward_fn` for
    the per-example ``dZ = A - Y``; the rest is the usual backpropagation.
    """
    C, m = Y.shape
    keep = {}
    A = _checked_output("softmax_fn", softmax_fn(_logits(P, X, keep)), (C, m))
    # -log of each example's true-class probability; `where` keeps log(0) out.
    true_p = np.sum(A * Y, axis=0)
    cost = -np.mean(np.log(true_p, out=np.full(m, -np.inf), where=true_p > 0))
    dZ = _checked_output("softmax_backward_fn", softmax_backward_fn(A, Y), (C, m))
    grads = {}
    if "W2" in P:
        A1 = keep["A1"]
        grads["dW2"], grads["db2"] = dZ @ A1.T / m, dZ.mean(axis=1, keepdims=True)
        dZ = (P["W2"].T @ dZ) * (1.0 - A1 ** 2)
    grads["dW1"], grads["db1"] = dZ @ X.T / m, dZ.mean(axis=1, keepdims=True)
    return float(cost), grads


def classifier_gradients(parameters, X, Y, *, softmax_fn=None, softmax_backward_fn=None):
    """Mean cross-entropy of a `SoftmaxFit`'s parameters and its gradients.

    .. math::
        dZ^{[L]} = A - Y, \\quad dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T}, \\quad
        db^{[l]} = \\frac{1}{m} \\sum_i dZ^{[l](i)}, \\quad
        dZ^{[1]} = W^{[2]T} dZ^{[2]} \\odot (1 - A^{[1]2})

    Parameters
    ----------
    parameters : dict
        ``"W1", "b1"`` and optionally ``"W2", "b2"`` (one tanh hidden layer).
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (C, m)
        One-hot labels.
    softmax_fn, softmax_backward_fn : callable, optional
        As in `fit_softmax_classifier`.

    Returns
    -------
    cost : float
    grads : dict
        ``"dW1", "db1"`` (and ``"dW2", "db2"``), each of its parameter's shape.
    """
    Z = classifier_logits(parameters, X)
    Y = require_array("Y", Y, shape=Z.shape)
    P = {k: require_array(f"parameters['{k}']", v, ndim=2) for k, v in parameters.items()}
    return _cost_and_grads(P, require_array("X", X, ndim=2), Y,
                           softmax_fn or softmax_probabilities,
                           softmax_backward_fn or softmax_logit_gradient)


def fit_softmax_classifier(X, Y, rng, *, hidden_units=0, steps=300, lr=0.05,
                           softmax_fn=None, softmax_backward_fn=None):
    """Train a softmax classifier with Adam on the full batch.

    Without a hidden layer the model is softmax regression, ``A = softmax(W X + b)``;
    with ``hidden_units > 0`` one tanh layer comes first. Every step calls `softmax_fn`
    once on the logits (C, m) and `softmax_backward_fn` once for ``dZ`` (C, m), then
    backpropagates ``dW = dZ A_prev.T / m``, ``db = mean(dZ)``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (C, m)
        One-hot labels.
    rng : numpy.random.Generator
        Draws the initial weights (Xavier, variance ``1 / n[l-1]``; biases 0).
    hidden_units : int
        >= 0; 0 means no hidden layer.
    steps : int
        Gradient steps, >= 1.
    lr : float
        Adam's learning rate, > 0 (``beta1 = 0.9``, ``beta2 = 0.999``).
    softmax_fn : callable, optional
        ``softmax(Z) -> A``, column-wise. Default: `helpers.losses.softmax_probabilities`.
    softmax_backward_fn : callable, optional
        ``softmax_backward(AL, Y) -> dZ``. Default: `softmax_logit_gradient`.

    Returns
    -------
    SoftmaxFit
    """
    X = require_array("X", X, ndim=2)
    Y = require_array("Y", Y, ndim=2)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"`Y`: expected {X.shape[1]} examples (columns) to match `X`, got "
                         f"shape {Y.shape}.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"`rng`: expected a numpy.random.Generator, got "
                         f"{type(rng).__name__}. Create one with `np.random.default_rng(seed)`.")
    hidden_units = require_int("hidden_units", hidden_units, low=0)
    steps = require_int("steps", steps, low=1)
    lr = require_number("lr", lr, low=0.0, low_open=True)
    for name, fn in (("softmax_fn", softmax_fn), ("softmax_backward_fn", softmax_backward_fn)):
        if fn is not None and not callable(fn):
            raise ValueError(f"`{name}`: expected a function or None, got {fn!r}.")
    softmax_fn = softmax_fn or softmax_probabilities
    softmax_backward_fn = softmax_backward_fn or softmax_logit_gradient
    C = Y.shape[0]
    dims = [X.shape[0], *([hidden_units] if hidden_units else []), C]
    P = {}
    for l in range(1, len(dims)):
        P[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        P[f"b{l}"] = np.zeros((dims[l], 1))
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in P.items()}
    costs = np.empty(steps)
    for step in range(1, steps + 1):
        costs[step - 1], grads = _cost_and_grads(P, X, Y, softmax_fn, softmax_backward_fn)
        for key, value in P.items():
            first, second = moments[key]
            g = grads[f"d{key}"]
            first *= 0.9
            first += 0.1 * g
            second *= 0.999
            second += 0.001 * g * g
            value -= lr * (first / (1 - 0.9 ** step)) / (
                np.sqrt(second / (1 - 0.999 ** step)) + 1e-8)
    return SoftmaxFit(P, costs)
