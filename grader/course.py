"""A throw-away nbgrader course directory, and the nbgrader API bound to it.

The instructor's repository keeps `solutions/` and `notebooks/`; nbgrader wants
`source/`, `release/`, `submitted/`, `autograded/`, `feedback/` and a gradebook under
one root. Release and selftest build such a root in a temporary folder holding only
the notebooks they need, which is also what keeps stray files in `solutions/<id>/`
out of a release.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["REPO_ROOT", "TempCourse", "assignments", "course_root"]

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


def assignments(root):
    """Assignment ids: the folders of `solutions/` holding `<id>/<id>.ipynb`, sorted."""
    base = Path(root) / "solutions"
    return sorted(p.name for p in base.iterdir()
                  if p.is_dir() and (p / f"{p.name}.ipynb").is_file())


def _ensure_tools_on_path():
    # nbgrader runs the `alembic` executable by name; inside a virtual environment that
    # was not activated, it is next to this interpreter but not on PATH.
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


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
        parts = [kind] + ([student] if student else []) + [assignment, f"{assignment}.ipynb"]
        return self.root.joinpath(*parts)

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
            _ensure_tools_on_path()
            from nbgrader.apps import NbGraderAPI
            from nbgrader.coursedir import CourseDirectory
            from traitlets.config import Config

            config = Config()
            config.CourseDirectory.root = str(self.root)
            config.CourseDirectory.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
            config.ClearSolutions.code_stub = {
                "python": "# YOUR CODE HERE\nraise NotImplementedError()"}
            for section, values in self.extra_config.items():
                for key, value in values.items():
                    setattr(config[section], key, value)
            coursedir = CourseDirectory(config=config)
            self._api = NbGraderAPI(coursedir=coursedir, config=config)
        return self._api

    def run(self, step, *args):
        """Call an API step (e.g. "generate_assignment"); raise with nbgrader's log on failure."""
        result = getattr(self.api, step)(*args)
        if not result.get("success"):
            raise RuntimeError(f"nbgrader {step} {' '.join(map(str, args))} failed:\n"
                               f"{result.get('log', '')}\n{result.get('error', '')}")
        return result
