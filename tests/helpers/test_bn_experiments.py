"""The batch-norm experiment helpers of notebook 05: recorded runs, replayed running
averages, evaluation with any statistics, noisy and ghost batch norm."""

import numpy as np
import pytest
from gradcheck import dict_rel_error, num_grads_of_dict

from helpers.batchnorm import bn_backward, bn_eval_forward, bn_running_update, bn_train_forward
from helpers.bn_evaluation import (
    accuracy_with,
    batch_statistics_normalizer,
    forward_logits,
    population_statistics,
    running_statistics_normalizer,
)
from helpers.bn_recording import batch_norm_problem, replay_running_stats, train_recorded
from helpers.bn_variants import ghost_bn_pair, noisy_bn_pair
from helpers.initializers import init_parameters
from helpers.model import MLPConfig, model_backward, model_cost, model_forward

LIBRARY = {"batchnorm_forward": bn_train_forward, "batchnorm_backward": bn_backward}


@pytest.fixture(scope="module")
def problem():
    return batch_norm_problem(0, m=64, m_test=32)


@pytest.fixture(scope="module")
def run(problem):
    X, Y = problem[:2]
    return train_recorded(X, Y, [2, 8, 8, 1], lr=0.5, batch_size=16, steps=24, records=6,
                          batch_norm=True, rng=np.random.default_rng(0))


def test_recorded_run_has_every_step_and_record(run):
    assert list(run.steps) == [0, 4, 8, 12, 16, 20, 24]
    assert run.cost.shape == (7,) and run.quantiles.shape == (7, 5)
    assert np.all(np.diff(run.quantiles, axis=1) >= 0)
    assert len(run.batch_stats) == 24 * 2  # steps x hidden layers
    assert all(mu.shape == (8, 1) and var.shape == (8, 1) for mu, var in run.batch_stats)
    assert run.cost[-1] < run.cost[0]


def test_replayed_running_averages(run):
    last = replay_running_stats(run, 0.0, bn_running_update)
    assert np.array_equal(last["mean2"], run.batch_stats[-1][0])
    assert np.array_equal(last["var1"], run.batch_stats[-2][1])
    frozen = replay_running_stats(run, 1.0, bn_running_update)
    assert np.all(frozen["mean1"] == 0) and np.all(frozen["var2"] == 1)
    calls = []
    replay_running_stats(run, 0.9, lambda *args: calls.append(args) or args[:2])
    assert len(calls) == 48 and calls[0][4] == 0.9


def test_running_statistics_match_the_library_eval_pass(run, problem):
    X_test = problem[2]
    running = replay_running_stats(run, 0.9, bn_running_update)
    normalize = running_statistics_normalizer(run.parameters, running, bn_eval_forward)
    ZL, _ = forward_logits(run.parameters, X_test, run.n_layers, normalize)
    model = MLPConfig((2, 8, 8, 1), "relu", batch_norm=True)
    AL = model_forward(run.parameters, X_test, model, training=False, bn_running=running)[0]
    np.testing.assert_allclose(1 / (1 + np.exp(-ZL)), AL, rtol=1e-12)


