"""A warm, sandboxed parent for the trusted check's processes (one per worker).

Starting Python and importing numpy, matplotlib and `helpers` costs more CPU than the
rest of a trusted check. The zygote (`sandbox_child.py --zygote`) does it once, in the
sandbox, then forks a fresh child per submission. Before each fork it kills every
other process of its user in its PID namespace and empties its `/tmp` and working
folder, so a submission never meets what an earlier one left behind; it is not
dumpable, so a submission cannot trace it or read its memory. A submission can still
kill or stop it: the grader then times out, kills the sandbox and starts a new one.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import wire
from .sandbox import SANDBOX_HOME, confinement, prepare_dir, wrap

__all__ = ["Zygote", "imported_modules"]

_HERE = Path(__file__).resolve().parent
_INSIDE = "/opt/grader-child"


def imported_modules(sources):
    """Module names imported at the top level of `sources` (cells of trusted code)."""
    names = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return list(dict.fromkeys(names))


def _open_fifo(path, write, deadline):
    flags = (os.O_WRONLY if write else os.O_RDONLY) | os.O_NONBLOCK
    while True:
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            if exc.errno not in (errno.ENXIO, errno.ENOENT) or time.monotonic() > deadline:
                raise TimeoutError(f"the sandbox did not open {path}") from None
            time.sleep(0.005)
            continue
        os.set_blocking(fd, True)
        return fd


class Zygote:
    """The worker's handle on its zygote process."""

    def __init__(self, limits, workdir, slot):
        self.limits, self.workdir, self.slot = limits, Path(workdir), slot
        self.conf = confinement(limits.mechanism)
        self.proc = None
        self.count = 0
        # Only in a PID namespace of its own may the zygote kill "every other process".
        self.private_pids = self.conf.mechanism in ("bwrap", "unshare")

    def _start(self):
        self.stop()
        prepare_dir(self.workdir, self.slot, self.conf)
        if self.conf.mechanism == "bwrap":
            files = [(_HERE / f, f"{_INSIDE}/{f}") for f in ("wire.py", "sandbox_child.py")]
            script = f"{_INSIDE}/sandbox_child.py"
        else:
            files, script = (), str(_HERE / "sandbox_child.py")
        cmd = wrap([sys.executable, "-I", script, "--zygote"], self.limits, self.workdir,
                   self.slot, files=files, conf=self.conf)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=self.workdir / "work",
                                     start_new_session=True)

    def _inside(self, host_path):
        if self.conf.mechanism != "bwrap":
            return str(host_path)
        relative = Path(host_path).relative_to(self.workdir)
        top = {"work": SANDBOX_HOME, "tmp": "/tmp"}[relative.parts[0]]
        return str(Path(top, *relative.parts[1:]))

    def _request(self, message, want, timeout):
        wire.write_frame(self.proc.stdin.fileno(), message)
        deadline = time.monotonic() + timeout
        while True:
            reply = wire.read_frame(self.proc.stdout.fileno(), deadline=deadline,
                                    max_bytes=2**20)
            if reply.get("op") == want:
                return reply

    def ensure(self):
        """Start the zygote if needed. Call from the main thread: bubblewrap kills the
        sandbox when the *thread* that started it ends (`--die-with-parent`)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()

    def spawn(self, modules, timeout=120.0):
        """A fresh child: (fd to write requests, fd to read replies)."""
        main = threading.current_thread() is threading.main_thread()
        for attempt in (1, 2):
            if self.proc is None or self.proc.poll() is not None:
                if not main:
                    raise EOFError("the zygote is not running")
                self._start()
            self.count += 1
            chan = self.workdir / "work" / f".chan{self.count}"
            try:
                self._request({"op": "spawn", "modules": list(modules),
                               "clean": [self._inside(self.workdir / "tmp"),
                                         self._inside(self.workdir / "work")] + (
                                   ["/dev/shm"] if self.conf.mechanism == "bwrap" else []),
                               "kill_others": self.private_pids,
                               "chan": self._inside(chan)}, "spawned", timeout)
                deadline = time.monotonic() + 10
                fd_out = _open_fifo(f"{chan}.out", False, deadline)
                try:
                    return _open_fifo(f"{chan}.in", True, deadline), fd_out
                except TimeoutError:
                    os.close(fd_out)
                    raise
            except (OSError, EOFError, TimeoutError, wire.WireError):
                self.stop()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def sweep(self):
        """Kill the current child (and anything it started)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self._request({"op": "kill", "kill_others": self.private_pids}, "killed", 10)
        except (OSError, EOFError, TimeoutError, wire.WireError):
            self.stop()

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
        self.proc = None
