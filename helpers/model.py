"""A fully connected network (MLP): configuration, forward and backward pass, predictions.

Layers ``l = 1 .. L-1`` compute ``Z = W A_prev + b``, optionally batch norm, the hidden
activation, and during training optionally inverted dropout; layer L computes the output
activation (sigmoid, softmax or linear) whose cost gives ``dZ[L] = AL - Y`` per example.
The arithmetic lives in `helpers._mlp_engine`; this module checks arguments and converts
between the course's parameters dict and the engine's packed layout.

`overrides` lets a notebook run the model with a learner's own functions, which must have
the exercise catalogue's signatures:

- ``"dropout_forward"``: ``(A, keep_prob, rng) -> (A_drop, mask)``
- ``"dropout_backward"``: ``(dA, mask, keep_prob) -> dA``
- ``"batchnorm_forward"``: ``(Z, gamma, beta, eps) -> (Z_tilde, cache)``
- ``"batchnorm_backward"``: ``(dZ_tilde, cache) -> (dZ, dgamma, dbeta)``, with
  ``dgamma``/``dbeta`` the gradients of the mean cost (see `helpers.batchnorm`).

A missing key falls back to the library's own implementation; the two batch-norm functions
come as a pair, since the backward pass reads the forward pass's cache.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers import _mlp_engine as engine
from helpers._validate import (
    OVERRIDE_KEYS,
    check_bn_running,
    check_inputs,
    check_labels,
    check_overrides,
    check_parameters,
    require_array,
    require_choice,
    require_instance,
    require_layer_dims,
    require_number,
    require_rng,
    require_same_m,
)
from helpers.activations import ACTIVATIONS
from helpers.initializers import INIT_SCHEMES
from helpers.losses import (
    _l2_penalty,
    binary_cross_entropy,
    categorical_cross_entropy,
    squared_error_cost,
)

__all__ = [
    "MLPConfig",
    "OUTPUTS",
    "OVERRIDE_KEYS",
    "accuracy",
    "model_backward",
    "model_cost",
    "model_forward",
    "predict",
    "predict_proba",
]

OUTPUTS = ("sigmoid", "softmax", "linear")


@dataclass(frozen=True)
class MLPConfig:
    """Architecture and regularization of an MLP (immutable; `layer_dims` becomes a tuple).

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``.
    hidden_activation : {"relu", "tanh", "sigmoid", "linear"}
    output : {"sigmoid", "softmax", "linear"}
        "sigmoid" with binary cross-entropy and labels `Y` of shape (n[L], m) in {0, 1};
        "softmax" with categorical cross-entropy and one-hot `Y` of shape (C, m), C >= 2;
        "linear" with half the mean squared error (regression).
    init : str
        An `INIT_SCHEMES` entry, used with `init_scale` by `helpers.training.train`.
    init_scale : float
        > 0.
    l2 : float
        L2 strength ``lambd`` >= 0.
    keep_prob : float
        Inverted-dropout keep probability of the hidden layers, in (0, 1].
    batch_norm : bool
        Batch-normalize the hidden layers' `Z`.
    bn_momentum : float
        Running-statistics momentum in [0, 1] (see `helpers.batchnorm.bn_running_update`).
    bn_eps : float
        > 0.
    """

    layer_dims: tuple
    hidden_activation: str = "relu"
    output: str = "sigmoid"
    init: str = "he"
    init_scale: float = 1.0
    l2: float = 0.0
    keep_prob: float = 1.0
    batch_norm: bool = False
    bn_momentum: float = 0.9
    bn_eps: float = 1e-5

    def __post_init__(self):
        dims = require_layer_dims(self.layer_dims)
        require_choice("hidden_activation", self.hidden_activation, ACTIVATIONS)
        require_choice("output", self.output, OUTPUTS)
        if self.output == "softmax" and dims[-1] < 2:
            raise ValueError(
                f"`layer_dims`: a softmax output needs n[L] = C >= 2 classes, got {dims[-1]}. "
                "Use output='sigmoid' for one binary output."
            )
        require_choice("init", self.init, INIT_SCHEMES)
        if not isinstance(self.batch_norm, bool):
            raise ValueError(f"`batch_norm`: expected True or False, got {self.batch_norm!r}.")
        checked = {
            "layer_dims": dims,
            "init_scale": require_number("init_scale", self.init_scale, low=0.0, low_open=True),
            "l2": require_number("l2", self.l2, low=0.0),
            "keep_prob": require_number("keep_prob", self.keep_prob, low=0.0, high=1.0,
                                        low_open=True),
            "bn_momentum": require_number("bn_momentum", self.bn_momentum, low=0.0, high=1.0),
            "bn_eps": require_number("bn_eps", self.bn_eps, low=0.0, low_open=True),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def L(self):
        """Number of layers with parameters."""
        return len(self.layer_dims) - 1


def model_forward(parameters, X, config, *, training, rng=None, bn_running=None, overrides=None):
    """Forward pass of the whole network.

    .. math::
        Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \\quad A^{[l]} = g(\\mathrm{BN}(Z^{[l]}))
        \\ (\\text{then dropout}), \\quad A^{[L]} = g_{out}(Z^{[L]})

    Parameters
    ----------
    parameters : dict
        ``"W<l>"`` (n[l], n[l-1]), ``"b<l>"`` (n[l], 1), with batch norm also
        ``"gamma<l>"``, ``"beta<l>"`` (n[l], 1) for ``l < L``.
    X : ndarray of shape (n_x, m)
    config : MLPConfig
    training : bool
        Training mode applies dropout and normalizes with the batch statistics;
        evaluation mode applies no dropout and uses `bn_running`.
    rng : numpy.random.Generator, optional
        Required when dropout is active (training with ``keep_prob < 1``).
    bn_running : dict, optional
        Required in evaluation mode with batch norm: ``"mean<l>"``, ``"var<l>"``.
    overrides : dict, optional
        Learner functions to use instead of the library's (see the module docstring).

    Returns
    -------
    AL : ndarray of shape (n[L], m)
    caches : list of L dict
        Opaque per-layer caches for `model_backward` (keys listed in
        `helpers._mlp_engine`).
    """
    config = require_instance("config", config, MLPConfig)
    parameters = check_parameters(parameters, config)
    X = check_inputs(X, config)
    if not isinstance(training, bool):
        raise ValueError(f"`training`: expected True or False, got {training!r}.")
    if training and config.keep_prob < 1.0:
        require_rng(rng)
    if config.batch_norm and not training:
        bn_running = check_bn_running(bn_running, config)
    hooks = check_overrides(overrides)
    packed = engine.PackedParameters.from_dict(parameters, config.layer_dims, config.batch_norm)
    return engine.forward(packed, engine.augment(X), config, training, rng, bn_running, hooks)


def model_backward(AL, Y, caches, parameters, config, overrides=None):
    """Gradients of the mean cost (including the L2 term) with respect to every parameter.

    .. math::
        dZ^{[L]} = A^{[L]} - Y, \\quad
        dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T} + \\frac{\\lambda}{m} W^{[l]}, \\quad
        db^{[l]} = \\frac{1}{m} \\sum_i dZ^{[l](i)}, \\quad
        dA^{[l-1]} = W^{[l]T} dZ^{[l]}

    Parameters
    ----------
    AL : ndarray of shape (n[L], m)
    Y : ndarray of shape (n[L], m)
    caches : list of dict
        From `model_forward` with the same parameters (``training=True`` with batch norm).
    parameters : dict
    config : MLPConfig
    overrides : dict, optional
        The same overrides as the forward pass.

    Returns
    -------
    grads : dict
        ``"dW<l>"``, ``"db<l>"`` (and ``"dgamma<l>"``, ``"dbeta<l>"``), each of its
        parameter's shape.
    """
    config = require_instance("config", config, MLPConfig)
    parameters = check_parameters(parameters, config)
    AL = require_array("AL", AL, ndim=2, shape=(config.layer_dims[-1], None))
    Y = require_array("Y", Y, ndim=2, shape=AL.shape)
    if not isinstance(caches, list) or len(caches) != config.L:
        raise ValueError(f"`caches`: expected the list of {config.L} caches from `model_forward`.")
    if config.batch_norm and any("bn" not in c for c in caches[:-1]):
        raise ValueError(
            "`caches`: batch norm needs the caches of model_forward(..., training=True)."
        )
    require_same_m("AL", AL, "caches", caches[-1]["A_prev_aug"])
    hooks = check_overrides(overrides)
    packed = engine.PackedParameters.from_dict(parameters, config.layer_dims, config.batch_norm)
    engine.backward(packed, AL, Y, caches, config, hooks)
    return packed.grads_dict()


def model_cost(AL, Y, parameters, config):
    """Mean cost of the output plus the L2 penalty ``lambd / (2m) * sum ||W||_F^2``.

    Parameters
    ----------
    AL, Y : ndarray of shape (n[L], m)
    parameters : dict
    config : MLPConfig

    Returns
    -------
    float
    """
    config = require_instance("config", config, MLPConfig)
    parameters = check_parameters(parameters, config)
    if config.output == "sigmoid":
        cost = binary_cross_entropy(AL, Y)
    elif config.output == "softmax":
        cost = categorical_cross_entropy(AL, Y)
    else:
        cost = squared_error_cost(AL, Y)
    weights = [parameters[f"W{l}"] for l in range(1, config.L + 1)]
    return cost + _l2_penalty(weights, config.l2, np.shape(Y)[1])


def predict_proba(parameters, X, config, bn_running=None):
    """Output activations in evaluation mode (no dropout, running batch-norm statistics).

    Returns
    -------
    AL : ndarray of shape (n[L], m)
    """
    return model_forward(parameters, X, config, training=False, bn_running=bn_running)[0]


def predict(parameters, X, config, bn_running=None):
    """Predicted labels.

    Returns
    -------
    ndarray
        Sigmoid output: 0/1 ints of shape (n[L], m) (threshold 0.5). Softmax output:
        class ids of shape (m,). Linear output: the predictions `AL`, shape (n[L], m).
    """
    AL = predict_proba(parameters, X, config, bn_running)
    if config.output == "sigmoid":
        return (AL > 0.5).astype(int)
    if config.output == "softmax":
        return AL.argmax(axis=0)
    return AL


def accuracy(parameters, X, Y, config, bn_running=None):
    """Fraction of examples whose predicted label is right.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n[L], m)
        For a softmax output, one-hot labels (C, m) or integer labels of shape (m,).

    Returns
    -------
    float
    """
    config = require_instance("config", config, MLPConfig)
    if config.output == "linear":
        raise ValueError("`config`: accuracy needs a classifier, got output='linear'.")
    X = check_inputs(X, config)
    if config.output == "softmax" and np.ndim(Y) == 1:
        y = require_array("Y", Y, shape=(X.shape[1],))
        return float(np.mean(predict(parameters, X, config, bn_running) == y))
    Y = check_labels(Y, X, config)
    return engine.output_accuracy(predict_proba(parameters, X, config, bn_running), Y, config)
