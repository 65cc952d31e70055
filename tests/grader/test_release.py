"""`release` and `selftest` against real nbgrader on a throw-away course."""

import nbformat
import pytest

from grader.__main__ import main
from grader.cells import answer_cells, load_notebook

pytestmark = pytest.mark.slow


def test_release_strips_solutions_and_hidden_tests_and_check_detects_drift(course, capsys):
    (course / "solutions" / "00_demo" / "secret.txt").write_text("instructor only")
    assert main(["--root", str(course), "release"]) == 0
    released = course / "notebooks" / "00_demo" / "00_demo.ipynb"
    text = released.read_text()
    assert "return 2 * x" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "double(3)" not in text and "raise NotImplementedError()" in text
    assert sorted(p.name for p in released.parent.iterdir()) == ["00_demo.ipynb"]
    assert "NotImplementedError" in answer_cells(load_notebook(released))["double"].source
    assert main(["--root", str(course), "release", "--check"]) == 0

    solution = course / "solutions" / "00_demo" / "00_demo.ipynb"
    nb = nbformat.read(str(solution), as_version=4)
    nb.cells[0].source = "# Doubling, revised"
    nbformat.write(nb, str(solution))
    capsys.readouterr()
    assert main(["--root", str(course), "release", "--check"]) == 1
    assert "out of date for: 00_demo" in capsys.readouterr().out
    assert main(["--root", str(course), "release"]) == 0
    assert "Doubling, revised" in released.read_text()


def test_check_fails_on_solution_outputs_and_release_strips_them(course, capsys):
    assert main(["--root", str(course), "release"]) == 0
    solution = course / "solutions" / "00_demo" / "00_demo.ipynb"
    nb = nbformat.read(str(solution), as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[1].execution_count = 3
    nbformat.write(nb, str(solution))
    capsys.readouterr()
    assert main(["--root", str(course), "release", "--check"]) == 1
    assert "cell 1 has outputs" in capsys.readouterr().out
    assert main(["--root", str(course), "release"]) == 0
    assert main(["--root", str(course), "release", "--check"]) == 0
    assert not nbformat.read(str(solution), as_version=4).cells[1].outputs


def test_stale_release_folder_is_drift(course, capsys):
    assert main(["--root", str(course), "release"]) == 0
    (course / "notebooks" / "99_gone").mkdir()
    assert main(["--root", str(course), "release", "--check"]) == 1
    assert "99_gone (no solution)" in capsys.readouterr().out


def test_selftest_passes_for_a_sound_assignment(course, capsys):
    assert main(["--root", str(course), "selftest"]) == 0
    assert "ok   00_demo: solution 4/4, blank 0/4" in capsys.readouterr().out


def test_selftest_fails_when_the_blank_release_crashes_a_demo(course, capsys, make_notebook):
    nbformat.write(make_notebook(demo="print(double(21))"),
                   str(course / "solutions" / "00_demo" / "00_demo.ipynb"))
    assert main(["--root", str(course), "selftest"]) == 1
    out = capsys.readouterr().out
    assert "blank: cell 6 (not graded) raised NotImplementedError" in out


def test_selftest_fails_when_the_solution_fails_its_tests(course, capsys, make_notebook):
    nb = make_notebook()
    nb.cells[2].source = nb.cells[2].source.replace("return 2 * x", "return 2 * x + 1")
    nbformat.write(nb, str(course / "solutions" / "00_demo" / "00_demo.ipynb"))
    assert main(["--root", str(course), "selftest"]) == 1
    out = capsys.readouterr().out
    assert "solution scored 0/4" in out and "cell 3 (test_double) raised CheckFailure" in out
