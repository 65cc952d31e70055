"""Finding the submissions of a batch: a folder or a zip of `<student>/<assignment>/<assignment>.ipynb`.

Every student folder yields one task per assignment of the batch (each assignment
that any student submitted), so a student who submitted nothing for an assignment, or
only a renamed or misplaced file, still gets a row that says why. Zips are extracted
without trusting them: no absolute paths, no `..`, no links, and bounded sizes (the
bytes actually written are counted, not the sizes the archive claims). Links in a
folder are refused too: a submission must not point the grader at another file.
"""

from __future__ import annotations

import dataclasses
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

__all__ = ["Task", "discover", "extract_zip"]

MAX_FILES = 100_000
MAX_TOTAL = 4 * 2**30
MAX_FILE = 256 * 2**20
_IGNORED = {"__MACOSX", ".DS_Store", ".ipynb_checkpoints", "Thumbs.db"}


@dataclasses.dataclass
class Task:
    student: str
    assignment: str
    path: str | None       # the notebook to grade
    problem: str | None    # why there is nothing to grade


def extract_zip(archive, target):
    """Extract `archive` into `target` safely; return the number of files written."""
    target = Path(target).resolve()
    written = total = 0
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError(f"`SUBMISSIONS`: {archive} is not a readable zip file ({exc}).") \
            from None
    with zf:
        for info in zf.infolist():
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            mode = info.external_attr >> 16
            if (not parts or name.startswith("/") or ".." in parts or ":" in parts[0]
                    or stat.S_ISLNK(mode) or any(p in _IGNORED for p in parts)):
                continue
            dest = target.joinpath(*parts)
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            written += 1
            if written > MAX_FILES:
                raise ValueError(f"`SUBMISSIONS`: {archive} holds more than {MAX_FILES} files.")
            dest.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            with zf.open(info) as src, open(dest, "wb") as out:
                while chunk := src.read(1 << 20):
                    size += len(chunk)
                    total += len(chunk)
                    if size > MAX_FILE:
                        break
                    if total > MAX_TOTAL:
                        raise ValueError(f"`SUBMISSIONS`: {archive} expands to more than "
                                         f"{MAX_TOTAL} bytes.")
                    out.write(chunk)
            if size > MAX_FILE:
                dest.unlink()
                dest.with_name(dest.name + ".too-large").write_text(
                    f"{info.filename}: larger than {MAX_FILE} bytes, not extracted\n")
    return written


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


def _one(student_dir, assignment, known):
    folder = student_dir / assignment
    if assignment not in known:
        return None, (f"unknown assignment {assignment!r}: there is no "
                      f"solutions/{assignment}/{assignment}.ipynb")
    if folder.is_symlink() or student_dir.is_symlink():
        return None, "the submission folder is a symbolic link; refused"
    if not folder.is_dir():
        return None, f"no submission for {assignment}"
    notebook = folder / f"{assignment}.ipynb"
    if notebook.is_symlink():
        return None, f"{assignment}.ipynb is a symbolic link; refused"
    if notebook.is_file():
        return str(notebook), None
    others = sorted(p.name for p in folder.glob("*.ipynb"))
    if others:
        return None, (f"expected {assignment}.ipynb, found {', '.join(others[:5])} "
                      f"(renamed notebook?)")
    return None, f"no notebook in {student_dir.name}/{assignment}/"


def discover(folder, known):
    """Tasks for every student folder of `folder` and every assignment of the batch."""
    folder = _root(Path(folder), set(known))
    students = [p for p in _visible_dirs(folder)]
    batch = sorted({a.name for s in students if s.is_dir() and not s.is_symlink()
                    for a in _visible_dirs(s) if a.name in known})
    tasks = []
    for student_dir in students:
        own = [] if student_dir.is_symlink() or not student_dir.is_dir() else sorted(
            a.name for a in _visible_dirs(student_dir) if a.name not in known)
        for assignment in batch + own:
            path, problem = _one(student_dir, assignment, known)
            tasks.append(Task(student_dir.name, assignment, path, problem))
        if not batch and not own:
            tasks.append(Task(student_dir.name, "", None, "no submission at all"))
    return tasks, batch


def copy_tree(src, dst):
    shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
