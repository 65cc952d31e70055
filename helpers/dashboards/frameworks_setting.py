"""What notebook 07's dashboard computes: one optimizer at one learning rate on the
notes' cost, with gradients from the automatic-differentiation engine.

The cost is ``J(w) = c0 w**2 + c1 w + c2``, by default the notes' ``w**2 - 10 w + 25``
(minimum at ``w* = 5``), minimized from ``w = 0`` for 200 steps. Gradient descent
multiplies ``w - w*`` by ``1 - 2 c0 lr`` at every step, so on the notes' cost it diverges
above ``lr = 1``; a run whose ``|w - w*|`` passes `DIVERGED` is cut there. Adam's steps
stay near ``lr`` in size, so it does not blow up, but needs a small ``lr`` to settle.

This module computes (no drawing here): `run_setting` one run, `describe` its readout;
the panels are drawn by `helpers.dashboards.frameworks_panels`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import require_array, require_choice, require_number
from ..autodiff import Tensor
from ..autodiff_optim import descent_path, quadratic_cost

__all__ = [
    "CLOSE",
    "COEFFICIENTS",
    "DIVERGED",
    "OPTIMIZERS",
    "STEPS",
    "DescentResult",
    "describe",
    "library_minimize",
    "run_setting",
]

#: The notes' cost ``w**2 - 10 w + 25`` as ``(c0, c1, c2)``.
COEFFICIENTS = (1.0, -10.0, 25.0)
W0 = 0.0  # the start of every run
STEPS = 200
DIVERGED = 1e6  # a run whose |w - w*| passes this has diverged; it is cut there
CLOSE = 1e-3  # "reached the minimum": |w - w*| <= CLOSE from some step on
OPTIMIZERS = {"gd": "gradient descent", "momentum": "momentum", "adam": "Adam"}


@dataclass(frozen=True)
class DescentResult:
    """One run: an optimizer at a learning rate.

    Attributes
    ----------
    optimizer : str
        A key of `OPTIMIZERS`.
    lr : float
    path : ndarray of shape (steps + 1,)
        ``w`` before the first step and after each step (NaN after a divergence).
    gap : ndarray of shape (steps + 1,)
        ``J(w) - J(w*)`` along the path.
    w_star : float
        The minimum ``-c1 / (2 c0)``.
    diverged_at : int or None
        The step at which ``|w - w*|`` passed `DIVERGED`.
    close_from : int or None
        The step from which ``|w - w*| <= CLOSE`` holds to the end.
    """

    optimizer: str
    lr: float
    path: np.ndarray = field(repr=False)
    gap: np.ndarray = field(repr=False)
    w_star: float
    diverged_at: int | None
    close_from: int | None


def library_minimize(coefficients, w0, steps, lr):
    """Stand-in for the learner's `minimize`: Adam on `quadratic_cost`."""
    return descent_path(lambda w: quadratic_cost(w, coefficients), w0, steps,
                        optimizer="adam", lr=lr)


def run_setting(lr, optimizer="adam", *, cost_fn=quadratic_cost, minimize_fn=None,
                coefficients=COEFFICIENTS, w0=W0, steps=STEPS):
    """Minimize ``cost_fn(w, coefficients)`` with one optimizer at one learning rate.

    Parameters
    ----------
    lr : float
        Learning rate, > 0.
    optimizer : {"gd", "momentum", "adam"}
    cost_fn : callable
        ``cost_fn(w, coefficients) -> J`` for a Tensor `w`: the forward pass.
    minimize_fn : callable, optional
        ``minimize_fn(coefficients, w0, steps, lr) -> path`` for the Adam run;
        default: Adam on `cost_fn` with `helpers.autodiff_optim.descent_path`.
    coefficients : tuple of 3 float
        ``(c0, c1, c2)`` with ``c0 > 0``.
    w0 : float
    steps : int

    Returns
    -------
    DescentResult
    """
    lr = require_number("lr", lr, low=0.0, low_open=True)
    require_choice("optimizer", optimizer, tuple(OPTIMIZERS))
    c0, c1, _ = require_array("coefficients", coefficients, shape=(3,))
    if c0 <= 0:
        raise ValueError(f"`coefficients`: expected c0 > 0 (a minimum exists), got {c0}.")
    w_star = -c1 / (2.0 * c0)

    def cost(w):
        return cost_fn(w, coefficients)

    if optimizer == "adam" and minimize_fn is not None:
        path = np.array(minimize_fn(coefficients, w0, steps, lr), dtype=float)
        if path.shape != (steps + 1,):
            raise ValueError(f"`minimize_fn`: expected a path of shape ({steps + 1},) (w0 "
                             f"and the value after each step), got shape {path.shape}.")
    else:
        # Gradient descent grows |w - w*| geometrically above lr = 1: stop it early.
        path = descent_path(cost, w0, steps, optimizer=optimizer, lr=lr,
                            stop_above=abs(w_star) + 2 * DIVERGED)
    with np.errstate(invalid="ignore"):
        outside = ~(np.abs(path - w_star) <= DIVERGED)
    diverged_at = int(np.argmax(outside)) if outside.any() else None
    if diverged_at is not None:
        path[diverged_at:] = np.nan
    j_star = float(np.asarray(cost(Tensor(w_star)).data))
    values = np.asarray(cost(Tensor(np.nan_to_num(path, nan=w_star))).data, dtype=float)
    gap = np.where(np.isnan(path), np.nan, np.maximum(values - j_star, 0.0))
    with np.errstate(invalid="ignore"):
        far = ~(np.abs(path - w_star) <= CLOSE)
    close_from = None if far[-1] else int(len(far) - np.argmax(far[::-1])) if far.any() else 0
    return DescentResult(optimizer, lr, path, gap, w_star, diverged_at, close_from)


def describe(result):
    """The one-line readout of a run."""
    head = f"{OPTIMIZERS[result.optimizer]}, lr = {result.lr:.3g}: "
    if result.diverged_at is not None:
        why = (" (above lr = 1 / c0, each step of gradient descent overshoots further)"
               if result.optimizer == "gd" else "")
        return (f"{head}diverged: |w − w*| passed {DIVERGED:.0e} at step "
                f"{result.diverged_at}{why}")
    steps = len(result.path) - 1
    reach = (f"within {CLOSE:g} of w* from step {result.close_from} on"
             if result.close_from is not None else
             f"not within {CLOSE:g} of w* after {steps} steps")
    return (f"{head}after {steps} steps w = {result.path[-1]:.6g} (w* = {result.w_star:g}), "
            f"J(w) − J(w*) = {result.gap[-1]:.2e}; {reach}")
