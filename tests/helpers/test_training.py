import dataclasses
import warnings
from collections import Counter

import numpy as np
import pytest
from override_spies import counting_overrides
from sklearn.datasets import make_moons

from helpers.initializers import init_parameters
from helpers.model import MLPConfig, accuracy, predict
from helpers.training import History, TrainConfig, TrainResult, train


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(n_samples=400, noise=0.2, random_state=0)
    return X.T.copy(), y.reshape(1, -1).astype(float)


def small_data(seed=0, m=40, n_x=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (X[:1] + 0.5 * X[1:2] > 0).astype(float)
    return X, Y


def test_mlp_fits_moons(moons):
    X, Y = moons
    model = MLPConfig([2, 20, 20, 1])
    result = train(X, Y, model, TrainConfig(epochs=1000, lr=0.01, optimizer="adam",
                                            record_every=100), np.random.default_rng(0))
    assert isinstance(result, TrainResult) and isinstance(result.history, History)
    assert accuracy(result.parameters, X, Y, model) >= 0.97
    assert result.history.train_acc[-1] >= 0.97
    assert result.history.train_cost[-1] < result.history.train_cost[0]


@pytest.mark.parametrize("optimizer, lr", [("gd", 0.5), ("momentum", 0.5), ("rmsprop", 0.005)])
def test_minibatch_training_learns(moons, optimizer, lr):
    X, Y = moons
    model = MLPConfig([2, 20, 20, 1])
    config = TrainConfig(epochs=60, lr=lr, optimizer=optimizer, batch_size=32, record_every=60)
    result = train(X, Y, model, config, np.random.default_rng(1))
    assert result.history.train_acc[-1] >= 0.95, optimizer


def test_history_lengths_and_epochs():
    X, Y = small_data()
    Xd, Yd = small_data(1, m=15)
    config = TrainConfig(epochs=25, lr=0.1, record_every=10)
    result = train(X, Y, MLPConfig([3, 4, 1]), config, np.random.default_rng(0), X_dev=Xd, Y_dev=Yd)
    h = result.history
    assert h.epochs == [10, 20, 25]
    assert len(h.train_cost) == len(h.train_acc) == len(h.dev_cost) == len(h.dev_acc) == 3
    assert h.stopped_epoch is None and h.best_epoch in h.epochs
    h = train(X, Y, MLPConfig([3, 4, 1]), config, np.random.default_rng(0)).history
    assert len(h.train_cost) == 3 and h.dev_cost == [] and h.dev_acc == [] and h.best_epoch is None


def test_train_never_mutates_given_parameters():
    X, Y = small_data()
    model = MLPConfig([3, 4, 1], batch_norm=True)
    parameters = init_parameters(model.layer_dims, np.random.default_rng(0), batch_norm=True)
    snapshot = {k: v.copy() for k, v in parameters.items()}
    result = train(X, Y, model, TrainConfig(epochs=20, lr=0.1, optimizer="adam", batch_size=8),
                   np.random.default_rng(0), parameters=parameters)
    for k in snapshot:
        np.testing.assert_array_equal(parameters[k], snapshot[k])
        assert result.parameters[k] is not parameters[k]
    assert not np.array_equal(result.parameters["W1"], snapshot["W1"])


def test_reproducible_and_no_global_random_state():
    X, Y = small_data()
    model = MLPConfig([3, 5, 1], keep_prob=0.8)
    config = TrainConfig(epochs=5, lr=0.1, batch_size=7)
    before = np.random.get_state()[1].copy()
    a = train(X, Y, model, config, np.random.default_rng(3)).parameters
    b = train(X, Y, model, config, np.random.default_rng(3)).parameters
    c = train(X, Y, model, config, np.random.default_rng(4)).parameters
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    np.testing.assert_array_equal(a["W1"], b["W1"])
    assert not np.array_equal(a["W1"], c["W1"])


def test_recording_does_not_change_the_trajectory():
    # A full-batch record's forward pass is reused by the next step: results must not move.
    X, Y = small_data()
    model = MLPConfig([3, 5, 1], l2=0.1)
    runs = [train(X, Y, model, TrainConfig(epochs=30, lr=0.3, record_every=every),
                  np.random.default_rng(0)) for every in (1, 7, 30)]
    for run in runs[1:]:
        for k in runs[0].parameters:
            np.testing.assert_array_equal(run.parameters[k], runs[0].parameters[k])
    assert runs[0].history.train_cost[-1] == runs[2].history.train_cost[-1]


def test_early_stopping_restores_the_best_parameters():
    rng = np.random.default_rng(0)
    X, Xd = rng.standard_normal((5, 20)), rng.standard_normal((5, 60))
    Y, Yd = (rng.random((1, 20)) < 0.5).astype(float), (rng.random((1, 60)) < 0.5).astype(float)
    model = MLPConfig([5, 64, 64, 1])  # random labels: memorising them hurts the dev cost
    config = TrainConfig(epochs=400, lr=0.01, optimizer="adam", early_stopping=True, patience=5)
    result = train(X, Y, model, config, np.random.default_rng(0), X_dev=Xd, Y_dev=Yd)
    h = result.history
    assert h.stopped_epoch is not None and h.stopped_epoch < 400
    best = int(np.argmin(h.dev_cost))
    assert h.best_epoch == h.epochs[best]
    assert h.stopped_epoch == h.best_epoch + 5
    assert h.epochs[-1] == h.stopped_epoch
    # The returned parameters are the best record's: re-evaluating gives its dev cost.
    replay = train(Xd, Yd, model, TrainConfig(epochs=1, lr=1e-300), np.random.default_rng(0),
                   parameters=result.parameters)
    assert replay.history.train_cost[0] == pytest.approx(h.dev_cost[best], rel=1e-9)


def test_on_record_is_called_and_can_stop():
    X, Y = small_data()
    seen = []

    def on_record(epoch, history, parameters):
        seen.append((epoch, len(history.train_cost), sorted(parameters)))
        return epoch >= 6

    result = train(X, Y, MLPConfig([3, 4, 1]), TrainConfig(epochs=50, lr=0.1, record_every=3),
                   np.random.default_rng(0), on_record=on_record)
    assert seen == [(3, 1, ["W1", "W2", "b1", "b2"]), (6, 2, ["W1", "W2", "b1", "b2"])]
    assert result.history.stopped_epoch == 6 and result.history.epochs == [3, 6]


def test_overrides_are_used_by_train():
    X, Y = small_data()
    calls = Counter()
    model = MLPConfig([3, 6, 5, 1], batch_norm=True, keep_prob=0.9)
    config = TrainConfig(epochs=3, lr=0.1, batch_size=20)
    overrides = counting_overrides(calls)
    result = train(X, Y, model, config, np.random.default_rng(0), overrides=overrides)
    # 2 hidden layers x 2 mini-batches x 3 epochs calls of each function
    assert calls == {key: 2 * 2 * 3 for key in overrides}
    reference = train(X, Y, model, config, np.random.default_rng(0))
    for k in reference.parameters:
        np.testing.assert_allclose(result.parameters[k], reference.parameters[k],
                                   rtol=1e-10, atol=1e-13)


def test_batch_norm_training_returns_running_stats(moons):
    X, Y = moons
    model = MLPConfig([2, 16, 16, 1], batch_norm=True)
    result = train(X, Y, model, TrainConfig(epochs=40, lr=0.01, optimizer="adam", batch_size=50),
                   np.random.default_rng(0))
    assert sorted(result.bn_running) == ["mean1", "mean2", "var1", "var2"]
    assert result.bn_running["var1"].shape == (16, 1) and np.all(result.bn_running["var1"] > 0)
    assert accuracy(result.parameters, X, Y, model, result.bn_running) >= 0.9
    assert predict(result.parameters, X, model, result.bn_running).shape == (1, 400)


def test_softmax_and_schedule():
    X, y = make_moons(n_samples=200, noise=0.1, random_state=1)
    Y = np.eye(2)[:, y]
    model = MLPConfig([2, 16, 2], output="softmax")
    config = TrainConfig(epochs=300, lr=0.05, optimizer="adam", lr_schedule="inverse_time",
                         decay_rate=0.01, record_every=300)
    result = train(X.T, Y, model, config, np.random.default_rng(0))
    assert accuracy(result.parameters, X.T, y, model) >= 0.95


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"optimizer": "sgd"}, "optimizer"), ({"batch_size": 0}, "batch_size"),
     ({"epochs": 0}, "epochs"), ({"lr": -1.0}, "lr"), ({"hyper": {"beta": 0.5}}, "hyper key"),
     ({"optimizer": "adam", "hyper": {"beta1": 1.0}}, "beta1"), ({"patience": 0}, "patience"),
     ({"lr_schedule": "cosine"}, "lr_schedule"), ({"record_every": 0}, "record_every")],
)
def test_train_config_validation(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}"):
        TrainConfig(**kwargs)


