"""Saved widget state of every solution notebook (marker `slow`, no browser needed).

JupyterLab renders widgets only with a live kernel, so what a notebook saved with its
widget state shows (nbviewer, a static HTML export, a notebook reopened before its kernel
runs) is checked here instead: execute the notebook with nbclient, storing the widget
state, and check that every dashboard's figure is a PNG in that state, its readout is
set, its status shows no error or notice, and every widget output refers to a stored
model (no "Model not found").
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from labdriver import ROOT, solution_notebooks

pytestmark = pytest.mark.slow

STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
# The course under test: this repository, or DL_BROWSER_COURSE (as the browser suite).
COURSE = Path(os.environ.get("DL_BROWSER_COURSE", ROOT)).resolve()
NOTEBOOKS = solution_notebooks(COURSE)


def _ref(value):
    """The model id of an ``IPY_MODEL_<id>`` reference, else None."""
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_"):]
    return None


def _descendants(state, model_id):
    """`model_id` and every model reachable through its ``children``."""
    seen, todo = [], [model_id]
    while todo:
        current = todo.pop()
        if current in seen or current not in state:
            continue
        seen.append(current)
        children = state[current]["state"].get("children", [])
        todo.extend(filter(None, map(_ref, children)))
    return seen


def _classes(model):
    return set(model["state"].get("_dom_classes", []))


def _png(model):
    """The Image model's value as bytes (from its base64 buffer), or None."""
    for buffer in model.get("buffers", []):
        if buffer.get("path") == ["value"]:
            return base64.b64decode(buffer["data"])
    value = model["state"].get("value")
    return value.encode("latin-1") if isinstance(value, str) else None


@pytest.mark.parametrize("path", NOTEBOOKS or [None],
                         ids=[p.stem for p in NOTEBOOKS] or ["no-solution-notebooks"])
def test_saved_widget_state_holds_every_dashboard_figure(path, monkeypatch):
    assert path is not None, "solutions/ holds no notebook"
    # The kernel imports `helpers` from the course under test.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(COURSE), *filter(None, [os.environ.get("PYTHONPATH")])]))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=30, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()

    state = nb.metadata.get("widgets", {}).get(STATE_MIME, {}).get("state")
    assert state, f"{path.name}: no widget state was stored"

    shown = [out["data"][VIEW_MIME]["model_id"]
             for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", [])
             if VIEW_MIME in out.get("data", {})]
    missing = [m for m in shown if m not in state]
    assert not missing, f"{path.name}: widget outputs without a stored model: {missing}"

    boards = [m for m in shown if "dl-dashboard" in _classes(state[m])]
    assert boards, f"{path.name}: no dashboard (.dl-dashboard) among the widget outputs"
    for board in boards:
        name = next((c[3:] for c in sorted(_classes(state[board]))
                     if c.startswith("dl-") and c != "dl-dashboard"), board)
        parts = {}
        for model_id in _descendants(state, board):
            for cls in ("dl-figure", "dl-readout", "dl-status"):
                if cls in _classes(state[model_id]):
                    parts.setdefault(cls, state[model_id])
        assert set(parts) == {"dl-figure", "dl-readout", "dl-status"}, (
            f"{path.name} dashboard {name!r}: parts found: {sorted(parts)}")
        status = parts["dl-status"]["state"].get("value", "")
        assert "dl-error" not in status and "dl-notice" not in status, (
            f"{path.name} dashboard {name!r}: status {status!r}")
        png = _png(parts["dl-figure"])
        assert png and png[:8] == b"\x89PNG\r\n\x1a\n", (
            f"{path.name} dashboard {name!r}: the stored figure is not a PNG")
        assert len(png) > 1000, f"{path.name} dashboard {name!r}: a {len(png)}-byte PNG"
        assert parts["dl-readout"]["state"].get("value"), (
            f"{path.name} dashboard {name!r}: empty readout")
