"""Drive the course in a real JupyterLab with headless Chromium (browser suite + benchmark).

Pieces, usable without pytest (``benchmarks/bench_browser.py`` reuses them):

- `copy_course(src, dst)`: the course tree (notebooks, solutions, helpers, ...) without
  the virtualenv, git data and caches;
- `LabServer`: JupyterLab on 127.0.0.1, a free port, a token, a temporary root; started
  and waited for, always stopped by its PID (its process group holds the kernels);
- `launch_chromium(playwright, profile_dir)`: Debian's ``/usr/bin/chromium`` through the
  ``playwright`` package (never ``playwright install``), headless, a fresh profile;
- `ErrorLog`: every JavaScript error of a page (uncaught exceptions and console errors);
- `NotebookPage`: open a notebook, run all cells, wait for the dashboards, press a key
  on a slider and time the key press -> new image.

Dashboards (``helpers.dashboards.toolkit``) are found by their CSS hooks: the outer box
``.dl-dashboard``, the figure ``img.dl-figure`` (a PNG in an ``ipywidgets.Image``), the
readout ``.dl-readout``, the status line ``.dl-status`` (``.dl-error`` when an update
raised, ``.dl-notice`` when a learner exercise is not done).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Text a widget output shows when the front end could not render it.
WIDGET_ERROR_TEXTS = ("Error displaying widget", "Model not found")

_COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", ".pytest_cache", "__pycache__",
                                      "*.egg-info", "build", "artifacts",
                                      ".ipynb_checkpoints", "gradebook.db", "results")


class LabError(RuntimeError):
    """JupyterLab or the page did not get where it should."""


# -- the course and the server ---------------------------------------------------------
def solution_notebooks(course=ROOT):
    """Every ``solutions/<id>/<id>.ipynb`` of `course`, in course order."""
    return sorted(p for p in Path(course, "solutions").glob("*/*.ipynb")
                  if p.stem == p.parent.name)


def released_notebooks(course=ROOT):
    """Every ``notebooks/<id>/<id>.ipynb`` of `course`, in course order."""
    return sorted(p for p in Path(course, "notebooks").glob("*/*.ipynb")
                  if p.stem == p.parent.name)


def copy_course(src, dst):
    """Copy the course at `src` into `dst` (created) and return `dst`."""
    dst, src = Path(dst), Path(src)
    names = [p.name for p in src.iterdir()]
    skipped = _COPY_IGNORE(str(src), names) | {".ci", "tests", "benchmarks", "docs"}
    for entry in sorted(src.iterdir()):
        if entry.name in skipped:
            continue
        if entry.is_dir():
            shutil.copytree(entry, dst / entry.name, ignore=_COPY_IGNORE)
        else:
            dst.mkdir(parents=True, exist_ok=True)
            shutil.copy2(entry, dst / entry.name)
    return dst


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """JupyterLab serving `root` on 127.0.0.1; `start()`, then always `stop()`.

    The kernels import ``helpers`` from `root` (``PYTHONPATH``), so a changed copy of the
    course is what runs. Lab settings switch off the news and update checks and render
    every cell (no windowing), so off-screen outputs exist in the DOM.
    """

    def __init__(self, root, workdir, *, python=sys.executable, startup_timeout=90):
        self.root = Path(root)
        self.workdir = Path(workdir)
        self.python = python
        self.startup_timeout = startup_timeout
        self.token = uuid.uuid4().hex
        self.port = None
        self.proc = None
        self.log_path = self.workdir / "jupyterlab.log"

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path, workspace=None):
        """The URL opening `path` (relative to the root) in a fresh, empty workspace."""
        workspace = workspace or f"t{uuid.uuid4().hex[:10]}"
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def _write_settings(self, settings):
        files = {
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                {"fetchNews": "false", "checkForUpdates": False},
            "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
                {"windowingMode": "none"},
        }
        for name, content in files.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content))

    def start(self):
        settings = self.workdir / "settings"
        workspaces = self.workdir / "workspaces"
        runtime = self.workdir / "runtime"
        for folder in (settings, workspaces, runtime):
            folder.mkdir(parents=True, exist_ok=True)
        self._write_settings(settings)
        self.port = free_port()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(self.root), *filter(None, [env.get("PYTHONPATH")])])
        env["JUPYTER_RUNTIME_DIR"] = str(runtime)
        env["JUPYTER_DATA_DIR"] = str(self.workdir / "data")  # the notebook-signing key
        env.pop("JUPYTER_CONFIG_DIR", None)
        cmd = [self.python, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}",
               f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={workspaces}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.expose_app_in_browser=True"]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        # A new session: the process group (id = PID) holds the server and its kernels.
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise LabError(f"JupyterLab exited with {self.proc.returncode}:\n"
                               + self.log_tail())
            try:
                with urllib.request.urlopen(
                        f"{self.base_url}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        self.stop()
        raise LabError(f"JupyterLab did not answer within {self.startup_timeout} s:\n"
                       + self.log_tail())

    def api(self, method, path, body=None):
        """A REST call to the server; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None

    def shutdown_kernels(self):
        """Shut every running kernel down (between notebooks: two cores, little memory)."""
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass

    def stop(self):
        """Stop the server and its kernels by the server's PID (its process group)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.shutdown_kernels()
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left in the group (a kernel that ignored SIGTERM): kill it.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.proc.poll() is None:
            self.proc.wait(timeout=15)
        self._log.close()
        self.proc = None

    def log_tail(self, lines=40):
        try:
            text = self.log_path.read_text(errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# -- the browser -------------------------------------------------------------------------
def check_chromium():
    """Raise a clear error when Debian's chromium or the playwright package is missing."""
    problems = []
    if not os.access(CHROMIUM, os.X_OK):
        problems.append(f"{CHROMIUM} is missing: install Debian's chromium "
                        "(`apt-get install chromium`, as root; `make test` does it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the `playwright` package is missing: "
                        "pip install -e '.[browser]' (`make test` does it)")
    if problems:
        raise LabError("The browser tests cannot run: " + "; ".join(problems) + ".")


