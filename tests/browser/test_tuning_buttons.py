"""The tuning dashboard's buttons in a real JupyterLab + headless Chromium (marker
`browser`).

Opens the 04 solution notebook, runs it, then presses **caviar** (8 random trials in the
kernel's worker processes, posted back on the kernel's event loop) and **zoom in** (the
learner's `zoom`), and checks each time that the search-space panel of the figure (its
lower-left quarter) changes on screen, that the readout reports the work, and that no
error or notice shows. Reuses the suite's fixtures (`tests/browser/conftest.py`) and its
driver (`labdriver`); screenshots go to the suite's artifacts folder.
"""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.browser

NOTEBOOK = "solutions/04_hyperparameter_tuning/04_hyperparameter_tuning.ipynb"


def _scatter_pixels(nb, index):
    """The search-space panel (lower-left quarter of the figure) as shown on screen."""
    image = nb.dashboard_locator(index).locator("img.dl-figure")
    image.scroll_into_view_if_needed()
    shot = np.asarray(Image.open(io.BytesIO(image.screenshot())).convert("RGB"))
    height, width, _ = shot.shape
    return shot[height // 2:, : width // 2]


def _changed(before, after):
    """Share of pixels that differ (the two crops may differ by a pixel in size)."""
    h, w = min(before.shape[0], after.shape[0]), min(before.shape[1], after.shape[1])
    return float(np.mean(np.any(before[:h, :w] != after[:h, :w], axis=-1)))


def _wait_readout(nb, index, fragment, timeout):
    deadline = time.monotonic() + timeout
    board = nb.dashboards()[index]
    while time.monotonic() < deadline:
        board = nb.dashboards()[index]
        if fragment in (board["readout"] or "") or board["error"]:
            return board
        time.sleep(0.1)
    return board


def _press(nb, index, label):
    button = nb.dashboard_locator(index).locator("button", has_text=label)
    assert button.count() == 1, f"no {label!r} button on the tuning dashboard"
    button.first.scroll_into_view_if_needed()
    button.first.click()


def test_caviar_and_zoom_change_the_scatter(pages, notebook_dir):
    nb = pages.open(NOTEBOOK)
    state = nb.run_all()
    failed = [c for c in state["cells"] if c["errors"]]
    assert not failed, f"cells raised: {[(c['index'], c['errors']) for c in failed]}"
    boards = nb.wait_dashboards()
    tuning = [b for b in boards if b["name"] == "tuning"]
    assert tuning, f"no tuning dashboard among {[b['name'] for b in boards]}"
    index = tuning[0]["index"]
    nb.wait_stable(index)
    before = _scatter_pixels(nb, index)

    _press(nb, index, "caviar")
    seen = set()
    deadline = time.monotonic() + 120
    board = nb.dashboards()[index]
    while time.monotonic() < deadline:
        board = nb.dashboards()[index]
        seen.add(board["readout"])
        if "8/8 trials done" in (board["readout"] or "") or board["error"]:
            break
        time.sleep(0.05)
    assert board["error"] is None, f"caviar broke the dashboard: {board['error']}"
    assert board["notice"] is None, f"caviar gave a notice: {board['notice']}"
    assert "caviar: 8/8 trials done" in board["readout"], (
        f"caviar did not finish within 120 s; readouts seen: {sorted(seen)}")
    nb.wait_stable(index)
    after_caviar = _scatter_pixels(nb, index)
    nb.screenshot_dashboard(index, notebook_dir / "after-caviar.png")
    assert _changed(before, after_caviar) > 0.001, "the scatter did not change after caviar"

    _press(nb, index, "zoom in")
    board = _wait_readout(nb, index, "zoomed in", timeout=30)
    assert board["error"] is None, f"zoom broke the dashboard: {board['error']}"
    assert "zoomed in: learning rate" in board["readout"], board["readout"]
    nb.wait_stable(index)
    after_zoom = _scatter_pixels(nb, index)
    nb.screenshot_dashboard(index, notebook_dir / "after-zoom.png")
    assert _changed(after_caviar, after_zoom) > 0.001, "the scatter did not change after zoom"
    errors = nb.log.errors()
    assert not errors, f"JavaScript errors on the page: {errors}"
