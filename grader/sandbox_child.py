"""The process that runs a submission's answer cells for the trusted check (in the sandbox).

It loads cells one at a time and then calls the learner's functions on request,
answering with plain data (see `wire.py`). It never sees a test cell, an expected value
or the gradebook: the grader compares the answers in its own process. Anything the
submission patches here (numpy, builtins, this very loop) changes only what its own
functions return, which is what is being checked anyway.

Standalone on purpose (standard library, numpy and the `wire`, `child_*` and
`safefs` modules beside it): the grader
package is not visible inside the sandbox.
"""

import builtins
import os
import signal
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import wire
from child_state import digest, generators, get_globals, parameter_names, set_globals
from child_zygote import zygote


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
                exec(code, self.namespace)
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
        values = list(enumerate(args)) + list(kwargs.items())
        before = {key: digest(value) for key, value in values}
        rngs = [(path, gen, repr(gen.bit_generator.state))
                for key, value in values for path, gen in generators(value, [key])]
        set_globals(self.decode(message.get("globals", {})))
        _alarm(message.get("timeout", 30))
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported with what it changed
            reply = _failure(exc)
        else:
            reply = {"op": "result", "value": wire.encode(result, handle=self.handle,
                                                          refs=refs)}
        finally:
            _disarm()
            self.restore()
        names = parameter_names(fn)
        try:
            reply["modified"] = [
                names[key] if isinstance(key, int) and key < len(names) else str(key)
                for key, value in values if digest(value) != before[key]][:20]
            reply["rngs"] = [[path, wire.encode(gen)] for path, gen, state in rngs
                             if repr(gen.bit_generator.state) != state][:1000]
        except Exception:  # noqa: BLE001 - what cannot be compared counts as changed
            reply["modified"], reply["rngs"] = ["(an argument)"], []
        reply["globals"] = wire.encode(get_globals())
        return reply

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


def main():
    fd_in, fd_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if "--zygote" in sys.argv:
        zygote(fd_in, fd_out, Child)
    else:
        Child(fd_in, fd_out).serve()


if __name__ == "__main__":
    main()