def test_train_config_is_frozen_and_hashable():
    config = TrainConfig(optimizer="adam", hyper={"beta1": 0.8})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.lr = 1.0
    hash(config)


def test_bad_train_arguments_raise():
    X, Y = small_data()
    model, config, rng = MLPConfig([3, 4, 1]), TrainConfig(epochs=2), np.random.default_rng(0)
    with pytest.raises(ValueError, match="`Y`: expected 40 examples"):
        train(X, Y[:, :-1], model, config, rng)
    with pytest.raises(ValueError, match="`X`: expected shape"):
        train(X.T, Y, model, config, rng)
    with pytest.raises(ValueError, match="`rng`"):
        train(X, Y, model, config, 0)
    with pytest.raises(ValueError, match="`X_dev`"):
        train(X, Y, model, TrainConfig(early_stopping=True), rng)
    with pytest.raises(ValueError, match="`X_dev`, `Y_dev`"):
        train(X, Y, model, config, rng, X_dev=X)
    with pytest.raises(ValueError, match=r"`parameters\['b1'\]`"):
        train(X, Y, model, config, rng, parameters={"W1": np.ones((4, 3)), "b1": np.ones(4),
                                                    "W2": np.ones((1, 4)), "b2": np.ones((1, 1))})
    with pytest.raises(ValueError, match="`model`"):
        train(X, Y, config, config, rng)


def test_divergence_shows_in_the_history_without_warnings(moons):
    X, Y = moons
    model = MLPConfig([2, 50, 50, 50, 1], init="random", init_scale=100.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train(X, Y, model, TrainConfig(epochs=30, lr=5.0), np.random.default_rng(0))
    assert not np.isfinite(result.history.train_cost[-1])
