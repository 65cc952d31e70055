"""The softmax dashboard of notebook 06: it builds, every control redraws the picture and
the readout, it computes with the learner's functions (the library's standing in while
one is not done), keeps trained classifiers, and rejects bad arguments."""

import collections
import re

import ipywidgets as widgets
import numpy as np
import pytest
from stepping import assert_steps_redraw

from helpers.dashboards.softmax import plot_softmax_setting, softmax_dashboard
from helpers.dashboards.softmax_panels import plot_softmax
from helpers.dashboards.softmax_setting import (
    DEFAULTS,
    DIGIT_STEPS,
    REGION_STEPS,
    SoftmaxModels,
    learner_functions,
    run_setting,
)
from helpers.dashboards.toolkit import Dashboard


def _spies():
    """Correct learner functions that count their calls."""
    calls = collections.Counter()

    def one_hot(y, C):
        calls["one_hot"] += 1
        return np.eye(C)[:, y]

    def softmax(Z):
        calls["softmax"] += 1
        T = np.exp(Z - Z.max(axis=0, keepdims=True))
        return T / T.sum(axis=0, keepdims=True)

    def hardmax(Z):
        calls["hardmax"] += 1
        return np.eye(Z.shape[0])[:, np.argmax(Z, axis=0)]

    def softmax_backward(AL, Y):
        calls["softmax_backward"] += 1
        return AL - Y

    fns = {"one_hot_fn": one_hot, "softmax_fn": softmax, "hardmax_fn": hardmax,
           "softmax_backward_fn": softmax_backward}
    return fns, calls


def _probabilities(board):
    match = re.search(r"softmax\(z/T\) = \[([0-9. ]+)\]", board.readout.value)
    assert match, board.readout.value
    return np.array([float(p) for p in match.group(1).split()])


def _region_accuracy(board):
    return float(re.search(r"hidden (?:layer|units): train accuracy ([0-9.]+)",
                           board.readout.value).group(1))


@pytest.fixture(scope="module")
def board():
    return softmax_dashboard()


def test_builds_with_the_controls_of_the_spec(board):
    assert isinstance(board, Dashboard)
    assert list(board.controls) == ["z1", "z2", "z3", "z4", "temperature", "hidden_units",
                                    "digit"]
    assert isinstance(board.controls["temperature"], widgets.FloatLogSlider)
    assert board.image.value[:4] == b"\x89PNG"
    assert board.status.value == ""
    assert {"dl-dashboard", "dl-softmax"} <= set(board.widget._dom_classes)
    probs = _probabilities(board)
    z = np.array([DEFAULTS[f"z{k}"] for k in range(1, 5)])
    assert probs == pytest.approx(np.exp(z) / np.exp(z).sum(), abs=0.006)
    assert "hardmax: cat" in board.readout.value  # z2, class 1, is the largest default


@pytest.mark.parametrize("seed", [0, 1])
def test_one_step_of_the_first_slider_changes_image_and_readout(seed):
    # What the browser suite does: arrow keys on the first control, one step each way.
    board = softmax_dashboard(seed=seed)
    assert_steps_redraw(board, "z1", (+1, 0))


@pytest.mark.parametrize("control, value", [("z4", 3.5), ("temperature", 10 ** 0.5),
                                            ("hidden_units", 10), ("digit", 7)])
def test_every_control_changes_image_and_readout(board, control, value):
    image, readout = board.image.value, board.readout.value
    old = board.controls[control].value
    board.set(**{control: value})
    assert board.image.value != image
    assert board.readout.value != readout
    board.set(**{control: old})


def test_temperature_sharpens_and_flattens(board):
    board.set(temperature=0.1)
    sharp = _probabilities(board)
    board.set(temperature=10.0)
    flat = _probabilities(board)
    board.set(temperature=1.0)
    assert sharp.max() > 0.99
    assert flat.max() - flat.min() < 0.15
    assert np.argmax(sharp) == np.argmax(flat) == 1


def test_a_hidden_layer_fits_the_spiral_arms_better(board):
    board.set(hidden_units=0)
    linear = _region_accuracy(board)
    board.set(hidden_units=20)
    bent = _region_accuracy(board)
    board.set(hidden_units=0)
    assert linear < 0.8
    assert bent > 0.95


def test_uses_the_learners_functions_and_keeps_trained_classifiers():
    fns, calls = _spies()
    board = softmax_dashboard(**fns)
    assert board.status.value == ""
    # Built: one probe call each, then the default region classifier and the digits
    # classifier trained with the learner's functions, one call each per step.
    assert calls["softmax_backward"] == 1 + REGION_STEPS + DIGIT_STEPS
    assert calls["one_hot"] == 1 + 2
    assert calls["hardmax"] > 0
    board.set(hidden_units=5)
    trained = calls["softmax_backward"]
    board.set(hidden_units=0)  # trained before: no training now
    board.set(hidden_units=5)
    assert calls["softmax_backward"] == trained
    before = calls["softmax"]
    board.set(z1=2.0)
    assert calls["softmax"] > before
    assert calls["softmax_backward"] == trained


def test_learner_results_reach_the_picture():
    # A learner softmax that always answers "class 3" shows in the bars and the readout.
    fns, _ = _spies()

    def biased(Z):
        out = np.zeros(Z.shape)
        out[-1] = 1.0
        return out

    fns["softmax_fn"] = biased
    board = softmax_dashboard(**fns)
    assert _probabilities(board).tolist() == [0.0, 0.0, 0.0, 1.0]
    heights = [bar.get_height() for bar in board.figure.axes[0].patches[:4]]
    assert heights == [0.0, 0.0, 0.0, 1.0]


def test_not_done_exercises_are_named_and_stood_in_for():
    def one_hot(y, C):
        raise NotImplementedError()

    def softmax(Z):
        raise NotImplementedError()

    fns, _ = _spies()
    library = softmax_dashboard()
    board = softmax_dashboard(**{**fns, "one_hot_fn": one_hot, "softmax_fn": softmax})
    status = board.status.value
    assert "dl-notice" in status and "not implemented yet" in status
    assert "`one_hot`" in status and "`softmax`" in status
    assert "hardmax" not in status and "softmax_backward" not in status
    # The library stands in: the same picture as a board without learner functions.
    assert board.readout.value == library.readout.value
    image = board.image.value
    board.set(z3=0.5)
    assert board.image.value != image and "`softmax`" in board.status.value


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="softmax"):
        softmax_dashboard(softmax_fn="softmax")
    with pytest.raises(ValueError, match="fns"):
        SoftmaxModels({"softmax": None})
    models = SoftmaxModels(learner_functions())
    with pytest.raises(ValueError, match="temperature"):
        run_setting({**DEFAULTS, "temperature": 0.0}, models)
    with pytest.raises(ValueError, match="digit"):
        run_setting({**DEFAULTS, "digit": 450}, models)
    with pytest.raises(ValueError, match="models"):
        plot_softmax(None)


def test_static_figure_matches_the_dashboard():
    fig, text = plot_softmax_setting(seed=3)
    board = softmax_dashboard(seed=3)
    assert text == board.readout.value.replace("&#x27;", "'")
    assert len(fig.axes) == 4
