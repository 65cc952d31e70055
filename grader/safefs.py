"""File operations the grader does, as root, near files a sandbox could have written.

Every path a sandbox could have touched is handled without following links: trees are
removed through directory file descriptors (`unlinkat`, never a path through a link),
iteratively (a tree 3,000 folders deep is flattened, never recursed into) and within
a budget of entries and seconds; removal never raises. Folders handed to a sandbox are
created new and empty (`fresh_dir`), so nothing a sandbox left can be followed. Files
the grader reads from submissions are opened with `O_NOFOLLOW` and must be regular
files with a single link.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
import tempfile
import time
from pathlib import Path

__all__ = ["fresh_dir", "new_dir", "read_regular", "remove_tree"]

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_ROOT = os.geteuid() == 0
_names = itertools.count()


def _lstat(name, dir_fd):
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return None


def _open_dir(name, dir_fd):
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except PermissionError:
        if _ROOT:
            raise
        os.chmod(name, 0o700, dir_fd=dir_fd)  # our own folder (we are not root)
        return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)


def _listdir(fd):
    with os.scandir(fd) as entries:
        return [entry.name for entry in entries]


def _empty_into(top, name):
    """Unlink every non-folder in `top/name`; move its sub-folders up into `top`.
    Returns the names of the moved folders (to empty next)."""
    moved = []
    fd = _open_dir(name, top)
    try:
        for entry in _listdir(fd):
            st = _lstat(entry, fd)
            if st is None:
                continue
            if stat.S_ISDIR(st.st_mode):
                for _ in range(100):
                    new = f".grader-rm-{os.getpid()}-{next(_names)}"
                    try:
                        os.rename(entry, new, src_dir_fd=fd, dst_dir_fd=top)
                    except FileExistsError:
                        continue
                    except OSError as exc:
                        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                            continue
                        raise
                    moved.append(new)
                    break
            else:
                os.unlink(entry, dir_fd=fd)
    finally:
        os.close(fd)
    return moved


def remove_tree(path, *, max_entries=2_000_000, seconds=120.0):
    """Remove `path` (a folder, file or link; a link is removed, never followed).

    Iterative and bounded: returns True when `path` is gone, False when the budget ran
    out or something could not be removed. Never raises."""
    path = Path(path)
    deadline = time.monotonic() + seconds
    try:
        parent = os.open(path.parent, _DIR_FLAGS)
    except OSError:
        return not os.path.lexists(path)
    try:
        st = _lstat(path.name, parent)
        if st is None:
            return True
        if not stat.S_ISDIR(st.st_mode):
            os.unlink(path.name, dir_fd=parent)
            return True
        top = _open_dir(path.name, parent)
        try:
            todo, done = _listdir(top), 0
            while todo:
                name = todo.pop()
                done += 1
                if done > max_entries or time.monotonic() > deadline:
                    return False
                st = _lstat(name, top)
                if st is None:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    todo += _empty_into(top, name)
                    os.rmdir(name, dir_fd=top)
                else:
                    os.unlink(name, dir_fd=top)
        finally:
            os.close(top)
        os.rmdir(path.name, dir_fd=parent)
        return True
    except (OSError, RecursionError, ValueError):
        return False
    finally:
        os.close(parent)


def new_dir(parent, prefix):
    """A new, empty folder under `parent` (which must not be sandbox-writable), 0700."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def fresh_dir(path, mode=0o700):
    """`path` as a new, empty folder: whatever was there is removed (links unfollowed)
    and the folder created anew; raises OSError when that cannot be done."""
    path = Path(path)
    if os.path.lexists(path) and not remove_tree(path):
        raise OSError(errno.ENOTEMPTY, "could not clear the sandbox folder", str(path))
    os.mkdir(path, mode)
    os.chmod(path, mode)  # mkdir applies the umask
    return path


def read_regular(path, max_bytes):
    """(bytes, None) of a regular, singly linked file, or (None, why not)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "is a symbolic link; refused"
        return None, f"cannot be opened ({exc.strerror})"
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, "is not a regular file (a fifo, device or socket); refused"
        if st.st_nlink > 1:
            return None, "is a hard link to another file; refused"
        if st.st_size > max_bytes:
            return None, f"is larger than {max_bytes // 2**20} MiB"
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return None, f"is larger than {max_bytes // 2**20} MiB"
    return data, None
