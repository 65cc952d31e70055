"""Finding submissions: a row per student and assignment, special files refused."""

from __future__ import annotations

import os

from grader.submissions import discover


def test_discover_gives_every_student_a_row_per_assignment(tmp_path):
    (tmp_path / "alice" / "01_x").mkdir(parents=True)
    (tmp_path / "alice" / "01_x" / "01_x.ipynb").write_text("{}")
    (tmp_path / "bob" / "01_x").mkdir(parents=True)
    (tmp_path / "bob" / "01_x" / "mine.ipynb").write_text("{}")
    (tmp_path / "carol").mkdir()
    (tmp_path / "dave" / "99_unknown").mkdir(parents=True)
    (tmp_path / "eve").mkdir()
    (tmp_path / "eve" / "01_x").symlink_to(tmp_path / "alice" / "01_x")
    tasks, batch = discover(tmp_path, {"01_x"})
    rows = {(t.student, t.assignment): t for t in tasks}
    assert batch == ["01_x"]
    assert rows[("alice", "01_x")].path.endswith("01_x.ipynb")
    assert "renamed" in rows[("bob", "01_x")].problem
    assert rows[("carol", "01_x")].problem == "no submission for 01_x"
    assert "unknown assignment" in rows[("dave", "99_unknown")].problem
    assert "symbolic link" in rows[("eve", "01_x")].problem


def test_discover_refuses_special_files_and_escapes_names(tmp_path):
    base = os.fsencode(tmp_path)
    os.makedirs(base + b"/caf\xe9/01_x")
    (tmp_path / "caf\udce9" / "01_x" / "01_x.ipynb").write_text("{}")
    (tmp_path / "fifo" / "01_x").mkdir(parents=True)
    os.mkfifo(tmp_path / "fifo" / "01_x" / "01_x.ipynb")
    tasks, _ = discover(tmp_path, {"01_x"})
    rows = {t.student: t for t in tasks}
    assert rows["caf\\xe9"].path and "not valid UTF-8" in rows["caf\\xe9"].notes[0]
    assert "not a regular file" in rows["fifo"].problem
