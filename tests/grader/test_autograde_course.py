"""The course's own notebooks through `autograde`: answered releases score full marks with
a clean integrity report, untouched releases score 0, in one batch."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from grader.__main__ import main
from grader.cells import answer_cells
from grader.course import REPO_ROOT, assignments
from grader.release import generate

pytestmark = pytest.mark.slow

IDS = assignments(REPO_ROOT)
_MARKERS = re.compile(r"[ \t]*### (BEGIN|END) SOLUTION\n?")


def test_answered_and_blank_releases_of_every_notebook(tmp_path):
    assert IDS, "no notebook in solutions/"
    released = generate(REPO_ROOT, IDS)
    subs = tmp_path / "subs"
    for assignment in IDS:
        blank = nbformat.reads(released[assignment], as_version=4)
        answered = nbformat.reads(released[assignment], as_version=4)
        solution = nbformat.read(str(REPO_ROOT / "solutions" / assignment /
                                     f"{assignment}.ipynb"), as_version=4)
        for name, cell in answer_cells(answered).items():
            cell.source = _MARKERS.sub("", answer_cells(solution)[name].source)
        for student, nb in (("answered", answered), ("blank", blank)):
            target = subs / student / assignment / f"{assignment}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(nb, str(target))
    out = tmp_path / "results.json"
    assert main(["--root", str(REPO_ROOT), "autograde", str(subs), "--workdir",
                 str(tmp_path / "grading"), "--workers", "2", "--json", str(out),
                 "--no-progress"]) == 0
    results = json.loads(out.read_text())["students"]
    for assignment in IDS:
        good, blank = results["answered"][assignment], results["blank"][assignment]
        assert good["status"] == blank["status"] == "graded"
        assert good["score"] == good["max_score"] > 0, good
        assert good["flags"] == [], good["flags"]
        assert blank["score"] == 0.0 and blank["max_score"] == good["max_score"]
        assert not [f for f in blank["flags"] if "disagreement" in f], blank["flags"]
