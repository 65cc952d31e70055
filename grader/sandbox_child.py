"""The process that runs a submission's answer cells for the trusted check (in the sandbox).

It loads cells one at a time and then calls the learner's functions on request,
answering with plain data (see `wire.py`). It never sees a test cell, an expected value
or the gradebook: the grader compares the answers in its own process. Anything the
submission patches here (numpy, builtins, this very loop) changes only what its own
functions return, which is what is being checked anyway.

Standalone on purpose (standard library, numpy and `wire.py` beside it): the grader
package is not visible inside the sandbox.
"""

import builtins
import os
import signal
import sys
import types
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import wire  # noqa: E402


class CallTimeout(Exception):
    pass


def _alarm(seconds):
    def expire(signum, frame):
        raise CallTimeout(f"did not finish within {seconds:g} s")

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 0.001))


def _disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


def _failure(exc):
    return {"op": "raise", "types": [c.__name__ for c in type(exc).__mro__][:20],
            "message": _text(exc)}


def _text(exc):
    try:
        return str(exc)[:4000]
    except Exception:  # noqa: BLE001 - a hostile __str__ must not stop the reply
        return "(unprintable message)"


def _digest(value, depth=0):
    if depth > 20:
        return "deep"
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        try:
            return ("nd", arr.shape, arr.dtype.str, zlib.crc32(arr.view(np.uint8)))
        except (TypeError, ValueError):
            return ("nd", id(value))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), _digest(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, (list, set)):
        return (type(value).__name__, tuple(_digest(v, depth + 1) for v in value))
    if isinstance(value, np.random.Generator):
        return ("rng", repr(value.bit_generator.state))
    return ("other", id(value))


class _NullShell:
    """Accepts any attribute, call or item: IPython's shell as seen from outside one."""

    def __getattr__(self, name):
        return _NullShell()

    def __call__(self, *args, **kwargs):
        return _NullShell()

    def __getitem__(self, key):
        return _NullShell()

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return False


class Child:
    def __init__(self, fd_in, fd_out):
        self.fd_in, self.fd_out = fd_in, fd_out
        self.namespace = types.ModuleType("__main__").__dict__
        # What a notebook's code may take for granted in a kernel, as harmless stand-ins.
        self.namespace.update(get_ipython=_NullShell, display=_NullShell())
        self.handles = {}
        self.limit = 64 * 2**20
        self.builtins = dict(builtins.__dict__)

    def restore(self):
        # Patched builtins would otherwise break this loop's own encoding.
        table = builtins.__dict__
        for key, value in self.builtins.items():
            if table.get(key) is not value:
                table[key] = value

    def handle(self, obj):
        key = len(self.handles) + 1
        self.handles[key] = obj
        return key

    def send(self, message):
        try:
            wire.write_frame(self.fd_out, message, max_bytes=self.limit)
        except (ValueError, TypeError, RecursionError, wire.WireError) as exc:
            wire.write_frame(self.fd_out, _failure(exc))

    def callback(self, key):
        child = self

        def remote(*args, **kwargs):
            message = {"op": "callback", "id": key,
                       "args": wire.encode(list(args), handle=child.handle),
                       "kwargs": wire.encode(kwargs, handle=child.handle)}
            child.send(message)
            reply = wire.read_frame(child.fd_in)
            if reply.get("op") == "return":
                return child.decode(reply["value"])
            raise RuntimeError(reply.get("message", "the grader's callback failed"))

        return remote

    def decode(self, data):
        return wire.decode(data, handle=self.handles.__getitem__, callback=self.callback)

    def load(self, message):
        self.limit = int(message.get("limit", self.limit))
        source = message["source"]
        try:
            code = compile(source, f"<{message['label']}>", "exec")
            _alarm(message.get("timeout", 30))
            try:
                exec(code, self.namespace)  # noqa: S102 - the submission's own cell
            finally:
                _disarm()
                self.restore()
        except BaseException as exc:  # noqa: BLE001 - report, keep what was defined
            return {"op": "loaded", "error": f"{type(exc).__name__}: {_text(exc)}"}
        return {"op": "loaded", "error": None}

    def call(self, message):
        fn = self.namespace.get(message["name"])
        if not callable(fn):
            return {"op": "missing"}
        args = self.decode(message["args"])
        kwargs = self.decode(message["kwargs"])
        refs = {id(a): ["a", i] for i, a in enumerate(args)}
        refs.update({id(v): ["k", k] for k, v in kwargs.items()})
        before = {i: _digest(a) for i, a in enumerate(args)}
        before.update({k: _digest(v) for k, v in kwargs.items()})
        _alarm(message.get("timeout", 30))
        try:
            result = fn(*args, **kwargs)
        finally:
            _disarm()
            self.restore()
        changed = {}
        for key, value in list(enumerate(args)) + list(kwargs.items()):
            if isinstance(value, (np.ndarray, dict, list, set, np.random.Generator)) \
                    and _digest(value) != before[key]:
                changed[str(key)] = wire.encode(value, handle=self.handle)
        return {"op": "result", "changed": changed,
                "value": wire.encode(result, handle=self.handle, refs=refs)}

    def serve(self):
        while True:
            try:
                message = wire.read_frame(self.fd_in)
            except EOFError:
                return
            op = message.get("op")
            if op == "bye":
                return
            try:
                if op == "names":
                    reply = {"op": "names", "callable": [
                        n for n in message["names"] if callable(self.namespace.get(n))]}
                else:
                    reply = self.load(message) if op == "load" else self.call(message)
            except BaseException as exc:  # noqa: BLE001 - every failure is an answer
                reply = _failure(exc)
            self.send(reply)


