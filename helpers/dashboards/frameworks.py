"""Dashboard of notebook 07: one cost, three optimizers, any learning rate.

The notes' cost ``J(w) = w**2 - 10 w + 25`` is minimized from ``w = 0`` for 200 steps
by automatic differentiation (`helpers.autodiff`) with gradient descent, momentum and
Adam. The learning rate (log slider, first) and the optimizer are the controls; the
figure shows ``w`` and ``J(w) - J(w*)`` over the steps, the chosen optimizer in bold, and
the readout where it ended. Gradient descent diverges above ``lr = 1``; Adam settles at
the notes' 0.1.

`frameworks_setting.run_setting` computes a run, `frameworks_panels` draws it. The
learner's ``cost_fn(w, coefficients)`` is the forward pass of every run and the learner's
``minimize(coefficients, w0, steps, lr)`` gives the Adam run; while one is not done, the
library's version stands in (`LearnerFunctions`) and the status line says so. The chosen
run is drawn first (an early frame), then the two others.
"""

from __future__ import annotations

from ..autodiff_optim import quadratic_cost
from .frameworks_panels import plot_frameworks, update_frameworks
from .frameworks_setting import (
    COEFFICIENTS,
    OPTIMIZERS,
    STEPS,
    W0,
    DescentResult,
    describe,
    library_minimize,
    run_setting,
)
from .learner import LearnerFunctions
from .toolkit import Dashboard, choice, log_slider, make_figure

__all__ = [
    "COEFFICIENTS",
    "OPTIMIZERS",
    "STEPS",
    "DescentResult",
    "describe",
    "frameworks_dashboard",
    "plot_frameworks",
    "run_setting",
    "update_frameworks",
]


def frameworks_dashboard(*, cost_fn=None, minimize_fn=None):
    """Learning rate and optimizer -> `w` and `J(w)` over the steps.

    Parameters
    ----------
    cost_fn : callable, optional
        The learner's ``cost_fn(w, coefficients)`` (the forward pass of every run);
        default and while not done: `helpers.autodiff_optim.quadratic_cost`.
    minimize_fn : callable, optional
        The learner's ``minimize(coefficients, w0, steps, lr)`` (the Adam run);
        default and while not done: Adam from `helpers.autodiff_optim`.

    Returns
    -------
    Dashboard
        Controls ``"lr"`` (log slider, 1e-3 .. 10, first) and ``"optimizer"``.
    """
    fns = LearnerFunctions(
        {"cost_fn": cost_fn, "minimize": minimize_fn},
        {"cost_fn": quadratic_cost, "minimize": library_minimize},
        probes={"cost_fn": (1.0, COEFFICIENTS), "minimize": (COEFFICIENTS, W0, 1, 0.1)})

    def learner_cost(w, coefficients):
        return fns.call("cost_fn", w, coefficients)

    def learner_minimize(coefficients, w0, steps, lr):
        return fns.call("minimize", coefficients, w0, steps, lr)

    def run(lr, optimizer):
        return run_setting(lr, optimizer, cost_fn=learner_cost, minimize_fn=learner_minimize)

    fig, axes = make_figure(2, width=4.3, height=3.3)
    artists = plot_frameworks({"adam": run_setting(0.1, "adam")}, "adam", axes=axes)

    def update(values, frame):
        lr, chosen = values["lr"], values["optimizer"]
        results = {chosen: run(lr, chosen)}
        update_frameworks(artists, results, chosen)
        frame.show()  # the chosen run first (a third of the work); the two others follow
        results.update((name, run(lr, name)) for name in OPTIMIZERS if name != chosen)
        update_frameworks(artists, results, chosen)
        return describe(results[chosen])

    controls = {
        # First: every step of it changes both panels and the readout.
        "lr": log_slider("learning rate", 0.1, -3, 1, step=0.1, readout_format=".3g"),
        "optimizer": choice("optimizer", [(label, key) for key, label in OPTIMIZERS.items()],
                            "adam"),
    }
    return Dashboard(controls, fig, update, name="frameworks",
                     title="Minimizing J(w) = w² − 10w + 25", notice=fns.notice)
