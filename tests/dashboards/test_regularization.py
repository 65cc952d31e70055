import collections
"""The regularization dashboard of notebook 02: it builds, redraws on every change, runs
the learner's dropout when keep_prob < 1, explains an exercise that is not done, and
shows where early stopping halted."""

import ipywidgets as widgets
import numpy as np
import pytest

from helpers.dashboards.regularization import regularization_dashboard, regularization_problem
from helpers.dashboards.toolkit import Dashboard
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
    timing = board.timings[-1]
    assert 0 < timing["first_frame"] <= timing["complete"]
    board.set(lambd=1e-4)


@pytest.mark.parametrize("seed", [0, 1])
def test_one_step_of_the_first_slider_changes_image_and_readout(seed):
    # What the browser suite does: arrow keys on the first control, one step each way.
    board = regularization_dashboard(seed=seed)
    first = next(iter(board.controls.values()))
    assert first is board.controls["lambd"]
    for value in (10 ** (np.log10(first.value) + first.step), first.value):
        image, readout = board.image.value, board.readout.value
        board.set(lambd=value)
        assert board.image.value != image
        assert board.readout.value != readout


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
    assert calls["dropout_forward"] == 0 and calls["dropout_backward"] == 0
    image = board.image.value
    board.set(keep_prob=0.7)
    assert calls["dropout_forward"] > 0 and calls["dropout_backward"] > 0
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


def test_not_done_exercise_shows_a_notice_naming_it():
    def dropout_forward(A, keep_prob, rng):
        raise NotImplementedError()

    def dropout_backward(dA, mask, keep_prob):
        raise NotImplementedError()

    board = regularization_dashboard(dropout_fns=(dropout_forward, dropout_backward))
    assert board.status.value == ""  # keep_prob = 1 by default: no dropout needed
    image, readout = board.image.value, board.readout.value
    board.set(keep_prob=0.8)
    assert "dl-notice" in board.status.value
    assert "dropout_forward" in board.status.value
    assert "not implemented yet" in board.status.value
    assert board.image.value == image
    # The figure and numbers on display are the keep_prob = 1 run: the readout says so.
    assert board.readout.value.startswith(readout)
    assert "last completed run: keep_prob = 1)" in board.readout.value
    board.set(lambd=0.01)  # still not done: the settings that differ are listed
    assert "last completed run: lambd = 0.0001, keep_prob = 1)" in board.readout.value
    board.set(keep_prob=1.0)
    assert board.status.value == ""
    assert "last completed run" not in board.readout.value


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


def test_problem_shapes_and_seed():
    X_pool, Y_pool, X_dev, Y_dev = regularization_problem(3)
    assert X_pool.shape == (2, 300) and Y_pool.shape == (1, 300)
    assert X_dev.shape == (2, 200) and Y_dev.shape == (1, 200)
    again = regularization_problem(3)
    assert np.array_equal(again[0], X_pool) and np.array_equal(again[3], Y_dev)
