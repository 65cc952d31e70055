import numpy as np
import pytest

from helpers.dashboards.init_panels import initial_parameters, reference_spread
from helpers.dashboards.initialization import initialization_dashboard, plot_initialization
from helpers.dashboards.toolkit import make_figure
from helpers.data import make_moons

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


def _moons_inputs(seed=0):
    """The dashboard's inputs X (2, 300) for `seed`."""
    return make_moons(300, noise=0.2, rng=np.random.default_rng(seed))[0]


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
    assert board.results["history"].train_acc[-1] > 0.85
    x, _ = _spread_line(board)
    assert list(x) == [1, 2, 3, 4, 5]


def test_control_change_updates_image_readout_and_timings():
    board = initialization_dashboard()
    image, readout = board.image.value, board.readout.value
    board.set(scheme="xavier")
    assert board.image.value != image
    assert board.readout.value != readout and "Xavier" in board.readout.value
    assert len(board.timings) == 2
    timing = board.timings[-1]
    assert 0 < timing["first_frame"] <= timing["complete"]


def test_learner_functions_are_called():
    calls = []
    init_fns, spread_fn = _learner_functions(calls)
    board = initialization_dashboard(init_fns=init_fns, spread_fn=spread_fn)
    # Each function is tried once on a tiny network, then the first update uses He.
    assert set(calls[:5]) == {"zeros", ("random", 1.0), "xavier", "he", ("spread", "relu", 1)}
    assert calls[5:] == ["he", ("spread", "relu", 5)]
    board.set(scheme="random")
    assert ("random", 1.0) in calls
    board.set(scale=0.01)
    assert ("random", pytest.approx(0.01)) in calls
    board.set(scheme="zeros")
    assert "zeros" in calls
    board.set(activation="tanh")
    assert ("spread", "tanh", 5) in calls
    board.set(scheme="xavier")
    assert calls[-2:] == ["xavier", ("spread", "tanh", 5)]
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
    # Exactly the library's draw (seed + 1) pushed through the library's spread.
    library = initial_parameters("xavier", [2] + [20] * 5 + [1], np.random.default_rng(1), 1.0)
    hidden = {k: v for k, v in library.items() if k not in ("W6", "b6")}
    assert board.results["spreads"] == pytest.approx(
        reference_spread(hidden, _moons_inputs(), "relu"), rel=1e-12)
    board.set(scheme="he")
    assert _notice_names(board) == ["initialize_xavier"]
    assert "He" in board.readout.value


def test_not_done_spread_uses_the_reference_and_is_named():
    board = initialization_dashboard(spread_fn=_not_done)
    assert board.image.value[:4] == b"\x89PNG" and board.readout.value
    assert len(board.timings) == 1
    assert _notice_names(board) == ["activation_spread"]
    assert "not implemented yet" in board.status.value
    assert len(board.results["spreads"]) == 5


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
    assert len(board.results["spreads"]) == 12
    assert board.figure.axes[0].get_xlim()[1] >= 12
    board.set(depth=2)
    assert len(_spread_line(board)[0]) == 2


def test_scale_changes_the_spread_plot():
    # A linear network with the same draws: the spread is proportional to scale**depth.
    board = initialization_dashboard()
    board.set(activation="linear", scheme="random", depth=3, scale=1.0)
    base = np.array(board.results["spreads"])
    board.set(scale=0.1)
    small = np.array(board.results["spreads"])
    np.testing.assert_allclose(small, base * 0.1 ** np.arange(1, 4), rtol=1e-9)
    _, y = _spread_line(board)
    lo, hi = board.figure.axes[0].get_ylim()
    # Drawn values stay inside the axes (clipped to its edge when off-scale).
    assert np.all((y >= lo) & (y <= hi))
    assert y[-1] < y[0]


def test_he_gain_and_xavier_tilt_the_relu_spread():
    board = initialization_dashboard()
    board.set(depth=10)
    he = np.array(board.results["spreads"])
    board.set(scheme="xavier")
    xavier = np.array(board.results["spreads"])
    # Same seed, same draws: Xavier's weights are He's divided by sqrt(2), and ReLU is
    # positively homogeneous, so layer l shrinks by exactly 2 ** (-l / 2).
    np.testing.assert_allclose(xavier, he * 2.0 ** (-np.arange(1, 11) / 2), rtol=1e-9)


def test_zeros_start_stays_at_chance():
    board = initialization_dashboard()
    board.set(scheme="zeros")
    assert board.results["spreads"] == [0.0] * 5
    costs = board.results["history"].train_cost
    assert costs[-1] == pytest.approx(np.log(2), abs=1e-3)
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
    legend = board.figure.axes[1].get_legend()
    assert legend is not None and legend._loc == 3  # lower left, below every cost curve


def test_plot_initialization_draws_one_setting_statically():
    fig, axes = make_figure(3)
    figure, text = plot_initialization("xavier", 1.0, 7, "tanh", seed=1, axes=axes)
    assert figure is fig
    line = axes[0].lines[0]
    assert list(line.get_xdata()) == list(range(1, 8))
    assert axes[1].lines[0].get_xdata().size == 300
    assert text.startswith("Xavier x 1, 7 hidden tanh layers of 20") and "\n" not in text
    # With the learner's functions not done: the library's picture and the notice.
    _, text = plot_initialization(init_fns={"he": _not_done}, seed=1,
                                  axes=make_figure(3)[1])
    readout, notice = text.split("\n")
    assert "He x 1" in readout and "`initialize_he` is not implemented yet" in notice


def test_plot_initialization_makes_a_pyplot_figure_by_default():
    import matplotlib.pyplot as plt

    figure, text = plot_initialization(seed=1)
    try:
        assert len(figure.axes) == 3 and "train accuracy" in text
    finally:
        plt.close(figure)


def test_initial_parameters_scales_learner_weights_as_a_gain():
    calls = []
    init_fns, _ = _learner_functions(calls)
    a = initial_parameters("he", [4, 3, 2], np.random.default_rng(0), 1.0, init_fns)
    b = initial_parameters("he", [4, 3, 2], np.random.default_rng(0), 3.0, init_fns)
    np.testing.assert_allclose(b["W1"], 3.0 * a["W1"])
    np.testing.assert_array_equal(b["b1"], a["b1"])
    lib = initial_parameters("random", [4, 3, 2], np.random.default_rng(0), 2.0)
    assert lib["W1"].shape == (3, 4) and lib["b2"].shape == (2, 1)


def test_rejects_unknown_scheme_keys():
    with pytest.raises(ValueError, match="`init_fns`"):
        initialization_dashboard(init_fns={"lecun": lambda dims, rng: {}})
