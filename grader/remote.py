"""The grader's side of a call into the sandbox: what may come back, and the stand-ins.

A test cell runs in the grader with a `RemoteFunction` for each learner's function
(`trusted.Session` carries the call). What comes back is rebuilt from plain data only:
an exception becomes one of the builtin classes (renamed, never the learner's class), an
object that cannot travel stays in the sandbox as an `Opaque` handle, and the effects a
call may have are applied here: the states of the `numpy.random.Generator`s passed in
and the process-global random states (numpy's and Python's). Any other change to an
argument is `ModifiedArgument`. `exec_cell` runs the instructor's test code with a
wall-clock limit.
"""

from __future__ import annotations

import builtins
import contextlib
import random
import re
import signal
import threading

import numpy as np

from .cells import python_source

__all__ = ["ModifiedArgument", "Opaque", "RemoteFunction", "adopt_globals", "exec_cell",
           "global_states", "remote_exception", "set_rng"]

GRACE = 3.0


class ModifiedArgument(AssertionError):
    """The learner's function changed an argument in place."""


class Opaque:
    """An object that stayed in the sandbox; it compares equal only to itself."""

    __slots__ = ("_id", "_type")

    def __init__(self, key, type_name):
        self._id, self._type = key, type_name

    def __repr__(self):
        return f"<{self._type} object kept in the sandbox>"


def remote_exception(reply):
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


def set_rng(args, kwargs, path, value):
    try:
        target = args[path[0]] if isinstance(path[0], int) else kwargs[path[0]]
        for key in path[1:]:
            target = target[key]
    except (KeyError, IndexError, TypeError):
        return
    if isinstance(target, np.random.Generator) and isinstance(value, np.random.Generator) \
            and type(target.bit_generator) is type(value.bit_generator):
        target.bit_generator.state = value.bit_generator.state


def global_states():
    numpy_state = np.random.get_state(legacy=True)  # noqa: NPY002 - the global one, on purpose
    return {"numpy": tuple(numpy_state), "python": random.getstate()}


def adopt_globals(states):
    """Make the grader's global random states the sandboxed process's, after a call."""
    with contextlib.suppress(Exception):
        np.random.set_state(states["numpy"])  # noqa: NPY002 - the global one, on purpose
    with contextlib.suppress(Exception):
        random.setstate(states["python"])


def ref(path, args, kwargs):
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
        signal.setitimer(signal.ITIMER_REAL, seconds + 2 * GRACE)
    try:
        exec(compile(python_source(source), f"<{label}>", "exec"), namespace)
    finally:
        if main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