def launch_chromium(playwright, profile_dir, *, viewport=(1400, 1000)):
    """A persistent Chromium context on a fresh profile in `profile_dir`."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": viewport[0], "height": viewport[1]})


class ErrorLog:
    """Collects a page's JavaScript errors: uncaught exceptions and console errors."""

    # Console errors that are not failures of the page under test (none seen so far
    # with JupyterLab 4.6 + ipywidgets 8.1 + nbgrader 0.9; add a fragment here, with the
    # reason, only for noise that does not come from the course's notebooks or widgets).
    BENIGN = ()

    def __init__(self, page):
        self.entries = []
        page.on("pageerror", lambda exc: self.entries.append(
            {"kind": "pageerror", "text": f"{exc.name}: {exc.message}",
             "stack": exc.stack}))
        page.on("console", self._console)

    def _console(self, message):
        if message.type == "error":
            self.entries.append({"kind": "console.error", "text": message.text,
                                 "location": message.location})

    def errors(self):
        """Entries that fail the test (everything but the known-benign console noise)."""
        return [e for e in self.entries
                if not (e["kind"] == "console.error"
                        and any(b in e["text"] for b in self.BENIGN))]


# JavaScript run in the page -------------------------------------------------------------
_JS_NOTEBOOK = """() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    return w && w.content && w.content.model && w.sessionContext ? w : null;
}"""

