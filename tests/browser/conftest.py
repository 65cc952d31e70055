"""Fixtures of the browser suite: one JupyterLab on a copy of the course, one Chromium.

The course under test is this repository, or the folder named by the environment variable
``DL_BROWSER_COURSE`` (a course tree with ``solutions/``, ``notebooks/`` and ``helpers/``;
used to show that a broken copy fails). Screenshots, per-notebook results and the
server's log go to ``artifacts/browser/`` at the top of the repository, outside the
source folders and ignored by git (``DL_BROWSER_ARTIFACTS`` to change). The driver,
`labdriver`, is shared with ``benchmarks/bench_browser.py``.

Missing Chromium or playwright is an error, never a skip: ``make test`` installs both.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from labdriver import (
    ROOT,
    LabError,
    LabServer,
    NotebookPage,
    check_chromium,
    copy_course,
    launch_chromium,
    solution_notebooks,
)

COURSE = Path(os.environ.get("DL_BROWSER_COURSE", ROOT)).resolve()
ARTIFACTS = Path(os.environ.get("DL_BROWSER_ARTIFACTS",
                                ROOT / "artifacts" / "browser")).resolve()


def pytest_generate_tests(metafunc):
    """`solution_notebook`: every ``solutions/<id>/<id>.ipynb``, by assignment id."""
    if "solution_notebook" in metafunc.fixturenames:
        paths = solution_notebooks(COURSE)
        ids = [p.stem for p in paths]
        if not paths:  # an empty course is a broken course, not a reason to skip
            paths, ids = [None], ["no-solution-notebooks"]
        metafunc.parametrize("solution_notebook", paths, ids=ids)


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory):
    """A copy of the course: the server's root (the tests may write into it)."""
    return copy_course(COURSE, tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def lab(course_copy, tmp_path_factory, artifacts):
    """A running JupyterLab on `course_copy`; stopped (by PID) after the module."""
    server = LabServer(course_copy, tmp_path_factory.mktemp("lab"))
    problem = None
    try:
        server.start()
    except LabError as exc:
        problem = str(exc)
    if problem:
        pytest.fail(problem, pytrace=False)
    try:
        yield server
    finally:
        server.stop()
        if server.log_path.exists():
            shutil.copy(server.log_path, artifacts / "jupyterlab.log")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium context on a fresh profile (Debian's chromium, playwright).

    Module-scoped on purpose: while playwright's sync API is started, its asyncio loop
    counts as *running* in the main thread (greenlets), so code that asks for a running
    loop (the dashboards' debounce) would behave as in a kernel in every later test.
    Leaving the module stops playwright and clears that.
    """
    problem = None
    try:
        check_chromium()
    except LabError as exc:
        problem = str(exc)
    if problem:  # an error, never a skip: `make test` installs both
        pytest.fail(problem, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch_chromium(playwright, tmp_path_factory.mktemp("chromium-profile"))
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def notebook_dir(artifacts, request):
    """A clean artifacts folder for this test."""
    callspec = getattr(request.node, "callspec", None)
    name = callspec.id if callspec else request.node.name
    folder = artifacts / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def pages(browser, lab):
    """Open `NotebookPage`s through `pages.open(path)`; closed and kernels shut after."""
    class Pages(list):
        def open(self, path, **kwargs):
            page = NotebookPage(browser, lab, path)
            self.append(page)
            return page.open(**kwargs)

    opened = Pages()
    yield opened
    for page in opened:
        page.close()
    lab.shutdown_kernels()


@pytest.fixture(scope="session")
def latency_report(artifacts):
    """Per-dashboard key press -> image latencies of the session, written at the end."""
    report = {}
    yield report
    if report:
        (artifacts / "latency.json").write_text(json.dumps(report, indent=2))

