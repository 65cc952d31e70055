import re

import numpy as np
import pytest

from helpers.dashboards import Dashboard
from helpers.dashboards.epsilon_sweep import epsilon_sweep, plot_epsilon_sweep
from helpers.dashboards.gradient_checking import gradient_checking_dashboard

_MINE = r"your numerical_gradient \(two-sided\): ([0-9.e+-]+)"


def _two_sided(f, theta, epsilon=1e-7):
    grad = np.zeros(theta.shape)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
    return grad


def _scheme_error(board, epsilon, scheme):
    board.set(epsilon=epsilon, scheme=scheme)
    match = re.search(rf"{scheme}: relative error ([0-9.e+-]+)", board.readout.value)
    assert match, board.readout.value
    return float(match.group(1))


def test_builds_with_controls_image_and_readout():
    board = gradient_checking_dashboard()
    assert isinstance(board, Dashboard)
    assert set(board.controls) == {"epsilon", "scheme"}
    assert board.controls["epsilon"].min == -12 and board.controls["epsilon"].max == -1
    assert board.values() == {"epsilon": pytest.approx(1e-7), "scheme": "two-sided"}
    assert board.image.value[:4] == b"\x89PNG"
    assert "1.0e-07" in board.readout.value and "two-sided" in board.readout.value
    assert board.status.value == "" and len(board.timings) == 1


def test_slider_change_updates_image_and_readout():
    board = gradient_checking_dashboard()
    image, readout = board.image.value, board.readout.value
    board.set(epsilon=1e-3)
    assert board.image.value != image
    assert board.readout.value != readout and "1.0e-03" in board.readout.value
    image = board.image.value
    board.set(scheme="one-sided")
    assert board.image.value != image and "one-sided" in board.readout.value
    assert len(board.timings) == 3
    for timing in board.timings:
        assert 0 < timing["first_frame"] <= timing["complete"]


def test_uses_the_learners_function_at_the_current_step():
    calls = []

    def spy(f, theta, epsilon=1e-7):
        calls.append((theta.shape, epsilon))
        return _two_sided(f, theta, epsilon)

    board = gradient_checking_dashboard(numerical_gradient_fn=spy)
    board.set(epsilon=1e-5)
    assert [eps for _, eps in calls] == [pytest.approx(1e-7), pytest.approx(1e-5)]
    assert all(len(shape) == 1 for shape, _ in calls)
    mine = re.search(_MINE, board.readout.value)
    reference = _scheme_error(board, 1e-5, "two-sided")
    # A correct two-sided difference matches the reference curve.
    assert float(mine.group(1)) == pytest.approx(reference, rel=0.2)


def test_a_wrong_learner_function_shows_a_large_error():
    def one_sided(f, theta, epsilon=1e-7):
        base = f(theta)
        grad = np.zeros(theta.shape)
        for i in range(theta.size):
            plus = theta.copy()
            plus[i] += epsilon
            grad[i] = (f(plus) - base) / epsilon
        return grad

    board = gradient_checking_dashboard(numerical_gradient_fn=one_sided)
    board.set(epsilon=1e-3)
    mine = float(re.search(_MINE, board.readout.value).group(1))
    assert mine > 100 * _scheme_error(board, 1e-3, "two-sided")


def test_not_done_learner_function_shows_notice_and_reference():
    def stub(f, theta, epsilon=1e-7):
        raise NotImplementedError()

    board = gradient_checking_dashboard(numerical_gradient_fn=stub)
    assert "dl-notice" in board.status.value
    assert "numerical_gradient" in board.status.value
    assert "not implemented yet" in board.status.value
    assert board.image.value[:4] == b"\x89PNG"
    assert "relative error" in board.readout.value  # the reference is still read out
    image = board.image.value
    board.set(epsilon=1e-2)
    assert board.image.value != image and "1.0e-02" in board.readout.value
    assert "not implemented yet" in board.status.value


def _legend_labels(board):
    legend = board.figure.axes[0].get_legend()
    return [text.get_text() for text in legend.get_texts()]


