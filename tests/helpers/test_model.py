import dataclasses
from collections import Counter

import numpy as np
import pytest
from gradcheck import dict_rel_error, num_grads_of_dict
from override_spies import counting_overrides

from helpers.initializers import init_parameters
from helpers.losses import binary_cross_entropy, l2_penalty
from helpers.model import (
    MLPConfig,
    accuracy,
    model_backward,
    model_cost,
    model_forward,
    predict,
    predict_proba,
)

M = 7


def make_data(config, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((config.layer_dims[0], M))
    n_out = config.layer_dims[-1]
    if config.output == "softmax":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, M)]
    elif config.output == "sigmoid":
        Y = (rng.random((n_out, M)) < 0.5).astype(float)
    else:
        Y = rng.standard_normal((n_out, M))
    parameters = init_parameters(config.layer_dims, rng, "xavier", batch_norm=config.batch_norm)
    for key in parameters:  # non-trivial biases and batch-norm scales
        if not key.startswith("W"):
            parameters[key] += 0.3 * rng.standard_normal(parameters[key].shape)
    return X, Y, parameters


def assert_gradients_match(config, overrides=None, tol=1e-7):
    X, Y, parameters = make_data(config)

    def cost(p):
        # A freshly seeded generator draws the same dropout masks on every call: fixed masks.
        AL, _ = model_forward(p, X, config, training=True, rng=np.random.default_rng(3),
                              overrides=overrides)
        return model_cost(AL, Y, p, config)

    AL, caches = model_forward(parameters, X, config, training=True,
                               rng=np.random.default_rng(3), overrides=overrides)
    grads = model_backward(AL, Y, caches, parameters, config, overrides=overrides)
    for key, value in parameters.items():
        assert grads["d" + key].shape == value.shape
    difference, per_key = dict_rel_error(grads, num_grads_of_dict(cost, parameters))
    assert difference < tol, per_key
    return grads


@pytest.mark.parametrize(
    "config",
    [
        MLPConfig([3, 5, 4, 1], "relu", "sigmoid", l2=0.7),
        MLPConfig([3, 5, 4, 1], "sigmoid", "sigmoid"),
        MLPConfig([3, 5, 4, 3], "tanh", "softmax", l2=0.2),
        MLPConfig([3, 5, 2], "linear", "linear", l2=0.1),
        MLPConfig([3, 5, 4, 1], "tanh", "sigmoid", batch_norm=True),
        MLPConfig([3, 6, 5, 4], "relu", "softmax", batch_norm=True, l2=0.3),
        MLPConfig([3, 6, 5, 1], "relu", "sigmoid", keep_prob=0.7, l2=0.1),
        MLPConfig([3, 4], "relu", "sigmoid"),
    ],
    ids=["relu-l2", "sigmoid", "softmax-l2", "linear", "bn", "bn-softmax-l2", "dropout",
         "one-layer"],
)
def test_model_backward_matches_numerical_gradient(config):
    assert_gradients_match(config)


def test_overrides_are_called_and_agree_with_the_library():
    config = MLPConfig([3, 6, 5, 1], "tanh", batch_norm=True, keep_prob=0.8)
    calls = Counter()
    overrides = counting_overrides(calls)
    X, Y, parameters = make_data(config)
    AL, caches = model_forward(parameters, X, config, training=True,
                               rng=np.random.default_rng(1), overrides=overrides)
    grads = model_backward(AL, Y, caches, parameters, config, overrides=overrides)
    assert calls == {k: 2 for k in overrides}  # two hidden layers
    AL2, caches2 = model_forward(parameters, X, config, training=True, rng=np.random.default_rng(1))
    np.testing.assert_allclose(AL, AL2, rtol=1e-14)
    reference = model_backward(AL2, Y, caches2, parameters, config)
    for key in reference:
        np.testing.assert_allclose(grads[key], reference[key], rtol=1e-12, atol=1e-15)
    calls.clear()
    assert_gradients_match(config, overrides)
    assert calls["batchnorm_backward"] == 2 and calls["dropout_backward"] == 2


def test_forward_shapes_and_evaluation_mode():
    config = MLPConfig([3, 5, 4, 3], output="softmax", keep_prob=0.5)
    X, Y, parameters = make_data(config)
    AL, caches = model_forward(parameters, X, config, training=False)
    assert AL.shape == (3, M) and len(caches) == 2 + 1
    np.testing.assert_allclose(AL.sum(axis=0), 1.0, rtol=1e-14)
    no_dropout = dataclasses.replace(config, keep_prob=1.0)
    np.testing.assert_array_equal(AL, model_forward(parameters, X, no_dropout, training=True)[0])
    np.testing.assert_array_equal(predict_proba(parameters, X, config), AL)


