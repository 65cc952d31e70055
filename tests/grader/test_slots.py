"""Sandbox slots: no two sandboxes of any two workers share one."""

from __future__ import annotations

import pytest

from grader.slots import Slots


def test_every_sandbox_of_every_worker_has_its_own_slot():
    slots = [Slots.for_worker(index) for index in range(200)]
    taken = [s.kernel for s in slots] + [s.trusted for s in slots]
    assert len(set(taken)) == len(taken)


@pytest.mark.parametrize("index", [-1, 1.0, "1", True, None])
def test_a_worker_index_must_be_a_natural_number(index):
    with pytest.raises(ValueError, match="`index`: expected an integer >= 0"):
        Slots.for_worker(index)
