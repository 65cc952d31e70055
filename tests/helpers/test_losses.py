import warnings

import numpy as np
import pytest
from gradcheck import num_grad, rel_error

from helpers.activations import activation_forward
from helpers.losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    categorical_cross_entropy_from_logits,
    l2_penalty,
    softmax_probabilities,
    squared_error_cost,
)


def test_binary_cross_entropy_value():
    AL, Y = np.array([[0.8, 0.1]]), np.array([[1.0, 0.0]])
    expected = -(np.log(0.8) + np.log(0.9)) / 2
    assert binary_cross_entropy(AL, Y) == pytest.approx(expected, rel=1e-14)


def test_binary_cross_entropy_saturated_is_finite():
    AL, Y = np.array([[0.0, 1.0, 1.0]]), np.array([[1.0, 0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = binary_cross_entropy(AL, Y)
    assert np.isfinite(cost) and cost > 20


def test_bce_from_logits_matches_and_is_stable():
    Z = np.array([[-3.0, -0.5, 0.0, 2.0, 7.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    expected = binary_cross_entropy(activation_forward(Z, "sigmoid"), Y)
    assert binary_cross_entropy_from_logits(Z, Y) == pytest.approx(expected, rel=1e-12)
    big = np.array([[1e4, -1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = binary_cross_entropy_from_logits(big, np.array([[0.0, 1.0]]))
    assert cost == pytest.approx(1e4, rel=1e-12)  # (1e4 + 1e4) / 2


def test_softmax_columns_and_stability():
    Z = np.array([[1.0, -2.0, 1e4], [2.0, 0.0, -1e4], [3.0, 1.0, 1e4 - 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = softmax_probabilities(Z)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-15)
    small = Z[:, :2]
    naive = np.exp(small) / np.exp(small).sum(axis=0)
    np.testing.assert_allclose(A[:, :2], naive, rtol=1e-13)
    e = np.exp(-1.0)
    np.testing.assert_allclose(A[:, 2], [1 / (1 + e), 0.0, e / (1 + e)], rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(softmax_probabilities(Z[:, :2] + 50.0), A[:, :2], rtol=1e-13)


def test_categorical_cross_entropy_value_and_zeros():
    AL = np.array([[0.7, 0.0], [0.2, 0.5], [0.1, 0.5]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    expected = -(np.log(0.7) + np.log(0.5)) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert categorical_cross_entropy(AL, Y) == pytest.approx(expected, rel=1e-14)


def test_cce_from_logits_matches():
    Z = np.random.default_rng(0).standard_normal((4, 6)) * 3
    Y = np.eye(4)[:, [0, 1, 2, 3, 0, 2]]
    expected = categorical_cross_entropy(softmax_probabilities(Z), Y)
    assert categorical_cross_entropy_from_logits(Z, Y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("kind", ["sigmoid", "softmax", "linear"])
def test_output_gradient_is_AL_minus_Y_per_example(kind):
    # The pairing the model relies on: dJ/dZ = (AL - Y) / m for each output/cost pair.
    rng = np.random.default_rng(2)
    m = 5
    Z = rng.standard_normal((3 if kind == "softmax" else 1, m))
    if kind == "softmax":
        Y = np.eye(3)[:, rng.integers(0, 3, m)]
        AL = softmax_probabilities(Z)
        cost = lambda: categorical_cross_entropy_from_logits(Z, Y)  # noqa: E731
    elif kind == "sigmoid":
        Y = (rng.random((1, m)) < 0.5).astype(float)
        AL = activation_forward(Z, "sigmoid")
        cost = lambda: binary_cross_entropy_from_logits(Z, Y)  # noqa: E731
    else:
        Y = rng.standard_normal((1, m))
        AL = Z.copy()
        cost = lambda: squared_error_cost(Z, Y)  # noqa: E731
    assert rel_error((AL - Y) / m, num_grad(cost, Z)) < 1e-8


def test_squared_error_cost_value():
    assert squared_error_cost(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]])) == pytest.approx(1.25)


def test_l2_penalty_weights_only():
    parameters = {"W1": np.ones((2, 3)), "b1": np.full((2, 1), 100.0), "W2": np.full((1, 2), 2.0),
                  "b2": np.ones((1, 1)), "gamma1": np.full((2, 1), 50.0)}
    # sum ||W||_F^2 = 6 + 8 = 14
    assert l2_penalty(parameters, 0.5, 7) == pytest.approx(0.5 / 14 * 14)
    assert l2_penalty(parameters, 0.0, 7) == 0.0


def test_bad_inputs_raise():
    AL, Y = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    with pytest.raises(ValueError, match="`Y`: expected shape"):
        binary_cross_entropy(AL, Y[:, :1])
    with pytest.raises(ValueError, match="`AL`: expected probabilities"):
        binary_cross_entropy(np.array([[2.0, -1.0]]), Y)
    with pytest.raises(ValueError, match="`AL`: expected a 2-D array"):
        categorical_cross_entropy(np.array([0.5, 0.5]), Y)
    with pytest.raises(ValueError, match="`lambd`"):
        l2_penalty({"W1": np.ones((1, 1))}, -1.0, 3)
    with pytest.raises(ValueError, match="`m`"):
        l2_penalty({"W1": np.ones((1, 1))}, 1.0, 0)
    with pytest.raises(ValueError, match="`parameters`"):
        l2_penalty([np.ones((1, 1))], 1.0, 3)
