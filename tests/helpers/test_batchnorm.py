import numpy as np
import pytest
from gradcheck import num_grad, rel_error

from helpers.batchnorm import (
    bn_backward,
    bn_eval_forward,
    bn_running_update,
    bn_train_forward,
    init_bn_running,
)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    scale, shift = np.array([[1.0], [5.0], [0.2]]), np.array([[2.0], [-1.0], [0.0]])
    Z = rng.standard_normal((3, 8)) * scale + shift
    gamma = rng.uniform(0.5, 2.0, (3, 1))
    beta = rng.standard_normal((3, 1))
    return Z, gamma, beta


def test_forward_normalizes_with_biased_variance(data):
    Z, _, _ = data
    gamma, beta = np.full((3, 1), 2.0), np.full((3, 1), 3.0)
    Z_tilde, cache = bn_train_forward(Z, gamma, beta, eps=1e-12)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 3.0, rtol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1), 2.0, rtol=1e-9)
    assert {"mu", "var", "Z_hat", "gamma", "inv_std"} <= set(cache)
    np.testing.assert_allclose(cache["mu"], Z.mean(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(cache["var"], Z.var(axis=1, keepdims=True), rtol=1e-12)
    assert cache["mu"].shape == cache["var"].shape == (3, 1)


def test_backward_matches_numerical_gradient(data):
    # Per-example convention: J = (1/m) sum(R * Z_tilde) has per-example dZ_tilde = R;
    # dgamma and dbeta are dJ/dgamma and dJ/dbeta, dZ is m * dJ/dZ.
    Z, gamma, beta = (x.copy() for x in data)
    m = Z.shape[1]
    R = np.random.default_rng(1).standard_normal(Z.shape)

    def cost():
        return float(np.sum(R * bn_train_forward(Z, gamma, beta)[0]) / m)

    _, cache = bn_train_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = bn_backward(R, cache)
    assert rel_error(dZ, m * num_grad(cost, Z)) < 1e-7
    assert rel_error(dgamma, num_grad(cost, gamma)) < 1e-8
    assert rel_error(dbeta, num_grad(cost, beta)) < 1e-8
    assert dgamma.shape == dbeta.shape == (3, 1)


def test_eval_forward_formula_and_agreement_with_batch_stats(data):
    Z, gamma, beta = data
    rm, rv = np.array([[1.0], [0.0], [-2.0]]), np.array([[4.0], [1.0], [0.25]])
    expected = gamma * (Z - rm) / np.sqrt(rv + 1e-5) + beta
    np.testing.assert_allclose(bn_eval_forward(Z, gamma, beta, rm, rv), expected, rtol=1e-13)
    Z_tilde, cache = bn_train_forward(Z, gamma, beta)
    same = bn_eval_forward(Z, gamma, beta, cache["mu"], cache["var"])
    np.testing.assert_allclose(same, Z_tilde, rtol=1e-12, atol=1e-14)


def test_running_update_formula_and_purity():
    rm, rv = np.zeros((2, 1)), np.ones((2, 1))
    mu, var = np.array([[1.0], [2.0]]), np.array([[3.0], [5.0]])
    new_mean, new_var = bn_running_update(rm, rv, mu, var, momentum=0.9)
    np.testing.assert_allclose(new_mean, [[0.1], [0.2]])
    np.testing.assert_allclose(new_var, [[1.2], [1.4]])
    assert np.all(rm == 0) and np.all(rv == 1)
    with pytest.raises(ValueError, match="`momentum`"):
        bn_running_update(rm, rv, mu, var, momentum=1.5)


def test_init_bn_running():
    running = init_bn_running([4, 3, 2, 1])
    assert sorted(running) == ["mean1", "mean2", "var1", "var2"]
    assert running["mean2"].shape == (2, 1) and np.all(running["var1"] == 1)


def test_bad_inputs_raise(data):
    Z, gamma, beta = data
    with pytest.raises(ValueError, match="`gamma`: expected a 2-D array"):
        bn_train_forward(Z, gamma.ravel(), beta)
    with pytest.raises(ValueError, match="`beta`: expected shape"):
        bn_train_forward(Z, gamma, np.zeros((2, 1)))
    with pytest.raises(ValueError, match="`eps`"):
        bn_train_forward(Z, gamma, beta, eps=0.0)
    with pytest.raises(ValueError, match="`cache`"):
        bn_backward(Z, {"mu": 0})
    with pytest.raises(ValueError, match="`running_var`"):
        bn_eval_forward(Z, gamma, beta, np.zeros((3, 1)), -np.ones((3, 1)))
