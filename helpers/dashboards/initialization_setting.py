"""What notebook 01's dashboard computes for one setting (no drawing here).

A setting is an initialization scheme, a weight scale, a depth and an activation.
`run_setting` draws the initial weights of a network of `depth` hidden layers of 20 units
`DRAWS` times with the learner's initializer (the library's while it is not done),
measures the spread of every hidden layer's activations and the size of the gradient
reaching every layer, averaged over the draws (`initialization_signal`), then trains the
first draw for 300 full-batch steps on the moons.
`helpers.dashboards.initialization_panels` draws the result; `helpers.dashboards.initialization`
wires both to the controls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import make_moons
from ..initializers import init_parameters
from ..model import MLPConfig
from ..training import History, TrainConfig, one_blas_thread, train
from .initialization_signal import DRAWS, backward_sizes, reference_spread, rms_over_draws
from .learner import LearnerFunctions

__all__ = ["DEFAULTS", "DRAWS", "MAX_DEPTH", "SCHEMES", "STEPS", "WIDTH", "InitRun",
           "dashboard_data", "initial_parameters", "initialization_functions", "readout",
           "reference_spread", "run_setting"]

#: Scheme key -> label shown in the drop-down.
SCHEMES = {"zeros": "zeros", "random": "random (std = scale)", "xavier": "Xavier (1/n)",
           "he": "He (2/n)"}
#: The dashboard's starting setting.
DEFAULTS = {"scheme": "he", "scale": 1.0, "depth": 5, "activation": "relu"}
# Scheme key -> the exercise that implements it.
_EXERCISE = {"zeros": "initialize_zeros", "random": "initialize_random",
             "xavier": "initialize_xavier", "he": "initialize_he"}

WIDTH = 20          # units per hidden layer
STEPS = 300         # full-batch gradient-descent steps per setting
LR = 0.3
M = 300             # training examples
MAX_DEPTH = 20


# The library's versions, with the exercises' signatures.
def _zeros(layer_dims):
    return init_parameters(list(layer_dims), np.random.default_rng(0), "zeros")


def _random(layer_dims, rng, scale=10.0):
    return init_parameters(list(layer_dims), rng, "random", scale)


def _he(layer_dims, rng):
    return init_parameters(list(layer_dims), rng, "he")


def _xavier(layer_dims, rng):
    return init_parameters(list(layer_dims), rng, "xavier")


_LIBRARY = {"initialize_zeros": _zeros, "initialize_random": _random,
            "initialize_he": _he, "initialize_xavier": _xavier,
            "activation_spread": reference_spread}


def initialization_functions(init_fns=None, spread_fn=None):
    """The learner's functions of notebook 01, with the library's standing in.

    Parameters
    ----------
    init_fns : dict of str -> callable, optional
        The learner's initializers by scheme: ``"zeros"`` (``initialize_zeros``),
        ``"random"``, ``"xavier"``, ``"he"``.
    spread_fn : callable, optional
        The learner's ``activation_spread(parameters, X, activation)``.

    Returns
    -------
    LearnerFunctions
        Each function is tried once on a tiny input, so that the notice names every
        exercise not done from the first frame on.
    """
    unknown = set(init_fns or {}) - set(SCHEMES)
    if unknown:
        raise ValueError(f"`init_fns`: expected keys among {sorted(SCHEMES)}, got "
                         f"{sorted(unknown)}.")
    given = {_EXERCISE[scheme]: fn for scheme, fn in (init_fns or {}).items()}
    # In notebook order, for the notice.
    order = ("initialize_zeros", "initialize_random", "initialize_he", "initialize_xavier")
    learner = {name: given.get(name) for name in order}
    learner["activation_spread"] = spread_fn
    rng = np.random.default_rng(0)
    probes = {"initialize_zeros": ([2, 1],), "initialize_random": ([2, 1], rng, 1.0),
              "initialize_he": ([2, 1], rng), "initialize_xavier": ([2, 1], rng),
              "activation_spread": ({"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))},
                                    np.ones((2, 1)), "relu")}
    return LearnerFunctions(learner, _LIBRARY, probes=probes)


def initial_parameters(scheme, layer_dims, rng, scale=1.0, fns=None):
    """Starting parameters of one scheme, from the learner's function when it is done.

    Parameters
    ----------
    scheme : {"zeros", "random", "xavier", "he"}
    layer_dims : list of int
    rng : numpy.random.Generator
    scale : float
        The standard deviation for ``"random"``; a gain multiplying the weights of
        ``"xavier"`` and ``"he"`` (1 = as defined); ignored for ``"zeros"``.
    fns : LearnerFunctions, optional
        From `initialization_functions`; default: the library's initializers.

    Returns
    -------
    dict
        ``"W<l>"`` of shape (n[l], n[l-1]) and ``"b<l>"`` of shape (n[l], 1).
    """
    fns = fns or initialization_functions()
    name, dims = _EXERCISE[scheme], list(layer_dims)
    if scheme == "zeros":
        return fns.call(name, dims)
    if scheme == "random":
        return fns.call(name, dims, rng, scale=scale)
    params = fns.call(name, dims, rng)
    return {k: (np.asarray(v, dtype=float) * scale if k.startswith("W") else v)
            for k, v in params.items()}


def dashboard_data(seed):
    """The moons the dashboard trains on: X (2, 300), Y (1, 300)."""
    return make_moons(M, noise=0.2, rng=np.random.default_rng(seed))


@dataclass(frozen=True)
class InitRun:
    """One setting, initialized and trained (what `run_setting` returns).

    `spreads` : list of float, the std of each hidden layer's activations at the start
    (root mean square over `DRAWS` draws of the initial weights); `gradients` : list of
    float, per layer l = 1..L (the output layer included), the root mean square of
    ``dZ[l]`` at the start, over the same draws; `history`, `parameters` : of the
    training run (from the first draw); `model` : its `MLPConfig`;
    `diverged` : whether the cost or the weights overflowed; `X` (2, m), `Y` (1, m) :
    the data.
    """

    scheme: str
    scale: float
    depth: int
    activation: str
    spreads: list
    gradients: list
    history: History
    parameters: dict
    model: MLPConfig
    diverged: bool
    X: np.ndarray
    Y: np.ndarray


def _draw_rng(seed, k):
    # Draw 0 keeps the generator the dashboard always trained from.
    return np.random.default_rng(seed + 1 if k == 0 else [seed + 1, k])


def run_setting(scheme="he", scale=1.0, depth=5, activation="relu", *, fns=None, seed=0,
                data=None, on_start=None):
    """Initialize, measure the spread, train: the dashboard's computation for one setting.

    Parameters
    ----------
    scheme, scale, depth, activation
        As the dashboard's controls (`depth` counts hidden layers of 20 units).
    fns : LearnerFunctions, optional
        From `initialization_functions`; default: the library's functions.
    seed : int
        Seeds the data (when `data` is not given) and the initial weights.
    data : tuple (X, Y), optional
        `dashboard_data(seed)` computed once by the caller.
    on_start : callable (spreads, gradients) -> None, optional
        Called before training (a dashboard draws both and pushes an early frame).

    Returns
    -------
    InitRun
    """
    if depth not in range(1, MAX_DEPTH + 1):
        raise ValueError(f"`depth`: expected an integer from 1 to {MAX_DEPTH}, got {depth!r}.")
    if scheme not in SCHEMES:
        raise ValueError(f"`scheme`: expected one of {sorted(SCHEMES)}, got {scheme!r}.")
    fns = fns or initialization_functions()
    X, Y = data if data is not None else dashboard_data(seed)
    depth, scale = int(depth), float(scale)
    layer_dims = [2] + [WIDTH] * depth + [1]
    with one_blas_thread():
        # The first draw is the one trained; the others only steady the averages.
        draws = [initial_parameters(scheme, layer_dims, _draw_rng(seed, k), scale, fns)
                 for k in range(DRAWS)]
        spreads, gradients = [], []
        for params in draws:
            # The spread of the hidden layers only: the single output unit says little.
            hidden = {f"{p}{l}": params[f"{p}{l}"] for l in range(1, depth + 1) for p in "Wb"}
            with np.errstate(all="ignore"):
                spread = fns.call("activation_spread", hidden, X, activation)
            spreads.append(np.asarray(spread, dtype=float).reshape(-1))
            gradients.append(backward_sizes(params, X, Y, activation))
        spreads, gradients = rms_over_draws(spreads), rms_over_draws(gradients)
        if on_start is not None:
            on_start(spreads, gradients)
        model = MLPConfig(layer_dims, hidden_activation=activation, output="sigmoid")
        config = TrainConfig(epochs=STEPS, lr=LR)  # records the cost after every step
        with np.errstate(all="ignore"):
            result = train(X, Y, model, config, np.random.default_rng(seed + 2),
                           parameters=draws[0])
    finite = all(np.all(np.isfinite(v)) for v in result.parameters.values())
    diverged = not finite or not np.isfinite(result.history.train_cost[-1])
    return InitRun(scheme, scale, depth, activation, spreads, gradients, result.history,
                   result.parameters, model, diverged, X, Y)


def readout(run):
    """The dashboard's one-line readout for an `InitRun`."""
    if run.scheme == "zeros":
        start = "zeros"
    elif run.scheme == "random":
        start = f"random, std {run.scale:.3g}"
    else:
        start = f"{SCHEMES[run.scheme].split(' (')[0]} x {run.scale:.3g}"
    head = (f"{start}, {run.depth} hidden {run.activation} layers of {WIDTH}, at the start "
            f"(rms of {DRAWS} draws): spread {run.spreads[0]:.2g} in layer 1, "
            f"{run.spreads[-1]:.2g} in layer {run.depth}; gradient dZ {run.gradients[0]:.2g} "
            f"in layer 1; ")
    if run.diverged:
        return head + f"training diverged (the cost overflowed) within {STEPS} steps"
    return (head + f"after {STEPS} steps cost {run.history.train_cost[-1]:.3g}, "
            f"train accuracy {run.history.train_acc[-1]:.0%}")
