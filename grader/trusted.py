"""Trusted scoring: the instructor's tests run in the grader, the learner's code in a sandbox.

nbgrader runs test cells in the student's own kernel, where earlier cells can patch
whatever the tests use (numpy, builtins, IPython, the checks). Here the test cells run
in the grader's process, in a fresh namespace holding the instructor's setup cells and,
for every graded function, a `RemoteFunction`: calling it sends the arguments as plain
data to a fresh sandboxed process (`sandbox_child.py`) that loaded only the
submission's answer cells (and the imports and helper definitions the learner added),
and brings back the result as plain data. Arguments the function modified in place are
written back, `rng` states included, so `check.unchanged` and seeded draws behave as in
the notebook. Callables passed by a test (e.g. a cost function) stay in the grader and
are called back. Nothing the submission returns can be an object of its choosing.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from . import wire
from .cells import python_source
from .config import Limits
from .sandbox import confinement, prepare_dir, wrap

__all__ = ["Opaque", "RemoteFunction", "SandboxGone", "Session", "exec_cell"]

_HERE = Path(__file__).resolve().parent
_CHILD_FILES = ("wire.py", "sandbox_child.py")
_INSIDE = "/opt/grader-child"
_GRACE = 3.0
_MAX_RESTARTS = 3


class SandboxGone(Exception):
    """The sandboxed process ended, timed out or broke the protocol."""


class Opaque:
    """An object that stayed in the sandbox; it compares equal only to itself."""

    __slots__ = ("_id", "_type")

    def __init__(self, key, type_name):
        self._id, self._type = key, type_name

    def __repr__(self):
        return f"<{self._type} object kept in the sandbox>"


def _exception(reply):
    names = [str(n) for n in reply.get("types", [])][:20] or ["Exception"]
    message = str(reply.get("message", ""))[:4000]
    for name in names:
        cls = getattr(builtins, name, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            if name != names[0] and re.fullmatch(r"[A-Za-z_]\w{0,59}", names[0]):
                cls = type(names[0], (cls,), {"__module__": "submission"})
            try:
                return cls(message)
            except Exception:  # noqa: BLE001 - builtins with other signatures
                break
    return RuntimeError(f"{names[0][:60]}: {message}")


def _write_back(orig, new, depth=0):
    if depth > 20:
        return
    if isinstance(orig, np.ndarray) and isinstance(new, np.ndarray):
        if orig.shape == new.shape and orig.flags.writeable:
            np.copyto(orig, new, casting="unsafe")
    elif isinstance(orig, dict) and isinstance(new, dict):
        for key in [k for k in orig if k not in new]:
            del orig[key]
        for key, value in new.items():
            if key in orig and isinstance(orig[key], (np.ndarray, dict, list)) \
                    and type(orig[key]) is type(value) and np.shape(orig[key]) == np.shape(value):
                _write_back(orig[key], value, depth + 1)
            else:
                orig[key] = value
    elif isinstance(orig, list) and isinstance(new, list):
        if len(orig) == len(new):
            for i, value in enumerate(new):
                if isinstance(orig[i], (np.ndarray, dict, list)) and type(orig[i]) is type(value):
                    _write_back(orig[i], value, depth + 1)
                else:
                    orig[i] = value
        else:
            orig[:] = new
    elif isinstance(orig, set) and isinstance(new, set):
        orig.clear()
        orig.update(new)
    elif isinstance(orig, np.random.Generator) and isinstance(new, np.random.Generator):
        if type(orig.bit_generator) is type(new.bit_generator):
            orig.bit_generator.state = new.bit_generator.state


class Session:
    """One sandboxed process holding a submission's answer cells."""

    def __init__(self, limits: Limits, workdir, slot=1, zygote=None, modules=()):
        self.limits, self.workdir, self.slot = limits, Path(workdir), slot
        self.use_zygote, self.modules = zygote, list(modules)
        self.conf = confinement(limits.mechanism)
        self.proc = self.zygote = self._starter = None
        self.fd_in = self.fd_out = None
        self.gone = None
        self.deadline = None
        self.pending = []

    # -- process ---------------------------------------------------------------
    def start(self, cells):
        """Start the process and queue `cells` [(label, source)] to load (returns at
        once; with a zygote, a background thread forks the child and sends them)."""
        self.gone, self.pending, self.zygote = None, list(cells), self.use_zygote
        self.fd_in = self.fd_out = None
        if self.zygote is not None:
            self.zygote.ensure()
            self._starter = threading.Thread(target=self._spawn, args=(self.modules,),
                                             daemon=True)
            self._starter.start()
            return
        self._starter = None
        prepare_dir(self.workdir, self.slot, self.conf)
        if self.conf.mechanism == "bwrap":
            files = [(_HERE / f, f"{_INSIDE}/{f}") for f in _CHILD_FILES]
            script = f"{_INSIDE}/sandbox_child.py"
        else:
            files, script = (), str(_HERE / "sandbox_child.py")
        cmd = wrap([sys.executable, "-I", script], self.limits, self.workdir, self.slot,
                   files=files, conf=self.conf)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=self.workdir / "work",
                                     start_new_session=True)
        self.fd_in, self.fd_out = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        self._queue_loads()

    def _spawn(self, modules):
        try:
            self.fd_in, self.fd_out = self.zygote.spawn(modules)
        except Exception as exc:  # noqa: BLE001 - reported as a gone sandbox
            self.gone = f"could not start ({type(exc).__name__}: {exc})"
            return
        self._queue_loads()

    def _queue_loads(self):
        for label, source in self.pending:
            self._send({"op": "load", "label": label, "source": source,
                        "timeout": self.limits.cell_timeout, "limit": self.limits.transfer})

    def _ready(self):
        if self._starter is not None:
            self._starter.join()
            self._starter = None

    def collect(self):
        """Wait for the queued loads: {label: error or None}; a label whose loading
        ended the process maps to "died" and stops the collection."""
        self._ready()
        results = {}
        for label, _ in self.pending:
            deadline = time.monotonic() + self.limits.cell_timeout + _GRACE
            try:
                reply = self._read(deadline)
            except SandboxGone as exc:
                results[label] = "died" if "ended" in str(exc) else "timeout"
                break
            results[label] = reply.get("error")
        self.pending = []
        return results

    def kill(self, reason="stopped"):
        self._ready()
        if self.zygote is not None:
            self.zygote.sweep()
        elif self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
            self.proc = None
        elif self.fd_in is not None:
            for fd in (self.fd_in, self.fd_out):
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.fd_in = self.fd_out = None
        self.gone = self.gone or reason

    def close(self):
        self._ready()
        if self.fd_in is not None and not self.gone:
            with contextlib.suppress(OSError, SandboxGone):
                self._send({"op": "bye"})
        self.kill("closed")

    def _send(self, message):
        if self.fd_in is None:
            return
        try:
            wire.write_frame(self.fd_in, message)
        except (BrokenPipeError, OSError, ValueError):
            pass  # the reply side reports the death

    def _read(self, deadline):
        self._ready()
        if self.gone:
            raise SandboxGone(self.gone)
        try:
            return wire.read_frame(self.fd_out, deadline=deadline,
                                   max_bytes=self.limits.transfer + 2**20)
        except TimeoutError:
            self.kill(f"did not answer within {self.limits.cell_timeout:g} s")
        except EOFError:
            self.kill("the process ended (os._exit, a crash or a resource limit)")
        except wire.WireError as exc:
            self.kill(f"sent an invalid answer ({exc})")
        raise SandboxGone(self.gone)

    # -- calls -------------------------------------------------------------------
    def names(self, wanted):
        self._send({"op": "names", "names": list(wanted)})
        return set(self._read(time.monotonic() + self.limits.cell_timeout).get("callable", []))

    def call(self, name, args, kwargs):
        if self.gone:
            raise SandboxGone(f"`{name}` cannot be called: the sandbox {self.gone}")
        callbacks = {}

        def register(fn):
            callbacks[len(callbacks) + 1] = fn
            return len(callbacks)

        def keep(obj):
            if isinstance(obj, Opaque):
                return obj._id
            raise wire.WireError(f"cannot pass a {type(obj).__name__} to the learner's code")

        deadline = self.deadline or time.monotonic() + self.limits.cell_timeout
        self._send({"op": "call", "name": name,
                    "args": wire.encode(list(args), callback=register, handle=keep),
                    "kwargs": wire.encode(dict(kwargs), callback=register, handle=keep),
                    "timeout": max(deadline - time.monotonic(), 0.01)})
        decode = {"handle": lambda key: Opaque(key, "sandbox"),
                  "max_bytes": self.limits.transfer}
        while True:
            reply = self._read(deadline + _GRACE)
            op = reply.get("op")
            if op == "callback":
                self._answer_callback(callbacks, reply, register, keep, decode)
                continue
            try:
                if op == "result":
                    for key, value in reply.get("changed", {}).items():
                        orig = args[int(key)] if key.isdigit() else kwargs[key]
                        _write_back(orig, wire.decode(value, **decode))
                    return wire.decode(reply["value"], **decode,
                                       ref=lambda path: _ref(path, args, kwargs))
            except (wire.WireError, KeyError, IndexError, TypeError, ValueError) as exc:
                raise SandboxGone(f"`{name}` returned data that cannot be checked: {exc}") \
                    from None
            if op == "raise":
                raise _exception(reply)
            if op == "missing":
                raise NameError(f"name {name!r} is not defined")
            self.kill("broke the protocol")
            raise SandboxGone(self.gone)

    def _answer_callback(self, callbacks, reply, register, keep, decode):
        try:
            fn = callbacks[int(reply["id"])]
            args = wire.decode(reply["args"], **decode)
            kwargs = wire.decode(reply["kwargs"], **decode)
            value = fn(*args, **dict(kwargs))
            message = {"op": "return",
                       "value": wire.encode(value, callback=register, handle=keep)}
        except Exception as exc:  # noqa: BLE001 - the learner's code sees the failure
            message = {"op": "raise", "message": f"{type(exc).__name__}: {exc}"[:2000]}
        self._send(message)


def _ref(path, args, kwargs):
    kind, key = path[0], path[1]
    return args[int(key)] if kind == "a" else kwargs[str(key)]


class RemoteFunction:
    """Stands for a learner's function in the grader: calls go to the sandbox."""

    def __init__(self, session, name):
        self.session, self.__name__ = session, name
        self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        return self.session.call(self.__name__, args, kwargs)

    def __repr__(self):
        return f"<function {self.__name__} (learner's, run in the sandbox)>"


class _CellTimeout(Exception):
    pass


def exec_cell(source, namespace, label, seconds):
    """Run trusted (instructor) code with a wall-clock limit (main thread only)."""
    def expire(signum, frame):
        raise _CellTimeout(f"the test did not finish within {seconds:g} s")

    main = threading.current_thread() is threading.main_thread()
    if main:
        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds + 2 * _GRACE)
    try:
        exec(compile(python_source(source), f"<{label}>", "exec"), namespace)  # noqa: S102
    finally:
        if main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
