import numpy as np
import pytest

from helpers.initializers import INIT_SCHEMES, init_parameters

BIG = [400, 500]  # 200 000 weights: the sample variance is within 1% with overwhelming odds


@pytest.mark.parametrize("scheme", INIT_SCHEMES)
def test_shapes_and_zero_biases(scheme):
    dims = [3, 5, 4, 2]
    p = init_parameters(dims, np.random.default_rng(0), scheme)
    assert sorted(p) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for l in range(1, 4):
        assert p[f"W{l}"].shape == (dims[l], dims[l - 1])
        assert p[f"b{l}"].shape == (dims[l], 1)
        assert p[f"W{l}"].dtype == np.float64
        assert np.all(p[f"b{l}"] == 0)


@pytest.mark.parametrize(
    "scheme, variance",
    [("he", 2 / 400), ("xavier", 1 / 400), ("glorot", 2 / 900), ("random", 1.0)],
)
def test_weight_statistics(scheme, variance):
    W = init_parameters(BIG, np.random.default_rng(1), scheme)["W1"]
    assert W.var() == pytest.approx(variance, rel=0.03), scheme
    assert abs(W.mean()) < 5 * np.sqrt(variance / W.size)


def test_random_scale_and_zeros():
    W = init_parameters(BIG, np.random.default_rng(2), "random", scale=10.0)["W1"]
    assert W.std() == pytest.approx(10.0, rel=0.03)
    W = init_parameters(BIG, np.random.default_rng(2), "he", scale=0.5)["W1"]
    assert W.var() == pytest.approx(0.25 * 2 / 400, rel=0.03)
    p = init_parameters([3, 4, 1], np.random.default_rng(2), "zeros")
    assert all(np.all(v == 0) for v in p.values())


def test_batch_norm_parameters_for_hidden_layers_only():
    p = init_parameters([3, 5, 4, 1], np.random.default_rng(0), batch_norm=True)
    assert {"gamma1", "beta1", "gamma2", "beta2"} <= set(p)
    assert "gamma3" not in p and "beta3" not in p
    assert p["gamma2"].shape == (4, 1) and np.all(p["gamma2"] == 1)
    assert p["beta1"].shape == (5, 1) and np.all(p["beta1"] == 0)


def test_reproducible_and_uses_no_global_state():
    before = np.random.get_state()[1].copy()
    a = init_parameters([3, 4, 2], np.random.default_rng(7))
    b = init_parameters([3, 4, 2], np.random.default_rng(7))
    c = init_parameters([3, 4, 2], np.random.default_rng(8))
    np.testing.assert_array_equal(a["W1"], b["W1"])
    assert not np.array_equal(a["W1"], c["W1"])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("dims", [[3, 0, 1], [3], [], "3,4", [3, 2.5], [3, -1], None, [True, 2]])
def test_bad_layer_dims_raise(dims):
    with pytest.raises(ValueError, match="`layer_dims`"):
        init_parameters(dims, np.random.default_rng(0))


def test_bad_scheme_rng_scale_raise():
    with pytest.raises(ValueError, match="`scheme`.*'kaiming'"):
        init_parameters([2, 3], np.random.default_rng(0), "kaiming")
    with pytest.raises(ValueError, match="`rng`.*default_rng"):
        init_parameters([2, 3], 42)
    with pytest.raises(ValueError, match="`scale`"):
        init_parameters([2, 3], np.random.default_rng(0), "random", scale=0.0)
