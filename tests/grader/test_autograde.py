"""The adversarial corpus through `python -m grader autograde --workers 2 --json`:
no crash, no point gained by cheating, no grade lost."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from grading_corpus.cases import CASES
from grading_corpus.notebook import ASSIGNMENT, FULL, HIDDEN_MARK, SOLUTION_MARK

from grader.__main__ import main

pytestmark = pytest.mark.slow


def test_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_outcome(corpus, case):
    row = corpus["json"]["students"][case.name][ASSIGNMENT]
    assert row["status"] == case.status, row
    assert row["max_score"] == FULL  # from the instructor's source, never the submission
    assert set(row["cells"]) == {"test_scale", "test_norms"}
    if case.score is not None:
        assert row["score"] == case.score, row
    assert 0.0 <= row["score"] <= FULL
    assert row["score"] == sum(c["score"] for c in row["cells"].values())
    flags = " | ".join(row["flags"])
    for fragment in case.flags:
        assert fragment in flags, (fragment, row["flags"])
    assert case.message in row["message"], row


def test_every_student_appears_once_in_json_gradebook_and_csv(corpus):
    students = set(corpus["json"]["students"])
    assert students == {c.name for c in CASES}
    db = sqlite3.connect(corpus["workdir"] / "gradebook.db")
    graded = {name for (name,) in db.execute("select id from student")}
    assert graded == students
    rows = db.execute("select count(*) from submitted_assignment").fetchone()[0]
    assert rows == len(students)
    assert main(["--root", str(corpus["root"]), "export"]) == 0
    with open(corpus["workdir"] / "grades.csv") as f:
        table = {r["student"]: r for r in csv.DictReader(f)}
    assert set(table) == students
    for case in CASES:
        row = table[case.name]
        assert row[f"{ASSIGNMENT} status"] == case.status
        assert row[f"{ASSIGNMENT} max"] == "5"
        flags = corpus["json"]["students"][case.name][ASSIGNMENT]["flags"]
        assert row[f"{ASSIGNMENT} flags"] == str(len(flags))
        if case.status == "ungradable":
            assert row[ASSIGNMENT] == ""  # never a silent 0.0
        else:
            graded = corpus["json"]["students"][case.name][ASSIGNMENT]
            assert float(row[ASSIGNMENT]) == graded["score"]


def test_gradebook_scores_match_json(corpus):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{corpus['workdir'] / 'gradebook.db'}") as gb:
        for student, rows in corpus["json"]["students"].items():
            for gid, cell in rows[ASSIGNMENT]["cells"].items():
                grade = gb.find_grade(gid, ASSIGNMENT, ASSIGNMENT, student)
                assert grade.auto_score == cell["score"], (student, gid)
                assert grade.max_score == cell["max_score"]


def test_no_secret_reaches_outputs_or_feedback(corpus):
    assert main(["--root", str(corpus["root"]), "feedback"]) == 0
    pages = list((corpus["workdir"] / "feedback").rglob("*.html"))
    assert len(pages) == len(CASES)
    for page in pages:
        text = page.read_text()
        assert HIDDEN_MARK not in text and SOLUTION_MARK not in text
        assert "Traceback" not in text and len(text) < 200_000
    for nb in (corpus["workdir"] / "autograded").rglob("*.ipynb"):
        text = nb.read_text()
        assert SOLUTION_MARK not in text, nb
        # hidden tests are in the autograded notebook (as nbgrader does), but no
        # submission printed them: they appear only as the cells' own source
        assert text.count(HIDDEN_MARK) <= 2 * 2, nb


def test_instructor_files_stay_out_of_the_grading_folder(corpus):
    # nbgrader copies every file of the source folder into releases and autograded
    # folders; the grader copies only the notebook.
    assert not list(corpus["workdir"].rglob("instructor_notes.txt"))


def test_output_flood_is_capped_in_bytes(corpus):
    nb = corpus["workdir"] / "autograded" / "output_flood" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert nb.stat().st_size < 12 * 10**6


def test_sandbox_reached_no_network_and_changed_no_grader_file(corpus):
    assert corpus["listener"].hits == 0
    assert not corpus["canary"].exists()
    assert (corpus["root"] / "nbgrader_config.py").read_text() == "# the instructor's config\n"


def test_flags_are_visible_in_the_summary_the_csv_and_the_cells(corpus):
    from grader.autograde import summary_lines

    rows = corpus["json"]["students"]
    flagged = [name for name, r in rows.items() if r[ASSIGNMENT]["flags"]]
    assert flagged, "the corpus has tampering cases: some rows must carry flags"
    lines = summary_lines(corpus["json"], width=400)
    for name in flagged:
        row = rows[name][ASSIGNMENT]
        (line,) = [ln for ln in lines if ln.startswith(f"{name} ")]
        assert f" {len(row['flags'])}: {row['flags'][0][:40]}" in line, line
    # Each failing cell of the JSON carries the check's own message.
    failing = [(name, gid, cell) for name, r in rows.items()
               for gid, cell in r[ASSIGNMENT]["cells"].items()
               if r[ASSIGNMENT]["status"] == "graded" and cell["score"] < cell["max_score"]]
    assert failing
    assert all(cell["message"] for _, _, cell in failing), failing[:3]
