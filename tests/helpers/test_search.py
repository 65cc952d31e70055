"""Search spaces (`helpers.search`, `helpers.coarse_to_fine`) and tuning trials
(`helpers.trials`, `helpers.trial_pool`): the library's
versions of notebook 04's exercises, checked statistically where they draw, plus the
trial runner and its pool."""

import concurrent.futures
import os

import numpy as np
import pytest

from helpers.coarse_to_fine import best_first, run_trials, search_at_random, zoom_space
from helpers.search import (
    averaging_window,
    check_space,
    distinct_values,
    ewa_betas,
    from_scale,
    grid_over,
    log_uniform,
    random_over,
    to_scale,
)
from helpers.trial_pool import TrialPool
from helpers.trials import (
    SEARCH_SPACE,
    TrialObjective,
    final_test_accuracy,
    train_trial,
    tuning_problem,
)

SPACE = {"lr": (1e-4, 1.0, "log"), "beta": (0.9, 0.999, "ewa"), "units": (2, 10, "int"),
         "keep": (0.5, 1.0, "linear")}


def _equal_shares(u, bins=5):
    shares = np.histogram(u, bins=bins, range=(0, 1))[0] / len(u)
    se = np.sqrt((1 / bins) * (1 - 1 / bins) / len(u))
    return np.all(np.abs(shares - 1 / bins) <= 6 * se)


def test_log_uniform_fills_every_decade_equally():
    v = log_uniform(1e-4, 1.0, 20_000, np.random.default_rng(0))
    assert v.shape == (20_000,) and v.min() >= 1e-4 and v.max() <= 1.0
    assert _equal_shares((np.log10(v) + 4) / 4, bins=4)
    uniform = np.random.default_rng(0).uniform(1e-4, 1.0, 20_000)
    assert not _equal_shares((np.log10(uniform) + 4) / 4, bins=4)  # the check can fail


def test_ewa_betas_make_one_minus_beta_log_uniform():
    v = ewa_betas(0.9, 0.999, 20_000, np.random.default_rng(1))
    assert v.min() >= 0.9 and v.max() <= 0.999
    assert _equal_shares((np.log10(1 - v) + 3) / 2)
    assert abs(np.mean(v > 0.99) - 0.5) < 6 * np.sqrt(0.25 / 20_000)
    assert ewa_betas(0.0, 0.5, (2, 3), np.random.default_rng(0)).shape == (2, 3)


@pytest.mark.parametrize("low,high", [(0.0, 1.0), (-1.0, 1.0), (1.0, 1.0), (2.0, 1.0)])
def test_log_uniform_rejects_bounds_without_a_log_scale(low, high):
    with pytest.raises(ValueError, match="low|high"):
        log_uniform(low, high, 3, np.random.default_rng(0))


@pytest.mark.parametrize("low,high", [(0.9, 1.0), (-0.1, 0.5), (0.9, 0.9), (0.99, 0.9)])
def test_ewa_betas_reject_bad_bounds(low, high):
    with pytest.raises(ValueError, match="low|high"):
        ewa_betas(low, high, 3, np.random.default_rng(0))


def test_averaging_window():
    assert averaging_window(0.9) == pytest.approx(10.0)
    assert averaging_window(0.9995) == pytest.approx(2000.0)
    assert np.allclose(averaging_window(np.array([0.5, 0.99])), [2.0, 100.0])


def test_scales_round_trip():
    for scale, values in (("log", [1e-3, 0.5]), ("ewa", [0.0, 0.999]), ("linear", [-1, 2]),
                          ("int", [3, 7])):
        assert np.allclose(from_scale(to_scale(values, scale), scale), values)


def test_grid_spacing_on_each_scale_with_both_ends():
    points = grid_over(SPACE, 4)
    assert len(points) == 4 ** 4
    lr = sorted({p["lr"] for p in points})
    assert np.allclose(np.log10(lr), np.linspace(-4, 0, 4)) and lr[0] == 1e-4 and lr[-1] == 1.0
    beta = sorted({p["beta"] for p in points})
    assert np.allclose(np.log10(1 - np.array(beta)), np.linspace(-1, -3, 4))
    assert sorted({p["units"] for p in points}) == [2, 5, 7, 10]
    assert all(isinstance(p["units"], int) for p in points)
    assert distinct_values(points, "keep") == 4


def test_grid_keeps_each_integer_once():
    points = grid_over({"layers": (1, 3, "int")}, 5)
    assert [p["layers"] for p in points] == [1, 2, 3]


@pytest.mark.parametrize("space,n,match", [
    (SPACE, 1, "n_per_axis"),
    ({"lr": (1e-3, 1.0, "exp")}, 3, "scale"),
    ({"lr": (0.0, 1.0, "log")}, 3, "log"),
    ({"b": (0.5, 1.0, "ewa")}, 3, "ewa"),
    ({"u": (1.5, 4, "int")}, 3, "integer"),
    ({"x": (2.0, 1.0, "linear")}, 3, "low < high"),
    ({}, 3, "space"),
])
def test_bad_spaces_are_rejected_with_the_axis_named(space, n, match):
    with pytest.raises(ValueError, match=match):
        grid_over(space, n)


