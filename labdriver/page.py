"""One notebook open in JupyterLab: run all cells, find the dashboards, press a key on a
slider and time the key press -> new image."""

from __future__ import annotations

import contextlib
import json
import time

from ._scripts import _JS_ARM, _JS_DASHBOARDS, _JS_NOTEBOOK, _JS_STATE
from .chromium import ErrorLog
from .server import LabError

# Text a widget output shows when the front end could not render it.
WIDGET_ERROR_TEXTS = ("Error displaying widget", "Model not found")


class NotebookPage:
    """One notebook open in JupyterLab in its own page and workspace."""

    def __init__(self, context, server, path, *, errors_into=None):
        self.server = server
        self.path = str(path)
        self.page = context.new_page()
        self.log = ErrorLog(self.page)
        if errors_into is not None:
            errors_into.append(self.log)

    # -- opening and running ---------------------------------------------------------
    def open(self, timeout=90):
        page = self.page
        page.goto(self.server.url(self.path), wait_until="domcontentloaded",
                  timeout=timeout * 1000)
        page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=timeout * 1000)
        page.wait_for_function(_JS_NOTEBOOK, timeout=timeout * 1000)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # A notebook without a kernelspec asks for a kernel: take the default.
            dialog = page.locator(".jp-Dialog .jp-mod-accept")
            if dialog.count():
                dialog.first.click()
            status = page.evaluate("""() => {
                const w = window.jupyterapp.shell.currentWidget;
                const k = w.sessionContext.session && w.sessionContext.session.kernel;
                return w.context.isReady && k ? k.status : null;
            }""")
            if status == "idle":
                return self
            time.sleep(0.2)
        raise LabError(f"{self.path}: the kernel was not idle within {timeout} s")

    def run_all(self, timeout=180):
        """Run all cells and wait until each ran, or a cell failed and the rest stopped.

        Returns the state: the kernel status and, per code cell, its execution count,
        prompt and error outputs.
        """
        page = self.page
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = page.evaluate(_JS_STATE)
            cells = state["cells"]
            pending = [c for c in cells if "*" in c["prompt"]]
            done = all(c["count"] is not None and "*" not in c["prompt"] for c in cells)
            failed = any(c["errors"] for c in cells)
            if state["kernel"] == "idle" and not pending and (done or failed):
                return state
            time.sleep(0.2)
        raise LabError(f"{self.path}: run all did not finish within {timeout} s; "
                       f"last state: {json.dumps(state)[:2000]}")

    # -- widgets and dashboards --------------------------------------------------------
    def widget_errors(self):
        """Texts of widget outputs that failed to render ("Error displaying widget", ...)."""
        return self.page.evaluate("""(needles) => {
            const found = [];
            for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
                const text = out.innerText || '';
                if (needles.some(n => text.toLowerCase().includes(n.toLowerCase()))) {
                    found.push(text.trim().slice(0, 300));
                }
            }
            return found;
        }""", list(WIDGET_ERROR_TEXTS))

    def wait_widgets(self, timeout=30):
        """Wait until no widget output says "Loading widget..." (rendered or failed).

        A widget whose model never comes shows "Loading widget..." for a while, then
        "Error displaying widget: model not found".
        """
        self.page.wait_for_function("""() => !Array.from(
            document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))
            .some(o => (o.innerText || '').trim().startsWith('Loading widget'))""",
                                    timeout=timeout * 1000, polling=100)

    def widget_outputs(self):
        """(widget-view outputs in the model, of them rendered as widgets in the DOM)."""
        return self.page.evaluate("""() => {
            const w = window.jupyterapp.shell.currentWidget;
            let wanted = 0;
            const model = w.content.model;
            for (let i = 0; i < model.cells.length; i++) {
                const c = model.cells.get(i);
                if (c.type !== 'code') continue;
                for (const o of c.outputs.toJSON()) {
                    if (o.data && o.data['application/vnd.jupyter.widget-view+json']) wanted++;
                }
            }
            const ok = document.querySelectorAll(
                '.jp-Notebook .jp-OutputArea-output > .jupyter-widgets').length;
            return [wanted, ok];
        }""")

    def dashboards(self):
        return self.page.evaluate(_JS_DASHBOARDS)

    def wait_dashboards(self, timeout=60):
        """Wait until every dashboard shows a decoded image; return their states."""
        deadline = time.monotonic() + timeout
        boards = []
        while time.monotonic() < deadline:
            boards = self.dashboards()
            if boards and all(b["loaded"] or b["error"] or b["notice"] for b in boards):
                return boards
            time.sleep(0.2)
        return boards

    def dashboard_locator(self, index):
        return self.page.locator(".jp-Notebook .dl-dashboard").nth(index)

    def screenshot_dashboard(self, index, path):
        locator = self.dashboard_locator(index)
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(path))

    def press_slider(self, index, slider=0, key="ArrowRight", timeout=15):
        """Press `key` on a slider of dashboard `index`; time key press -> new image.

        Returns a dict: ``latency_ms`` (key press -> first new image decoded),
        ``src_ms`` (key press -> first src change), ``complete_ms`` (key press -> last
        src change, the final frame), ``frames``, and the dashboard's state before and
        after. Waits for the readout as well, and for the figure to settle.
        """
        from playwright.sync_api import Error as PlaywrightError  # its timeouts too

        page = self.page
        handle = self.dashboard_locator(index).locator(".noUi-handle").nth(slider)
        handle.scroll_into_view_if_needed()
        before = self.dashboards()[index]
        handle.focus()
        page.evaluate(_JS_ARM, index)
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "() => window.__dlProbe && window.__dlProbe.decoded !== null",
                timeout=timeout * 1000, polling=10)
        except PlaywrightError:  # a timeout: reported below with the dashboard's state
            probe = page.evaluate("() => window.__dlProbe")
            after = self.dashboards()[index]
            return {"latency_ms": None, "src_ms": None, "complete_ms": None,
                    "frames": len(probe["changes"]) if probe else 0, "probe": probe,
                    "before": before, "after": after, "key": key}
        # The readout is set before the image in the same kernel update, but its comm
        # message may be applied a moment later: wait a little for it.
        with contextlib.suppress(PlaywrightError):  # a timeout: the caller asserts on it
            page.wait_for_function(
                """([i, old]) => {
                    const d = document.querySelectorAll('.jp-Notebook .dl-dashboard')[i];
                    const r = d.querySelector('.dl-readout');
                    return r && r.innerText.trim() !== old;
                }""", arg=[index, before["readout"]], timeout=2000, polling=20)
        self.wait_stable(index)
        probe = page.evaluate("() => window.__dlProbe")
        after = self.dashboards()[index]
        key_at = probe["keydown"]
        return {"latency_ms": probe["decoded"] - key_at if key_at is not None else None,
                "src_ms": probe["src"] - key_at if key_at is not None else None,
                "complete_ms": probe["changes"][-1] - key_at if key_at is not None else None,
                "frames": len(probe["changes"]),
                "probe": probe, "before": before, "after": after, "key": key}

    def wait_stable(self, index, quiet=0.3, timeout=10):
        """Wait until dashboard `index`'s image and readout stayed unchanged `quiet` s.

        An update may push early frames before its final one; waiting for quiet keeps
        the next key press from timing a late frame of this one.
        """
        last, since = None, time.monotonic()
        deadline = since + timeout
        while time.monotonic() < deadline:
            board = self.dashboards()[index]
            now = (board["src"], board["readout"], board["error"], board["loaded"])
            if now != last:
                last, since = now, time.monotonic()
            elif board["loaded"] and time.monotonic() - since >= quiet:
                return board
            time.sleep(0.03)
        return self.dashboards()[index]

    def slider_position(self, index, slider=0):
        """(aria-valuenow, aria-valuemin, aria-valuemax) of a slider handle, as floats."""
        handle = self.dashboard_locator(index).locator(".noUi-handle").nth(slider)
        values = [handle.get_attribute(a)
                  for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax")]
        return tuple(float(v) if v is not None else None for v in values)

    def toolbar_button(self, label):
        """The current notebook's toolbar buttons whose text is exactly `label`."""
        return self.page.locator(
            f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar :text-is('{label}')")

    def close(self):
        from playwright.sync_api import Error as PlaywrightError

        with contextlib.suppress(PlaywrightError):  # the browser may already be gone
            self.page.close()
