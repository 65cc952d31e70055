"""Dashboard latency, kernel side: slider change -> first frame and -> complete update.

Each notebook's dashboard is built with the notebook's own solution functions (taken
from `solutions/` by `grader.cells.solution_namespace`), at default settings, with the
Agg backend. Then >= 20 simulated slider changes step each control one notch away from
its default and back, so every change stays near the defaults. Prints JSON.
Targets (docs/conventions.md, "Speed"): median first frame <= 100 ms, median complete <= 250 ms.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stats import summary

from grader.cells import solution_namespace

# assignment -> (module, factory, keyword arguments built from the solution namespace)
DASHBOARDS = {
    "01_initialization": (
        "helpers.dashboards.initialization", "initialization_dashboard",
        lambda ns: {"init_fns": {"zeros": ns["initialize_zeros"],
                                 "random": ns["initialize_random"],
                                 "xavier": ns["initialize_xavier"],
                                 "he": ns["initialize_he"]},
                    "spread_fn": ns["activation_spread"]}),
    "02_regularization": (
        "helpers.dashboards.regularization", "regularization_dashboard",
        lambda ns: {"dropout_fns": (ns["dropout_forward"], ns["dropout_backward"])}),
    "03_gradient_checking": (
        "helpers.dashboards.gradient_checking", "gradient_checking_dashboard",
        lambda ns: {"numerical_gradient_fn": ns["numerical_gradient"]}),
    "04_hyperparameter_tuning": (
        "helpers.dashboards.tuning", "tuning_dashboard",
        lambda ns: {"grid_points_fn": ns["grid_points"], "random_points_fn": ns["random_points"],
                    "zoom_fn": ns["zoom"], "ewa_window_fn": ns["ewa_window"]}),
    "05_batch_norm": (
        "helpers.dashboards.batch_norm", "batch_norm_dashboard",
        lambda ns: {f"{name}_fn": ns[name] for name in (
            "batchnorm_forward", "batchnorm_backward", "update_running_stats",
            "batchnorm_inference")}),
    "06_softmax": (
        "helpers.dashboards.softmax", "softmax_dashboard",
        lambda ns: {"one_hot_fn": ns["one_hot"], "softmax_fn": ns["softmax"],
                    "hardmax_fn": ns["hardmax"], "softmax_backward_fn": ns["softmax_backward"]}),
    "07_frameworks": (
        "helpers.dashboards.frameworks", "frameworks_dashboard",
        lambda ns: {"cost_fn": ns["cost_fn"], "minimize_fn": ns["minimize"]}),
}


def neighbour_values(widget):
    """One notch away from the widget's current value, and back."""
    import ipywidgets as widgets

    value = widget.value
    if isinstance(widget, widgets.Checkbox):
        return [not value, value]
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)):
        values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        other = values[(values.index(value) + 1) % len(values)]
        return [other, value]
    if isinstance(widget, widgets.FloatLogSlider):
        exponent = math.log10(value)
        up = exponent + widget.step
        other = widget.base ** (up if up <= widget.max else exponent - widget.step)
        return [other, value]
    if hasattr(widget, "step") and hasattr(widget, "max"):
        up = value + widget.step
        return [up if up <= widget.max else value - widget.step, value]
    return []


def simulate(dashboard, changes=24):
    """Apply `changes` slider changes round-robin over the controls; return timings."""
    plan = []
    for name, widget in dashboard.controls.items():
        plan += [(name, v) for v in neighbour_values(widget)]
    if not plan:
        raise ValueError(f"dashboard {dashboard.name!r} has no control to move")
    start = len(dashboard.timings)
    i = 0
    while len(dashboard.timings) - start < changes:
        name, value = plan[i % len(plan)]
        dashboard.set(**{name: value})
        i += 1
        if i > 10 * changes:
            raise RuntimeError(f"dashboard {dashboard.name!r}: updates are not recorded "
                               f"(last status: {dashboard.status.value!r})")
    return dashboard.timings[start:]


def measure(assignment, changes=24):
    module, factory, kwargs = DASHBOARDS[assignment]
    solution = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    namespace = solution_namespace(solution)
    dashboard = getattr(importlib.import_module(module), factory)(**kwargs(namespace))
    timings = simulate(dashboard, changes)
    # An update that pushed no early frame shows its first new image when it completes.
    first = [t["complete"] if t["first_frame"] is None else t["first_frame"] for t in timings]
    return {
        "dashboard": f"{module}.{factory}",
        "first_frame": summary(first),
        "early_frames": sum(t["first_frame"] is not None for t in timings),
        "complete": summary([t["complete"] for t in timings]),
        "targets_ms": {"first_frame_median": 100, "complete_median": 250},
    }


def main():
    results = {}
    for assignment in DASHBOARDS:
        if (ROOT / "solutions" / assignment).is_dir():
            results[assignment] = measure(assignment)
    print(json.dumps({"dashboards": results}, indent=2))


if __name__ == "__main__":
    main()
