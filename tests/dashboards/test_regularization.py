"""The regularization dashboard of notebook 02: it builds, redraws on every change, runs
the learner's dropout when keep_prob < 1, stands in for an exercise that is not done and
names it, and shows where early stopping halted."""

import collections
import html

import ipywidgets as widgets
import numpy as np
import pytest
from stepping import assert_steps_redraw

from helpers.dashboards.regularization import (
    plot_boundary,
    plot_regularization,
    readout,
    regularization_dashboard,
    regularization_functions,
    regularization_problem,
    run_setting,
)
from helpers.dashboards.toolkit import Dashboard, make_figure
from tests.helpers.override_spies import counting_overrides


def _spy_dropout():
    """Correct inverted dropout that counts its calls (the shared test spies)."""
    calls = collections.Counter()
    spies = counting_overrides(calls)
    return (spies["dropout_forward"], spies["dropout_backward"]), calls


def _accuracies(board):
    text = board.readout.value
    train = float(text.split("train accuracy ")[1].split()[0])
    dev = float(text.split("dev accuracy ")[1].split()[0])
    return train, dev


@pytest.fixture(scope="module")
def board():
    return regularization_dashboard()


def test_builds_with_the_spec_controls(board):
    assert isinstance(board, Dashboard)
    assert set(board.controls) == {"lambd", "keep_prob", "m", "epochs", "early_stopping"}
    assert isinstance(board.controls["lambd"], widgets.FloatLogSlider)
    assert isinstance(board.controls["early_stopping"], widgets.Checkbox)
    assert board.image.value[:4] == b"\x89PNG"
    assert "train accuracy" in board.readout.value and "dev accuracy" in board.readout.value
    assert board.status.value == ""
    assert {"dl-dashboard", "dl-regularization"} <= set(board.widget._dom_classes)
    ax_cost = board.figure.axes[0]
    assert ax_cost.get_yscale() == "log"
    assert ax_cost.get_xlabel() and ax_cost.get_ylabel()


def test_cost_legend_says_which_curve_holds_the_l2_term(board):
    # With a large lambd the train curve sits above the dev curve: the legend explains it.
    ax_cost = board.figure.axes[0]
    labels = [text.get_text() for text in ax_cost.get_legend().get_texts()]
    assert labels[0] == "train (cross-entropy + L2 term)"
    assert labels[1] == "dev (cross-entropy)"
    assert "cross-entropy" not in ax_cost.get_ylabel()


def test_slider_change_updates_image_and_readout(board):
    image, readout, runs = board.image.value, board.readout.value, len(board.timings)
    board.set(lambd=1.0)
    assert len(board.timings) == runs + 1
    assert board.image.value != image
    assert board.readout.value != readout
    board.set(lambd=1e-4)


def test_long_runs_push_an_early_frame_and_short_ones_do_not(board):
    # 1500 epochs take longer than the early-frame delay: the curves so far are shown
    # first. 50 epochs finish before it: the final frame is the first.
    board.set(epochs=1500)
    timing = board.timings[-1]
    assert timing["first_frame"] is not None
    assert 0.04 < timing["first_frame"] < timing["complete"]
    board.set(epochs=50)
    assert board.timings[-1]["first_frame"] is None
    board.set(epochs=300)


@pytest.mark.parametrize("seed", [0, 1])
def test_one_step_of_the_first_slider_changes_image_and_readout(seed):
    # What the browser suite does: arrow keys on the first control, one step each way.
    board = regularization_dashboard(seed=seed)
    assert_steps_redraw(board, "lambd", (+1, 0), log=True)


def test_strong_l2_closes_the_train_dev_gap():
    board = regularization_dashboard(seed=1)
    train0, dev0 = _accuracies(board)
    board.set(lambd=1.0)
    train1, dev1 = _accuracies(board)
    assert train0 - dev0 > train1 - dev1
    assert train1 < train0


def test_training_set_size_moves_the_scatter(board):
    scatter = board.figure.axes[1].collections[0]
    board.set(m=200)
    assert len(scatter.get_offsets()) == 200
    board.set(m=60)
    assert len(scatter.get_offsets()) == 60


def test_learner_dropout_is_called_only_when_keep_prob_below_one():
    fns, calls = _spy_dropout()
    board = regularization_dashboard(dropout_fns=fns)
    # One probe call each (to name a not-done exercise from the start), then none at
    # keep_prob = 1.
    assert calls == {"dropout_forward": 1, "dropout_backward": 1}
    image = board.image.value
    board.set(keep_prob=0.7)
    assert calls["dropout_forward"] > 1 and calls["dropout_backward"] > 1
    assert board.status.value == ""
    assert board.image.value != image
    board.set(keep_prob=1.0)
    before = dict(calls)
    board.set(lambd=0.1)
    assert calls == before


