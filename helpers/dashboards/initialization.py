"""Dashboard of notebook 01: initialization scheme, weight scale, depth and activation.

The panels (activation spread, training cost, decision boundary) are drawn by
`helpers.dashboards.init_panels`; this module wires them to the controls and pushes the
spread panel as an early frame before training. The learner's functions are used when
given; while one is not implemented the library's version stands in and the status line
names every exercise not done yet.
"""

from __future__ import annotations

from .init_panels import (
    DEFAULTS,
    MAX_DEPTH,
    SCHEMES,
    Learner,
    dashboard_data,
    draw_setting,
    make_panels,
    plot_initialization,
)
from .toolkit import Dashboard, choice, int_slider, log_slider, make_figure

__all__ = ["SCHEMES", "initialization_dashboard", "plot_initialization"]


def initialization_dashboard(*, init_fns=None, spread_fn=None, seed=0):
    """Live view of how the initial weights shape the signal and the training.

    Parameters
    ----------
    init_fns : dict of str -> callable, optional
        The learner's initializers by scheme: ``"zeros"`` (``initialize_zeros``),
        ``"random"`` (``initialize_random``), ``"xavier"``, ``"he"``. Missing schemes,
        and functions not implemented yet, use `helpers.initializers.init_parameters`.
    spread_fn : callable, optional
        The learner's ``activation_spread(parameters, X, activation)``; default (and
        while it is not implemented) the library's `reference_spread`.
    seed : int
        Seeds the data (moons, m = 300) and, on every update, the initial weights, so
        equal settings give equal pictures.

    Returns
    -------
    Dashboard
        Controls ``scheme``, ``scale``, ``depth`` (hidden layers), ``activation``.
        ``dashboard.results`` holds the last update's ``"spreads"``, ``"history"``
        and ``"parameters"``. The status line names every exercise not done yet.
    """
    learner = Learner(init_fns, spread_fn)
    X, Y = dashboard_data(seed)
    fig, axes = make_figure(3, width=3.4, height=3.0)
    artists = make_panels(axes, X, Y)
    results = {}

    def update(values, frame):
        # Early frame: the spread panel is ready before training starts.
        spreads, run, text = draw_setting(artists, learner, values, X, Y, seed,
                                          early_frame=frame.show)
        results.update(spreads=spreads, history=run["history"], parameters=run["parameters"])
        return text

    controls = {
        "scheme": choice("scheme", [(label, key) for key, label in SCHEMES.items()],
                         DEFAULTS["scheme"]),
        # The first slider: the browser suite moves it, and every step changes the
        # picture and the readout.
        "scale": log_slider("weight scale", DEFAULTS["scale"], -3, 2, step=0.1,
                            readout_format=".3g"),
        "depth": int_slider("hidden layers", DEFAULTS["depth"], 1, MAX_DEPTH),
        "activation": choice("activation", ["relu", "tanh", "linear"],
                             DEFAULTS["activation"]),
    }
    dashboard = Dashboard(controls, fig, update, name="initialization",
                          title="Initialization: signal spread and training",
                          notice=learner.notice)
    dashboard.results = results
    return dashboard
