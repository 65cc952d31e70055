"""The kernel's run record reaches nbgrader's executor through its config, by reference."""

from __future__ import annotations

import nbformat
import pytest
from traitlets.config import Config

from grader.config import Limits
from grader.kernel import KernelRun, SandboxedExecute, SandboxKernelManager


def test_the_configured_run_is_the_callers_object_in_executor_and_kernel_manager(tmp_path):
    run = KernelRun(Limits(), tmp_path, 4)
    config = Config()
    config.SandboxedExecute.run = run
    executor = SandboxedExecute(config=config)
    # What the executor records must land in the object its caller reads.
    assert executor.run is run
    executor.kernel_name = "python3"
    manager = executor.create_kernel_manager()
    assert isinstance(manager, SandboxKernelManager) and manager.run is run


def test_an_executor_without_a_run_refuses_to_start():
    with pytest.raises(ValueError, match="SandboxedExecute.run"):
        SandboxedExecute().preprocess(nbformat.v4.new_notebook(), {})
