"""Extracting a zip of submissions without trusting it.

No absolute paths, no `..`, no links, bounded sizes (the bytes actually written are
counted, not the sizes the archive claims), nothing written through an existing file
or link. A member that cannot be extracted (a bad CRC or compression, a link, a name
that is both a file and a folder, a duplicate, a size over the limits) never stops the
batch: it is recorded as a problem of its path, and `submissions.discover` turns it
into that student's `ungradable` row with the reason. A name part longer than the
file system allows is shortened (and noted).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

__all__ = ["MAX_FILE", "MAX_FILES", "MAX_TOTAL", "extract_zip"]

MAX_FILES = 100_000
MAX_TOTAL = 4 * 2**30
MAX_FILE = 256 * 2**20
IGNORED = {"__MACOSX", ".DS_Store", ".ipynb_checkpoints", "Thumbs.db"}
_NAME_MAX = 255
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                RuntimeError, ValueError, struct.error)


def _open(archive):
    try:
        return zipfile.ZipFile(archive)
    except UnicodeDecodeError:
        # A member flagged UTF-8 whose name is not: read every name as cp437 instead.
        return zipfile.ZipFile(io.BytesIO(_without_utf8_flags(Path(archive).read_bytes())))


def _without_utf8_flags(data):
    data = bytearray(data)
    end = zipfile._EndRecData(io.BytesIO(bytes(data)))
    if not end:
        raise zipfile.BadZipFile("File is not a zip file")
    size = end[zipfile._ECD_SIZE]
    start = end[zipfile._ECD_LOCATION] - size
    pos = start
    while pos + zipfile.sizeCentralDir <= start + size:
        fields = struct.unpack(zipfile.structCentralDir,
                               data[pos:pos + zipfile.sizeCentralDir])
        if fields[zipfile._CD_SIGNATURE] != zipfile.stringCentralDir:
            break
        struct.pack_into("<H", data, pos + 8, fields[zipfile._CD_FLAG_BITS] & ~0x800)
        pos += (zipfile.sizeCentralDir + fields[zipfile._CD_FILENAME_LENGTH]
                + fields[zipfile._CD_EXTRA_FIELD_LENGTH] + fields[zipfile._CD_COMMENT_LENGTH])
    return bytes(data)


def _part(part, notes, where):
    if len(os.fsencode(part)) <= _NAME_MAX:
        return part
    short = f"{part[:60]}~{hashlib.sha1(os.fsencode(part)).hexdigest()[:10]}"
    notes[str(where / short)] = (f"the name {part[:60]!r}... is longer than {_NAME_MAX} "
                                 f"bytes; shortened")
    return short


def _dest(target, parts, notes):
    dest = target
    for part in parts:
        dest = dest / _part(part, notes, dest)
    return dest


def _make_parents(target, dest):
    """Create the folders above `dest`; None, or the path that is in the way."""
    path = target
    for part in dest.relative_to(target).parts[:-1]:
        path = path / part
        try:
            os.mkdir(path, 0o755)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return path
    return None


def _write(zf, info, dest, budget):
    """Extract one member to a new file; return the bytes written or raise."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    size = 0
    try:
        with zf.open(info) as src, os.fdopen(fd, "wb") as out:
            while chunk := src.read(1 << 20):
                size += len(chunk)
                if size > min(MAX_FILE, budget):
                    raise OverflowError(size)
                out.write(chunk)
    except BaseException:
        os.unlink(dest)
        raise
    return size


def extract_zip(archive, target):
    """Extract `archive` into `target`; return {path: problem} for members that could
    not be extracted (and name parts that were shortened)."""
    target = Path(target).resolve()
    target.mkdir(parents=True, exist_ok=True)
    problems, written, total = {}, 0, 0
    try:
        zf = _open(archive)
    except (zipfile.BadZipFile, OSError, ValueError, struct.error) as exc:
        raise ValueError(f"`SUBMISSIONS`: {archive} is not a readable zip file ({exc}).") \
            from None
    with zf:
        for info in zf.infolist():
            name = info.filename.replace("\\", "/")
            parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
            if (not parts or name.startswith("/") or ".." in parts or ":" in parts[0]
                    or any(p in IGNORED for p in parts)):
                continue
            dest = _dest(target, parts, problems)
            member = f"`{name[:200]}` in the archive"

            def problem(why, path=None, member=member, dest=dest):
                problems.setdefault(str(path or dest), f"{member} {why}")

            try:
                blocked = _make_parents(target, dest)
                if blocked is not None:
                    why = "appears as a file and a folder in the archive; refused"
                    problem(why, blocked)
                    problem(why)
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    problem("is a symbolic link; links are not followed")
                    continue
                written += 1
                if written > MAX_FILES:
                    problem(f"was not extracted: the archive holds more than {MAX_FILES} "
                            f"entries")
                    continue
                if info.is_dir():
                    os.makedirs(dest, exist_ok=True)
                    continue
                total += _write(zf, info, dest, MAX_TOTAL - total)
            except OverflowError as exc:
                problem(f"is too large to extract (more than {MAX_FILE // 2**20} MiB)"
                        if exc.args[0] > MAX_FILE else f"was not extracted: the archive "
                        f"expands to more than {MAX_TOTAL // 2**30} GiB")
            except FileExistsError:
                what = "a file and a folder" if info.is_dir() or dest.is_dir() else "twice"
                problem(f"appears as {what} in the archive; refused")
            except IsADirectoryError:
                problem("appears as a file and a folder in the archive; refused")
            except _READ_ERRORS as exc:
                problem(f"is a bad archive member ({type(exc).__name__}: {str(exc)[:200]})")
            except OSError as exc:
                problem(f"could not be extracted ({exc.strerror or exc})")
    return problems