def test_population_statistics_are_the_layers_own(run, problem):
    X = problem[0]
    stats = population_statistics(run.parameters, X, run.n_layers)
    Z1 = run.parameters["W1"] @ X + run.parameters["b1"]
    np.testing.assert_allclose(stats["mean1"], Z1.mean(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(stats["var1"], Z1.var(axis=1, keepdims=True), rtol=1e-12)


def test_one_example_batches_predict_the_same_for_everyone(run, problem):
    X_test, Y_test = problem[2:]
    normalize = batch_statistics_normalizer(run.parameters, bn_train_forward)
    outputs = {float(forward_logits(run.parameters, X_test[:, [i]], run.n_layers,
                                    normalize)[0][0, 0]) for i in range(5)}
    assert len(outputs) == 1
    accuracy = accuracy_with(run.parameters, X_test, Y_test, run.n_layers, normalize, 1)
    assert accuracy in (float(np.mean(Y_test)), 1 - float(np.mean(Y_test)))


def test_train_recorded_checks_its_arguments(problem):
    X, Y = problem[:2]
    with pytest.raises(ValueError, match="batch_size"):
        train_recorded(X, Y, [2, 4, 1], lr=0.1, batch_size=10, steps=12, records=4,
                       batch_norm=False, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="steps"):
        train_recorded(X, Y, [2, 4, 1], lr=0.1, batch_size=16, steps=30, records=4,
                       batch_norm=False, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        train_recorded(X, Y, [2, 4, 1], lr=0.1, batch_size=16, steps=16, records=4,
                       batch_norm=False, rng=0)


def test_a_diverging_run_stops_at_the_first_nan(problem):
    X, Y = problem[:2]
    run = train_recorded(X, Y, [2] + [16] * 6 + [1], lr=1e6, batch_size=16, steps=48,
                         records=12, batch_norm=False, rng=np.random.default_rng(0))
    assert len(run.steps) < 13 and not np.isfinite(run.final_cost)
    assert np.all(np.isfinite(run.cost[:-1]))


def _model_gradients(pair_factory):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 8)), (rng.random((1, 8)) > 0.5).astype(float)
    model = MLPConfig((2, 3, 3, 1), "tanh", batch_norm=True)
    params = init_parameters([2, 3, 3, 1], rng, "he", 1.0, True)
    params = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in params.items()}

    def cost(p):
        AL, _ = model_forward(p, X, model, training=True, overrides=pair_factory())
        return model_cost(AL, Y, p, model)

    AL, caches = model_forward(params, X, model, training=True, overrides=pair_factory())
    grads = model_backward(AL, Y, caches, params, model, overrides=pair_factory())
    return grads, num_grads_of_dict(cost, params)


def test_ghost_batch_norm_gradients_match_numerical_ones():
    # The same seed in every factory call: the same groups in each cost evaluation.
    grads, approx = _model_gradients(
        lambda: ghost_bn_pair(bn_train_forward, bn_backward, 4, np.random.default_rng(3)))
    assert dict_rel_error(grads, approx)[0] < 1e-7


def test_noisy_batch_norm_gradients_treat_the_noise_as_constant():
    grads, approx = _model_gradients(
        lambda: noisy_bn_pair(bn_train_forward, bn_backward, np.random.default_rng(5)))
    assert dict_rel_error(grads, approx)[0] < 1e-7


def test_ghost_groups_have_their_own_statistics():
    pair = ghost_bn_pair(bn_train_forward, bn_backward, 4, np.random.default_rng(0))
    Z = np.random.default_rng(1).normal(size=(3, 16)) * 5 + 2
    Z_tilde, cache = pair["batchnorm_forward"](Z, np.ones((3, 1)), np.zeros((3, 1)))
    groups = Z_tilde[:, cache["order"]].reshape(3, 4, 4)
    np.testing.assert_allclose(groups.mean(axis=2), 0, atol=1e-12)
    assert cache["mu"].shape == (3, 1)
    # With one group the ghost pair is plain batch norm.
    whole = ghost_bn_pair(bn_train_forward, bn_backward, 16, np.random.default_rng(0))
    np.testing.assert_allclose(whole["batchnorm_forward"](Z, np.ones((3, 1)), np.zeros((3, 1)))[0],
                               bn_train_forward(Z, np.ones((3, 1)), np.zeros((3, 1)))[0],
                               rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="group_size"):
        pair["batchnorm_forward"](Z[:, :6], np.ones((3, 1)), np.zeros((3, 1)))


def test_noise_changes_at_every_call():
    pair = noisy_bn_pair(bn_train_forward, bn_backward, np.random.default_rng(0))
    Z = np.random.default_rng(1).normal(size=(3, 16))
    first, cache = pair["batchnorm_forward"](Z, np.ones((3, 1)), np.zeros((3, 1)))
    second, _ = pair["batchnorm_forward"](Z, np.ones((3, 1)), np.zeros((3, 1)))
    assert not np.allclose(first, second)
    assert {"mu", "var"} <= set(cache)
    with pytest.raises(ValueError, match="spread"):
        noisy_bn_pair(bn_train_forward, bn_backward, np.random.default_rng(0), spread=1.0)
