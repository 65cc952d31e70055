"""nbgrader's executor, run in the sandbox, with the limits nbgrader lacks.

`SandboxedExecute` replaces nbgrader's `Execute` preprocessor in autograde:

- the kernel starts through `SandboxKernelManager`: ZeroMQ over Unix sockets in a
  private folder (the sandbox has no network), the command wrapped by `sandbox.wrap`,
  interrupts sent as messages (a signal would stop at bubblewrap);
- a per-notebook wall-clock budget on top of nbgrader's per-cell timeout;
- a cell that ignores the interrupt, or a kernel that dies (`os._exit`, a crash, the
  memory limit), ends the run: that cell and every later cell get an error output, so
  their tests score 0 while earlier ones keep their points (nbgrader would fail the
  whole notebook);
- output is capped in bytes per cell, not lines, before it reaches memory or a page.

What happened is left in `LAST_REPORT` for the caller (one autograde at a time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec
from jupyter_core.utils import run_sync
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute

from .config import Limits
from .sandbox import confinement, prepare_dir, uid_for, wrap

__all__ = ["LAST_REPORT", "SandboxKernelManager", "SandboxedExecute", "configure"]

#: Filled by each run: {"events": [(cell index, grade_id, what)], "dead": reason or None}
LAST_REPORT = {"events": [], "dead": None}
_SETTINGS = {"limits": Limits(), "workdir": None, "slot": 0}


def configure(limits, workdir, slot):
    """Where and how the next kernels run (called by the worker before each autograde)."""
    _SETTINGS.update(limits=limits, workdir=Path(workdir), slot=slot)


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs confined (see `sandbox.py`)."""

    @property
    def kernel_spec(self):
        # Whatever kernel the notebook names, it runs this interpreter, confined.
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (sandboxed)", language="python",
            interrupt_mode="message", env={}, metadata={})

    async def _async_pre_start_kernel(self, **kw):
        self.transport = "ipc"
        limits, workdir, slot = (_SETTINGS[k] for k in ("limits", "workdir", "slot"))
        conf = confinement(limits.mechanism)
        kdir = workdir / "kernel"
        shutil.rmtree(kdir, ignore_errors=True)
        kdir.mkdir(parents=True, mode=0o700)
        prepare_dir(workdir, slot, conf)
        if conf.separate_user:
            os.chown(kdir, uid_for(slot), uid_for(slot))
        self.connection_file = str(kdir / "kernel.json")
        self.ip = str(kdir / "ipc")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if conf.separate_user:
            os.chown(self.connection_file, uid_for(slot), uid_for(slot))
        kw["cwd"] = str(workdir / "work")
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL  # the kernel's banner and noise
        return wrap(cmd, limits, workdir, slot, rw=[str(kdir)], conf=conf), kw



def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


class SandboxedExecute(Execute):
    """nbgrader's `Execute`, confined, with a notebook budget and byte-capped output."""

    def __init__(self, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(**kwargs)

    def preprocess(self, nb, resources=None, km=None):
        limits = _SETTINGS["limits"]
        self._began = time.monotonic()
        self._budget = limits.notebook_timeout
        self._cap = limits.output_per_cell
        self._bytes = {}
        self._dead = None
        LAST_REPORT.update(events=[], dead=None)
        try:
            return super().preprocess(nb, resources, km)
        finally:
            LAST_REPORT["dead"] = self._dead

    def _event(self, cell, index, what):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        LAST_REPORT["events"].append((index, gid, what))

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell) or self._budget
        left = self._budget - (time.monotonic() - self._began)
        return max(1, int(min(timeout, left) + 0.999))

    async def _stop(self, reason):
        self._dead = reason
        try:
            await self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - it is being killed either way
            pass

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell
        if self._dead is None and time.monotonic() - self._began >= self._budget:
            await self._stop(f"the notebook's time budget of {self._budget:g} s ran out")
        if self._dead is not None:
            cell.outputs = [_error("NotRun", f"not run: {self._dead}")]
            self._event(cell, cell_index, "not run")
            return cell
        self._bytes[cell_index] = 0
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count,
                                                    store_history)
        except DeadKernelError:
            self._dead = (f"the kernel died in cell {cell_index} (os._exit, a crash or "
                          f"the memory limit)")
            cell.outputs.append(_error("KernelDied", self._dead))
            self._event(cell, cell_index, "kernel died")
        except CellTimeoutError:
            await self._stop(f"cell {cell_index} did not stop when interrupted after "
                             f"{self.timeout} s")
            cell.outputs.append(_error("CellTimeoutError", self._dead))
            self._event(cell, cell_index, "did not stop when interrupted")
        else:
            if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs):
                self._event(cell, cell_index, "timeout")
        return cell

    # nbclient binds the synchronous wrapper to its own coroutine at class creation.
    execute_cell = run_sync(async_execute_cell)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(
            len(v) if isinstance(v, str) else len(str(v))
            for v in content.get("data", {}).values())
        used = self._bytes.get(cell_index, 0)
        if used + size > self._cap:
            if used <= self._cap:
                self._bytes[cell_index] = self._cap + 1
                outs.append(NotebookNode(
                    output_type="stream", name="stdout",
                    text=f"\n[output truncated: more than {self._cap} bytes]\n"))
                LAST_REPORT["events"].append((cell_index, None, "output truncated"))
            return None
        self._bytes[cell_index] = used + size
        return super().output(outs, msg, display_id, cell_index)
