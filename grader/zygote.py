"""A warm, sandboxed parent for the trusted check's processes (one per worker).

Starting Python and importing numpy, matplotlib and `helpers` costs more CPU than the
rest of a trusted check. The zygote (`sandbox_child.py --zygote`) does it once, in the
sandbox, then forks a fresh child per submission. Before each fork it kills every
other process of its user in its PID namespace and empties its `/tmp`, `/dev/shm` and
working folder, so a submission never meets what an earlier one left behind; it is not
dumpable, so a submission cannot trace it or read its memory. A submission can still
kill or stop it, or leave something it cannot empty: the grader then kills that
sandbox and starts a new one in a new folder (it never reuses, or follows anything in,
the old one).

The channels (two fifos per child) are made by the grader in a folder of its own that
the sandbox sees read-only, and opened without following links.
"""

from __future__ import annotations

import ast
import errno
import os
import stat
import threading
import time
from pathlib import Path

from . import childproc, wire
from .sandbox import SANDBOX_HOME, confinement, make_workdir, uid_for

__all__ = ["Zygote", "imported_modules"]

_CHAN = "/run/grader-chan"


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
    flags = (os.O_WRONLY if write else os.O_RDONLY) | os.O_NONBLOCK | os.O_NOFOLLOW
    while True:
        try:
            fd = os.open(path, flags | os.O_CLOEXEC)
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                raise TimeoutError(f"the sandbox did not open {path}") from None
            time.sleep(0.005)
            continue
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EINVAL, "not the grader's fifo", str(path))
        os.set_blocking(fd, True)
        return fd


class Zygote:
    """The worker's handle on its zygote process."""

    def __init__(self, limits, workdir, slot):
        self.limits, self.parent, self.slot = limits, Path(workdir), slot
        self.conf = confinement(limits.mechanism)
        self.proc = self.workdir = None
        self.count = 0
        # Only in a PID namespace of its own may the zygote kill "every other process".
        self.private_pids = self.conf.mechanism in ("bwrap", "unshare")

    def _start(self):
        self.stop()
        self.workdir = make_workdir(self.parent, self.slot, self.conf)
        os.mkdir(self.workdir / "chan", 0o755)  # the grader's; read-only in the sandbox
        self.proc = childproc.start(self.limits, self.workdir, self.slot, self.conf,
                                    "--zygote", files=[(self.workdir / "chan", _CHAN)])

    def _inside(self, host_path):
        if self.conf.mechanism != "bwrap":
            return str(host_path)
        relative = Path(host_path).relative_to(self.workdir)
        top = {"chan": _CHAN}[relative.parts[0]]
        return str(Path(top, *relative.parts[1:]))

    def _clean(self):
        if self.conf.mechanism == "bwrap":
            return ["/tmp", SANDBOX_HOME, "/dev/shm"]
        return [str(self.workdir / "tmp"), str(self.workdir / "work")]

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

    def _fifos(self):
        self.count += 1
        chan = self.workdir / "chan" / str(self.count)
        for end in (".in", ".out"):
            os.mkfifo(f"{chan}{end}", 0o600)
            if self.conf.separate_user:
                os.chown(f"{chan}{end}", uid_for(self.slot), uid_for(self.slot),
                         follow_symlinks=False)
        return chan

    def spawn(self, modules, timeout=120.0):
        """A fresh child: (fd to write requests, fd to read replies)."""
        main = threading.current_thread() is threading.main_thread()
        for attempt in (1, 2):
            if self.proc is None or self.proc.poll() is not None:
                if not main:
                    raise EOFError("the zygote is not running")
                self._start()
            try:
                chan = self._fifos()
                reply = self._request({"op": "spawn", "modules": list(modules),
                                       "clean": self._clean(),
                                       "kill_others": self.private_pids,
                                       "chan": self._inside(chan)}, "spawned", timeout)
                if not reply.get("clean", True):
                    # It could not empty its folders: never reuse such a sandbox.
                    raise EOFError("the sandbox could not be cleaned")
                deadline = time.monotonic() + 10
                fd_out = _open_fifo(f"{chan}.out", False, deadline)
                try:
                    fd_in = _open_fifo(f"{chan}.in", True, deadline)
                except (OSError, TimeoutError):
                    os.close(fd_out)
                    raise
                for end in (".in", ".out"):
                    os.unlink(f"{chan}{end}")
                return fd_in, fd_out
            except (OSError, EOFError, TimeoutError, wire.WireError):
                self.stop()
                if attempt == 2 or not main:
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

    def scratch_full(self):
        """Scratch folders the current sandbox has filled (see `sandbox.scratch_full`)."""
        return childproc.scratch_full(self.proc)

    def stop(self):
        """Kill the zygote and everything in its sandbox; remove its folder."""
        childproc.stop(self.proc, self.workdir)
        self.proc = self.workdir = None
