"""Dashboard of notebook 01: initialization scheme, weight scale, depth and activation.

`initialization_setting.run_setting` computes one setting, `initialization_panels` draws
it; this module wires both to the controls and pushes the forward and backward panels as
an early frame before training.
The learner's functions are used when given; while one is not implemented the library's
version stands in and the status line names every exercise not done yet.
"""

from __future__ import annotations

from ..training import one_blas_thread
from .initialization_panels import make_panels, plot_initialization, show_start, show_training
from .initialization_setting import (
    DEFAULTS,
    MAX_DEPTH,
    SCHEMES,
    dashboard_data,
    initialization_functions,
    readout,
    run_setting,
)
from .toolkit import Dashboard, choice, int_slider, log_slider, make_figure

__all__ = ["SCHEMES", "initialization_dashboard", "initialization_functions",
           "plot_initialization", "readout", "run_setting"]


def initialization_dashboard(*, init_fns=None, spread_fn=None, seed=0):
    """Live view of how the initial weights shape the signal and the training.

    Parameters
    ----------
    init_fns : dict of str -> callable, optional
        The learner's initializers by scheme: ``"zeros"`` (``initialize_zeros``),
        ``"random"`` (``initialize_random``), ``"xavier"``, ``"he"``. Missing schemes,
        and functions not implemented yet, use the library's initializers.
    spread_fn : callable, optional
        The learner's ``activation_spread(parameters, X, activation)``; default (and
        while it is not implemented) the library's `reference_spread`.
    seed : int
        Seeds the data (moons, m = 300) and, on every update, the initial weights, so
        equal settings give equal pictures.

    Returns
    -------
    Dashboard
        Controls ``scheme``, ``scale``, ``depth`` (hidden layers), ``activation``. The
        status line names every exercise not done yet.
    """
    fns = initialization_functions(init_fns, spread_fn)
    data = dashboard_data(seed)
    fig, axes = make_figure(4, width=2.9, height=2.9)
    panels = make_panels(axes, *data)

    def update(values, frame):
        def early_frame(spreads, gradients):
            # The forward and backward panels are ready before training starts.
            show_start(panels, spreads, gradients)
            frame.show()

        # One BLAS thread for the training and the boundary's predictions too: on these
        # small matrices a second thread only slows the products down.
        with one_blas_thread():
            run = run_setting(**values, fns=fns, seed=seed, data=data, on_start=early_frame)
            show_training(panels, run)
        return readout(run)

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
    return Dashboard(controls, fig, update, name="initialization",
                     title="Initialization: signal spread and training", notice=fns.notice)
