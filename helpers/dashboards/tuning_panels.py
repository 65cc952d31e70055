"""Compute and cost panels of the tuning dashboard of notebook 04 (no widgets here).

`run_setting` trains the network of one slider setting (a trial of the search, cached);
`PandaRun` is one model trained chunk by chunk while its learning rate may change between
chunks. Each panel has a pure ``plot_*(..., ax=None)`` that draws one state and returns
its artists, and an ``update_*`` that changes those artists in place:

- `plot_setting_cost`: the cost curve of the slider setting;
- `plot_panda`: the babysat model's cost curve, a dot wherever its learning rate changed.

The search-space panels are in `helpers.dashboards.tuning_space`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
from matplotlib.ticker import LogLocator, NullFormatter

from ..model import MLPConfig
from ..plots import PALETTE
from ..training import TrainConfig, train
from ..trials import train_trial, tuning_problem

__all__ = [
    "PandaRun",
    "SettingResult",
    "axes_or_new",
    "cached_problem",
    "plain_log_ticks",
    "plot_panda",
    "plot_setting_cost",
    "run_setting",
    "update_panda",
    "update_setting_cost",
]

EPOCHS = 100          # epochs of a slider setting: the same run as a trial of the search
PANDA_EPOCHS = 300    # epochs of the babysat model
PANDA_CHUNK = 5       # epochs between two looks at the babysat model
COST_LIMITS = (0.03, 1.5)


@dataclass(frozen=True)
class SettingResult:
    """One trained setting: its params, cost curve and dev scores."""

    params: dict = field(hash=False)
    epochs: tuple
    train_cost: tuple
    score: float
    dev_cost: float


@functools.lru_cache(maxsize=4)
def cached_problem(seed):
    """`helpers.trials.tuning_problem(seed)`, built once per process."""
    return tuning_problem(seed)


@functools.lru_cache(maxsize=64)
def _cached(learning_rate, beta, batch_size, hidden_units, layers, seed):
    params = {"learning_rate": learning_rate, "beta": beta, "hidden_units": hidden_units,
              "layers": layers}
    record = train_trial(params, cached_problem(seed), epochs=EPOCHS, batch_size=batch_size,
                         seed=seed, record_every=2)
    return SettingResult(params, tuple(record["epochs"]), tuple(record["train_cost"]),
                         record["score"], record["dev_cost"])


def run_setting(params, *, batch_size, seed=0):
    """Train the setting `params` (a trial of the search) and return its `SettingResult`.

    Results are cached: moving a slider back to a value seen before costs nothing.
    """
    return _cached(float(params["learning_rate"]), float(params["beta"]), int(batch_size),
                   int(params["hidden_units"]), int(params["layers"]), int(seed))


class PandaRun:
    """One model, trained `PANDA_CHUNK` epochs at a time with the current `lr` and `beta`.

    Between chunks the learner may change `lr` (and `beta`): the next chunk uses them.
    Each chunk starts the momentum average afresh (a restart costs a few steps of
    warm-up, invisible at this scale).
    """

    def __init__(self, params, *, batch_size, seed=0):
        self.data = cached_problem(seed)
        units, layers = int(params["hidden_units"]), int(params["layers"])
        self.model = MLPConfig([2, *([units] * layers), 1], "relu")
        self.batch_size = int(batch_size)
        self.lr, self.beta = float(params["learning_rate"]), float(params["beta"])
        self.rng = np.random.default_rng(seed)
        self.parameters = None
        self.epochs, self.costs = [], []
        self.changes = []  # (epoch, cost, lr) where the learning rate changed
        self._last_lr = None
        self.stopped = False

    @property
    def done(self):
        return self.stopped or (self.epochs[-1] if self.epochs else 0) >= PANDA_EPOCHS

    def advance(self):
        """Train one chunk; return False once the run is over."""
        if self.done:
            return False
        config = TrainConfig(epochs=PANDA_CHUNK, lr=self.lr, optimizer="momentum",
                             batch_size=self.batch_size, hyper={"beta": self.beta})
        run = train(self.data.X_train, self.data.Y_train, self.model, config, self.rng,
                    parameters=self.parameters)
        self.parameters = run.parameters
        start = self.epochs[-1] if self.epochs else 0
        cost = run.history.train_cost
        if self.lr != self._last_lr:
            self.changes.append((start, self.costs[-1] if self.costs else cost[0], self.lr))
            self._last_lr = self.lr
        self.epochs += [start + e for e in run.history.epochs]
        self.costs += [float(c) for c in cost]
        return not self.done

    def stop(self):
        self.stopped = True


# -- panels -------------------------------------------------------------------------------
def axes_or_new(ax, figsize=(4.5, 3.5)):
    """`ax`, or the axes of a new pyplot figure."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plain_log_ticks(axis):
    """Unlabelled minor ticks at 2 and 5 only: a log axis with every minor tick labelled
    cost most of a full redraw (and of the layout) of the dashboard's figure."""
    axis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
    axis.set_minor_formatter(NullFormatter())


def _cost_axes(ax, title, xmax):
    ax.set_yscale("log")
    plain_log_ticks(ax.yaxis)
    ax.set_xlim(0, xmax)
    ax.set_ylim(*COST_LIMITS)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training cost (log scale)")
    ax.set_title(title, fontsize=10)


def plot_setting_cost(result, ax=None):
    """The cost curve of one setting; returns ``{"line": Line2D}``."""
    ax = axes_or_new(ax)
    _cost_axes(ax, "this setting, trained from scratch", EPOCHS)
    (line,) = ax.plot([], [], color=PALETTE["train"], lw=1.6)
    artists = {"line": line}
    if result is not None:
        update_setting_cost(artists, result)
    return artists


def update_setting_cost(artists, result):
    artists["line"].set_data(result.epochs, np.clip(result.train_cost, *COST_LIMITS))


def plot_panda(panda, ax=None):
    """The babysat model's cost; returns ``{"line", "changes", "label"}`` artists."""
    ax = axes_or_new(ax)
    _cost_axes(ax, "panda: one model, babysat", PANDA_EPOCHS)
    (line,) = ax.plot([], [], color=PALETTE["dev"], lw=1.6)
    changes = ax.scatter([], [], s=22, color="black", zorder=3,
                         label="learning rate changed")
    label = ax.text(0.97, 0.95, "press 'panda' to start", transform=ax.transAxes,
                    ha="right", va="top", fontsize=8)
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    artists = {"line": line, "changes": changes, "label": label}
    if panda is not None:
        update_panda(artists, panda)
    return artists


def update_panda(artists, panda):
    artists["line"].set_data(panda.epochs, np.clip(panda.costs, *COST_LIMITS))
    points = [(e, min(max(c, COST_LIMITS[0]), COST_LIMITS[1])) for e, c, _ in panda.changes]
    artists["changes"].set_offsets(np.array(points).reshape(-1, 2))
    epoch = panda.epochs[-1] if panda.epochs else 0
    artists["label"].set_text(f"epoch {epoch}, learning rate {panda.lr:.3g}")
