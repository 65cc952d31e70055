"""Plain data across the trusted channel: types kept, objects refused."""

from __future__ import annotations

import json

import numpy as np
import pytest

from grader import wire
from grader.remote import Opaque


def roundtrip(value, **kw):
    return wire.decode(json.loads(json.dumps(wire.encode(value, **kw))), **{
        k: v for k, v in kw.items() if k == "handle"})


def test_wire_round_trips_plain_data_with_types_and_flags():
    arr = np.arange(6.0).reshape(2, 3)
    ro = np.ones(2)
    ro.flags.writeable = False
    value = {"W1": arr, 2: (1, 2.5, "x", None, True), "n": np.float64(1.5), "c": 1 + 2j,
             "b": b"\x00", "s": {1, 2}, "inf": float("inf"), "ro": ro, "sl": slice(1, 2)}
    back = roundtrip(value)
    assert back.keys() == value.keys()
    np.testing.assert_array_equal(back["W1"], arr)
    assert back[2] == (1, 2.5, "x", None, True) and isinstance(back[2], tuple)
    assert type(back["n"]) is np.float64 and back["inf"] == float("inf")
    assert not back["ro"].flags.writeable and back["W1"].flags.writeable
    rng = np.random.default_rng(3)
    clone = roundtrip(rng)
    assert clone.random() == rng.random()


def test_wire_refuses_objects_and_object_arrays():
    class Sneaky:
        def __eq__(self, other):
            return True

    with pytest.raises(wire.WireError):
        wire.encode(Sneaky())
    bad = {"$": "nd", "dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="}
    with pytest.raises(wire.WireError):
        wire.decode(bad)
    with pytest.raises(wire.WireError):
        wire.decode({"$": "h", "id": 1})  # no resolver: a handle cannot appear
    with pytest.raises(wire.WireError):
        wire.decode({"$": "pickle", "data": ""})
    kept = wire.decode(wire.encode(Sneaky(), handle=lambda obj: 7),
                       handle=lambda key: Opaque(key, "Sneaky"))
    assert kept != 1 and kept != kept.__class__(7, "x")
