import html
import re

import numpy as np
import pytest

from helpers.dashboards import Dashboard
from helpers.dashboards.gradient_checking import (
    epsilon_sweep,
    gradient_checking_dashboard,
    gradient_checking_functions,
    plot_epsilon_sweep,
    readout,
    run_setting,
)

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
    assert list(board.controls) == ["epsilon", "scheme", "bug", "dropout", "float32"]
    assert board.controls["epsilon"].min == -12 and board.controls["epsilon"].max == -1
    assert board.values() == {"epsilon": pytest.approx(1e-7), "scheme": "two-sided",
                              "bug": False, "dropout": False, "float32": False}
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
    # Moving a marker is quick: no early frame, the first new image is the final one.
    assert [timing["first_frame"] for timing in board.timings] == [None] * 3
    assert all(timing["complete"] > 0 for timing in board.timings)


def test_uses_the_learners_function_at_the_current_step():
    calls = []

    def spy(f, theta, epsilon=1e-7):
        calls.append((theta.shape, epsilon))
        return _two_sided(f, theta, epsilon)

    board = gradient_checking_dashboard(numerical_gradient_fn=spy)
    assert len(calls) == 2  # a probe on a tiny theta, then the first update
    board.set(epsilon=1e-5)
    assert calls[1:] == [((35,), pytest.approx(1e-7)), ((35,), pytest.approx(1e-5))]
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
    assert ("`numerical_gradient` is not implemented yet, so this dashboard leaves out "
            "what needs it") in board.status.value
    assert board.image.value[:4] == b"\x89PNG"
    # The reference is still drawn and read out, without the learner's star.
    assert board.readout.value == html.escape(readout(run_setting()))
    assert len(board.figure.axes[0].lines[-1].get_xdata()) == 0
    image = board.image.value
    board.set(epsilon=1e-2)
    assert board.image.value != image and "1.0e-02" in board.readout.value
    assert "not implemented yet" in board.status.value


def test_run_setting_reads_the_learners_error_only_when_done():
    point = run_setting(1e-5, fns=gradient_checking_functions(_two_sided))
    assert point.learner_error == pytest.approx(point.error, rel=0.2)
    calls = []

    def not_done(f, theta, epsilon=1e-7):
        calls.append(epsilon)
        raise NotImplementedError()

    fns = gradient_checking_functions(not_done)
    assert run_setting(1e-5, fns=fns).learner_error is None
    assert calls == [1e-7]  # only the probe: a function known not done is not called again
    assert run_setting(1e-5).learner_error is None


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
    for label in ("1e-7: probably correct above", "1e-5: suspicious above",
                  "1e-3: a bug above"):
        assert label in texts
    assert "?" not in texts and "(two-sided)" in texts and "(one-sided)" in texts


def test_rejects_a_non_function():
    with pytest.raises(ValueError, match="`numerical_gradient`: expected a function"):
        gradient_checking_dashboard(numerical_gradient_fn=3)


def test_a_learner_result_of_the_wrong_shape_is_reported():
    def column(f, theta, epsilon=1e-7):
        return np.zeros((theta.size, 1))

    with pytest.raises(ValueError, match=r"returned shape \(35, 1\); expected \(35,\)"):
        gradient_checking_dashboard(numerical_gradient_fn=column)


def test_verdicts_follow_the_notebooks_four_bands():
    # The table of notebook 03, section 3: <= 1e-7 correct, to 1e-5 probably correct,
    # to 1e-3 suspicious, above a bug.
    from helpers.dashboards.gradient_checking_setting import _verdict

    assert _verdict(1e-7) == "a check reads it as correct"
    assert _verdict(2e-7).startswith("probably correct") and _verdict(1e-5).startswith("probably")
    assert _verdict(2e-5) == _verdict(1e-3) == "suspicious"
    assert _verdict(2e-3) == "a check reads it as a bug"


def _best(sweep, scheme="two-sided"):
    i = int(np.argmin(sweep[scheme]))
    return sweep["epsilons"][i], sweep[scheme][i]


def test_a_planted_bug_puts_a_floor_under_both_curves():
    clean, buggy = epsilon_sweep(), epsilon_sweep(bug=True)
    for scheme in ("two-sided", "one-sided"):
        assert buggy[scheme].min() > 1e-3 > 1e3 * clean[scheme].min()
    assert "[planted bug]" in readout(run_setting(1e-6, bug=True))
    assert "a bug" in readout(run_setting(1e-6, bug=True))


def test_dropout_during_a_check_ruins_every_step_and_is_reproducible():
    sweep = epsilon_sweep(dropout=True)
    assert sweep["two-sided"].min() > 0.1
    # A fresh network per setting: the same setting gives the same numbers.
    assert run_setting(1e-5, dropout=True).error == run_setting(1e-5, dropout=True).error
    mine = run_setting(1e-5, dropout=True, fns=gradient_checking_functions(_two_sided))
    assert mine.learner_error > 0.1


def test_float32_lifts_the_rounding_floor_and_moves_the_best_step_right():
    best64, floor64 = _best(epsilon_sweep())
    best32, floor32 = _best(epsilon_sweep(float32=True))
    assert floor32 > 1e3 * floor64 and best32 >= 100 * best64
    # At the course's default step, float32 rounding alone reads as a bug.
    assert run_setting(1e-7, float32=True).error > 1e-3
    mine = run_setting(1e-7, float32=True, fns=gradient_checking_functions(_two_sided))
    assert mine.learner_error > 1e-3


def test_switches_redraw_the_curves_in_place():
    board = gradient_checking_dashboard()
    line = board.figure.axes[0].lines[0]
    before, image = np.array(line.get_ydata()), board.image.value
    board.set(float32=True)
    assert board.figure.axes[0].lines[0] is line
    assert not np.allclose(line.get_ydata(), before) and board.image.value != image
    assert "[float32]" in board.readout.value
    assert board.readout.value == html.escape(readout(run_setting(1e-7, float32=True)))
    board.set(float32=False)
    np.testing.assert_allclose(line.get_ydata(), before)
