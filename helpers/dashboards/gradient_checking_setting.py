"""What notebook 03's dashboard computes: how the step sets a numerical gradient's error.

The function being differentiated is the cost of a small tanh network as a function of
its parameter vector `theta` (`gradient_checking_net.TanhNet`, with switches for a
planted bug, dropout and float32). For every step on a log grid the sweep compares the
one-sided and the two-sided difference with the backpropagated gradient:

.. math::
    \\text{relative error} = \\frac{\\lVert g - \\tilde g \\rVert_2}
                                  {\\lVert g \\rVert_2 + \\lVert \\tilde g \\rVert_2}

The curves have a V shape: to the right truncation dominates (falling like `epsilon` for
the one-sided and `epsilon**2` for the two-sided difference), to the left rounding
dominates (rising like `1 / epsilon`). A planted bug puts a floor under both curves,
dropout lifts them towards 1, float32 lifts the rounding side. The sweep is computed
once per seed and switches, and cached.

This module computes (no drawing here): `epsilon_sweep` the whole curves, `run_setting`
one setting of the dashboard (the error at one step, and the learner's); the panel is
drawn by `helpers.dashboards.gradient_checking_panels`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .gradient_checking_net import TanhNet
from .learner import LearnerFunctions

__all__ = [
    "EPSILON_RANGE",
    "EPSILON_STEP",
    "LEVELS",
    "SCHEMES",
    "SWITCHES",
    "SweepPoint",
    "epsilon_sweep",
    "error_at",
    "gradient_checking_functions",
    "readout",
    "run_setting",
]

EPSILON_RANGE = (-12, -1)  # exponents of the sweep grid (and of the dashboard's slider)
EPSILON_STEP = 0.25
SCHEMES = ("two-sided", "one-sided")
#: The bands of notebook 03's table (section 3): <= 1e-7 correct, 1e-7 .. 1e-5 probably
#: correct, 1e-5 .. 1e-3 suspicious, > 1e-3 a bug. Each line is labeled by what lies above it.
LEVELS = ((1e-7, "1e-7: probably correct above"), (1e-5, "1e-5: suspicious above"),
          (1e-3, "1e-3: a bug above"))
#: The dashboard's switches (keywords of `run_setting` and `epsilon_sweep`).
SWITCHES = ("bug", "dropout", "float32")

def _relative_error(g, g_approx):
    norms = np.linalg.norm(g) + np.linalg.norm(g_approx)
    return 0.0 if norms == 0 else float(np.linalg.norm(g - g_approx) / norms)


def _estimate(net, epsilon, scheme):
    """The numerical gradient of `net.cost` at `net.theta`, shape (P,), in one batch."""
    P = net.size
    steps = epsilon * np.eye(P)  # row i is epsilon * e_i
    if scheme == "two-sided":
        J = net.costs(np.concatenate([net.theta + steps, net.theta - steps]))
        return (J[:P] - J[P:]) / (2 * epsilon)
    J = net.costs(np.concatenate([net.theta[None], net.theta + steps]))
    return (J[1:] - J[0]) / epsilon


def _net(seed, dropout, float32):
    # A fresh network each time: with dropout its masks come from its own generator, so
    # a setting always sees the same masks, whatever was computed before.
    return TanhNet(int(seed), dropout=bool(dropout), float32=bool(float32))


@functools.lru_cache(maxsize=16)
def _cached_sweep(seed, bug=False, dropout=False, float32=False):
    net = _net(seed, dropout, float32)
    low, high = EPSILON_RANGE
    n = int(round((high - low) / EPSILON_STEP)) + 1
    sweep = {"epsilons": 10.0 ** np.linspace(low, high, n)}
    exact = net.gradient(net.theta, bug=bug)
    for scheme in SCHEMES:
        sweep[scheme] = np.array([_relative_error(exact, _estimate(net, eps, scheme))
                                  for eps in sweep["epsilons"]])
    for array in sweep.values():
        array.setflags(write=False)
    return sweep


def epsilon_sweep(seed=0, *, bug=False, dropout=False, float32=False):
    """Relative error of the one- and two-sided differences over a log grid of steps.

    Parameters
    ----------
    seed : int
    bug, dropout, float32 : bool
        The switches of `gradient_checking_net.TanhNet`: a planted backprop bug, a fresh
        dropout mask at every cost evaluation, costs computed in float32.

    Returns
    -------
    dict
        ``"epsilons"``, ndarray of shape (E,), ``10**-12 .. 10**-1`` in quarter decades;
        ``"two-sided"`` and ``"one-sided"``, ndarray of shape (E,), the relative errors.
        The arrays are read-only (cached per seed and switches).
    """
    return dict(_cached_sweep(int(seed), bool(bug), bool(dropout), bool(float32)))


def error_at(epsilon, scheme, seed=0, *, bug=False, dropout=False, float32=False):
    """The relative error of one scheme ("two-sided" or "one-sided") at any step."""
    net = _net(seed, dropout, float32)
    exact = net.gradient(net.theta, bug=bug)
    return _relative_error(exact, _estimate(net, float(epsilon), scheme))


def gradient_checking_functions(numerical_gradient_fn=None):
    """The learner's `numerical_gradient` of notebook 03, in the dashboards' contract.

    The library has no stand-in: the learner's estimate *is* what the star shows, so
    while it is not done the dashboard draws the reference curves without the star.
    """
    probe = (lambda theta: float(np.sum(theta ** 2)), np.zeros(2), 1e-7)
    return LearnerFunctions({"numerical_gradient": numerical_gradient_fn},
                            {"numerical_gradient": None},
                            probes={"numerical_gradient": probe})


def _learner_error(fns, epsilon, seed, switches):
    """The relative error of the learner's ``numerical_gradient(f, theta, epsilon)``.

    The learner's estimate differentiates the same cost as the curves (float32, fresh
    dropout masks when switched on) and is compared with the same backpropagated
    gradient. None while it is not done (or not given); `ValueError` when its result
    does not have the shape (P,) of `theta`.
    """
    net = _net(seed, switches["dropout"], switches["float32"])
    exact = net.gradient(net.theta, bug=switches["bug"])
    approx = fns.optional("numerical_gradient", net.cost, net.theta.copy(), float(epsilon))
    if not fns.uses_learner("numerical_gradient"):
        return None
    approx = np.asarray(approx, dtype=float)
    if approx.shape != exact.shape:
        raise ValueError(f"`numerical_gradient` returned shape {approx.shape}; "
                         f"expected {exact.shape}, the shape of `theta`.")
    return _relative_error(exact, approx)


@dataclass(frozen=True)
class SweepPoint:
    """One setting of the dashboard: the step, the scheme, the switches, the reference
    scheme's relative error there, the learner's two-sided estimate's (None when not
    done), and the whole `sweep` (the curves) for these switches."""

    epsilon: float
    scheme: str
    error: float
    learner_error: float | None
    bug: bool = False
    dropout: bool = False
    float32: bool = False
    sweep: dict | None = None


def run_setting(epsilon=1e-7, scheme="two-sided", bug=False, dropout=False, float32=False, *,
                fns=None, seed=0):
    """The dashboard's computation for one step `epsilon`, one `scheme` and the switches.

    Parameters
    ----------
    epsilon : float
    scheme : {"two-sided", "one-sided"}
    bug, dropout, float32 : bool
        A planted backprop bug; a fresh dropout mask at every cost evaluation; costs in
        float32 (see `gradient_checking_net`).
    fns : LearnerFunctions, optional
        From `gradient_checking_functions`; default: no learner function (no star).
    seed : int
        Seeds the network's data, parameters and masks.

    Returns
    -------
    SweepPoint
    """
    if scheme not in SCHEMES:
        raise ValueError(f"`scheme`: expected one of {list(SCHEMES)}, got {scheme!r}.")
    epsilon = float(epsilon)
    switches = {"bug": bool(bug), "dropout": bool(dropout), "float32": bool(float32)}
    mine = None if fns is None else _learner_error(fns, epsilon, seed, switches)
    return SweepPoint(epsilon, scheme, error_at(epsilon, scheme, seed, **switches), mine,
                      sweep=epsilon_sweep(seed, **switches), **switches)


def _verdict(error):
    """How a gradient check reads this difference: the bands of notebook 03's table."""
    if error <= 1e-7:
        return "a check reads it as correct"
    if error <= 1e-5:
        return "probably correct: look closer only if one parameter stands out"
    if error <= 1e-3:
        return "suspicious"
    return "a check reads it as a bug"


def readout(point):
    """The dashboard's one-line readout for a `SweepPoint`."""
    on = [name for name, flag in (("planted bug", point.bug), ("dropout", point.dropout),
                                  ("float32", point.float32)) if flag]
    where = f" [{', '.join(on)}]" if on else ""
    text = (f"ε = {point.epsilon:.1e}, {point.scheme}{where}: relative error "
            f"{point.error:.1e} ({_verdict(point.error)})")
    if point.learner_error is None:
        return text
    return f"{text}; your numerical_gradient (two-sided): {point.learner_error:.1e}"