def test_forward_does_not_modify_parameters():
    config = MLPConfig([3, 5, 1], batch_norm=True, keep_prob=0.5)
    X, Y, parameters = make_data(config)
    snapshot = {k: v.copy() for k, v in parameters.items()}
    AL, caches = model_forward(parameters, X, config, training=True, rng=np.random.default_rng(0))
    model_backward(AL, Y, caches, parameters, config)
    for k in snapshot:
        np.testing.assert_array_equal(parameters[k], snapshot[k])


def test_model_cost_includes_l2():
    config = MLPConfig([3, 5, 1], l2=0.4)
    X, Y, parameters = make_data(config)
    AL, _ = model_forward(parameters, X, config, training=True)
    expected = binary_cross_entropy(AL, Y) + l2_penalty(parameters, 0.4, M)
    assert model_cost(AL, Y, parameters, config) == pytest.approx(expected, rel=1e-14)


def test_predict_and_accuracy():
    config = MLPConfig([3, 5, 1])
    X, Y, parameters = make_data(config)
    labels = predict(parameters, X, config)
    assert labels.shape == (1, M) and labels.dtype.kind == "i" and set(np.unique(labels)) <= {0, 1}
    assert accuracy(parameters, X, labels.astype(float), config) == 1.0
    soft = MLPConfig([3, 5, 4], output="softmax")
    X, Y, parameters = make_data(soft)
    ids = predict(parameters, X, soft)
    assert ids.shape == (M,) and ids.dtype.kind == "i"
    assert accuracy(parameters, X, np.eye(4)[:, ids], soft) == 1.0
    assert accuracy(parameters, X, ids, soft) == 1.0


def test_batch_norm_evaluation_needs_running_stats():
    config = MLPConfig([3, 5, 1], batch_norm=True)
    X, _, parameters = make_data(config)
    with pytest.raises(ValueError, match="`bn_running`"):
        predict(parameters, X, config)
    running = {"mean1": np.zeros((5, 1)), "var1": np.ones((5, 1))}
    assert predict(parameters, X, config, bn_running=running).shape == (1, M)


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"keep_prob": 0.0}, "keep_prob"),
        ({"keep_prob": 1.5}, "keep_prob"),
        ({"layer_dims": [3, 0, 1]}, "layer_dims"),
        ({"layer_dims": [3, 1], "output": "softmax"}, "layer_dims"),
        ({"hidden_activation": "gelu"}, "hidden_activation"),
        ({"output": "relu"}, "output"),
        ({"init": "orthogonal"}, "init"),
        ({"l2": -0.1}, "l2"),
        ({"bn_momentum": 2.0}, "bn_momentum"),
        ({"bn_eps": 0.0}, "bn_eps"),
        ({"batch_norm": 1}, "batch_norm"),
    ],
)
def test_config_validation(kwargs, argument):
    kwargs = {"layer_dims": [3, 4, 1], **kwargs}
    with pytest.raises(ValueError, match=f"`{argument}`"):
        MLPConfig(**kwargs)


def test_config_is_frozen_and_normalized():
    config = MLPConfig([3, 4, 1], keep_prob=1)
    assert config.layer_dims == (3, 4, 1) and isinstance(config.keep_prob, float)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.l2 = 1.0
    assert hash(config) == hash(MLPConfig((3, 4, 1)))


def test_bad_inputs_raise():
    config = MLPConfig([3, 5, 1], keep_prob=0.5)
    X, Y, parameters = make_data(config)
    with pytest.raises(ValueError, match=r"`parameters\['b1'\]`: expected a 2-D array.*reshape"):
        model_forward({**parameters, "b1": parameters["b1"].ravel()}, X, config, training=False)
    with pytest.raises(ValueError, match=r"`parameters`: expected a key 'W2'"):
        model_forward({"W1": parameters["W1"], "b1": parameters["b1"]}, X, config, training=False)
    with pytest.raises(ValueError, match="`X`: expected shape"):
        model_forward(parameters, X[:2], config, training=False)
    with pytest.raises(ValueError, match="`rng`"):
        model_forward(parameters, X, config, training=True)
    with pytest.raises(ValueError, match="`training`"):
        model_forward(parameters, X, config, training="yes")
    with pytest.raises(ValueError, match="overrides key"):
        model_forward(parameters, X, config, training=False, overrides={"dropout": print})
    with pytest.raises(ValueError, match="`overrides`.*together"):
        model_forward(parameters, X, config, training=False, overrides={"batchnorm_forward": print})
    AL, caches = model_forward(parameters, X, config, training=True, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="`Y`: expected shape"):
        model_backward(AL, Y[:, :-1], caches, parameters, config)
    with pytest.raises(ValueError, match="`Y`"):
        accuracy(parameters, X, Y[:, :-1], config)
