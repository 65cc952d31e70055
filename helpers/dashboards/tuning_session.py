"""What the tuning dashboard holds between updates, and the work its buttons start.

Background work never touches widgets from another thread: a finished trial's future
posts its result to the kernel's event loop (``loop.call_soon_threadsafe``), the panda
trains one chunk per event-loop callback, and the dashboard redraws there through
`Dashboard.run`. Outside a kernel (tests, scripts) the buttons run to the end
synchronously. Closing the dashboard (``board.widget.close()`` or
``board.session.close()``) or running its cell again stops the panda and the workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref

import numpy as np

from ..search import check_space
from ..trial_pool import TrialPool
from ..trials import SEARCH_SPACE, TrialObjective
from . import tuning_panels as panels
from . import tuning_space as space_panels

__all__ = ["TuningSession"]

_PANDA_PAUSE = 0.02  # seconds between two chunks: slider messages get through
_OPEN = weakref.WeakSet()  # sessions of this kernel that may still hold workers


def _kernel():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipywidgets
        return None
    shell = get_ipython()
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None


def _kernel_loop():
    """The kernel's running event loop, or None (tests, scripts: run synchronously)."""
    if _kernel() is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _cell_id(shell):
    try:
        return shell.kernel.get_parent().get("metadata", {}).get("cellId")
    except Exception:  # noqa: BLE001 - older kernels: unknown
        return None


def _params(values):
    return {"learning_rate": float(values["learning_rate"]),
            "beta": 1.0 - float(values["one_minus_beta"]),
            "hidden_units": int(values["hidden_units"]), "layers": int(values["layers"])}