def test_legend_lists_the_star_only_when_the_learners_function_runs():
    def stub(f, theta, epsilon=1e-7):
        raise NotImplementedError()

    assert not any("your" in label for label in _legend_labels(gradient_checking_dashboard()))
    assert not any("your" in label for label in
                   _legend_labels(gradient_checking_dashboard(numerical_gradient_fn=stub)))
    done = gradient_checking_dashboard(numerical_gradient_fn=_two_sided)
    assert "your numerical_gradient (two-sided)" in _legend_labels(done)


def test_one_sided_readout_says_the_learners_estimate_is_two_sided():
    board = gradient_checking_dashboard(numerical_gradient_fn=_two_sided)
    board.set(scheme="one-sided", epsilon=1e-3)
    text = board.readout.value
    assert "one-sided: relative error" in text
    assert re.search(_MINE, text), text


def test_two_sided_beats_one_sided_at_the_sweet_spot():
    sweep = epsilon_sweep(seed=0)
    two, one = sweep["two-sided"], sweep["one-sided"]
    assert two.min() < one.min() / 100
    best = sweep["epsilons"][np.argmin(two)]
    assert 1e-7 <= best <= 1e-3
    board = gradient_checking_dashboard()
    assert _scheme_error(board, 1e-5, "two-sided") < _scheme_error(board, 1e-5, "one-sided") / 1000


def test_truncation_slopes_are_one_and_two():
    sweep = epsilon_sweep(seed=1)
    eps = sweep["epsilons"]
    right = (eps >= 1e-3) & (eps <= 1e-1)
    slope_two = np.polyfit(np.log10(eps[right]), np.log10(sweep["two-sided"][right]), 1)[0]
    slope_one = np.polyfit(np.log10(eps[right]), np.log10(sweep["one-sided"][right]), 1)[0]
    assert slope_two == pytest.approx(2.0, abs=0.2)
    assert slope_one == pytest.approx(1.0, abs=0.2)


def test_rounding_makes_tiny_steps_worse():
    board = gradient_checking_dashboard()
    for scheme in ("two-sided", "one-sided"):
        assert _scheme_error(board, 1e-12, scheme) > 10 * _scheme_error(board, 1e-6, scheme)
    sweep = epsilon_sweep()
    i12 = np.argmin(np.abs(np.log10(sweep["epsilons"]) + 12))
    i6 = np.argmin(np.abs(np.log10(sweep["epsilons"]) + 6))
    assert sweep["two-sided"][i12] > 100 * sweep["two-sided"][i6]


def test_static_plot_marks_the_step():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    artists = plot_epsilon_sweep(epsilon_sweep(), ax=ax, epsilon=1e-4, scheme="one-sided")
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "epsilon" in ax.get_xlabel() or "varepsilon" in ax.get_xlabel()
    assert list(artists["cursor"].get_xdata()) == [1e-4, 1e-4]
    assert artists["marker"].get_xdata()[0] == 1e-4
    assert len(artists["learner"].get_xdata()) == 0
    # The three readings of a gradient check, each a dotted line with its label.
    levels = sorted(line.get_ydata()[0] for line in ax.lines if line.get_linestyle() == ":")
    assert levels == [1e-7, 1e-5, 1e-3]
    texts = " | ".join(t.get_text() for t in ax.texts)
    for label in ("1e-7: fine", "1e-5: look closer", "1e-3: a bug"):
        assert label in texts
    assert "?" not in texts and "(two-sided)" in texts and "(one-sided)" in texts


def test_rejects_a_non_function():
    with pytest.raises(ValueError, match="numerical_gradient_fn"):
        gradient_checking_dashboard(numerical_gradient_fn=3)


def test_a_learner_result_of_the_wrong_shape_is_reported():
    def column(f, theta, epsilon=1e-7):
        return np.zeros((theta.size, 1))

    with pytest.raises(ValueError, match=r"returned shape \(35, 1\); expected \(35,\)"):
        gradient_checking_dashboard(numerical_gradient_fn=column)
