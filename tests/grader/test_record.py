"""Re-running autograde: same grades, manual grades kept, a failed re-run resets."""

from __future__ import annotations

import json
import shutil

import pytest
from grading_corpus.cases import CASES
from grading_corpus.course import make_course, release_notebook, write_submission
from grading_corpus.notebook import ASSIGNMENT, FULL, NORMS_PTS
from nbgrader.api import Gradebook

from grader.__main__ import main

pytestmark = pytest.mark.slow

_BY_NAME = {c.name: c for c in CASES}


def _run(root, subs, out, *extra):
    assert main(["--root", str(root), "autograde", str(subs), "--json", str(out),
                 "--no-progress", *extra]) == 0
    return json.loads(out.read_text())["students"]


def test_rerun_is_stable_keeps_manual_grades_and_resets_failed_resubmissions(tmp_path):
    root = make_course(tmp_path / "course")
    release = release_notebook(root)
    subs = tmp_path / "subs"
    ctx = {}
    for name in ("correct", "wrong_scale", "blank"):
        write_submission(subs, name, _BY_NAME[name].build(release, ctx))
    first = _run(root, subs, tmp_path / "a.json")
    assert first["correct"][ASSIGNMENT]["score"] == FULL
    assert first["wrong_scale"][ASSIGNMENT]["score"] == NORMS_PTS

    db = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    with Gradebook(db) as gb:
        gb.find_grade("test_scale", ASSIGNMENT, ASSIGNMENT, "wrong_scale").manual_score = 1.5
        gb.db.commit()

    # "correct" resubmits a malformed file: its old full marks must not survive.
    shutil.rmtree(subs / "correct")
    write_submission(subs, "correct", b"{broken")
    second = _run(root, subs, tmp_path / "b.json", "--workers", "2", "--force")
    assert second["wrong_scale"] == first["wrong_scale"]
    assert second["blank"] == first["blank"]
    assert second["correct"][ASSIGNMENT]["status"] == "ungradable"
    with Gradebook(db) as gb:
        assert gb.find_submission(ASSIGNMENT, "correct").score == 0.0
        kept = gb.find_grade("test_scale", ASSIGNMENT, ASSIGNMENT, "wrong_scale")
        assert kept.manual_score == 1.5 and kept.score == 1.5
        assert gb.find_submission(ASSIGNMENT, "wrong_scale").score == NORMS_PTS + 1.5
    assert main(["--root", str(root), "export"]) == 0
    csv_text = (root / "grading" / "grades.csv").read_text()
    assert '"wrong_scale",4.5,5,"graded"' in csv_text
    assert '"correct",,5,"ungradable"' in csv_text


def test_zip_input_with_traversal_entries_is_graded_safely(tmp_path):
    import zipfile

    root = make_course(tmp_path / "course")
    release = release_notebook(root)
    subs = tmp_path / "subs"
    write_submission(subs, "correct", _BY_NAME["correct"].build(release, {}))
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(subs / "correct" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                 f"class/correct/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
        zf.writestr("../escaped.txt", "outside")
        zf.writestr("/abs.txt", "outside")
        zf.writestr(f"class/nobody/{ASSIGNMENT}/notes.txt", "no notebook here")
    db = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    results = _run(root, archive, tmp_path / "z.json", "--db", db)
    with Gradebook(db) as gb:
        assert gb.find_submission(ASSIGNMENT, "correct").score == FULL
    assert results["correct"][ASSIGNMENT]["score"] == FULL
    assert results["nobody"][ASSIGNMENT]["status"] == "ungradable"
    assert not (tmp_path / "escaped.txt").exists()
