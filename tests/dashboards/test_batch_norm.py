"""The batch-norm dashboard of notebook 05: it builds, redraws on every change, trains with
the learner's functions (the library's standing in, and saying so, while one is not done),
reuses runs when only the momentum changes, and rejects bad arguments."""

import collections

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure
from stepping import assert_steps_redraw

from helpers.batchnorm import bn_backward, bn_eval_forward, bn_running_update, bn_train_forward
from helpers.dashboards.batch_norm import batch_norm_dashboard, learner_functions
from helpers.dashboards.batch_norm_panels import plot_batch_norm
from helpers.dashboards.batch_norm_setting import DEFAULTS, run_setting
from helpers.dashboards.toolkit import Dashboard

NAMES = ("batchnorm_forward", "batchnorm_backward", "update_running_stats",
         "batchnorm_inference")


def _spies():
    """Correct learner-style functions that count their calls."""
    calls = collections.Counter()

    def batchnorm_forward(Z, gamma, beta, eps=1e-5):
        calls["batchnorm_forward"] += 1
        mu = Z.mean(axis=1, keepdims=True)
        var = Z.var(axis=1, keepdims=True)
        Z_hat = (Z - mu) / np.sqrt(var + eps)
        return gamma * Z_hat + beta, {"mu": mu, "var": var, "Z_hat": Z_hat, "gamma": gamma,
                                      "eps": eps}

    def batchnorm_backward(dZ_tilde, cache):
        calls["batchnorm_backward"] += 1
        Z_hat = cache["Z_hat"]
        dbeta = dZ_tilde.mean(axis=1, keepdims=True)
        dgamma = (dZ_tilde * Z_hat).mean(axis=1, keepdims=True)
        scale = cache["gamma"] / np.sqrt(cache["var"] + cache["eps"])
        return scale * (dZ_tilde - dbeta - Z_hat * dgamma), dgamma, dbeta

    def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
        calls["update_running_stats"] += 1
        return (momentum * running_mean + (1 - momentum) * mu,
                momentum * running_var + (1 - momentum) * var)

    def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
        calls["batchnorm_inference"] += 1
        return gamma * (Z - running_mean) / np.sqrt(running_var + eps) + beta

    fns = dict(zip(NAMES, (batchnorm_forward, batchnorm_backward, update_running_stats,
                           batchnorm_inference)))
    return {f"{name}_fn": fn for name, fn in fns.items()}, calls


def _not_done(*_args, **_kwargs):
    raise NotImplementedError()


@pytest.fixture(scope="module")
def spied():
    kwargs, calls = _spies()
    return batch_norm_dashboard(**kwargs), calls


def test_builds_with_the_spec_controls(spied):
    board, _ = spied
    assert isinstance(board, Dashboard)
    assert list(board.controls) == ["lr", "batch_norm", "depth", "momentum", "batch_size"]
    assert isinstance(board.controls["lr"], widgets.FloatLogSlider)
    assert isinstance(board.controls["batch_norm"], widgets.Checkbox)
    assert board.values() == pytest.approx(DEFAULTS)
    assert board.image.value[:4] == b"\x89PNG"
    text = board.readout.value
    assert "without BN" in text and "with BN" in text and "running averages" in text
    assert len(text) <= 140  # one line beside the figure
    assert board.status.value == ""
    assert {"dl-dashboard", "dl-batch-norm"} <= set(board.widget._dom_classes)
    ax_cost = board.figure.axes[0]
    assert ax_cost.get_yscale() == "log" and ax_cost.get_xlabel() and ax_cost.get_ylabel()


def test_momentum_choices_name_pytorchs_convention(spied):
    board, _ = spied
    labels = dict((value, label) for label, value in board.controls["momentum"].options)
    assert labels[0.9] == "0.9 (PyTorch: 0.1)"
    assert labels[0.999] == "0.999 (PyTorch: 0.001)"


@pytest.mark.parametrize("seed", [0, 1])
def test_one_step_of_the_first_slider_changes_image_and_readout(seed):
    board = batch_norm_dashboard(seed=seed)
    assert_steps_redraw(board, "lr", (+1, 0), log=True)


def test_trains_and_evaluates_with_the_learners_functions(spied):
    board, calls = spied
    before = dict(calls)
    board.set(depth=3)
    for name in NAMES:
        assert calls[name] > before.get(name, 0), name
    # Training calls the backward pass once per hidden layer and step (96 steps).
    assert calls["batchnorm_backward"] - before.get("batchnorm_backward", 0) == 3 * 96
    board.set(depth=DEFAULTS["depth"])


def test_a_momentum_change_replays_without_training_again(spied):
    board, calls = spied
    readout = board.readout.value
    backward, updates = calls["batchnorm_backward"], calls["update_running_stats"]
    board.set(momentum=0.999)
    assert calls["batchnorm_backward"] == backward  # no training
    assert calls["update_running_stats"] == updates + DEFAULTS["depth"] * 96
    assert board.readout.value != readout
    # Cached training: the final costs stay, only the test-time numbers change.
    assert board.readout.value.split(" · ")[0] == readout.split(" · ")[0]
    board.set(momentum=0.9)
    assert board.readout.value == readout


