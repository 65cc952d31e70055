"""Dashboard of notebook 05: a deep network with and without batch norm, live.

Every change trains the same deep ReLU network on two moons (96 gradient steps, the same
starting weights) without and with batch norm (`batch_norm_setting.run_setting`) and
redraws the panels of `batch_norm_panels`: both cost curves, the last hidden layer's input
of g over training (quantile bands), and test accuracy with running averages against
batch statistics of small test batches.

Controls: learning rate (log scale, first: every step changes the picture and the
readout), batch norm on/off, depth, the running-average momentum, the mini-batch size.
Runs are memoized by the settings they depend on (`batch_norm_setting.train_run`), so
changing only the momentum (replayed on the recorded batch statistics) or switching batch
norm off and on again does not train again, nor does a setting the notebook's static
figure already trained. The network without batch norm is drawn first, as an early frame,
while the one with batch norm trains.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .batch_norm_panels import MARGINS, make_panels, update_panels
from .batch_norm_setting import (
    BATCH_SIZES,
    DEFAULTS,
    MOMENTA,
    learner_functions,
    readout,
    run_setting,
)
from .toolkit import Dashboard, choice, int_slider, log_slider, toggle

__all__ = ["batch_norm_dashboard", "learner_functions"]


def batch_norm_dashboard(*, batchnorm_forward_fn=None, batchnorm_backward_fn=None,
                         update_running_stats_fn=None, batchnorm_inference_fn=None, seed=0):
    """Sliders for learning rate, batch norm, depth, running-average momentum and batch size.

    Parameters
    ----------
    batchnorm_forward_fn, batchnorm_backward_fn : callable, optional
        The learner's ``batchnorm_forward(Z, gamma, beta, eps)`` and
        ``batchnorm_backward(dZ_tilde, cache)``; the network with batch norm trains with
        them when both are done (they come as a pair: the backward pass reads the forward
        pass's cache). The forward pass also normalizes the small test batches.
    update_running_stats_fn : callable, optional
        ``update_running_stats(running_mean, running_var, mu, var, momentum)``, replayed
        over the recorded batch statistics.
    batchnorm_inference_fn : callable, optional
        ``batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps)``, for test
        accuracy with the running averages.
    seed : int
        Seeds the data, the starting weights and the mini-batches.

    Returns
    -------
    Dashboard
        Controls ``lr``, ``batch_norm``, ``depth``, ``momentum``, ``batch_size``. While an
        exercise is not done the library's version stands in and the status line says so.
    """
    fns = learner_functions(batchnorm_forward_fn, batchnorm_backward_fn,
                            update_running_stats_fn, batchnorm_inference_fn)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"`seed`: expected an integer, got {seed!r}.")
    # Like `make_figure(2, 2)`, with fixed margins instead of a layout engine (see MARGINS).
    fig = Figure(figsize=(7.4, 5.8), dpi=80)
    FigureCanvasAgg(fig)
    grid = fig.subplots(2, 2, gridspec_kw=MARGINS)
    artists = make_panels(list(grid.ravel()))

    def update(values, frame):
        def early(partial):
            update_panels(artists, partial)
            frame.show()

        result = run_setting(values, fns, seed=int(seed), early=early)
        update_panels(artists, result)
        return readout(result)

    momenta = [(f"{m:g} (PyTorch: {1 - m:.3g})", m) for m in MOMENTA]
    controls = {
        "lr": log_slider("learning rate", DEFAULTS["lr"], -3, 1, step=0.25, readout_format=".3g"),
        "batch_norm": toggle("batch norm", DEFAULTS["batch_norm"]),
        "depth": int_slider("hidden layers", DEFAULTS["depth"], 2, 10),
        "momentum": choice("running-average momentum", momenta, DEFAULTS["momentum"]),
        "batch_size": choice("mini-batch size", list(BATCH_SIZES), DEFAULTS["batch_size"]),
    }
    return Dashboard(controls, fig, update, name="batch-norm",
                     title="Batch norm: training and test time", notice=fns.notice)
