"""The browser suite's key presses, in the kernel: step a dashboard's first control."""

from __future__ import annotations


def assert_steps_redraw(board, name, steps, *, log=False):
    """Set the first control (`name`) to its start value moved by each of `steps` (in units
    of the control's step; 0 is back to the start, on a log10 scale when `log`): every
    setting must change both the image and the readout."""
    first = next(iter(board.controls.values()))
    assert first is board.controls[name], (
        f"the first control should be {name!r} (the one the browser suite presses)")
    start = first.value
    for k in steps:
        value = start * 10 ** (k * first.step) if log else start + k * first.step
        image, readout = board.image.value, board.readout.value
        board.set(**{name: value})
        assert board.image.value != image, f"{name}={value:g}: the image did not change"
        assert board.readout.value != readout, f"{name}={value:g}: the readout did not change"
