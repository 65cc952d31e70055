"""What a call to the learner's function changed (runs in the sandbox; see `sandbox_child.py`).

Standalone on purpose (standard library and numpy only): the grader package is not
visible inside the sandbox.
"""

import inspect
import random
import zlib

import numpy as np

# The process-global generators, as imported (before any submission code runs).
_NUMPY_GLOBAL = np.random.mtrand._rand
_PYTHON_GLOBAL = random._inst


def digest(value, depth=0):
    if depth > 20:
        return "deep"
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        try:
            return ("nd", arr.shape, arr.dtype.str, zlib.crc32(arr.view(np.uint8)))
        except (TypeError, ValueError):
            return ("nd", id(value))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), digest(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, (list, set)):
        return (type(value).__name__, tuple(digest(v, depth + 1) for v in value))
    if isinstance(value, tuple):
        return ("tuple", tuple(digest(v, depth + 1) for v in value))
    if isinstance(value, np.random.Generator):
        return ("rng",)  # advancing a generator passed in is what it is for
    return ("other", id(value))


def generators(value, path, depth=0):
    """(path, generator) of every `numpy.random.Generator` inside an argument."""
    if depth > 20:
        return
    if isinstance(value, np.random.Generator):
        yield path, value
    elif isinstance(value, dict):
        for key, item in list(value.items())[:1000]:
            if isinstance(key, (str, int)):
                yield from generators(item, path + [key], depth + 1)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value[:1000]):
            yield from generators(item, path + [index], depth + 1)


def parameter_names(fn):
    try:
        return [p.name[:60] for p in inspect.signature(fn).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except Exception:  # noqa: BLE001 - a name is only for the message
        return []


def set_globals(states):
    """Start the call from the grader's global random states (numpy's and Python's)."""
    try:
        if "numpy" in states:
            _NUMPY_GLOBAL.set_state(states["numpy"])
        if "python" in states:
            _PYTHON_GLOBAL.setstate(states["python"])
    except Exception:  # noqa: BLE001 - a state the grader did not send
        pass


def get_globals():
    numpy_state = _NUMPY_GLOBAL.get_state(legacy=True)
    return {"numpy": tuple(numpy_state), "python": _PYTHON_GLOBAL.getstate()}
