"""The course version: one content hash of the course as it is graded.

A grade depends on the instructor's `solutions/` (the notebooks and whatever they read),
on `grading.toml` (the sandbox limits), and on the code that grades and checks: the
`grader` and `helpers` packages this Python imports. Two machines grade alike exactly
when these bytes are alike, so the hash covers the sorted relative paths and the bytes
of those files, nothing else: no timestamps, no absolute paths, no `__pycache__`, no
`.pyc`, no Jupyter checkpoints. It is the same on every machine and checkout holding
the same files.

A Dask worker refuses a submission whose coordinator computed another version
(`distributed.py`), and a results row records the version it was graded with so a
re-run can skip what is already graded (`autograde --force` regrades).

`GRADER_TEST_VERSION_SALT` is for tests only: when set, its value is mixed into the
hash, which gives a worker process a version of its own without editing any file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import os
import stat
from pathlib import Path

__all__ = ["CourseVersion", "course_version", "submission_hash", "SALT_VARIABLE"]

#: Test-only: a value mixed into the hash (see the module docstring).
SALT_VARIABLE = "GRADER_TEST_VERSION_SALT"

_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache"}
_IGNORED_SUFFIXES = (".pyc", ".pyo")
_CACHE = {}


@dataclasses.dataclass(frozen=True)
class CourseVersion:
    """`full`: the sha256 in hex; `short`: its first 12 characters, for messages."""

    full: str

    @property
    def short(self):
        return self.full[:12]

    def __str__(self):
        return self.short


def _package_dir(name):
    module = importlib.import_module(name)
    return Path(module.__file__).resolve().parent


def _files(base, prefix):
    """(relative path, absolute path) of every file under `base`, links not followed."""
    out = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS)
        rel = Path(folder).relative_to(base)
        for name in files:
            if name.endswith(_IGNORED_SUFFIXES):
                continue
            out.append(((Path(prefix) / rel / name).as_posix(), Path(folder) / name))
    return out


def _entry_digest(path):
    """The hash of one entry: a regular file's bytes, or where a link points."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return b"link:" + os.fsencode(os.readlink(path))
    if not stat.S_ISREG(info.st_mode):
        return b"special"
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def _compute(root, salt):
    entries = _files(root / "solutions", "solutions")
    entries += _files(_package_dir("grader"), "grader")
    entries += _files(_package_dir("helpers"), "helpers")
    if (root / "grading.toml").exists():
        entries.append(("grading.toml", root / "grading.toml"))
    digest = hashlib.sha256(b"course-version-1\0")
    for rel, path in sorted(entries):
        name = rel.encode("utf-8", "surrogateescape")
        digest.update(len(name).to_bytes(4, "big") + name + _entry_digest(path))
    if salt:
        digest.update(b"\0salt\0" + salt.encode("utf-8", "surrogateescape"))
    return CourseVersion(digest.hexdigest())


def course_version(root, *, refresh=False):
    """The `CourseVersion` of the course at `root` (a folder holding `solutions/`),
    computed once per process and folder (`refresh=True` computes it again)."""
    root = Path(root).resolve()
    if not (root / "solutions").is_dir():
        raise ValueError(f"`root`: expected a course folder with a solutions/ subfolder, "
                         f"got {str(root)!r}.")
    key = (str(root), os.environ.get(SALT_VARIABLE, ""))
    if refresh or key not in _CACHE:
        _CACHE[key] = _compute(root, key[1])
    return _CACHE[key]


def submission_hash(data):
    """The sha256 (hex) of a submitted notebook's bytes."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError(f"`data`: expected the notebook's bytes, got "
                         f"{type(data).__name__}.")
    return hashlib.sha256(data).hexdigest()
