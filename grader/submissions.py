"""Finding a batch's submissions: a folder or zip of `<student>/<assignment>/<assignment>.ipynb`.

Every student folder yields one task per assignment of the batch (each assignment
that any student submitted), so a student who submitted nothing for an assignment, or
only a renamed or misplaced file, still gets a row that says why. Zips are extracted
without trusting them (`ziparchive.py`); a member that could not be extracted makes
its student's row `ungradable` with the reason. Links in a folder are refused too (a
submission must not point the grader at another file), and so are notebooks that are
not regular files or have other hard links. A folder name that is not valid UTF-8 is
recorded under a safely escaped name (`\\xff` for the byte 0xff), with a note.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

from .course import notebook_path
from .ziparchive import IGNORED as _IGNORED
from .ziparchive import extract_zip

__all__ = ["Task", "discover", "extract_zip", "safe_name"]


@dataclasses.dataclass
class Task:
    """One student's assignment to grade (`Worker.grade` turns it into a `GradeResult`)."""

    student: str
    assignment: str
    path: str | None       # the notebook to grade
    problem: str | None    # why there is nothing to grade
    notes: tuple = ()      # flags for the row (names escaped or shortened)


def safe_name(name):
    """`name` as valid UTF-8 text: bytes that are not become `\\xNN` escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _visible_dirs(folder):
    return sorted(p for p in folder.iterdir()
                  if p.name not in _IGNORED and not p.name.startswith(".") and
                  (p.is_dir() or p.is_symlink()))


def _looks_like_root(folder, known):
    return any((child / a).is_dir() for child in _visible_dirs(folder) for a in known)


def _root(folder, known):
    # A zip often wraps the tree in a folder or two: descend while that is all there is.
    start = folder
    for _ in range(3):
        if _looks_like_root(folder, known):
            return folder
        entries = _visible_dirs(folder)
        files = [p for p in folder.iterdir() if p.is_file() and p.name not in _IGNORED]
        if len(entries) != 1 or files:
            break
        folder = entries[0]
    return start


def _archive_problem(problems, folder, notebook):
    if str(notebook) in problems:
        return problems[str(notebook)]
    inside = [why for path, why in problems.items()
              if path == str(folder) or path.startswith(f"{folder}/")]
    return inside[0] if inside else None


def _one(student_dir, assignment, known, problems):
    folder = student_dir / assignment
    if assignment not in known:
        return None, (f"unknown assignment {safe_name(assignment)!r}: there is no "
                      f"solutions/{safe_name(assignment)}/{safe_name(assignment)}.ipynb")
    if folder.is_symlink() or student_dir.is_symlink():
        return None, "the submission folder is a symbolic link; refused"
    notebook = notebook_path(student_dir, assignment)
    archived = _archive_problem(problems, folder, notebook)
    if str(notebook) in problems or (archived and not os.path.lexists(notebook)):
        return None, archived
    if not folder.is_dir():
        elsewhere = _archive_problem({p: w for p, w in problems.items()
                                      if p != str(student_dir)}, student_dir, notebook)
        return None, elsewhere or f"no submission for {assignment}"
    try:
        mode = os.lstat(notebook).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        return None, f"{assignment}.ipynb is a symbolic link; refused"
    if mode is not None and not stat.S_ISREG(mode):
        return None, f"{assignment}.ipynb is not a regular file; refused"
    if mode is not None:
        return str(notebook), None
    others = sorted(safe_name(p.name) for p in folder.glob("*.ipynb"))
    if others:
        return None, (f"expected {assignment}.ipynb, found {', '.join(others[:5])} "
                      f"(renamed notebook?)")
    return None, f"no notebook in {safe_name(student_dir.name)}/{assignment}/"


def _names(students, problems):
    """{student folder: (row name, notes)}: valid UTF-8, unique."""
    out, taken = {}, set()
    for student_dir in students:
        name, notes = safe_name(student_dir.name), []
        if name != student_dir.name:
            notes.append(f"the folder name is not valid UTF-8; recorded as {name!r}")
        if str(student_dir) in problems:
            notes.append(problems[str(student_dir)])
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base}~{n}"
        taken.add(name)
        out[student_dir] = (name, tuple(notes))
    return out


def discover(folder, known, problems=None):
    """Tasks for every student folder of `folder` and every assignment of the batch;
    `problems` are {path: why} of members a zip could not give (see `extract_zip`)."""
    problems = problems or {}
    folder = _root(Path(folder), set(known))
    students = [p for p in _visible_dirs(folder)]
    batch = sorted({a.name for s in students if s.is_dir() and not s.is_symlink()
                    for a in _visible_dirs(s) if a.name in known})
    names = _names(students, problems)
    tasks = []
    for student_dir in students:
        student, notes = names[student_dir]
        own = [] if student_dir.is_symlink() or not student_dir.is_dir() else sorted(
            a.name for a in _visible_dirs(student_dir) if a.name not in known)
        for assignment in batch + own:
            path, problem = _one(student_dir, assignment, known, problems)
            tasks.append(Task(student, safe_name(assignment), path, problem, notes))
        if not batch and not own:
            why = _archive_problem(problems, student_dir, student_dir / "-") or \
                "no submission at all"
            tasks.append(Task(student, "", None, why, notes))
    return tasks, batch
