"""The frameworks dashboard of notebook 07: it builds, redraws on every change, runs the
learner's `cost_fn` and `minimize`, explains exercises not done yet, and shows gradient
descent diverging above lr = 1 while Adam settles at 0.1."""

import ipywidgets as widgets
import numpy as np
import pytest
from stepping import assert_steps_redraw

from helpers.autodiff import Tensor
from helpers.autodiff_optim import descent_path, quadratic_cost
from helpers.dashboards.frameworks import (
    COEFFICIENTS,
    OPTIMIZERS,
    STEPS,
    describe,
    frameworks_dashboard,
    plot_frameworks,
    run_setting,
)
from helpers.dashboards.toolkit import Dashboard


def _adam_path(coefficients, w0, steps, lr):
    return descent_path(lambda w: quadratic_cost(w, coefficients), w0, steps,
                        optimizer="adam", lr=lr)


@pytest.fixture(scope="module")
def board():
    return frameworks_dashboard()


def test_builds_with_the_spec_controls(board):
    assert isinstance(board, Dashboard)
    assert list(board.controls) == ["lr", "optimizer"]
    assert isinstance(board.controls["lr"], widgets.FloatLogSlider)
    assert board.controls["lr"].value == pytest.approx(0.1)
    assert board.controls["optimizer"].value == "adam"
    assert board.image.value[:4] == b"\x89PNG"
    assert board.readout.value.startswith("Adam, lr = 0.1:")
    assert board.status.value == ""
    assert {"dl-dashboard", "dl-frameworks"} <= set(board.widget._dom_classes)
    ax_w, ax_j = board.figure.axes
    assert ax_j.get_yscale() == "log"
    assert ax_w.get_xlabel() == "step" and ax_w.get_ylabel() == "w"


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_one_step_of_the_first_slider_changes_image_and_readout(optimizer):
    # What the browser suite does: arrow keys on the first control, one step each way.
    board = frameworks_dashboard()
    board.set(optimizer=optimizer)
    assert_steps_redraw(board, "lr", (+1, -1, 0), log=True)


def test_switching_the_optimizer_changes_image_and_readout(board):
    image, readout = board.image.value, board.readout.value
    board.set(optimizer="momentum")
    assert board.image.value != image and board.readout.value.startswith("momentum")
    assert board.readout.value != readout
    board.set(optimizer="adam")


def test_the_chosen_run_is_pushed_before_the_others(board):
    board.set(lr=0.2)
    board.set(lr=0.1)
    timing = board.timings[-1]
    assert timing["first_frame"] < timing["complete"]


def test_every_update_redraws_all_three_runs(board):
    board.set(lr=0.2)
    lines = board.figure.axes[0].lines
    drawn = [line for line in lines if len(line.get_xdata()) == STEPS + 1]
    assert len(drawn) == 3  # gradient descent, momentum and Adam (plus the w* line)
    adam = next(line for line in drawn if line.get_label() == "Adam")
    np.testing.assert_allclose(adam.get_ydata(), run_setting(0.2, "adam").path)
    board.set(lr=0.1)


def test_gradient_descent_diverges_above_lr_1_and_adam_does_not():
    for lr in (0.5, 0.99):
        assert run_setting(lr, "gd").diverged_at is None
    oscillating = run_setting(1.0, "gd")  # w - 5 flips sign at every step
    assert oscillating.diverged_at is None and oscillating.close_from is None
    np.testing.assert_allclose(oscillating.path[:4], [0.0, 10.0, 0.0, 10.0])
    for lr in (1.05, 1.26, 10.0):
        result = run_setting(lr, "gd")
        assert result.diverged_at is not None and 0 < result.diverged_at <= STEPS
        assert np.isnan(result.path[result.diverged_at:]).all()
        assert np.isfinite(result.path[:result.diverged_at]).all()
        assert "diverged" in describe(result) and "above lr = 1 / c0" in describe(result)
        assert run_setting(lr, "adam").diverged_at is None
    board = frameworks_dashboard()
    board.set(optimizer="gd", lr=10 ** 0.1)
    assert "diverged" in board.readout.value
    assert "diverged at step" in board.figure.axes[0].texts[0].get_text()


def test_adam_at_the_notes_learning_rate_reaches_the_minimum():
    result = run_setting(0.1, "adam")
    assert result.w_star == 5.0
    assert result.close_from is not None and result.close_from <= STEPS
    assert abs(result.path[-1] - 5.0) <= 1e-3
    np.testing.assert_allclose(result.path, _adam_path(COEFFICIENTS, 0.0, STEPS, 0.1))
    # The gap J(w) - J(w*) is (w - 5)^2 for the notes' cost.
    np.testing.assert_allclose(result.gap, (result.path - 5.0) ** 2, atol=1e-12)


