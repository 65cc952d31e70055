"""JupyterLab on 127.0.0.1 for the browser suite and benchmark: started, waited for, and
always stopped by its PID (its process group holds the kernels)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path


class LabError(RuntimeError):
    """JupyterLab or the page did not get where it should."""


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

    def __init__(self, root, workdir, *, python=sys.executable, startup_timeout=90,
                 config_path=None):
        self.root = Path(root)
        # An extra Jupyter config folder (JUPYTER_CONFIG_PATH), e.g. the learner's lab.
        self.config_path = Path(config_path) if config_path is not None else None
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
        env.pop("JUPYTER_CONFIG_PATH", None)
        if self.config_path is not None:
            env["JUPYTER_CONFIG_PATH"] = str(self.config_path)
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
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=15)
        # Whatever is left in the group (a kernel that ignored SIGTERM): kill it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
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
