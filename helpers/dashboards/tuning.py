"""Dashboard of notebook 04: tuning by hand (panda) and by many trials (caviar).

Sliders set one network's hyperparameters: the learning rate (log scale, first: every
step changes the cost curve and the readout), ``1 - beta`` of momentum (log scale),
the mini-batch size, the hidden units per layer and the number of hidden layers. Each
change trains that setting (a trial of the search, cached) and redraws its cost curve.
Three buttons:

- **panda**: one model trains in the background, a few epochs at a time, on the
  kernel's event loop; move the learning rate while it trains and its cost curve reacts;
- **caviar**: N random trials (the learner's `random_points` in the current space) train
  in parallel processes (`helpers.trial_pool.TrialPool`) and appear on the search-space
  scatter, colored by dev accuracy, as each one finishes, with progress in the readout;
- **zoom in**: the learner's `zoom` narrows the space around the best trials (the dashed
  rectangle); the next caviar samples inside it.

A fourth panel shows 25 trials laid out as a 5 x 5 grid (the learner's `grid_points`) and
as 25 random points: how many different learning rates each design tries.

What the buttons start, and how it stops, is `helpers.dashboards.tuning_session`; the
panels are drawn by `tuning_panels` (cost curves) and `tuning_space` (search space).
"""

from __future__ import annotations

import numpy as np

from ..coarse_to_fine import zoom_space
from ..search import averaging_window, grid_over, random_over
from . import tuning_panels as panels
from . import tuning_space as space_panels
from .learner import LearnerFunctions
from .toolkit import Dashboard, choice, int_slider, log_slider, make_figure
from .tuning_session import TuningSession

__all__ = ["tuning_dashboard"]

N_CAVIAR = 8
BATCH_SIZES = (16, 32, 64, 128, 300)
_SPACE_PROBE = {"learning_rate": (1e-3, 1.0, "log"), "beta": (0.5, 0.99, "ewa")}


def tuning_dashboard(*, grid_points_fn=None, random_points_fn=None, zoom_fn=None,
                     ewa_window_fn=None, trials=None, executor=None, n_caviar=N_CAVIAR,
                     seed=0):
    """Sliders for one setting, and panda, caviar and zoom buttons over a search space.

    Parameters
    ----------
    grid_points_fn, random_points_fn, zoom_fn, ewa_window_fn : callable, optional
        The learner's `grid_points(space, n_per_axis)`, `random_points(space, n, rng)`,
        `zoom(space, trials, top_k, margin)` and `ewa_window(beta)`; the library's
        versions stand in for those not given or not done yet.
    trials : list of dict, optional
        Earlier trials (``{"params", "score"}``) to show on the scatter and zoom from,
        e.g. a random search of the notebook over ``helpers.trials.SEARCH_SPACE``.
    executor : concurrent.futures.Executor, optional
        Where caviar trials run (e.g. a Dask client's ``get_executor()``); left open.
        Default: a process pool with one worker per core, closed with the dashboard.
    n_caviar : int
        Trials per press of caviar.
    seed : int

    Returns
    -------
    Dashboard
        ``board.session`` is its `TuningSession` (trials, space, pool, ``close()``).
    """
    if not isinstance(n_caviar, (int, np.integer)) or isinstance(n_caviar, bool) \
            or n_caviar < 1:
        raise ValueError(f"`n_caviar`: expected an integer >= 1, got {n_caviar!r}.")
    if trials is not None and not (isinstance(trials, list) and all(
            isinstance(t, dict) and {"params", "score"} <= set(t) for t in trials)):
        raise ValueError("`trials`: expected a list of {'params': dict, 'score': float} "
                         f"dicts, got {trials!r}"[:300] + ".")
    fns = LearnerFunctions(
        {"ewa_window": ewa_window_fn, "grid_points": grid_points_fn,
         "random_points": random_points_fn, "zoom": zoom_fn},
        {"ewa_window": averaging_window, "grid_points": grid_over,
         "random_points": random_over, "zoom": zoom_space},
        probes={"ewa_window": (0.9,), "grid_points": (_SPACE_PROBE, 2),
                "random_points": (_SPACE_PROBE, 1, np.random.default_rng(0)),
                "zoom": (_SPACE_PROBE, [{"params": {"learning_rate": 0.01, "beta": 0.9},
                                         "score": 1.0}], 1, 0.25)})
    session = TuningSession(fns, trials=trials, executor=executor, n_caviar=int(n_caviar),
                            seed=seed)
    fig, axes = make_figure(2, 2, width=4.0, height=3.0)
    (ax_setting, ax_panda), (ax_space, ax_designs) = axes
    session.attach({
        "setting": panels.plot_setting_cost(None, ax=ax_setting),
        "panda": panels.plot_panda(None, ax=ax_panda),
        "space": space_panels.plot_search_space(session.trials, session.space, ax=ax_space),
        "designs": space_panels.plot_grid_vs_random([], [], ax=ax_designs),
    })
    session.draw_designs()
    controls = {
        "learning_rate": log_slider("learning rate", 1.0, -3, 1, step=0.25),
        "one_minus_beta": log_slider("1 - beta (momentum)", 0.1, -3, -0.3, step=0.25),
        "batch_size": choice("mini-batch size", list(BATCH_SIZES), 64),
        "hidden_units": int_slider("hidden units", 16, 2, 64, 2),
        "layers": int_slider("hidden layers", 2, 1, 3),
    }
    buttons = {
        "panda: babysit one model": session.start_panda,
        f"caviar: launch {n_caviar} trials": session.launch_caviar,
        "zoom in on the best trials": session.zoom_in,
    }
    board = Dashboard(controls, fig, session.update, name="tuning", buttons=buttons,
                      title="Tuning: panda and caviar", notice=fns.notice)
    board.session = session
    session.watch(board)
    return board
