"""The learner's JupyterLab (`make lab`) shows a learner's tools, the instructor's all.

Two servers on the same course copy: one with the learner's config folder
(`jupyter-config/learner/`, what `make lab` uses), one without (`make instructor-lab`).
In a real Chromium, the learner's lab has no nbgrader menu, no formgrader, "Create
Assignment" or course-list commands, and `/formgrader` answers 404; the instructor's has
all of them (so the test shows the switch works, not that nbgrader is missing). The
"Validate" command stays for learners.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from labdriver import LabError, LabServer

pytestmark = pytest.mark.browser

INSTRUCTOR_COMMANDS = ["nbgrader:open-formgrader", "nbgrader:open-create-assignment",
                       "nbgrader:open-course-list"]


def _status(server, path):
    try:
        with urllib.request.urlopen(f"{server.base_url}{path}?token={server.token}",
                                    timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _lab_view(browser, server):
    page = browser.new_page()
    try:
        page.goto(f"{server.base_url}/lab?token={server.token}", wait_until="domcontentloaded",
                  timeout=90_000)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                               timeout=90_000)
        page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=90_000)
        menus = page.eval_on_selector_all(".lm-MenuBar-itemLabel",
                                          "els => els.map(e => e.textContent.trim())")
        commands = page.evaluate("() => window.jupyterapp.commands.listCommands()")
        return menus, {c for c in commands if c.startswith("nbgrader:")}
    finally:
        page.close()


@pytest.fixture(scope="module")
def servers(course_copy, tmp_path_factory):
    started = []
    problem = None
    try:
        for name, config in (("learner", course_copy / "jupyter-config" / "learner"),
                             ("instructor", None)):
            server = LabServer(course_copy, tmp_path_factory.mktemp(f"lab-{name}"),
                               config_path=config)
            started.append(server)
            server.start()
    except LabError as exc:
        problem = str(exc)
    if problem:
        for server in started:
            server.stop()
        pytest.fail(problem, pytrace=False)
    try:
        yield dict(zip(("learner", "instructor"), started))
    finally:
        for server in started:
            server.stop()


def test_the_learners_lab_hides_the_instructor_tools(browser, servers):
    learner_menus, learner_commands = _lab_view(browser, servers["learner"])
    instructor_menus, instructor_commands = _lab_view(browser, servers["instructor"])
    # The switch works: the instructor's lab has them.
    assert set(INSTRUCTOR_COMMANDS) <= instructor_commands, instructor_commands
    assert "Nbgrader" in instructor_menus, instructor_menus
    assert _status(servers["instructor"], "/formgrader") == 200
    # The learner's does not.
    assert not set(INSTRUCTOR_COMMANDS) & learner_commands, learner_commands
    assert "Nbgrader" not in learner_menus, learner_menus
    assert _status(servers["learner"], "/formgrader") == 404
    assert "File" in learner_menus  # the lab itself is complete
