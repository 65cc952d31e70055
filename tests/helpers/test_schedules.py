import math

import pytest

from helpers.schedules import SCHEDULES, lr_at


@pytest.mark.parametrize(
    "schedule, epoch, expected",
    [
        ("constant", 7, 0.1),
        ("inverse_time", 4, 0.1 / (1 + 0.5 * 4)),
        ("exponential", 3, 0.1 * 0.5**3),
        ("step", 25, 0.1 * 0.5**2),
        ("step", 9, 0.1),
        ("sqrt", 8, 0.1 / 3),
    ],
)
def test_values(schedule, epoch, expected):
    lr = lr_at(epoch, 0.1, schedule, decay_rate=0.5, step_size=10)
    assert lr == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_every_schedule_starts_at_lr0(schedule):
    assert lr_at(0, 0.3, schedule, decay_rate=0.7) == pytest.approx(0.3)


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="`schedule`"):
        lr_at(0, 0.1, "cosine")
    with pytest.raises(ValueError, match="`epoch`"):
        lr_at(-1, 0.1)
    with pytest.raises(ValueError, match="`lr0`"):
        lr_at(0, 0.0)
    with pytest.raises(ValueError, match="`step_size`"):
        lr_at(0, 0.1, "step", step_size=0)
    assert math.isfinite(lr_at(10**6, 0.1, "exponential", decay_rate=0.5))
