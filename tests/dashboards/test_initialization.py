import html
import re

import numpy as np
import pytest

from helpers.dashboards.initialization import (
    initialization_dashboard,
    initialization_functions,
    plot_initialization,
    readout,
    run_setting,
)
from helpers.dashboards.initialization_setting import (
    DRAWS,
    initial_parameters,
    reference_spread,
)
from helpers.dashboards.initialization_signal import backward_sizes
from helpers.dashboards.toolkit import make_figure

_EXERCISES = ["initialize_zeros", "initialize_random", "initialize_he", "initialize_xavier",
              "activation_spread"]


def _layers(layer_dims, draw):
    params = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        params[f"W{l}"] = draw(n, n_prev)
        params[f"b{l}"] = np.zeros((n, 1))
    return params


def _learner_functions(calls):
    """Correct exercise solutions that record their calls."""

    def initialize_zeros(layer_dims):
        calls.append("zeros")
        return _layers(layer_dims, lambda n, n_prev: np.zeros((n, n_prev)))

    def initialize_random(layer_dims, rng, scale=10.0):
        calls.append(("random", scale))
        return _layers(layer_dims, lambda n, n_prev: scale * rng.standard_normal((n, n_prev)))

    def initialize_xavier(layer_dims, rng):
        calls.append("xavier")
        return _layers(layer_dims,
                       lambda n, n_prev: rng.standard_normal((n, n_prev)) / np.sqrt(n_prev))

    def initialize_he(layer_dims, rng):
        calls.append("he")
        return _layers(layer_dims,
                       lambda n, n_prev: rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev))

    def activation_spread(parameters, X, activation):
        calls.append(("spread", activation, len(parameters) // 2))
        return reference_spread(parameters, X, activation)

    init_fns = {"zeros": initialize_zeros, "random": initialize_random,
                "xavier": initialize_xavier, "he": initialize_he}
    return init_fns, activation_spread


def _spread_line(board):
    line = board.figure.axes[0].lines[0]
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def test_builds_with_library_functions():
    board = initialization_dashboard()
    assert board.image.value[:4] == b"\x89PNG"
    assert "He" in board.readout.value and "relu" in board.readout.value
    assert board.status.value == ""
    assert set(board.controls) == {"scheme", "scale", "depth", "activation"}
    assert {"dl-dashboard", "dl-initialization"} <= set(board.widget._dom_classes)
    assert len(board.timings) == 1
    # Default He + ReLU on the moons trains to a good fit.
    accuracy = int(re.search(r"train accuracy (\d+)%", board.readout.value).group(1))
    assert accuracy > 85
    x, _ = _spread_line(board)
    assert list(x) == [1, 2, 3, 4, 5]


def test_control_change_updates_image_readout_and_timings():
    board = initialization_dashboard()
    image, readout = board.image.value, board.readout.value
    board.set(scheme="xavier")
    assert board.image.value != image
    assert board.readout.value != readout and "Xavier" in board.readout.value
    assert len(board.timings) == 2
    # The spread panel is pushed as an early frame, before training.
    timing = board.timings[-1]
    assert timing["first_frame"] is not None
    assert 0 < timing["first_frame"] < timing["complete"]


def test_learner_functions_are_called():
    calls = []
    init_fns, spread_fn = _learner_functions(calls)
    board = initialization_dashboard(init_fns=init_fns, spread_fn=spread_fn)
    # Each function is tried once on a tiny network, then the first update uses He,
    # once per draw of the initial weights.
    assert set(calls[:5]) == {"zeros", ("random", 1.0), "xavier", "he", ("spread", "relu", 1)}
    assert calls[5:] == ["he"] * DRAWS + [("spread", "relu", 5)] * DRAWS
    board.set(scheme="random")
    assert ("random", 1.0) in calls
    board.set(scale=0.01)
    assert ("random", pytest.approx(0.01)) in calls
    board.set(scheme="zeros")
    assert "zeros" in calls
    board.set(activation="tanh")
    assert ("spread", "tanh", 5) in calls
    board.set(scheme="xavier")
    assert calls[-2 * DRAWS:] == ["xavier"] * DRAWS + [("spread", "tanh", 5)] * DRAWS
    assert board.status.value == ""


def test_missing_scheme_falls_back_to_the_library():
    calls = []
    init_fns, _ = _learner_functions(calls)
    del init_fns["xavier"]
    board = initialization_dashboard(init_fns=init_fns)
    board.set(scheme="xavier")
    assert "xavier" not in calls and board.status.value == ""
    assert "Xavier" in board.readout.value


def _not_done(*args, **kwargs):
    raise NotImplementedError()


def _notice_names(board):
    return [name for name in _EXERCISES if f"`{name}`" in board.status.value]


def test_not_done_initializer_falls_back_to_the_library_and_is_named():
    calls = []
    init_fns, spread_fn = _learner_functions(calls)
    init_fns["xavier"] = _not_done
    board = initialization_dashboard(init_fns=init_fns, spread_fn=spread_fn)
    # Named from the first frame on, although the default scheme is He.
    assert "dl-notice" in board.status.value and "not implemented yet" in board.status.value
    assert _notice_names(board) == ["initialize_xavier"]
    image = board.image.value
    board.set(scheme="xavier")
    # The library's Xavier stands in: a new picture, a readout, the notice kept.
    assert board.image.value != image and board.image.value[:4] == b"\x89PNG"
    assert "Xavier" in board.readout.value
    assert _notice_names(board) == ["initialize_xavier"]
    # Exactly the library's picture: the readout of the library's run, to the digit.
    assert board.readout.value == html.escape(readout(run_setting("xavier")))
    board.set(scheme="he")
    assert _notice_names(board) == ["initialize_xavier"]
    assert "He" in board.readout.value


def test_not_done_spread_uses_the_reference_and_is_named():
    board = initialization_dashboard(spread_fn=_not_done)
    assert board.image.value[:4] == b"\x89PNG" and board.readout.value
    assert len(board.timings) == 1
    assert _notice_names(board) == ["activation_spread"]
    assert "not implemented yet" in board.status.value
    assert len(_spread_line(board)[0]) == 5
    assert board.readout.value == html.escape(readout(run_setting()))


def test_released_notebook_shows_a_picture_and_lists_every_missing_exercise():
    init_fns = {scheme: _not_done for scheme in ("zeros", "random", "xavier", "he")}
    board = initialization_dashboard(init_fns=init_fns, spread_fn=_not_done)
    assert board.image.value[:4] == b"\x89PNG"
    assert "He" in board.readout.value and "train accuracy" in board.readout.value
    assert _notice_names(board) == _EXERCISES   # every one, in notebook order
    # The first slider still changes the picture and the readout.
    image, readout = board.image.value, board.readout.value
    board.set(scale=10 ** 0.1)
    assert board.image.value != image and board.readout.value != readout
    assert _notice_names(board) == _EXERCISES


def test_function_not_done_for_some_inputs_joins_the_notice_when_hit():
    def activation_spread(parameters, X, activation):
        if activation == "tanh":
            raise NotImplementedError()
        return reference_spread(parameters, X, activation)

    board = initialization_dashboard(spread_fn=activation_spread)
    assert board.status.value == ""
    board.set(activation="tanh")
    assert _notice_names(board) == ["activation_spread"]
    assert "tanh" in board.readout.value


def test_depth_changes_the_spread_plot():
    board = initialization_dashboard()
    board.set(depth=12)
    x, y = _spread_line(board)
    assert list(x) == list(range(1, 13))
    assert board.figure.axes[0].get_xlim()[1] >= 12
    board.set(depth=2)
    assert len(_spread_line(board)[0]) == 2


def test_scale_changes_the_spread():
    # A linear network with the same draws: the spread is proportional to scale**depth.
    base = np.array(run_setting("random", 1.0, 3, "linear").spreads)
    small = np.array(run_setting("random", 0.1, 3, "linear").spreads)
    np.testing.assert_allclose(small, base * 0.1 ** np.arange(1, 4), rtol=1e-9)


def test_scale_changes_the_spread_plot():
    board = initialization_dashboard()
    board.set(activation="linear", scheme="random", depth=3, scale=1.0)
    _, before = _spread_line(board)
    board.set(scale=0.1)
    _, y = _spread_line(board)
    assert not np.allclose(y, before)
    lo, hi = board.figure.axes[0].get_ylim()
    # Drawn values stay inside the axes (clipped to its edge when off-scale).
    assert np.all((y >= lo) & (y <= hi))
    assert y[-1] < y[0]


def test_he_gain_and_xavier_tilt_the_relu_spread():
    he = np.array(run_setting("he", depth=10).spreads)
    xavier = np.array(run_setting("xavier", depth=10).spreads)
    # Same seed, same draws: Xavier's weights are He's divided by sqrt(2), and ReLU is
    # positively homogeneous, so layer l shrinks by exactly 2 ** (-l / 2).
    np.testing.assert_allclose(xavier, he * 2.0 ** (-np.arange(1, 11) / 2), rtol=1e-9)


def test_zeros_start_stays_at_chance():
    run = run_setting("zeros")
    assert run.spreads == [0.0] * 5
    assert run.history.train_cost[-1] == pytest.approx(np.log(2), abs=1e-3)
    board = initialization_dashboard()
    board.set(scheme="zeros")
    # A zero spread is drawn on the bottom edge of the log axis, not dropped.
    _, y = _spread_line(board)
    assert np.all(np.isfinite(y)) and np.all(y > 0)


def _notes(board):
    return [t for ax in board.figure.axes for t in ax.texts if t.get_visible()]


def test_diverging_training_is_reported_in_the_panels_not_raised():
    board = initialization_dashboard()
    assert _notes(board) == []
    board.set(scheme="random", scale=10.0, depth=8)
    assert board.status.value == ""
    assert "diverged" in board.readout.value
    notes = [t.get_text() for t in _notes(board)]
    assert len(notes) == 2
    assert "diverged" in notes[0] and "overflowed" in notes[0]
    assert "no boundary" in notes[1]
    board.set(scheme="he", scale=1.0, depth=5)
    assert _notes(board) == []
    assert "cost" in board.readout.value


def test_cost_legend_stays_off_the_flat_zeros_curve():
    board = initialization_dashboard()
    board.set(scheme="zeros")
    ax = board.figure.axes[2]
    legend = ax.get_legend()
    assert legend is not None
    # Lower left, below every cost curve: the legend's corner sits at the axes' corner.
    box, frame = legend.get_window_extent(), ax.get_window_extent()
    assert box.x0 - frame.x0 < 0.1 * frame.width and box.y0 - frame.y0 < 0.1 * frame.height
    assert box.y1 < frame.y0 + 0.5 * frame.height


def _panel_data(figure):
    return [np.asarray(line.get_xydata()) for ax in figure.axes for line in ax.lines]


def test_static_figure_draws_what_the_dashboard_draws():
    board = initialization_dashboard(seed=1)
    board.set(scheme="xavier", depth=7, activation="tanh")
    fig, axes = make_figure(4)
    run = run_setting("xavier", 1.0, 7, "tanh", seed=1)
    assert plot_initialization(run, axes) is fig
    for static, live in zip(_panel_data(fig), _panel_data(board.figure), strict=True):
        np.testing.assert_array_equal(static, live)
    assert list(axes[0].lines[0].get_xdata()) == list(range(1, 8))
    assert list(axes[1].lines[0].get_xdata()) == list(range(1, 9))  # the output layer too
    assert axes[2].lines[0].get_xdata().size == 300
    text = readout(run)
    assert text.startswith("Xavier x 1, 7 hidden tanh layers of 20")
    assert board.readout.value == html.escape(text)


def test_static_figure_with_a_not_done_function_names_it():
    fns = initialization_functions(init_fns={"he": _not_done})
    run = run_setting(fns=fns, seed=1)
    assert readout(run) == readout(run_setting(seed=1))
    assert fns.notice().startswith("`initialize_he` is not implemented yet")


def test_plot_initialization_makes_a_pyplot_figure_by_default():
    import matplotlib.pyplot as plt

    figure = plot_initialization(run_setting(seed=1))
    try:
        assert len(figure.axes) == 4
    finally:
        plt.close(figure)


def test_initial_parameters_scales_learner_weights_as_a_gain():
    calls = []
    init_fns, _ = _learner_functions(calls)
    fns = initialization_functions(init_fns)
    a = initial_parameters("he", [4, 3, 2], np.random.default_rng(0), 1.0, fns)
    b = initial_parameters("he", [4, 3, 2], np.random.default_rng(0), 3.0, fns)
    np.testing.assert_allclose(b["W1"], 3.0 * a["W1"])
    np.testing.assert_array_equal(b["b1"], a["b1"])
    lib = initial_parameters("random", [4, 3, 2], np.random.default_rng(0), 2.0)
    assert lib["W1"].shape == (3, 4) and lib["b2"].shape == (2, 1)


def test_rejects_unknown_scheme_keys_and_depths():
    with pytest.raises(ValueError, match="`init_fns`"):
        initialization_dashboard(init_fns={"lecun": lambda dims, rng: {}})
    with pytest.raises(ValueError, match="`depth`: expected an integer from 1 to 20"):
        run_setting(depth=21)


def test_reference_spread_follows_the_activation():
    parameters = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[1.0, 0.0, 3.0], [0.0, 2.0, 0.0]])  # Z = [1, -2, 3]
    assert reference_spread(parameters, X, "linear") == pytest.approx([np.std([1, -2, 3])])
    assert reference_spread(parameters, X, "relu") == pytest.approx([np.std([1, 0, 3])])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_default_shows_he_keeping_the_signal_level(seed):
    # The default (He, gain 1, 5 ReLU layers of 20) must show what He is for: a level
    # spread, forward and backward. A single draw does not (its last/first ratio ranged
    # from 0.39 to 2.2 over 40 draws); the average over the draws does.
    run = run_setting(seed=seed)
    assert 0.75 <= run.spreads[-1] / run.spreads[0] <= 1.33
    hidden = np.array(run.gradients[:-1])  # the output layer's dZ = AL - Y is its own
    assert 0.75 <= hidden.min() / hidden.max() <= 1.0
    assert not run.diverged and run.history.train_acc[-1] > 0.9


