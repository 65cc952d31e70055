"""Dashboard of notebook 02: regularization against overfitting, live.

Every slider change trains the network again (`regularization_setting.run_setting`) and
redraws the cost curves and the decision boundary (`regularization_panels`); the readout
gives train and dev accuracy, the dev cost of the weights the run ends with, and the
stop epoch. The learner's dropout runs whenever ``keep_prob < 1``; while it is not
implemented the library's stands in and the status line says so.
"""

from __future__ import annotations

import time

from ..training import one_blas_thread
from .regularization_panels import (
    make_panels,
    plot_boundary,
    plot_regularization,
    show_curves,
    show_run,
    show_training_points,
)
from .regularization_setting import (
    DEFAULTS,
    MAX_TRAIN,
    readout,
    regularization_functions,
    regularization_problem,
    regularization_test_set,
    run_setting,
)
from .toolkit import Dashboard, float_slider, int_slider, log_slider, make_figure, toggle

__all__ = ["plot_boundary", "plot_regularization", "readout", "regularization_dashboard",
           "regularization_functions", "regularization_problem", "regularization_test_set",
           "run_setting"]

_EARLY_FRAME = 0.04  # seconds of training before the first, progressive frame


def regularization_dashboard(*, dropout_fns=None, seed=0):
    """Sliders for `lambd`, `keep_prob`, training-set size, epochs and early stopping.

    Parameters
    ----------
    dropout_fns : tuple (dropout_forward, dropout_backward), optional
        The learner's functions with the catalogue's signatures
        ``dropout_forward(A, keep_prob, rng) -> (A_drop, mask)`` and
        ``dropout_backward(dA, mask, keep_prob) -> dA``; used whenever
        ``keep_prob < 1``. Default: the library's own dropout.
    seed : int
        Seeds the data and every training run (each run starts from the same weights).

    Returns
    -------
    Dashboard
        Controls ``lambd``, ``keep_prob``, ``m``, ``epochs``, ``early_stopping``.
    """
    try:
        forward, backward = dropout_fns if dropout_fns is not None else (None, None)
    except (TypeError, ValueError):
        raise ValueError("`dropout_fns`: expected a pair (dropout_forward, dropout_backward), "
                         f"got {dropout_fns!r}.") from None
    if dropout_fns is not None and not (callable(forward) and callable(backward)):
        raise ValueError(
            "`dropout_fns`: expected two functions (dropout_forward, dropout_backward), "
            f"got {type(forward).__name__} and {type(backward).__name__}.")
    fns = regularization_functions(forward, backward)
    problem = regularization_problem(seed)
    fig, axes = make_figure(2, width=4.2, height=3.4)
    panels = make_panels(axes, problem)

    def update(values, frame):
        def on_record(_epoch, history, _parameters):
            # One progressive frame once training has run a little: the curves so far.
            if frame.frames == 0 and time.perf_counter() - frame.started > _EARLY_FRAME:
                show_curves(panels, history, int(values["epochs"]), final=False)
                frame.show()
            return False

        m = int(values["m"])
        show_training_points(panels, problem[0][:, :m], problem[1][:, :m])
        # One BLAS thread for the boundary's predictions too, as `train` does for the
        # training: on these small matrices a second thread only slows the products down.
        with one_blas_thread():
            run = run_setting(problem, **values, fns=fns, seed=seed, on_record=on_record)
            show_run(panels, run)
        return readout(run)

    controls = {
        # The first slider: the browser suite moves it; one step changes the dev cost.
        "lambd": log_slider("lambd (L2)", DEFAULTS["lambd"], -4, 1, step=0.25),
        "keep_prob": float_slider("keep_prob (dropout)", DEFAULTS["keep_prob"], 0.5, 1.0,
                                  0.05),
        "m": int_slider("training examples", DEFAULTS["m"], 20, MAX_TRAIN, 10),
        "epochs": int_slider("epochs", DEFAULTS["epochs"], 50, 1500, 50),
        "early_stopping": toggle("early stopping", DEFAULTS["early_stopping"]),
    }
    return Dashboard(controls, fig, update, name="regularization",
                     title="Regularization: L2, dropout, early stopping", notice=fns.notice)
