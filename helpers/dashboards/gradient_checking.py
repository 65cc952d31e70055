"""Dashboard of notebook 03: how the step `epsilon` sets the error of a numerical gradient.

A thin wrapper around `helpers.dashboards.epsilon_sweep`, which computes and draws the
sweep: the curves are computed once, so a slider change only moves the markers and
evaluates the learner's `numerical_gradient` at the new step.
"""

from __future__ import annotations

import html

from ..checks import ExerciseNotDone
from .epsilon_sweep import (
    EPSILON_RANGE,
    EPSILON_STEP,
    SCHEMES,
    epsilon_sweep,
    error_at,
    learner_error,
    plot_epsilon_sweep,
    show_learner_in_legend,
    update_epsilon_sweep,
)
from .toolkit import Dashboard, choice, log_slider, make_figure

__all__ = ["gradient_checking_dashboard"]


def _verdict(error):
    """How a gradient check would read this difference (see notebook 03, section 3)."""
    if error <= 1e-7:
        return "a check would read it as correct"
    if error <= 1e-5:
        return "a check would say: look closer"
    if error <= 1e-3:
        return "a check would flag it as suspicious"
    return "a check would read it as a bug"


def gradient_checking_dashboard(*, numerical_gradient_fn=None, seed=0):
    """Relative error of a numerical gradient against the step `epsilon`.

    Controls: `epsilon` (log slider, 1e-12 .. 1e-1) and the scheme (two-sided or
    one-sided). The plot shows both schemes' error over the whole range (computed once)
    with the current step marked; the readout gives the error at that step.

    Parameters
    ----------
    numerical_gradient_fn : callable, optional
        The learner's ``numerical_gradient(f, theta, epsilon)``; when given, its error at
        the current step is drawn as a star and read out. A function that still raises
        `NotImplementedError` leaves the reference curves (and no star in the legend)
        and shows a notice.
    seed : int
        Seeds the network's data and parameters.

    Returns
    -------
    Dashboard
        Controls ``"epsilon"`` and ``"scheme"``.
    """
    if numerical_gradient_fn is not None and not callable(numerical_gradient_fn):
        raise ValueError(f"`numerical_gradient_fn`: expected a function or None, got "
                         f"{numerical_gradient_fn!r}.")
    fig, (ax,) = make_figure(1, width=6.4, height=3.8)
    artists = plot_epsilon_sweep(epsilon_sweep(seed), ax=ax)
    held = {"legend": False}

    def update(values, frame):
        epsilon, scheme = float(values["epsilon"]), values["scheme"]
        error = error_at(epsilon, scheme, seed)
        text = f"ε = {epsilon:.1e}, {scheme}: relative error {error:.1e} ({_verdict(error)})"
        if numerical_gradient_fn is None:
            update_epsilon_sweep(artists, epsilon, error, scheme)
            return text
        try:
            mine = learner_error(numerical_gradient_fn, epsilon, seed)
        except (NotImplementedError, ExerciseNotDone):
            update_epsilon_sweep(artists, epsilon, error, scheme)
            frame.show()
            if "board" in held:
                held["board"].readout.value = html.escape(text)
            held["not_done_text"] = text
            raise ExerciseNotDone(
                "Your `numerical_gradient` is not implemented yet, so only the reference "
                "curves are shown: complete Exercise 1, run its cell, then run this cell "
                "again.") from None
        if not held["legend"]:
            # The first update runs before the first render, so the legend is part of
            # the cached background from the start.
            show_learner_in_legend(artists, True)
            held["legend"] = True
        update_epsilon_sweep(artists, epsilon, error, scheme, learner_error=mine)
        return f"{text}; your numerical_gradient (two-sided): {mine:.1e}"

    controls = {
        "epsilon": log_slider("step ε", 1e-7, *EPSILON_RANGE, step=EPSILON_STEP,
                              readout_format=".0e"),
        "scheme": choice("difference", list(SCHEMES), value="two-sided"),
    }
    board = Dashboard(controls, fig, update, name="gradient-checking",
                      title="Numerical gradient: error against the step")
    held["board"] = board
    if "not_done_text" in held:
        board.readout.value = html.escape(held["not_done_text"])
    return board