def test_switching_batch_norm_off_trains_only_the_plain_network(spied):
    board, calls = spied
    forward = calls["batchnorm_forward"]
    board.set(batch_norm=False, lr=0.1)
    assert calls["batchnorm_forward"] == forward
    assert "with BN" not in board.readout.value and "batch norm off" in board.readout.value
    ax_bn = board.figure.axes[3]
    assert "off" in " ".join(t.get_text() for t in ax_bn.texts)
    board.set(batch_norm=True, lr=DEFAULTS["lr"])
    assert "with BN" in board.readout.value


def test_batch_norm_tolerates_a_learning_rate_that_breaks_the_plain_network():
    result = run_setting({**DEFAULTS, "lr": 3.0}, learner_functions(), seed=0)
    assert result.bn.final_cost < 0.3
    assert not result.plain.final_cost < 0.5  # stuck near ln 2, or diverged (NaN)
    assert result.accuracy["running"] > result.accuracy["plain"] + 0.2


def test_tiny_test_batches_hurt_and_running_averages_do_not():
    result = run_setting(DEFAULTS, learner_functions(), seed=0)
    assert result.accuracy["running"] > 0.9
    assert result.accuracy["batch"] < result.accuracy["running"] - 0.05


def test_not_done_exercises_show_a_notice_and_the_library_stands_in():
    kwargs = {f"{name}_fn": _not_done for name in NAMES}
    board = batch_norm_dashboard(**kwargs)
    status = board.status.value
    assert "dl-notice" in status and "not implemented yet" in status
    assert "library" in status
    for name in NAMES:
        assert name in status
    assert board.image.value[:4] == b"\x89PNG"
    assert "with BN" in board.readout.value
    image = board.image.value
    board.set(lr=0.3)
    assert board.image.value != image and "not implemented yet" in board.status.value


def test_a_backward_pass_not_done_keeps_the_library_pair_for_training():
    kwargs, calls = _spies()
    kwargs["batchnorm_backward_fn"] = _not_done
    board = batch_norm_dashboard(**kwargs)
    assert "batchnorm_backward" in board.status.value
    assert "batchnorm_forward" not in board.status.value
    # The learner's forward pass still normalizes the small test batches.
    assert calls["batchnorm_forward"] > 0
    assert "with BN" in board.readout.value


def test_a_wrong_momentum_convention_changes_the_test_accuracy():
    kwargs, _ = _spies()

    def pytorch_style(running_mean, running_var, mu, var, momentum=0.9):
        return ((1 - momentum) * running_mean + momentum * mu,
                (1 - momentum) * running_var + momentum * var)

    right = batch_norm_dashboard(**kwargs, seed=2)
    wrong = batch_norm_dashboard(**{**kwargs, "update_running_stats_fn": pytorch_style}, seed=2)
    for board in (right, wrong):
        board.set(momentum=0.999)
    assert right.readout.value != wrong.readout.value


def test_the_learners_stand_ins_are_the_library_functions():
    fns = learner_functions()
    assert fns.library == {"batchnorm_forward": bn_train_forward,
                           "batchnorm_backward": bn_backward,
                           "update_running_stats": bn_running_update,
                           "batchnorm_inference": bn_eval_forward}
    strict = learner_functions(*[_not_done] * 4, stand_ins=False)
    with pytest.raises(NotImplementedError):
        run_setting(DEFAULTS, strict)


def test_runs_are_memoized_across_dashboards_and_static_figures():
    kwargs, calls = _spies()
    fns = learner_functions(*kwargs.values())
    probes = calls["batchnorm_backward"]  # one probe call when the functions are wrapped
    run_setting({**DEFAULTS, "depth": 2}, fns, seed=3)
    backward = calls["batchnorm_backward"]
    assert backward == probes + 2 * 96
    board = batch_norm_dashboard(**kwargs, seed=3)
    backward = calls["batchnorm_backward"]  # plus the dashboard's probe and first update
    board.set(depth=2)
    assert calls["batchnorm_backward"] == backward  # the static figure's runs, reused
    board.set(depth=3)
    assert calls["batchnorm_backward"] == backward + 3 * 96


def test_static_figure_draws_every_panel():
    result = run_setting({**DEFAULTS, "depth": 2}, learner_functions())
    axes = Figure().subplots(2, 2).ravel()
    artists = plot_batch_norm(result, axes=axes)
    assert len(artists["cost_plain"].get_xdata()) == len(result.plain.steps)
    assert len(artists["cost_bn"].get_xdata()) == len(result.bn.steps)
    assert [bar.get_height() for bar in artists["bars"]] == pytest.approx(
        [result.accuracy["plain"], result.accuracy["running"], result.accuracy["batch"]])
    assert len(artists["median_bn"].get_xdata()) == len(result.bn.steps)


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="batchnorm_forward_fn"):
        batch_norm_dashboard(batchnorm_forward_fn=3)
    with pytest.raises(ValueError, match="update_running_stats_fn"):
        batch_norm_dashboard(update_running_stats_fn="momentum")
    with pytest.raises(ValueError, match="seed"):
        batch_norm_dashboard(seed="zero")
