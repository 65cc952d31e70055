"""Dashboard of notebook 06: softmax, temperature, decision regions and digits.

Controls: four logits ``z1..z4`` (classes 0 "other", 1 "cat", 2 "dog", 3 "chick") and a
temperature ``T``, the hidden units of a classifier on a 2-D three-class dataset (0: no
hidden layer), and a test digit. Panels: the softmax of ``z / T`` beside the hardmax of
``z``; the decision regions of that classifier; the digit with the ten probabilities a
softmax-regression classifier of the digits gives it.

Every number comes from the learner's functions (``softmax``, ``hardmax``, ``one_hot``,
``softmax_backward``), wrapped in one `LearnerFunctions`: while one is not done the
library's version stands in and the status line says so. Both classifiers are trained
with the learner's ``softmax`` and ``softmax_backward``; a trained classifier is kept in a
`SoftmaxModels` per setting, so moving back to a setting costs no training. Computing
lives in `helpers.dashboards.softmax_setting`, drawing in
`helpers.dashboards.softmax_panels`.
"""

from __future__ import annotations

import numpy as np

from .softmax_panels import plot_softmax, update_logit_bars, update_softmax
from .softmax_setting import (
    CLASS_NAMES,
    DEFAULTS,
    MAX_HIDDEN,
    SoftmaxModels,
    learner_functions,
    logit_setting,
    run_setting,
)
from .toolkit import Dashboard, float_slider, int_slider, log_slider, make_figure

__all__ = ["plot_softmax_setting", "softmax_dashboard"]


def plot_softmax_setting(values=None, *, one_hot_fn=None, softmax_fn=None, hardmax_fn=None,
                         softmax_backward_fn=None, seed=0):
    """The dashboard's picture for one setting, as a plain figure (for a static cell).

    Returns
    -------
    fig : matplotlib.figure.Figure
    text : str
        The readout line, followed by the notice naming exercises not done yet, if any.
    """
    fns = learner_functions(one_hot_fn=one_hot_fn, softmax_fn=softmax_fn,
                            hardmax_fn=hardmax_fn, softmax_backward_fn=softmax_backward_fn)
    models = SoftmaxModels(fns, seed)
    result = run_setting({**DEFAULTS, **(values or {})}, models)
    artists = plot_softmax(result, models=models)
    fig = artists["regions"]["image"].axes.figure
    notice = fns.notice()
    return fig, result.readout() + (f"\n{notice}" if notice else "")


def softmax_dashboard(*, one_hot_fn=None, softmax_fn=None, hardmax_fn=None,
                      softmax_backward_fn=None, seed=0):
    """Sliders for four logits, the temperature, hidden units and a test digit.

    Parameters
    ----------
    one_hot_fn, softmax_fn, hardmax_fn, softmax_backward_fn : callable, optional
        The learner's ``one_hot(y, C)``, ``softmax(Z)``, ``hardmax(Z)`` and
        ``softmax_backward(AL, Y)``. Missing ones, and ones not implemented yet, are
        replaced by the library's versions (the status line names the latter).
    seed : int
        Seeds the data and the classifiers' initial weights.

    Returns
    -------
    Dashboard
        Controls ``z1``..``z4``, ``temperature``, ``hidden_units``, ``digit``.
    """
    fns = learner_functions(one_hot_fn=one_hot_fn, softmax_fn=softmax_fn,
                            hardmax_fn=hardmax_fn, softmax_backward_fn=softmax_backward_fn)
    models = SoftmaxModels(fns, seed)
    fig, axes = make_figure(2, 2, width=3.4, height=2.55)
    artists = plot_softmax(None, list(np.ravel(axes)), models=models)

    def update(values, frame):
        if not models.is_trained(values["hidden_units"]):
            # Training a new classifier takes a while: show the new bars first.
            _, _, probabilities, hard = logit_setting(values, fns)
            update_logit_bars(artists["bars"], probabilities, hard)
            frame.show()
        result = run_setting(values, models)
        update_softmax(artists, result)
        return result.readout()

    # Each logit first: every step of it changes the bars and the readout.
    controls = {f"z{k}": float_slider(f"z{k} ({CLASS_NAMES[k - 1]})", DEFAULTS[f"z{k}"],
                                      -5.0, 5.0, 0.25) for k in range(1, 5)}
    controls["temperature"] = log_slider("temperature T", DEFAULTS["temperature"], -1, 1,
                                         step=0.1, readout_format=".2f")
    controls["hidden_units"] = int_slider("hidden units (0: none)", DEFAULTS["hidden_units"],
                                          0, MAX_HIDDEN, 5)
    controls["digit"] = int_slider("test digit", DEFAULTS["digit"], 0,
                                   models.y_test.size - 1)
    return Dashboard(controls, fig, update, name="softmax",
                     title="Softmax: logits, temperature, regions, digits",
                     notice=fns.notice)
