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

from .sandbox import wrap

__all__ = ["start", "stop"]

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
    cmd = wrap([sys.executable, "-I", script, *args], limits, workdir, slot, files=files,
               conf=conf)
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=workdir, start_new_session=True)


def stop(proc):
    """Kill `proc` and its process group, wait for it and close its pipes."""
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        with contextlib.suppress(OSError):
            stream.close()