def test_uses_the_learners_functions():
    calls = {"cost_fn": [], "minimize": []}

    def my_cost(w, coefficients):
        calls["cost_fn"].append(type(w).__name__)
        return quadratic_cost(w, coefficients)

    def my_minimize(coefficients, w0, steps, lr):
        calls["minimize"].append((tuple(coefficients), w0, steps, lr))
        return _adam_path(coefficients, w0, steps, lr)

    board = frameworks_dashboard(cost_fn=my_cost, minimize_fn=my_minimize)
    calls["minimize"].clear()
    calls["cost_fn"].clear()
    board.set(lr=0.2)
    assert calls["minimize"] == [(COEFFICIENTS, 0.0, STEPS, pytest.approx(0.2))]
    # Gradient descent and momentum run on the learner's forward pass, with Tensors.
    assert len(calls["cost_fn"]) >= 2 * STEPS and set(calls["cost_fn"]) == {"Tensor"}
    assert board.status.value == ""


def test_a_learners_wrong_minimize_shows_in_the_picture():
    def too_fast(coefficients, w0, steps, lr):
        return np.full(steps + 1, 5.0)  # claims to start at the minimum

    board = frameworks_dashboard(minimize_fn=too_fast)
    assert "after 200 steps w = 5 " in board.readout.value
    assert "within 0.001 of w* from step 0 on" in board.readout.value


def test_not_done_functions_show_a_notice_and_the_library_stands_in():
    def cost_stub(w, coefficients):
        raise NotImplementedError()

    def minimize_stub(coefficients, w0, steps, lr):
        raise NotImplementedError()

    board = frameworks_dashboard(cost_fn=cost_stub, minimize_fn=minimize_stub)
    assert "dl-notice" in board.status.value
    assert "`cost_fn` and `minimize` are not implemented yet" in board.status.value
    assert board.image.value[:4] == b"\x89PNG"
    assert board.readout.value == describe(run_setting(0.1, "adam"))
    image = board.image.value
    board.set(lr=0.5)
    assert board.image.value != image and "lr = 0.5" in board.readout.value
    assert "not implemented yet" in board.status.value


def test_a_minimize_returning_the_wrong_shape_is_named():
    with pytest.raises(ValueError, match=r"`minimize_fn`: expected a path of shape \(201,\)"):
        frameworks_dashboard(minimize_fn=lambda coefficients, w0, steps, lr: 5.0)


@pytest.mark.parametrize("call, name", [
    (lambda: frameworks_dashboard(cost_fn=3), "`cost_fn`"),
    (lambda: frameworks_dashboard(minimize_fn="adam"), "`minimize`"),
    (lambda: run_setting(0.0), "`lr`"),
    (lambda: run_setting(0.1, "sgd"), "`optimizer`"),
    (lambda: run_setting(0.1, coefficients=(-1.0, 2.0, 0.0)), "`coefficients`"),
    (lambda: run_setting(0.1, coefficients=(1.0, 2.0)), "`coefficients`"),
])
def test_bad_arguments_raise_a_named_value_error(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_static_plot_draws_every_optimizer_and_marks_the_chosen_one():
    import matplotlib.pyplot as plt

    results = {name: run_setting(1.2, name) for name in OPTIMIZERS}
    artists = plot_frameworks(results, "gd")
    try:
        assert artists["w"]["gd"].get_linewidth() > artists["w"]["adam"].get_linewidth()
        assert "gradient descent diverged at step" in artists["note"].get_text()
        for name in OPTIMIZERS:
            assert len(artists["gap"][name].get_xdata()) == STEPS + 1
        ax_j = artists["gap"]["gd"].axes
        assert ax_j.get_yscale() == "log"
        assert np.all(artists["gap"]["adam"].get_ydata() > 0)  # floored for the log axis
    finally:
        plt.close("all")


def test_costs_are_computed_with_the_forward_pass_on_tensors():
    seen = []

    def recording(w, coefficients):
        seen.append(isinstance(w, Tensor))
        return quadratic_cost(w, coefficients)

    result = run_setting(0.1, "gd", cost_fn=recording, steps=5)
    assert all(seen) and len(seen) >= 5
    np.testing.assert_allclose(result.path, 5.0 - 5.0 * 0.8 ** np.arange(6))
