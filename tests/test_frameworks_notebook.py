"""Notebook 07 runs top to bottom with PyTorch importable, and without it (marker `slow`).

PyTorch is not a dependency of the course: with it, the notebook's framework section
runs the notes' example with `torch.autograd` and `torch.optim.Adam` and shows that the
path agrees with the engine's; without it, the section says how to install it and every
other cell still runs. Both runs execute the solution notebook with nbclient in a real
kernel; any cell error fails the test. (How long they take is measured by
`benchmarks/bench_notebooks.py`, never asserted here.)
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "solutions" / "07_frameworks" / "07_frameworks.ipynb"
INSTALL_HINT = "pip install torch --index-url https://download.pytorch.org/whl/cpu"


def _execute(monkeypatch, pythonpath=None):
    """Run the solution notebook (raises on any cell error); return its text outputs."""
    if pythonpath is not None:
        # The kernel is a child process: it inherits the environment.
        current = os.environ.get("PYTHONPATH")
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
            [str(pythonpath)] + ([current] if current else [])))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            elif "data" in output:
                texts.append(output["data"].get("text/plain", ""))
    return "\n".join(texts)


def _graded_cells_passed(text):
    return len(re.findall(r"`\w+`: \d+/\d+ checks passed", text))


def test_runs_with_pytorch_and_the_paths_agree(monkeypatch):
    if importlib.util.find_spec("torch") is None:
        pytest.fail("PyTorch is not installed, so the notebook's PyTorch comparison cannot "
                    "be tested. Install the CPU build into the course environment: "
                    "`.venv/bin/pip install torch==2.13.0` (never a plain `pip install "
                    "torch`, which pulls a multi-GB CUDA build).")
    text = _execute(monkeypatch)
    assert _graded_cells_passed(text) == 7, text
    match = re.search(r"largest difference between the two paths: ([0-9.e+-]+)", text)
    assert match, f"the PyTorch comparison did not run:\n{text}"
    assert float(match.group(1)) < 1e-10
    assert "largest difference between PyTorch and your minimize" in text
    assert INSTALL_HINT not in text


def test_runs_without_pytorch(monkeypatch, tmp_path):
    # A `sitecustomize` module runs at interpreter start-up: with `None` in `sys.modules`,
    # `import torch` raises ImportError even though the package is installed.
    (tmp_path / "sitecustomize.py").write_text(
        'import sys\nsys.modules["torch"] = None\n', encoding="utf-8")
    text = _execute(monkeypatch, pythonpath=tmp_path)
    assert _graded_cells_passed(text) == 7, text
    assert "PyTorch is not installed" in text and INSTALL_HINT in text
    assert "largest difference between the two paths" not in text
