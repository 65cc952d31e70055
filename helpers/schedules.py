"""Learning-rate decay schedules."""

from __future__ import annotations

import math

from helpers._validate import require_choice, require_int, require_number

__all__ = ["SCHEDULES", "lr_at"]

SCHEDULES = ("constant", "inverse_time", "exponential", "step", "sqrt")


def lr_at(epoch, lr0, schedule="constant", decay_rate=1.0, step_size=10):
    """Learning rate of epoch `epoch` (counted from 0) under a decay schedule.

    ============== =================================================
    schedule       learning rate
    ============== =================================================
    "constant"     ``lr0``
    "inverse_time" ``lr0 / (1 + decay_rate * epoch)``
    "exponential"  ``lr0 * decay_rate ** epoch``
    "step"         ``lr0 * decay_rate ** (epoch // step_size)``
    "sqrt"         ``lr0 / sqrt(epoch + 1)``
    ============== =================================================

    Every schedule starts at ``lr0`` on epoch 0.

    Parameters
    ----------
    epoch : int
        ``>= 0``.
    lr0 : float
        Initial learning rate, > 0.
    schedule : str
        One of `SCHEDULES`.
    decay_rate : float
        ``>= 0``; a factor below 1 for "exponential" and "step", a rate for "inverse_time".
    step_size : int
        Epochs per step of the "step" schedule, ``>= 1``.

    Returns
    -------
    float
    """
    epoch = require_int("epoch", epoch, low=0)
    lr0 = require_number("lr0", lr0, low=0.0, low_open=True)
    require_choice("schedule", schedule, SCHEDULES)
    decay_rate = require_number("decay_rate", decay_rate, low=0.0)
    step_size = require_int("step_size", step_size, low=1)
    return _lr_at(epoch, lr0, schedule, decay_rate, step_size)


def _lr_at(epoch, lr0, schedule, decay_rate, step_size):
    if schedule == "constant":
        return lr0
    if schedule == "inverse_time":
        return lr0 / (1.0 + decay_rate * epoch)
    if schedule == "exponential":
        return lr0 * decay_rate**epoch
    if schedule == "step":
        return lr0 * decay_rate ** (epoch // step_size)
    return lr0 / math.sqrt(epoch + 1)
