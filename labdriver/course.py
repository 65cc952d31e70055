"""The course tree under test: its notebooks, and a copy of it for a JupyterLab root."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", ".pytest_cache", "__pycache__",
                                      "*.egg-info", "build", "artifacts",
                                      ".ipynb_checkpoints", "gradebook.db", "results")


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
