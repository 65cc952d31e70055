"""Coarse to fine: run trials, rank them, zoom the search space around the best ones.

A trial is a dict ``{"params": dict, "score": float}``; higher scores are better. Spans
are measured on each axis's own scale (`helpers.search.to_scale`): on a log axis, best
trials at ``1e-3`` and ``1e-2`` span one decade, not ``0.009``. These are the library's
versions of the `zoom` and `random_search` exercises of notebook 04 (under other names).
"""

from __future__ import annotations

import numpy as np

from ._validate import require_int, require_number
from .search import check_space, from_scale, random_over, to_scale

__all__ = ["best_first", "run_trials", "search_at_random", "zoom_space"]


def best_first(trials):
    """Trials sorted by score, best (highest) first; NaN scores last; stable on ties."""
    def key(trial):
        score = float(trial["score"])
        return (np.isnan(score), -score if not np.isnan(score) else 0.0)

    return sorted(trials, key=key)


def zoom_space(space, trials, top_k=3, margin=0.25):
    """Coarse to fine: the region of the `top_k` best trials, widened, inside the old space.

    Per axis, on the axis's own scale: ``[t_min - margin * span, t_max + margin * span]``
    where ``t_min``, ``t_max`` are the best trials' positions and ``span = t_max - t_min``
    (when ``span == 0``, the old span is used instead), clipped to the old bounds. Int
    axes round outward to integers. Scales are kept.

    Parameters
    ----------
    space : dict
    trials : list of dict
        ``{"params": dict, "score": float}``, higher is better.
    top_k : int
        >= 1.
    margin : float
        >= 0.

    Returns
    -------
    dict
        The new space, same names and scales.
    """
    space = check_space(space)
    top_k = require_int("top_k", top_k, low=1)
    margin = require_number("margin", margin, low=0.0)
    if not isinstance(trials, (list, tuple)) or not trials:
        raise ValueError(f"`trials`: expected a non-empty list of {{'params', 'score'}} "
                         f"dicts, got {trials!r}"[:300] + ".")
    best = best_first(trials)[:top_k]
    zoomed = {}
    for name, (low, high, scale) in space.items():
        ends = sorted(float(v) for v in to_scale([low, high], scale))
        t = to_scale([trial["params"][name] for trial in best], scale)
        span = float(t.max() - t.min())
        widen = margin * (span if span > 0 else ends[1] - ends[0])
        lo_t, hi_t = max(t.min() - widen, ends[0]), min(t.max() + widen, ends[1])
        new = sorted(float(v) for v in from_scale([lo_t, hi_t], scale))
        new = [min(max(v, low), high) for v in new]  # round-off must not leave the space
        if scale == "int":
            new = [int(np.floor(new[0] + 1e-9)), int(np.ceil(new[1] - 1e-9))]
            if new[0] == new[1]:  # keep at least two integers to choose from
                new = [new[0], new[1] + 1] if new[1] < high else [new[0] - 1, new[1]]
        zoomed[name] = (new[0], new[1], scale)
    return zoomed


def run_trials(objective, points):
    """``[{"params": p, "score": float(objective(p))} for p in points]``, best first."""
    if not callable(objective):
        raise ValueError(f"`objective`: expected a function params -> score, got "
                         f"{objective!r}.")
    return best_first([{"params": dict(p), "score": float(objective(dict(p)))}
                       for p in points])


def search_at_random(objective, space, n_trials, rng):
    """Random search: `n_trials` points of `random_over`, scored, best first."""
    return run_trials(objective, random_over(space, n_trials, rng))
