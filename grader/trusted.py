"""Trusted scoring: the instructor's tests run in the grader, the learner's code in a sandbox.

nbgrader runs test cells in the student's own kernel, where earlier cells can patch
whatever the tests use (numpy, builtins, IPython, the checks). Here the test cells run
in the grader's process, in a fresh namespace holding the instructor's setup cells and,
for every graded function, a `RemoteFunction`: calling it sends the arguments as plain
data to a fresh sandboxed process (`sandbox_child.py`) that loaded only the
submission's answer cells (and the imports and helper definitions the learner added),
and brings back the result as plain data. Callables passed by a test (e.g. a cost
function) stay in the grader and are called back. Nothing the submission returns can
be an object of its choosing.

Arguments are never changed by a call: a function that modified one in place (say,
shrank `layer_dims` to match what it returned) fails that call with `ModifiedArgument`,
and the test cell fails even if it caught the exception. What a call may change is
carried back: the state of each `numpy.random.Generator` passed in, and the
process-global random states (numpy's and Python's) of the sandboxed process, which
start from the grader's and are copied back to it, so a test that watches the global
generator sees the learner's process (see `remote.py` for the grader's side).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

from . import childproc, wire
from .config import Limits
from .remote import (
    GRACE,
    ModifiedArgument,
    Opaque,
    adopt_globals,
    global_states,
    ref,
    remote_exception,
    set_rng,
)
from .sandbox import confinement, make_workdir

__all__ = ["SandboxGone", "Session"]

_GRACE = GRACE


class SandboxGone(Exception):
    """The sandboxed process ended, timed out or broke the protocol."""


class Session(contextlib.AbstractContextManager):
    """One sandboxed process holding a submission's answer cells.

    Whoever creates a session closes it, best with ``with Session(...) as session:``;
    `rescore` uses the session it is given and leaves it open."""

    def __init__(self, limits: Limits, workdir, slot=1, zygote=None, modules=()):
        self.limits, self.workdir, self.slot = limits, Path(workdir), slot
        self.use_zygote, self.modules = zygote, list(modules)
        self.conf = confinement(limits.mechanism)
        self.proc = self.zygote = self._starter = self.dir = None
        self.fd_in = self.fd_out = None
        self.started = False
        self.gone = None
        self.deadline = None
        self.pending = []
        self.violations = []  # messages of calls that modified their arguments

    # -- process ---------------------------------------------------------------
    def start(self, cells):
        """Start the process and queue `cells` [(label, source)] to load (returns at
        once; with a zygote, a background thread forks the child and sends them)."""
        self.gone, self.pending, self.zygote = None, list(cells), self.use_zygote
        self.fd_in = self.fd_out = None
        self.started = True
        if self.zygote is not None:
            self.zygote.ensure()
            self._starter = threading.Thread(target=self._spawn, args=(self.modules,),
                                             daemon=True)
            self._starter.start()
            return
        self._starter = None
        self.dir = make_workdir(self.workdir, self.slot, self.conf)
        self.proc = childproc.start(self.limits, self.dir, self.slot, self.conf)
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

    def scratch_full(self):
        """The scratch folders this submission's sandbox filled (bubblewrap, as root)."""
        if self.zygote is not None:
            return self.zygote.scratch_full()
        return childproc.scratch_full(self.proc)

    def kill(self, reason="stopped"):
        self._ready()
        if self.zygote is not None:
            self.zygote.sweep()
        if self.proc is not None:
            childproc.stop(self.proc, self.dir)
            self.proc = self.dir = None
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

    def __exit__(self, *exc):
        self.close()
        return False

    def _send(self, message):
        if self.fd_in is None:
            return
        with contextlib.suppress(OSError, ValueError):  # the reply side reports the death
            wire.write_frame(self.fd_in, message)

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
                    "globals": wire.encode(global_states()),
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
                if op in ("result", "raise"):
                    self._effects(name, reply, args, kwargs, decode)
                if op == "result":
                    return wire.decode(reply["value"], **decode,
                                       ref=lambda path: ref(path, args, kwargs))
            except (wire.WireError, KeyError, IndexError, TypeError, ValueError) as exc:
                raise SandboxGone(f"`{name}` returned data that cannot be checked: {exc}") \
                    from None
            if op == "raise":
                raise remote_exception(reply)
            if op == "missing":
                raise NameError(f"name {name!r} is not defined")
            self.kill("broke the protocol")
            raise SandboxGone(self.gone)

    def _effects(self, name, reply, args, kwargs, decode):
        """Carry back what a call may change; fail it when it modified an argument."""
        adopt_globals(wire.decode(reply.get("globals", {}), **decode))
        modified = [str(m)[:60] for m in reply.get("modified", [])][:5]
        if modified:
            shown = ", ".join(f"`{m}`" for m in modified)
            message = (f"`{name}` modified its argument{'s' if len(modified) > 1 else ''} "
                       f"{shown} in place; it must leave its inputs unchanged (work on a "
                       f"copy)")
            self.violations.append(message)
            raise ModifiedArgument(message)
        for path, value in reply.get("rngs", [])[:1000]:
            set_rng(args, kwargs, list(path), wire.decode(value, **decode))

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