class TuningSession:
    """What the tuning dashboard holds between updates: space, trials, panda, workers.

    Opened by `tuning_dashboard`, closed by `close` (also when the dashboard's widget is
    closed or its cell runs again).
    """

    def __init__(self, fns, *, trials, executor, n_caviar, seed):
        self.fns, self.seed, self.n_caviar = fns, seed, n_caviar
        self.rng = np.random.default_rng(seed)
        self.space = dict(SEARCH_SPACE)
        self.trials = [{"params": dict(t["params"]), "score": float(t["score"])}
                       for t in (trials or [])]
        self.pool = TrialPool(executor)
        self.objective = TrialObjective(panels.cached_problem(seed), seed=seed)
        self.panda = None
        self.progress = None  # [done, total] of the latest caviar batch
        self.board = None
        self.artists = None
        self.closed = False
        self._cell, self._shell = None, None

    # -- the slider update --------------------------------------------------------------
    def attach(self, artists):
        """The figure's artists, by panel: "setting", "panda", "space", "designs"."""
        self.artists = artists

    def update(self, values, frame):
        params = _params(values)
        if self.panda is not None and not self.panda.done:
            self.panda.lr, self.panda.beta = params["learning_rate"], params["beta"]
        result = panels.run_setting(params, batch_size=values["batch_size"], seed=self.seed)
        panels.update_setting_cost(self.artists["setting"], result)
        space_panels.update_search_space(self.artists["space"], self.trials, self.space, params)
        window = self.fns.call("ewa_window", params["beta"])
        return (f"dev accuracy {result.score:.3f} · final training cost "
                f"{result.train_cost[-1]:.4f} · beta = {params['beta']:.4g} averages about "
                f"{float(window):.0f} gradients")

    # -- panda ---------------------------------------------------------------------------
    def start_panda(self, values, frame):
        if self.panda is not None:
            self.panda.stop()
        run = panels.PandaRun(_params(values), batch_size=values["batch_size"], seed=self.seed)
        self.panda = run
        loop = _kernel_loop()
        if loop is None:
            while run.advance():
                pass
            return self.show_panda(values, frame)
        loop.call_soon(self._panda_tick, loop, run)
        return "panda: training one model; move the learning rate and watch its cost"

    def _panda_tick(self, loop, run):
        if self.closed or run is not self.panda or run.done:
            return
        more = run.advance()
        self.board.run(self.show_panda)
        if more:
            loop.call_later(_PANDA_PAUSE, self._panda_tick, loop, run)

    def show_panda(self, values, frame):
        panels.update_panda(self.artists["panda"], self.panda)
        epoch = self.panda.epochs[-1]
        state = "finished" if self.panda.done else "training"
        return (f"panda {state}: epoch {epoch}, learning rate {self.panda.lr:.3g}, "
                f"training cost {self.panda.costs[-1]:.4f}")

    # -- caviar --------------------------------------------------------------------------
    def launch_caviar(self, values, frame):
        points = self.fns.call("random_points", self.space, self.n_caviar, self.rng)
        loop = _kernel_loop()
        self.progress = [0, len(points)]
        batch = self.progress
        if loop is None:
            def arrived(record):
                self._add(record, batch)
                self.show_trials(values, frame)
                frame.show()

            self.pool.map_as_completed(self.objective, points, on_result=arrived)
            return self.show_trials(values, frame)
        for future in self.pool.submit(self.objective, points):
            future.add_done_callback(
                lambda f: loop.call_soon_threadsafe(self._trial_done, f, batch))
        return (f"caviar: {len(points)} trials launched on "
                f"{self.pool.max_workers if self.pool.owned else 'the'} workers")

    def _trial_done(self, future, batch):
        if self.closed or future.cancelled():
            return
        error = future.exception()
        if error is not None:
            def report(values, frame):
                raise error
            self.board.run(report)
            return
        self._add(future.result(), batch)
        self.board.run(self.show_trials)

    def _add(self, record, batch):
        self.trials.append({"params": record["params"], "score": record["score"]})
        batch[0] += 1  # the batch it was launched with (an earlier press may still finish)

    def show_trials(self, values, frame):
        space_panels.update_search_space(self.artists["space"], self.trials, self.space,
                                   _params(values))
        done, total = self.progress or (0, 0)
        best = max(self.trials, key=lambda t: t["score"])
        p = best["params"]
        return (f"caviar: {done}/{total} trials done · best dev accuracy {best['score']:.3f} "
                f"(learning rate {p['learning_rate']:.3g}, beta {p['beta']:.4g}, "
                f"{p['hidden_units']} units x {p['layers']} layers)")

    # -- zoom ----------------------------------------------------------------------------
    def zoom_in(self, values, frame):
        if not self.trials:
            return "zoom needs trials: press caviar first"
        trials = [{"params": dict(t["params"]), "score": t["score"]} for t in self.trials]
        self.space = check_space(self.fns.call("zoom", self.space, trials, 3, 0.25))
        self.draw_designs()
        space_panels.update_search_space(self.artists["space"], self.trials, self.space,
                                   _params(values))
        lr, beta = self.space["learning_rate"], self.space["beta"]
        return (f"zoomed in: learning rate {lr[0]:.3g} .. {lr[1]:.3g}, beta {beta[0]:.4g} .. "
                f"{beta[1]:.4g}, hidden units {self.space['hidden_units'][0]} .. "
                f"{self.space['hidden_units'][1]}")

    def draw_designs(self):
        """The grid-vs-random panel for the current space (learning rate and beta)."""
        plane = {k: self.space[k] for k in ("learning_rate", "beta")}
        grid = self.fns.call("grid_points", plane, 5)
        random = self.fns.call("random_points", plane, 25, np.random.default_rng(self.seed))
        space_panels.update_grid_vs_random(self.artists["designs"], grid, random)

    # -- closing -------------------------------------------------------------------------
    def watch(self, board):
        """Close with `board`'s widget, or when the cell that made it runs again."""
        self.board = board
        board.widget.observe(lambda change: self.close() if change["new"] is None else None,
                             names="comm")
        shell = _kernel()
        if shell is not None:
            self._shell, self._cell = shell, _cell_id(shell)
            shell.events.register("pre_run_cell", self._pre_run_cell)
        for other in list(_OPEN):
            # A new dashboard from the same cell (or from an unknown one) replaces it.
            if other._cell == self._cell:
                other.close()
        _OPEN.add(self)

    def _pre_run_cell(self, info):
        if self._cell is not None and getattr(info, "cell_id", None) == self._cell:
            self.close()

    def close(self):
        """Stop the panda, cancel pending trials, end the worker processes."""
        if self.closed:
            return
        self.closed = True
        if self.panda is not None:
            self.panda.stop()
        self.pool.close()
        if self._shell is not None:
            with contextlib.suppress(ValueError):  # already unregistered
                self._shell.events.unregister("pre_run_cell", self._pre_run_cell)
        _OPEN.discard(self)
