import warnings

import numpy as np
import pytest
from gradcheck import num_grad, rel_error

from helpers.activations import ACTIVATIONS, activation_backward, activation_forward

# Away from ReLU's kink at 0, so the numerical derivative is well defined.
Z = np.array([[-2.0, -0.7, 0.3, 1.5], [0.9, -1.2, 2.2, -0.1]])


def test_forward_values():
    z = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(activation_forward(z, "sigmoid"), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_array_equal(activation_forward(z, "relu"), [[0.0, 0.0, 2.0]])
    np.testing.assert_allclose(activation_forward(z, "tanh"), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(activation_forward(z, "linear"), z)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_forward_returns_new_array(name):
    z = Z.copy()
    A = activation_forward(z, name)
    assert A is not z
    np.testing.assert_array_equal(z, Z)


def test_sigmoid_is_stable_and_accurate():
    z = np.array([[-1e4, -800.0, -709.0, -700.0, -30.0, 0.0, 30.0, 800.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            s = activation_forward(z, "sigmoid")
    assert np.all(np.isfinite(s))
    assert s[0, 0] < 1e-300 and s[0, -1] == 1.0
    zz = np.linspace(-700, 30, 200).reshape(1, -1)
    reference = np.exp(zz) / (1 + np.exp(zz))
    np.testing.assert_allclose(activation_forward(zz, "sigmoid"), reference, rtol=1e-13)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_backward_matches_numerical_gradient(name):
    rng = np.random.default_rng(0)
    dA = rng.standard_normal(Z.shape)
    z = Z.copy()
    A = activation_forward(z, name)
    dZ = activation_backward(dA, z, A, name)
    approx = num_grad(lambda: float(np.sum(dA * activation_forward(z, name))), z)
    assert rel_error(dZ, approx) < 1e-8, name


def test_relu_derivative_at_zero_is_zero():
    z = np.zeros((1, 3))
    assert np.all(activation_backward(np.ones((1, 3)), z, z, "relu") == 0)


def test_bad_name_raises():
    with pytest.raises(ValueError, match="`name`.*'softplus'"):
        activation_forward(Z, "softplus")
    with pytest.raises(ValueError, match="`name`"):
        activation_backward(Z, Z, Z, "Relu")


def test_backward_shape_mismatch_raises():
    with pytest.raises(ValueError, match="`Z`: expected shape"):
        activation_backward(Z, Z[:, :2], Z, "relu")


def test_non_numeric_input_raises():
    with pytest.raises(ValueError, match="`Z`"):
        activation_forward("abc", "relu")
