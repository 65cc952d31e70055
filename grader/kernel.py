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
- output of every kind is capped in bytes per cell and per notebook (`outputcap.py`),
  and a message larger than the cap is refused by the socket before it is read;
- the kernel's folder (its connection file and sockets, the only host folder it can
  write to) is locked read-only for it once the kernel is up; its scratch space
  (`/tmp`, the working folder) is a size-limited tmpfs, checked after every cell.

The caller creates one `KernelRun` per autograde (limits, the folder for the kernel's
working folders, the sandbox slot, the notebook) and hands it to the executor through
nbgrader's configuration (`SandboxedExecute.run`); the executor records in it what
happened (`events`, and `dead`, why the run stopped early), and the caller reads them
back from the object it created.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import channel_socket_types
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Instance, default

from .childproc import scratch_full
from .config import Limits
from .outputcap import OutputCap, max_message
from .safefs import remove_tree
from .sandbox import SANDBOX_HOME, confinement, make_workdir, wrap

__all__ = ["CappedClient", "KernelRun", "SandboxKernelManager", "SandboxedExecute"]


@dataclasses.dataclass(eq=False)
class KernelRun:
    """One autograde's sandboxed run: how it runs (set by the caller) and what happened
    (recorded by `SandboxedExecute`).

    Each kernel gets a new folder under `workdir`, confined to `slot`'s sandbox user;
    `notebook` is put in its working folder, read-only."""

    limits: Limits
    workdir: Path
    slot: int
    notebook: Path | None = None
    #: (cell index, grade_id or None, what happened), in the order it happened
    events: list = dataclasses.field(default_factory=list)
    #: why the run stopped before the end (the kernel died, a budget ran out), or None
    dead: str | None = None

    def event(self, index, grade_id, what):
        self.events.append((index, grade_id, what))

    def __deepcopy__(self, memo):
        # traitlets deep-copies every configured value into the configurable it sets
        # up; the executor must write into this very record, which its caller reads.
        return self


