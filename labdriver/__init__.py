"""Drive the course in a real JupyterLab with headless Chromium.

The browser suite (``tests/browser``) and the benchmark (``benchmarks/bench_browser.py``)
both import it; it does not need pytest. Its pieces:

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

from .chromium import CHROMIUM, ErrorLog, check_chromium, launch_chromium
from .course import ROOT, copy_course, released_notebooks, solution_notebooks
from .page import WIDGET_ERROR_TEXTS, NotebookPage
from .server import LabError, LabServer

__all__ = [
    "CHROMIUM",
    "ROOT",
    "WIDGET_ERROR_TEXTS",
    "ErrorLog",
    "LabError",
    "LabServer",
    "NotebookPage",
    "check_chromium",
    "copy_course",
    "launch_chromium",
    "released_notebooks",
    "solution_notebooks",
]