def test_learner_dropout_matches_the_library():
    # Same draws from the same generator; only rounding may differ between the two.
    fns, _ = _spy_dropout()
    mine = regularization_dashboard(dropout_fns=fns)
    library = regularization_dashboard()
    for board in (mine, library):
        board.set(keep_prob=0.6)
    assert np.allclose(_accuracies(mine), _accuracies(library), atol=0.02)


def _not_done(*args):
    raise NotImplementedError()


def test_not_done_dropout_is_stood_in_for_and_named_from_the_start():
    board = regularization_dashboard(dropout_fns=(_not_done, _not_done))
    # Named from the first frame on, although keep_prob = 1 needs no dropout yet.
    assert "dl-notice" in board.status.value
    assert "`dropout_forward` and `dropout_backward` are not implemented yet" in \
        board.status.value
    image = board.image.value
    board.set(keep_prob=0.8)
    # The library's dropout stands in: a new picture, exactly the library's numbers.
    assert board.image.value != image
    library = run_setting(regularization_problem(0), keep_prob=0.8)
    assert board.readout.value == html.escape(readout(library))
    assert "not implemented yet" in board.status.value


def test_half_done_dropout_uses_the_learners_half():
    calls = collections.Counter()
    spies = counting_overrides(calls)
    fns = regularization_functions(spies["dropout_forward"], _not_done)
    run = run_setting(regularization_problem(0), keep_prob=0.8, epochs=50, fns=fns)
    assert calls["dropout_forward"] > 0
    assert fns.notice().startswith("`dropout_backward` is not implemented yet")
    library = run_setting(regularization_problem(0), keep_prob=0.8, epochs=50)
    assert run.dev_cost == pytest.approx(library.dev_cost, rel=1e-9)


def test_early_stopping_shows_the_stop_epoch():
    board = regularization_dashboard()
    stop_line = board.figure.axes[0].lines[2]
    assert "early stopping off" in board.readout.value
    assert not np.isfinite(stop_line.get_xdata()[0])
    board.set(epochs=1500, early_stopping=True)
    text = board.readout.value
    assert "stopped after epoch" in text, text
    stopped = int(text.split("stopped after epoch ")[1].split(",")[0])
    kept = int(text.split("kept epoch ")[1].split()[0])
    assert kept < stopped < 1500
    assert stop_line.get_xdata()[0] == stopped
    board.set(early_stopping=False)
    assert not np.isfinite(stop_line.get_xdata()[0])


def test_rejects_a_bad_dropout_pair():
    with pytest.raises(ValueError, match="dropout_fns"):
        regularization_dashboard(dropout_fns=(print,))
    with pytest.raises(ValueError, match="dropout_fns"):
        regularization_dashboard(dropout_fns=("a", "b"))


def test_static_figures_draw_what_the_dashboard_draws():
    board = regularization_dashboard()
    problem = regularization_problem(0)
    run = run_setting(problem)
    fig, axes = make_figure(2, width=4.2, height=3.4)
    assert plot_regularization(run, problem, axes) is fig
    for static, live in zip(fig.axes, board.figure.axes, strict=True):
        for a, b in zip(static.lines, live.lines, strict=True):
            np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())
        assert static.get_ylim() == live.get_ylim()
    np.testing.assert_array_equal(axes[1].images[0].get_array(),
                                  board.figure.axes[1].images[0].get_array())
    assert board.readout.value == html.escape(readout(run))
    ax = make_figure(1)[1][0]
    plot_boundary(run, ax=ax)
    assert ax.get_title() == f"train {run.train_acc:.2f} · dev {run.dev_acc:.2f}"
    assert len(ax.collections[0].get_offsets()) == 60


def test_problem_shapes_and_seed():
    X_pool, Y_pool, X_dev, Y_dev = regularization_problem(3)
    assert X_pool.shape == (2, 300) and Y_pool.shape == (1, 300)
    assert X_dev.shape == (2, 200) and Y_dev.shape == (1, 200)
    again = regularization_problem(3)
    assert np.array_equal(again[0], X_pool) and np.array_equal(again[3], Y_dev)


def test_test_set_is_new_data_from_the_same_distribution():
    from helpers.dashboards.regularization import regularization_problem, regularization_test_set

    X_pool, _, X_dev, _ = regularization_problem(1)
    X_test, Y_test = regularization_test_set(1)
    assert X_test.shape == (2, 1000) and Y_test.shape == (1, 1000)
    assert 0.4 < Y_test.mean() < 0.6
    seen = {tuple(x) for x in np.hstack([X_pool, X_dev]).T}
    assert not any(tuple(x) in seen for x in X_test.T)
    np.testing.assert_array_equal(regularization_test_set(1)[0], X_test)
    # Drawing it leaves the dashboard's data as they were.
    np.testing.assert_array_equal(regularization_problem(1)[0], X_pool)
