"""The learner's workspace: copies when absent, never overwrites, updates arrive beside."""

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from grader.check import check_notebook
from grader.workspace import MANIFEST, sync_workspace

ROOT = Path(__file__).resolve().parents[2]
ONE = "01_initialization"


@pytest.fixture
def course(tmp_path):
    """A course folder whose notebooks/ holds a copy of the real release of notebook 01."""
    root = tmp_path / "course"
    (root / "notebooks" / ONE).mkdir(parents=True)
    shutil.copyfile(ROOT / "notebooks" / ONE / f"{ONE}.ipynb",
                    root / "notebooks" / ONE / f"{ONE}.ipynb")
    return root


def _mine(root):
    return root / "workspace" / ONE / f"{ONE}.ipynb"


def _edit(path, text):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, path)


def test_first_sync_copies_and_a_second_changes_nothing(course):
    lines = []
    assert sync_workspace(course, log=lines.append) == {ONE: "copied"}
    assert _mine(course).read_bytes() == (course / "notebooks" / ONE / f"{ONE}.ipynb").read_bytes()
    assert len(lines) == 1 and "New notebook" in lines[0]
    assert sync_workspace(course, log=lines.append) == {ONE: "current"}
    assert len(lines) == 1
    assert set(json.loads((course / "workspace" / MANIFEST).read_text())) == {ONE}


def test_a_learners_work_is_never_overwritten_and_updates_arrive_beside(course):
    sync_workspace(course, log=lambda line: None)
    _edit(_mine(course), "my notes")
    mine_before = _mine(course).read_bytes()
    _edit(course / "notebooks" / ONE / f"{ONE}.ipynb", "a course correction")
    lines = []
    assert sync_workspace(course, log=lines.append) == {ONE: "update beside"}
    assert _mine(course).read_bytes() == mine_before
    beside = sorted((course / "workspace" / ONE).glob(f"{ONE}.course-update-*.ipynb"))
    assert len(beside) == 1
    assert "a course correction" in beside[0].read_text()
    assert len(lines) == 1 and "Your notebook is untouched" in lines[0]
    assert beside[0].name in lines[0]
    # The same update is announced once, not at every start.
    assert sync_workspace(course, log=lines.append) == {ONE: "current"} and len(lines) == 1


def test_an_untouched_copy_is_not_overwritten_either(course):
    sync_workspace(course, log=lambda line: None)
    before = _mine(course).read_bytes()
    _edit(course / "notebooks" / ONE / f"{ONE}.ipynb", "a course correction")
    sync_workspace(course, log=lambda line: None)
    assert _mine(course).read_bytes() == before


def test_a_deleted_notebook_is_copied_again(course):
    sync_workspace(course, log=lambda line: None)
    _mine(course).unlink()
    assert sync_workspace(course, log=lambda line: None) == {ONE: "copied"}
    assert _mine(course).is_file()


def test_check_works_on_a_workspace_notebook(course):
    sync_workspace(course, log=lambda line: None)
    lines = []
    score, max_score = check_notebook(_mine(course), log=lines.append)
    assert score == 0 and max_score > 0
    assert lines[0].startswith(f"{ONE}.ipynb: 0 / ")
    assert any("not implemented yet" in line for line in lines)


def test_a_course_folder_without_notebooks_is_refused(tmp_path):
    with pytest.raises(ValueError, match="notebooks/ subfolder"):
        sync_workspace(tmp_path)
