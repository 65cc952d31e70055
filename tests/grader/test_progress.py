"""The self-learner's progress view: done, passing and points per notebook."""

import shutil
from pathlib import Path

import nbformat
import pytest

from grader.progress import course_progress, format_progress, notebook_progress

ROOT = Path(__file__).resolve().parents[2]
ONE = "01_initialization"


def _workspace(tmp_path, source):
    space = tmp_path / "workspace"
    (space / ONE).mkdir(parents=True)
    shutil.copyfile(source, space / ONE / f"{ONE}.ipynb")
    return space


def test_a_fresh_release_shows_nothing_done(tmp_path):
    space = _workspace(tmp_path, ROOT / "notebooks" / ONE / f"{ONE}.ipynb")
    (row,) = course_progress(ROOT, space)
    assert (row.assignment, row.done, row.passing, row.points) == (ONE, 0, 0, 0)
    assert row.exercises == 5 and row.max_points == 13
    assert "0/5" in str(course_progress(ROOT, space))


def test_one_exercise_done_right_and_one_done_wrong(tmp_path):
    space = _workspace(tmp_path, ROOT / "notebooks" / ONE / f"{ONE}.ipynb")
    path = space / ONE / f"{ONE}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "initialize_zeros":
            cell.source = cell.source.replace(
                "raise NotImplementedError()",
                "return {k: v for l in range(1, len(layer_dims)) for k, v in "
                "((f'W{l}', np.zeros((layer_dims[l], layer_dims[l - 1]))), "
                "(f'b{l}', np.zeros((layer_dims[l], 1))))}")
        if grade_id == "initialize_random":
            cell.source = cell.source.replace("raise NotImplementedError()", "return {}")
    nbformat.write(nb, path)
    row = notebook_progress(path)
    assert (row.done, row.passing) == (2, 1)
    assert 0 < row.points < row.max_points
    text = format_progress([row])
    assert "2/5" in text and "1/5" in text


def test_a_broken_notebook_is_reported_not_raised(tmp_path):
    space = tmp_path / "workspace"
    (space / ONE).mkdir(parents=True)
    (space / ONE / f"{ONE}.ipynb").write_text("{not json")
    (row,) = course_progress(ROOT, space)
    assert row.problem and "cannot read" in row.problem
    assert "<table>" in course_progress(ROOT, space)._repr_html_()


def test_a_missing_workspace_says_how_to_make_one(tmp_path):
    with pytest.raises(ValueError, match="make lab"):
        course_progress(ROOT, tmp_path / "nowhere")
