import numpy as np
import pytest
from gradcheck import num_grad, rel_error

from helpers.layers import dense_backward, dense_forward


@pytest.fixture
def layer():
    rng = np.random.default_rng(0)
    return rng.standard_normal((4, 6)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))


def test_forward_value_and_cache(layer):
    A_prev, W, b = layer
    Z, cache = dense_forward(A_prev, W, b)
    np.testing.assert_allclose(Z, W @ A_prev + b, rtol=1e-14)
    assert set(cache) == {"A_prev", "W"}
    assert Z.shape == (3, 6)


def test_backward_matches_numerical_gradient(layer):
    # Per-example convention: for J = (1/m) sum(R * Z), the per-example dZ is R,
    # dW and db are dJ/dW and dJ/db, and dA_prev is m * dJ/dA_prev.
    A_prev, W, b = (x.copy() for x in layer)
    m = A_prev.shape[1]
    R = np.random.default_rng(1).standard_normal((3, m))

    def cost():
        return float(np.sum(R * dense_forward(A_prev, W, b)[0]) / m)

    _, cache = dense_forward(A_prev, W, b)
    dA_prev, dW, db = dense_backward(R, cache)
    assert rel_error(dW, num_grad(cost, W)) < 1e-8
    assert rel_error(db, num_grad(cost, b)) < 1e-8
    assert rel_error(dA_prev, m * num_grad(cost, A_prev)) < 1e-8
    assert dW.shape == W.shape and db.shape == b.shape and dA_prev.shape == A_prev.shape


def test_one_dimensional_bias_is_rejected(layer):
    A_prev, W, b = layer
    with pytest.raises(ValueError, match=r"`b`: expected a 2-D array.*reshape"):
        dense_forward(A_prev, W, b.ravel())


def test_shape_mismatches_raise(layer):
    A_prev, W, b = layer
    with pytest.raises(ValueError, match="`W`: expected shape"):
        dense_forward(A_prev, W.T, b)
    with pytest.raises(ValueError, match="`b`: expected shape"):
        dense_forward(A_prev, W, np.zeros((4, 1)))
    _, cache = dense_forward(A_prev, W, b)
    with pytest.raises(ValueError, match="`dZ`"):
        dense_backward(np.zeros((3, 5)), cache)
    with pytest.raises(ValueError, match="`cache`"):
        dense_backward(np.zeros((3, 6)), (A_prev, W))
