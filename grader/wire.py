"""Plain-data messages between the grader and a sandboxed process (never pickle).

A frame is an 8-byte big-endian length and a UTF-8 JSON document. Values are JSON
scalars and lists, or objects tagged with "$": tuples, dicts (any plain keys), numpy
arrays and scalars of numeric, boolean or string dtype (raw bytes in base64), complex
numbers, bytes, sets, slices, `numpy.random.Generator` states, and references:
"h" (an object that stays in the sandbox), "cb" (a callable that stays with the grader)
and "ref" (one of the call's own arguments, so identity survives a round trip).

Decoding builds only these types: a submission cannot make the grader construct an
object of its choosing, so nothing it returns can, say, compare equal to everything.

This file imports only the standard library and numpy: it also runs inside the sandbox.
"""

from __future__ import annotations

import base64
import json
import os
import select
import struct
import time

import numpy as np

MAX_DEPTH = 100
_PLAIN_KINDS = set("biufcUS")
_HEADER = struct.Struct(">Q")


class WireError(Exception):
    """A malformed, oversized or late message."""


def _array(obj):
    arr = np.asarray(obj)
    out = {"$": "nd", "dtype": arr.dtype.str, "shape": list(arr.shape),
           "data": base64.b64encode(arr.tobytes(order="C")).decode("ascii")}
    if isinstance(obj, np.ndarray) and not obj.flags.writeable:
        out["ro"] = True
    return out


