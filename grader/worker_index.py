"""A worker index no other grading process on this machine holds.

A grading worker's index picks its sandbox users (uid = base + slot, two slots per
index), so two processes grading at the same time on one machine must never hold the
same index: not the `--workers` processes of two concurrent runs, not the many
processes of `dask worker --nworkers N`. Each index is a lock file, `<index>.lock`, in
a folder private to the user (`/tmp/grader-slots/` for root, else
`$XDG_RUNTIME_DIR/grader-slots/` or `/tmp/grader-slots-<uid>/`); a process holds an
index while it holds an exclusive `fcntl.flock` on that file. The kernel releases the
lock when the process ends, however it ends, so a killed worker never leaks an index.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from pathlib import Path

__all__ = ["IndexClaim", "claim_index", "slots_folder"]

#: Indexes tried, 1..MAX_INDEX: uids up to base + 2 * MAX_INDEX + 1.
MAX_INDEX = 2000


def slots_folder():
    """The folder of lock files for this user (created private when missing)."""
    uid = os.geteuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if uid == 0:
        folder = Path("/tmp/grader-slots")
    elif runtime and Path(runtime).is_dir():
        folder = Path(runtime) / "grader-slots"
    else:
        folder = Path(f"/tmp/grader-slots-{uid}")
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != uid
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        raise RuntimeError(f"{folder} must be a folder owned by uid {uid} that no one else "
                           f"may write to (it holds the grader's worker index locks); "
                           f"found owner uid {info.st_uid}, mode {stat.filemode(info.st_mode)}")
    return folder


class IndexClaim:
    """An index held until `release()` (or the end of the process)."""

    def __init__(self, index, fd):
        self.index, self._fd = index, fd

    def release(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    def __repr__(self):
        return f"IndexClaim(index={self.index}, held={self._fd is not None})"


def claim_index(folder=None):
    """Claim the lowest free index (1, 2, ...) on this machine; an `IndexClaim`."""
    folder = Path(folder) if folder is not None else slots_folder()
    for index in range(1, MAX_INDEX + 1):
        fd = os.open(folder / f"{index}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return IndexClaim(index, fd)
    raise RuntimeError(f"all {MAX_INDEX} grading worker indexes in {folder} are held by "
                       f"running graders; stop some before starting more")