def test_random_points_independent_on_their_own_scales():
    points = random_over(SPACE, 4000, np.random.default_rng(2))
    u = {"lr": (np.log10([p["lr"] for p in points]) + 4) / 4,
         "beta": (np.log10(1 - np.array([p["beta"] for p in points])) + 3) / 2,
         "keep": (np.array([p["keep"] for p in points]) - 0.5) / 0.5}
    for name, positions in u.items():
        assert _equal_shares(positions), name
    assert abs(np.corrcoef(u["lr"], u["beta"])[0, 1]) < 6 / np.sqrt(4000)
    units = [p["units"] for p in points]
    assert set(units) == set(range(2, 11)) and all(isinstance(x, int) for x in units)
    again = random_over(SPACE, 4000, np.random.default_rng(2))
    assert again == points


def _trial(lr, beta, units, keep, score):
    return {"params": {"lr": lr, "beta": beta, "units": units, "keep": keep}, "score": score}


def test_zoom_measures_spans_on_each_scale_and_stays_inside():
    trials = [_trial(0.5, 0.91, 9, 0.6, 0.1), _trial(1e-3, 0.95, 4, 0.8, 0.9),
              _trial(1e-2, 0.99, 8, 0.8, 0.95), _trial(3e-3, 0.9, 6, 0.8, 0.93)]
    new = zoom_space(SPACE, trials)
    assert np.allclose(new["lr"][:2], [10 ** -3.25, 10 ** -1.75])
    assert np.allclose(new["beta"][:2], [0.9, 0.99438], atol=1e-5)  # clipped at 0.9
    assert new["units"][:2] == (3, 9)  # [4, 8] widened by 1 on each side
    assert np.allclose(new["keep"][:2], [0.675, 0.925])  # zero span: the old span's 25%
    assert {k: v[2] for k, v in new.items()} == {k: v[2] for k, v in SPACE.items()}
    edge = zoom_space(SPACE, [_trial(1e-4, 0.999, 10, 1.0, 1.0)], top_k=1, margin=0.5)
    for name, (low, high, _) in edge.items():
        assert SPACE[name][0] <= low < high <= SPACE[name][1]
    assert check_space(edge) == edge


def test_zoom_rejects_empty_trials():
    with pytest.raises(ValueError, match="trials"):
        zoom_space(SPACE, [])


def test_run_trials_best_first_and_random_search():
    trials = run_trials(lambda p: -abs(p["x"] - 0.3), [{"x": 0.0}, {"x": 0.3}, {"x": 0.9}])
    assert [t["params"]["x"] for t in trials] == [0.3, 0.0, 0.9]
    assert best_first([{"score": float("nan")}, {"score": 0.1}])[0]["score"] == 0.1
    found = search_at_random(lambda p: -p["keep"], SPACE, 30, np.random.default_rng(0))
    scores = [t["score"] for t in found]
    assert len(found) == 30 and scores == sorted(scores, reverse=True)
    with pytest.raises(ValueError, match="objective"):
        run_trials(3, [{"x": 1}])


def test_tuning_problem_and_trials_are_deterministic():
    data = tuning_problem(3)
    assert data.X_train.shape == (2, 300) and data.Y_dev.shape == (1, 200)
    assert data.X_test.shape == (2, 200)
    params = {"learning_rate": 1.0, "beta": 0.9, "hidden_units": 8, "layers": 1}
    first, second = train_trial(params, data, epochs=20), train_trial(params, data, epochs=20)
    assert first["score"] == second["score"] and first["train_cost"] == second["train_cost"]
    assert 0.5 <= first["score"] <= 1.0 and first["pid"] == os.getpid()
    assert 0.0 <= final_test_accuracy(params, data, epochs=20) <= 1.0
    diverged = train_trial({**params, "learning_rate": 1e4}, data, epochs=5)
    assert 0.0 <= diverged["score"] <= 1.0


def test_objective_counts_calls_and_scores():
    objective = TrialObjective(tuning_problem(0), epochs=5)
    point = random_over(SEARCH_SPACE, 1, np.random.default_rng(0))[0]
    assert 0.0 <= objective(point) <= 1.0 and objective.calls == 1


def test_pool_runs_on_any_executor_and_leaves_it_open():
    objective = TrialObjective(tuning_problem(0), epochs=5)
    points = random_over(SEARCH_SPACE, 4, np.random.default_rng(1))
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        pool = TrialPool(executor)
        seen = []
        records = pool.map_as_completed(objective, points, on_result=seen.append)
        assert len(records) == 4 and seen == records
        pool.close()
        assert executor.submit(lambda: 2).result() == 2
    with pytest.raises(ValueError, match="executor"):
        TrialPool("threads")
    with pytest.raises(ValueError, match="closed"):
        pool.submit(objective, points)


def test_own_process_pool_is_shut_down_by_close():
    objective = TrialObjective(tuning_problem(0), epochs=5)
    points = random_over(SEARCH_SPACE, 4, np.random.default_rng(1))
    with TrialPool(max_workers=2) as pool:
        records = pool.map_as_completed(objective, points)
        pids = {r["pid"] for r in records}
        assert pids and os.getpid() not in pids and pids == pool.worker_pids
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
