"""results.json shared by grading runs that write one grading folder at the same time.

Two `autograde` runs on one `--workdir` (disjoint batches into one PostgreSQL
gradebook) each hold their own copy of results.json in memory. Writing that copy
whole would drop the other run's rows, so a run writes only the rows it changed (those
that differ from what it loaded or last saved) into what is on disk now, under an
exclusive `fcntl.flock` on a lock file beside results.json (`.results.json.lock`; the
data file itself is replaced atomically, so it cannot carry the lock).
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
from pathlib import Path

__all__ = ["changed_rows", "save_merged"]


def changed_rows(results, baseline):
    """{(student, assignment): row} of `results` that are new or differ from `baseline`."""
    before = baseline.get("students", {})
    return {(student, assignment): row
            for student, rows in results.get("students", {}).items()
            for assignment, row in rows.items()
            if before.get(student, {}).get(assignment) != row}


def save_merged(path, results, baseline):
    """Write `results`' changed rows into the file at `path`; return the merged content.

    `baseline` is what this run loaded or last saved: rows equal to it are left as the
    file has them (another run may have written them since)."""
    from .record import write_json

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        merged = json.loads(path.read_text()) if path.is_file() else {}
        students = merged.setdefault("students", {})
        for (student, assignment), row in changed_rows(results, baseline).items():
            students.setdefault(student, {})[assignment] = copy.deepcopy(row)
        write_json(path, merged)
        return merged
    finally:
        os.close(lock)  # releases the flock