def _sweep(folders, kill_others):
    """Kill every other process of this user (earlier children and whatever they left
    behind) and empty the shared folders, so one submission never meets another's.
    `kill_others` only in a PID namespace of our own: there, -1 means just the sandbox."""
    import shutil

    if kill_others and os.getpid() < 10:
        try:
            os.kill(-1, signal.SIGKILL)  # all we may signal, except ourselves and init
        except OSError:
            pass
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass


def zygote(fd_in, fd_out):
    """Pre-import the course's modules once, then fork one `Child` per submission.

    The zygote is not dumpable, so its children (the submissions, same user) can
    neither trace it nor read its memory; they can only kill it, which the grader
    notices and answers by starting a new one."""
    import ctypes
    import importlib

    try:
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    while True:
        try:
            message = wire.read_frame(fd_in)
        except EOFError:
            return
        op = message.get("op")
        if op == "warm":
            for name in message.get("modules", []):
                try:
                    importlib.import_module(name)
                except BaseException:  # noqa: BLE001 - the child will report it
                    pass
            wire.write_frame(fd_out, {"op": "warm"})
        elif op == "spawn":
            for name in message.get("modules", []):
                try:
                    importlib.import_module(name)
                except BaseException:  # noqa: BLE001 - the child will report it
                    pass
            _sweep(message["clean"], message.get("kill_others", False))
            chan = message["chan"]
            os.mkfifo(chan + ".in", 0o600)
            os.mkfifo(chan + ".out", 0o600)
            pid = os.fork()
            if pid == 0:
                os.setsid()
                os.close(fd_in)
                os.close(fd_out)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                # Writer first: once the grader can open ".in", ".out" has its writer.
                child_out = os.open(chan + ".out", os.O_WRONLY)
                child_in = os.open(chan + ".in", os.O_RDONLY)
                try:
                    Child(child_in, child_out).serve()
                finally:
                    os._exit(0)
            wire.write_frame(fd_out, {"op": "spawned", "pid": pid})
        elif op == "kill":
            _sweep([], message.get("kill_others", False))
            wire.write_frame(fd_out, {"op": "killed"})
        else:
            return


def main():
    fd_in, fd_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if "--zygote" in sys.argv:
        zygote(fd_in, fd_out)
    else:
        Child(fd_in, fd_out).serve()


if __name__ == "__main__":
    main()