@pytest.mark.parametrize("seed", [0, 1])
def test_the_other_schemes_keep_their_failure_modes(seed):
    zeros = run_setting("zeros", seed=seed)
    assert zeros.spreads == [0.0] * 5 and zeros.gradients[:-1] == [0.0] * 5
    small = run_setting("random", 0.01, seed=seed)   # vanishing, forward and backward
    assert small.spreads[-1] < 1e-5 * small.spreads[0]
    assert small.gradients[0] < 1e-5 * small.gradients[-2]
    large = run_setting("random", 1.0, seed=seed)    # exploding, forward and backward
    assert large.spreads[-1] > 30 * large.spreads[0]
    assert large.gradients[0] > 30 * large.gradients[-2]
    xavier = run_setting("xavier", seed=seed)        # half He's variance under ReLU
    assert xavier.spreads[-1] / xavier.spreads[0] < 0.35
    assert xavier.gradients[0] / xavier.gradients[-2] < 0.35
    tanh = run_setting("random", 10.0, activation="tanh", seed=seed)  # saturation
    assert min(tanh.spreads[1:]) > 0.95


def test_backward_sizes_match_a_numerical_gradient():
    # With one example, dZ[l] is the gradient of the cost with respect to b[l].
    gen = np.random.default_rng(5)
    dims = [3, 4, 4, 1]
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = gen.normal(size=(dims[l], dims[l - 1]))
        params[f"b{l}"] = gen.normal(size=(dims[l], 1))
    X, Y = gen.normal(size=(3, 1)), np.array([[1.0]])

    def cost(p):
        A = X
        for l in range(1, len(dims) - 1):
            A = np.tanh(p[f"W{l}"] @ A + p[f"b{l}"])
        Z = p["W3"] @ A + p["b3"]
        return float(np.logaddexp(0.0, -Z[0, 0]))  # cross-entropy for Y = 1

    expected = []
    for l in range(1, len(dims)):
        b = params[f"b{l}"]
        db = np.zeros_like(b)
        for i in range(b.shape[0]):
            for sign in (1, -1):
                shifted = dict(params, **{f"b{l}": b + sign * 1e-6 * np.eye(b.shape[0])[:, [i]]})
                db[i] += sign * cost(shifted) / 2e-6
        expected.append(np.sqrt(np.mean(db ** 2)))
    np.testing.assert_allclose(backward_sizes(params, X, Y, "tanh"), expected, rtol=1e-6)
