"""Sandbox slots: which sandbox user and folders each of a worker's sandboxes gets.

A slot is a small integer; the sandbox turns it into a user id (`sandbox.uid_for`) and
a working folder (`sandbox.make_workdir`). Two sandboxes running at the same time must
never share a slot, or one could signal or read the other. A grading worker runs two
at once: the notebook's kernel (nbgrader's run) and the trusted check's child (which
loads the answer cells while the kernel runs). Worker `index` therefore owns the two
slots `2 * index` and `2 * index + 1`, and no other worker index maps to either.
"""

from __future__ import annotations

import dataclasses

__all__ = ["Slots"]


@dataclasses.dataclass(frozen=True)
class Slots:
    """The two sandbox slots of one grading worker."""

    kernel: int   # nbgrader's kernel (`kernel.SandboxedExecute`)
    trusted: int  # the trusted check's child or zygote (`trusted.Session`, `zygote.Zygote`)

    @classmethod
    def for_worker(cls, index):
        """The slots of worker `index` (an integer >= 0; workers count from 1)."""
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise ValueError(f"`index`: expected an integer >= 0, got {index!r}.")
        return cls(kernel=2 * index, trusted=2 * index + 1)
