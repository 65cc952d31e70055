"""Debian's Chromium through the `playwright` package (never ``playwright install``), and
the JavaScript errors of a page."""

from __future__ import annotations

import importlib.util
import os

from .server import LabError

CHROMIUM = os.environ.get("DL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def check_chromium():
    """Raise a clear error when Debian's chromium or the playwright package is missing."""
    problems = []
    if not os.access(CHROMIUM, os.X_OK):
        problems.append(f"{CHROMIUM} is missing: install Debian's chromium "
                        "(`apt-get install chromium`, as root; `make test` does it)")
    if importlib.util.find_spec("playwright") is None:
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
