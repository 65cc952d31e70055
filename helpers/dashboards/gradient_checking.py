"""Dashboard of notebook 03: how the step `epsilon` sets the error of a numerical gradient.

`gradient_checking_setting.run_setting` computes one setting (the curves themselves are
computed once per seed and combination of switches), `gradient_checking_panels` draws
it: a slider change only moves the markers and evaluates the learner's
`numerical_gradient` at the new step; a switch also sets the curves' data.
"""

from __future__ import annotations

from .gradient_checking_panels import plot_epsilon_sweep, update_epsilon_sweep
from .gradient_checking_setting import (
    EPSILON_RANGE,
    EPSILON_STEP,
    SCHEMES,
    epsilon_sweep,
    gradient_checking_functions,
    readout,
    run_setting,
)
from .toolkit import Dashboard, choice, log_slider, make_figure, toggle

__all__ = ["epsilon_sweep", "gradient_checking_dashboard", "gradient_checking_functions",
           "plot_epsilon_sweep", "readout", "run_setting"]


def gradient_checking_dashboard(*, numerical_gradient_fn=None, seed=0):
    """Relative error of a numerical gradient against the step `epsilon`.

    Controls: `epsilon` (log slider, 1e-12 .. 1e-1), the scheme (two-sided or
    one-sided), and three switches for the notebook's practical tips: `bug` (a planted
    backprop slip), `dropout` (a fresh mask at every cost evaluation) and `float32`
    (costs in single precision). The plot shows both schemes' error over the whole range
    (computed once per combination of switches) with the current step marked; the
    readout gives the error at that step and how a check reads it.

    Parameters
    ----------
    numerical_gradient_fn : callable, optional
        The learner's ``numerical_gradient(f, theta, epsilon)``; when given, its error at
        the current step is drawn as a star and read out. While it still raises
        `NotImplementedError`, the reference curves are drawn without the star and the
        status line says so.
    seed : int
        Seeds the network's data and parameters.

    Returns
    -------
    Dashboard
        Controls ``"epsilon"``, ``"scheme"``, ``"bug"``, ``"dropout"``, ``"float32"``.
    """
    fns = gradient_checking_functions(numerical_gradient_fn)
    fig, (ax,) = make_figure(1, width=6.4, height=3.8)
    # The legend lists the star only for a learner function that runs (the probe has
    # tried it): decided once, so the legend stays in the cached background.
    artists = plot_epsilon_sweep(epsilon_sweep(seed), ax=ax,
                                 show_learner=fns.uses_learner("numerical_gradient"))

    def update(values, frame):
        point = run_setting(**values, fns=fns, seed=seed)
        update_epsilon_sweep(artists, point)
        return readout(point)

    controls = {
        "epsilon": log_slider("step ε", 1e-7, *EPSILON_RANGE, step=EPSILON_STEP,
                              readout_format=".0e"),
        "scheme": choice("difference", list(SCHEMES), value="two-sided"),
        # The practical tips of the notebook, live: each switch changes the curves.
        "bug": toggle("planted bug (db2 skips the slope)", False),
        "dropout": toggle("dropout on (a fresh mask per cost)", False),
        "float32": toggle("float32 costs", False),
    }
    return Dashboard(controls, fig, update, name="gradient-checking",
                     title="Numerical gradient: error against the step", notice=fns.notice)
