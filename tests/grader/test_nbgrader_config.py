"""Plain nbgrader, run with the repository's nbgrader_config.py, reproduces notebooks/."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_generate_assignment_with_repo_config_matches_committed_release(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    assignment = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())[0]
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    made = tmp_path / "notebooks" / assignment / f"{assignment}.ipynb"
    committed = ROOT / "notebooks" / assignment / f"{assignment}.ipynb"
    assert nbformat.read(str(made), as_version=4) == nbformat.read(str(committed), as_version=4)