class CappedClient(AsyncKernelClient):
    """A kernel client whose sockets drop any message over `max_message` bytes."""

    max_message = 2**62

    def _create_connected_socket(self, channel, identity=None):
        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        if identity:
            sock.identity = identity
        sock.setsockopt(zmq.MAXMSGSIZE, int(self.max_message))
        sock.connect(self._make_url(channel))
        return sock


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs confined (see `sandbox.py`)."""

    kdir = None
    run = None  # the `KernelRun`, set by `SandboxedExecute.create_kernel_manager`

    @default("client_factory")
    def _client_factory_default(self):
        return CappedClient

    @property
    def kernel_spec(self):
        # Whatever kernel the notebook names, it runs this interpreter, confined.
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (sandboxed)", language="python",
            interrupt_mode="message", env={}, metadata={})

    def client(self, **kwargs):
        kc = super().client(**kwargs)
        kc.max_message = max_message(self.run.limits.output_per_cell)
        return kc

    async def _async_pre_start_kernel(self, **kw):
        self.transport = "ipc"
        run = self.run
        limits, slot, notebook = run.limits, run.slot, run.notebook
        conf = confinement(limits.mechanism)
        workdir = make_workdir(run.workdir, slot, conf)  # new: nothing in it was planted
        # The grader's folder; the kernel may create its sockets here until it is up.
        # A socket's path must stay under ~107 bytes: a deep TMPDIR gets a short one.
        if len(str(workdir / "kernel" / "ipc-65535")) < 100:
            self.kdir = kdir = workdir / "kernel"
            os.mkdir(kdir, 0o700)
        else:
            self.kdir = kdir = Path(tempfile.mkdtemp(prefix="grader-k-", dir="/tmp"))
        if conf.separate_user:
            os.chmod(kdir, 0o1777)
        files = []
        if notebook is not None:
            name = Path(notebook).name
            if conf.mechanism == "bwrap":
                files.append((str(notebook), f"{SANDBOX_HOME}/{name}"))
            else:
                shutil.copyfile(notebook, workdir / "work" / name)
        self.connection_file = str(kdir / "kernel.json")
        self.ip = str(kdir / "ipc")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        os.chmod(self.connection_file, 0o644)  # readable by the kernel, not writable
        kw["cwd"] = str(workdir)
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL  # the kernel's banner and noise
        return wrap(cmd, limits, workdir, slot, rw=[str(kdir)], files=files, conf=conf), kw

    def lock(self):
        """Once the kernel is up: it may no longer create files in its folder."""
        if self.kdir is not None:
            os.chmod(self.kdir, 0o755 if os.geteuid() == 0 else 0o500)

    def scratch_full(self):
        return scratch_full(getattr(getattr(self, "provisioner", None), "process", None))


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


class SandboxedExecute(Execute):
    """nbgrader's `Execute`, confined, with a notebook budget and byte-capped output.

    Configure `run` (a `KernelRun`) for each autograde, e.g.
    ``config.SandboxedExecute.run = KernelRun(limits, folder, slot, notebook)``."""

    run = Instance(KernelRun, allow_none=True,
                   help="The autograde's run: its settings, and where events go").tag(config=True)

    def __init__(self, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(**kwargs)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.run = self.run
        return km

    def preprocess(self, nb, resources=None, km=None):
        if self.run is None:
            raise ValueError("`SandboxedExecute.run`: expected a KernelRun for this "
                             "autograde, got None (set it in the nbgrader config).")
        limits = self.run.limits
        self._began = time.monotonic()
        self._budget = limits.notebook_timeout
        self._cap = OutputCap(limits.output_per_cell)
        self._full, self._truncated = set(), set()
        self._dead = None
        self.run.events.clear()
        self.run.dead = None
        self._kdir = None
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self.run.dead = self._dead
            if self._kdir is not None and self._kdir.name.startswith("grader-k-"):
                remove_tree(self._kdir)

    def _event(self, cell, index, what):
        self.run.event(index, cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"),
                       what)

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        self.km.lock()
        self._kdir = self.km.kdir
        return kc

    # nbclient binds the synchronous wrapper to its own coroutine at class creation.
    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    async def _async_handle_timeout(self, timeout, cell=None):
        self._timed_out = True  # the cell itself ran too long (not its output)
        return await super()._async_handle_timeout(timeout, cell)

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell) or self._budget
        left = self._budget - (time.monotonic() - self._began)
        return max(1, int(min(timeout, left) + 0.999))

    async def _stop(self, reason):
        self._dead = reason
        with contextlib.suppress(Exception):  # it is being killed either way
            await self.km.shutdown_kernel(now=True)

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
        self._timed_out = False
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count,
                                                    store_history)
        except DeadKernelError:
            self._dead = (f"the kernel died in cell {cell_index} (os._exit, a crash or "
                          f"the memory limit)")
            cell.outputs.append(_error("KernelDied", self._dead))
            self._event(cell, cell_index, "kernel died")
        except CellTimeoutError as exc:
            if "IOPub" in str(exc) and not self._timed_out:
                # The kernel answered, but its output did not all arrive: a message over
                # the size limit was refused, which cuts the output channel.
                await self._stop(f"the output of cell {cell_index} was refused: a single "
                                 f"message larger than {max_message(self._cap.per_cell)} "
                                 f"bytes")
                cell.outputs.append(_error("OutputRefused", self._dead))
                self._event(cell, cell_index, "output refused (a message over the limit)")
                return cell
            await self._stop(f"cell {cell_index} did not stop when interrupted after "
                             f"{self.timeout} s")
            cell.outputs.append(_error("CellTimeoutError", self._dead))
            self._event(cell, cell_index, "did not stop when interrupted")
        else:
            if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs):
                self._event(cell, cell_index, "timeout")
            self._check_scratch(cell, cell_index)
        return cell

    def _check_scratch(self, cell, cell_index):
        for place in set(self.km.scratch_full()) - self._full:
            self._full.add(place)
            self._event(cell, cell_index, f"filled its scratch space ({place}, the "
                                          f"sandbox's limit); writes beyond it failed")

    # nbclient binds the synchronous wrapper to its own coroutine at class creation.
    execute_cell = run_sync(async_execute_cell)

    def process_message(self, msg, cell, cell_index):
        content = msg.get("content", {})
        display_id = (content.get("transient") or {}).get("display_id")
        copies = sum(len(v) for v in self._display_id_map.get(display_id, {}).values()) \
            if display_id else 0
        admitted = self._cap.admit(msg, cell, cell_index, copies)
        if admitted is None:
            if cell_index not in self._truncated:
                self._truncated.add(cell_index)
                self.run.event(cell_index, None, "output truncated")
            return None
        return super().process_message(admitted, cell, cell_index)
