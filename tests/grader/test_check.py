import nbformat

from grader.__main__ import main


def test_check_prints_score_table_with_messages(tmp_path, capsys, make_notebook):
    nb = make_notebook()
    nb.cells[4].source = "def double_all(xs):\n    return [x * 2 - 1 for x in xs]\n"
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, str(path))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "mine.ipynb: 2 / 4 points" in out
    assert "test_double  " in out and "test_double_all" in out and "FAIL" in out
    assert "double_all([1, 2]) is wrong at index (0,): got 1, expected 2" in out


def test_check_full_marks_exit_zero(tmp_path, capsys, make_notebook):
    path = tmp_path / "mine.ipynb"
    nbformat.write(make_notebook(), str(path))
    assert main(["check", str(path)]) == 0
    assert "4 / 4 points" in capsys.readouterr().out


def test_check_rejects_missing_and_malformed_files(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.ipynb")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    assert main(["check", str(bad)]) == 2
    assert "not a readable notebook" in capsys.readouterr().err
