"""Starting and stopping the sandboxed Python process of the trusted check (one place).

`sandbox_child.py` runs inside the sandbox either directly (one process per
submission) or as a zygote that forks one per submission (`zygote.py`). With
bubblewrap, the files it needs are bound read-only at `/opt/grader-child`; the grader
package itself is not visible in there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from . import sandbox
from .safefs import remove_tree

__all__ = ["scratch_full", "start", "stop"]

_HERE = Path(__file__).resolve().parent
_FILES = ("wire.py", "safefs.py", "child_state.py", "child_zygote.py", "sandbox_child.py")
_INSIDE = "/opt/grader-child"


def start(limits, workdir, slot, conf, *args, files=()):
    """The sandboxed `sandbox_child.py *args`, its stdin and stdout pipes to the grader.
    `files` are more (host, sandbox) read-only binds (bubblewrap only)."""
    if conf.mechanism == "bwrap":
        files = [(_HERE / f, f"{_INSIDE}/{f}") for f in _FILES] + list(files)
        script = f"{_INSIDE}/sandbox_child.py"
    else:
        files, script = (), str(_HERE / "sandbox_child.py")
    cmd = sandbox.wrap([sys.executable, "-I", script, *args], limits, workdir, slot, files=files,
               conf=conf)
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=workdir, start_new_session=True)


def stop(proc, workdir=None):
    """Kill `proc` and its process group, wait for it and close its pipes; then remove
    its sandbox's `workdir` (without following links)."""
    if proc is not None:
        _kill(proc)
    if workdir is not None:
        remove_tree(workdir)


def _kill(proc):
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        with contextlib.suppress(OSError):
            stream.close()


def scratch_full(proc):
    """The scratch folders `proc`'s sandbox has filled (see `sandbox.scratch_full`)."""
    return [] if proc is None else sandbox.scratch_full(proc.pid)