_JS_STATE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const cells = [];
    const model = w.content.model;
    for (let i = 0; i < model.cells.length; i++) {
        const c = model.cells.get(i);
        if (c.type !== 'code') continue;
        const outputs = c.outputs.toJSON();
        cells.push({
            index: i,
            count: c.executionCount,
            prompt: (w.content.widgets[i].promptNode || {}).textContent || '',
            errors: outputs.filter(o => o.output_type === 'error')
                           .map(o => `${o.ename}: ${o.evalue}`),
            source: c.sharedModel.getSource().slice(0, 200),
        });
    }
    const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
    return {kernel: kernel ? kernel.status : null, cells};
}"""

_JS_DASHBOARDS = """() => {
    // How a learner sees the dashboard: is the figure shown at its own aspect ratio,
    // and is every control fully visible (not cut, not under the figure)?
    const layoutOf = (d, img) => {
        if (!img || !img.naturalWidth) return null;
        const r = img.getBoundingClientRect();
        const shown = r.width / Math.max(r.height, 1);
        const natural = img.naturalWidth / img.naturalHeight;
        const hidden = [];
        for (const c of d.querySelectorAll('.widget-slider, .widget-dropdown, .widget-checkbox, button')) {
            const b = c.getBoundingClientRect();
            const label = (c.innerText || c.getAttribute('title') || c.className).trim().slice(0, 40);
            const overlaps = b.right > r.left + 1 && b.left < r.right - 1 &&
                             b.bottom > r.top + 1 && b.top < r.bottom - 1;
            const cut = c.scrollWidth > c.clientWidth + 2;
            if (overlaps || cut) hidden.push(label);
        }
        return {shown_px: [Math.round(r.width), Math.round(r.height)],
                natural_px: [img.naturalWidth, img.naturalHeight],
                aspect_error: Math.abs(shown / natural - 1),
                hidden_controls: hidden,
                box_px: Math.round(d.getBoundingClientRect().width)};
    };
    return Array.from(document.querySelectorAll('.jp-Notebook .dl-dashboard'))
    .map((d, i) => {
        const img = d.querySelector('img.dl-figure');
        const status = d.querySelector('.dl-status');
        const readout = d.querySelector('.dl-readout');
        return {
            index: i,
            name: Array.from(d.classList).filter(c => c.startsWith('dl-') &&
                                                      c !== 'dl-dashboard')
                                          .map(c => c.slice(3))[0] || `#${i}`,
            src: img ? img.src : null,
            loaded: !!(img && img.complete && img.naturalWidth > 0),
            width: img ? img.naturalWidth : 0,
            readout: readout ? readout.innerText.trim() : null,
            error: status && status.querySelector('.dl-error')
                   ? status.innerText.trim() : null,
            notice: status && status.querySelector('.dl-notice')
                    ? status.innerText.trim() : null,
            sliders: d.querySelectorAll('.noUi-handle').length,
            layout: layoutOf(d, img),
        };
    });
}"""

# Arm a timer on dashboard `i`: remember the key press time (the event's own timestamp,
# same clock as performance.now()), the time of every change of the image's src (seen by
# a MutationObserver) and when the first new image is decoded (`decode()` resolves when
# the new PNG can be painted). An update may push early frames before its final one.
_JS_ARM = """(i) => {
    if (window.__dlObserver) window.__dlObserver.disconnect();
    const d = document.querySelectorAll('.jp-Notebook .dl-dashboard')[i];
    const img = d.querySelector('img.dl-figure');
    const probe = {keydown: null, src: null, decoded: null, changes: [], before: img.src};
    window.__dlProbe = probe;
    const onKey = (e) => { if (probe.keydown === null) probe.keydown = e.timeStamp; };
    d.addEventListener('keydown', onKey, {capture: true, once: true});
    let last = img.src;
    const obs = new MutationObserver(() => {
        if (img.src === last) return;
        last = img.src;
        const now = performance.now();
        probe.changes.push(now);
        if (probe.src !== null) return;
        probe.src = now;
        img.decode().then(() => { probe.decoded = performance.now(); },
                          () => { probe.decoded = performance.now(); probe.decodeFailed = true; });
    });
    obs.observe(img, {attributes: true, attributeFilter: ['src']});
    window.__dlObserver = obs;
    return true;
}"""


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
        except Exception:  # noqa: BLE001 - reported below with the dashboard's state
            probe = page.evaluate("() => window.__dlProbe")
            after = self.dashboards()[index]
            return {"latency_ms": None, "src_ms": None, "complete_ms": None,
                    "frames": len(probe["changes"]) if probe else 0, "probe": probe,
                    "before": before, "after": after, "key": key}
        # The readout is set before the image in the same kernel update, but its comm
        # message may be applied a moment later: wait a little for it.
        try:
            page.wait_for_function(
                """([i, old]) => {
                    const d = document.querySelectorAll('.jp-Notebook .dl-dashboard')[i];
                    const r = d.querySelector('.dl-readout');
                    return r && r.innerText.trim() !== old;
                }""", arg=[index, before["readout"]], timeout=2000, polling=20)
        except Exception:  # noqa: BLE001 - the caller asserts on the readout
            pass
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
        try:
            self.page.close()
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