def encode(obj, *, handle=None, callback=None, refs=None, depth=0):
    """A JSON-able form of `obj`; `handle(obj) -> id` keeps other objects where they are."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if refs is not None and id(obj) in refs and not isinstance(obj, (bool, int, float, str)):
        return {"$": "ref", "path": refs[id(obj)]}
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if type(obj) is int:
        return obj
    if type(obj) is float:
        return obj if np.isfinite(obj) else {"$": "float", "v": repr(obj)}
    kw = {"handle": handle, "callback": callback, "refs": refs, "depth": depth + 1}
    if type(obj) is list:
        return [encode(x, **kw) for x in obj]
    if type(obj) is tuple:
        return {"$": "tuple", "v": [encode(x, **kw) for x in obj]}
    if type(obj) is dict:
        return {"$": "dict", "k": [encode(k, **kw) for k in obj],
                "v": [encode(v, **kw) for v in obj.values()]}
    if type(obj) in (set, frozenset):
        return {"$": type(obj).__name__, "v": [encode(x, **kw) for x in obj]}
    if type(obj) is complex:
        return {"$": "complex", "re": obj.real, "im": obj.imag}
    if type(obj) is bytes:
        return {"$": "bytes", "data": base64.b64encode(obj).decode("ascii")}
    if type(obj) is slice:
        return {"$": "slice", "v": [encode(x, **kw) for x in (obj.start, obj.stop, obj.step)]}
    if type(obj) is np.ndarray and obj.dtype.kind in _PLAIN_KINDS:
        return _array(obj)
    if isinstance(obj, np.generic) and type(obj).__module__ == "numpy" \
            and obj.dtype.kind in _PLAIN_KINDS:
        out = _array(np.asarray(obj))
        out["$"] = "np"
        return out
    flat = _flatten(obj)
    if flat is not None:
        return encode(flat[0], **{k: v for k, v in kw.items() if k != "depth"}, depth=depth)
    if type(obj) is np.random.Generator:
        return {"$": "rng", "state": encode(obj.bit_generator.state, depth=depth + 1)}
    if callback is not None and callable(obj) and not isinstance(obj, type):
        return {"$": "cb", "id": callback(obj)}
    if handle is not None:
        return {"$": "h", "id": handle(obj), "type": type(obj).__name__[:80]}
    raise WireError(f"cannot send a {type(obj).__name__} as plain data")


def _flatten(obj):
    """Subclasses of plain types become the plain type, read through the base class's
    own methods (a subclass cannot lie about its contents or compare specially)."""
    for base, convert in ((bool, bool), (int, int.__int__), (float, float.__float__),
                          (str, str.__str__), (complex, complex.__complex__),
                          (bytes, bytes.__bytes__)):
        if isinstance(obj, base):
            return (convert(obj),)
    if isinstance(obj, dict):
        return (dict(dict.items(obj)),)
    if isinstance(obj, tuple):
        return (tuple(tuple.__iter__(obj)),)
    if isinstance(obj, list):
        return (list(list.__iter__(obj)),)
    if isinstance(obj, (set, frozenset)):
        return (set(set.__iter__(obj)) if isinstance(obj, set) else
                frozenset(frozenset.__iter__(obj)),)
    if isinstance(obj, np.ndarray) and obj.dtype.kind in _PLAIN_KINDS:
        return (np.ndarray.view(obj, np.ndarray),)
    return None


def _arr_from(data, max_bytes):
    dtype = np.dtype(str(data["dtype"]))
    if dtype.kind not in _PLAIN_KINDS or dtype.hasobject:
        raise WireError(f"array of dtype {dtype} is not plain data")
    shape = tuple(int(n) for n in data["shape"])
    raw = base64.b64decode(str(data["data"]), validate=True)
    if len(raw) > max_bytes or len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise WireError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def decode(data, *, handle=None, callback=None, ref=None, max_bytes=2**62, depth=0):
    """Rebuild a value made by `encode`; `handle(id)`, `callback(id)`, `ref(path)` resolve
    references (a missing resolver rejects them)."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    kw = {"handle": handle, "callback": callback, "ref": ref, "max_bytes": max_bytes,
          "depth": depth + 1}
    if isinstance(data, list):
        return [decode(x, **kw) for x in data]
    if not isinstance(data, dict):
        raise WireError(f"unexpected {type(data).__name__}")
    tag = data.get("$")
    if tag == "tuple":
        return tuple(decode(x, **kw) for x in data["v"])
    if tag == "dict":
        keys = [decode(k, **kw) for k in data["k"]]
        for key in keys:
            hash(key)  # plain keys only: decoding never builds an unhashable key
        return dict(zip(keys, (decode(v, **kw) for v in data["v"])))
    if tag in ("set", "frozenset"):
        items = (decode(x, **kw) for x in data["v"])
        return set(items) if tag == "set" else frozenset(items)
    if tag == "float":
        return float(data["v"])
    if tag == "complex":
        return complex(float(data["re"]), float(data["im"]))
    if tag == "bytes":
        return base64.b64decode(str(data["data"]), validate=True)
    if tag == "slice":
        return slice(*(decode(x, **kw) for x in data["v"]))
    if tag == "nd":
        arr = _arr_from(data, max_bytes)
        arr.flags.writeable = not data.get("ro")
        return arr
    if tag == "np":
        return _arr_from(data, max_bytes)[()]
    if tag == "rng":
        state = decode(data["state"], **kw)
        name = state.get("bit_generator") if isinstance(state, dict) else None
        if name not in ("PCG64", "PCG64DXSM", "Philox", "SFC64", "MT19937"):
            raise WireError(f"unknown bit generator {name!r}")
        bitgen = getattr(np.random, name)()
        bitgen.state = state
        return np.random.Generator(bitgen)
    for name, resolver in (("h", handle), ("cb", callback), ("ref", ref)):
        if tag == name:
            if resolver is None:
                raise WireError(f"unexpected reference {name!r}")
            return resolver(data["path"] if name == "ref" else int(data["id"]))
    raise WireError(f"unknown tag {tag!r}")


def write_frame(fd, message, *, max_bytes=None):
    body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode()
    if max_bytes is not None and len(body) > max_bytes:
        raise WireError(f"a message of {len(body)} bytes exceeds the limit of {max_bytes}")
    payload = _HEADER.pack(len(body)) + body
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd, n, deadline):
    chunks, left = [], n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError("no answer before the deadline")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd, *, max_bytes=2**62, deadline=None):
    """One message; `WireError` when larger than `max_bytes` or not valid JSON."""
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    if size > max_bytes:
        raise WireError(f"message of {size} bytes exceeds the limit of {max_bytes}")
    try:
        return json.loads(_read_exact(fd, size, deadline))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"malformed message ({type(exc).__name__})") from None
