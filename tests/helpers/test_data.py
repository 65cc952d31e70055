import numpy as np
import pytest

from helpers import data


@pytest.mark.parametrize("maker", [data.make_moons, data.make_circles, data.make_spirals])
def test_binary_sets_use_columns_and_are_seeded(maker):
    X, Y = maker(101, rng=np.random.default_rng(3))
    assert X.shape == (2, 101) and Y.shape == (1, 101)
    assert set(np.unique(Y)) == {0.0, 1.0}
    X2, Y2 = maker(101, rng=np.random.default_rng(3))
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    X3, _ = maker(101, rng=np.random.default_rng(4))
    assert not np.array_equal(X, X3)


def test_blobs_and_digits():
    X, y = data.make_blobs(90, C=3, rng=np.random.default_rng(0))
    assert X.shape == (2, 90) and y.shape == (90,) and set(y) == {0, 1, 2}
    X, y = data.load_digits()
    assert X.shape == (64, 1797) and y.shape == (1797,)
    assert X.min() >= 0.0 and X.max() <= 1.0 and set(y) == set(range(10))


def test_loaders_reject_bad_input_with_names():
    with pytest.raises(ValueError, match="`rng`: expected a numpy.random.Generator"):
        data.make_moons(10, rng=0)
    with pytest.raises(ValueError, match="`m`: expected an integer"):
        data.make_moons(10.5, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="`noise`"):
        data.make_circles(10, noise=-1, rng=np.random.default_rng(0))


def test_train_dev_split_keeps_pairs():
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10.0).reshape(1, 10)
    Xt, Yt, Xd, Yd = data.train_dev_split(X, Y, 0.3, rng=np.random.default_rng(0))
    assert Xt.shape == (2, 7) and Xd.shape == (2, 3)
    assert np.array_equal(np.sort(np.concatenate([Yt, Yd], axis=1)), Y)
    assert np.array_equal(np.concatenate([Xt, Xd], axis=1)[0], np.concatenate([Yt, Yd], axis=1)[0])
    with pytest.raises(ValueError, match="`Y`: expected 10 examples"):
        data.train_dev_split(X, Y[:, :5], 0.3, rng=np.random.default_rng(0))


def test_digits_equal_scikit_learns_own_loader():
    # `load_digits` reads the CSV that ships with scikit-learn without importing it;
    # the values must be exactly those of scikit-learn's loader.
    from sklearn.datasets import load_digits as sk_load_digits

    bunch = sk_load_digits()
    X, y = data.load_digits()
    np.testing.assert_array_equal(X, bunch.data.T / 16.0)
    np.testing.assert_array_equal(y, bunch.target)
