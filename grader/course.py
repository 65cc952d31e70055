"""The course's folders, and nbgrader course roots with the nbgrader API bound to them.

The instructor's repository keeps `solutions/` and `notebooks/`; nbgrader wants
`source/`, `release/`, `submitted/`, `autograded/`, `feedback/` and a gradebook under
one root. Release and selftest build such a root in a temporary folder holding only
the notebooks they need (`TempCourse`), which is also what keeps stray files in
`solutions/<id>/` out of a release; the grading folder is another (`record.Book`).
Both get their `NbGraderAPI` from `nbgrader_api`, and every `<id>/<id>.ipynb` path is
built by `notebook_path` (`solution_path` for the instructor's notebooks).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["REPO_ROOT", "TempCourse", "assignments", "course_root", "failure_line",
           "nbgrader_api",
           "nbgrader_ready", "notebook_path", "solution_path"]

#: The repository holding `solutions/`, `notebooks/`, `helpers/` and `grader/`.
REPO_ROOT = Path(__file__).resolve().parents[1]


def course_root(root=None):
    """The course repository: `root`, else the current folder if it has `solutions/`,
    else the repository this package was installed from."""
    if root is not None:
        path = Path(root).resolve()
        if not (path / "solutions").is_dir():
            raise ValueError(f"`root`: expected a course folder with a solutions/ "
                             f"subfolder, got {str(path)!r} (no solutions/ there).")
        return path
    here = Path.cwd()
    return here if (here / "solutions").is_dir() else REPO_ROOT


def notebook_path(root, assignment):
    """`<root>/<assignment>/<assignment>.ipynb`."""
    return Path(root) / assignment / f"{assignment}.ipynb"


def solution_path(root, assignment):
    """The instructor's notebook of `assignment`: `<root>/solutions/<a>/<a>.ipynb`."""
    return notebook_path(Path(root) / "solutions", assignment)


def assignments(root):
    """Assignment ids: the folders of `solutions/` holding `<id>/<id>.ipynb`, sorted."""
    base = Path(root) / "solutions"
    return sorted(p.name for p in base.iterdir()
                  if p.is_dir() and solution_path(root, p.name).is_file())


def nbgrader_ready():
    """Make this process ready to use nbgrader: the virtual environment's tools on PATH
    and nbgrader's schema version asked once."""
    # nbgrader runs the `alembic` executable by name; inside a virtual environment that
    # was not activated, it is next to this interpreter but not on PATH.
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])
    # nbgrader asks the `alembic` executable for its schema version (a ~2 s process
    # start) every time it creates a gradebook; the answer never changes within a run.
    import nbgrader.api as api

    if not hasattr(api.get_alembic_version, "cache_info"):
        api.get_alembic_version = functools.lru_cache(maxsize=1)(api.get_alembic_version)


def nbgrader_api(root, db_url=None, extra_config=None):
    """An `nbgrader.apps.NbGraderAPI` on the nbgrader course root `root` (imported
    lazily: ~3 s). `db_url`: the gradebook (default SQLite in `root`);
    `extra_config`: traitlets settings by section, e.g. ``{"Execute": {"timeout": 30}}``."""
    nbgrader_ready()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url or f"sqlite:///{Path(root) / 'gradebook.db'}"
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    for section, values in (extra_config or {}).items():
        for key, value in values.items():
            setattr(config[section], key, value)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def failure_line(outcome):
    """What an nbgrader API step that failed says last (its log and error)."""
    lines = [ln for ln in (outcome.get("log", "") + outcome.get("error", "")).splitlines()
             if ln.strip()]
    return lines[-1] if lines else "unknown error"


class TempCourse(contextlib.AbstractContextManager):
    """An nbgrader course root in a temporary folder (removed on exit).

    Parameters
    ----------
    extra_config : dict, optional
        Traitlets settings by section, e.g. ``{"ExecutePreprocessor": {"timeout": 30}}``.
    """

    def __init__(self, extra_config=None, keep=False):
        self._tmp = tempfile.TemporaryDirectory(prefix="nbgrader-course-")
        self.root = Path(self._tmp.name)
        self.keep = keep
        self.extra_config = extra_config or {}
        self._api = None

    def __exit__(self, *exc):
        if not self.keep:
            self._tmp.cleanup()
        return False

    def path(self, kind, assignment, student=None):
        """`<root>/<kind>/[<student>/]<assignment>/<assignment>.ipynb`."""
        return notebook_path(self.root.joinpath(kind, *([student] if student else [])),
                             assignment)

    def put(self, kind, assignment, notebook_file, student=None):
        """Copy one notebook into the course tree."""
        target = self.path(kind, assignment, student)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook_file, target)
        return target

    @property
    def api(self):
        """An `nbgrader.apps.NbGraderAPI` on this root (imported lazily: ~3 s)."""
        if self._api is None:
            self._api = nbgrader_api(self.root, extra_config=self.extra_config)
        return self._api

    def run(self, step, *args):
        """Call an API step (e.g. "generate_assignment"); raise with nbgrader's log on failure."""
        result = getattr(self.api, step)(*args)
        if not result.get("success"):
            raise RuntimeError(f"nbgrader {step} {' '.join(map(str, args))} failed:\n"
                               f"{result.get('log', '')}\n{result.get('error', '')}")
        return result
