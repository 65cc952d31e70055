import pytest

from grader.cells import answer_cells, exercise_names, graded_test_cells, run_exercise, setup_cells


def test_roles_are_read_from_nbgrader_metadata(make_notebook):
    nb = make_notebook()
    assert exercise_names(nb) == ["double", "double_all"]
    ids = [c.metadata.nbgrader.grade_id for c in graded_test_cells(nb, "double")]
    assert ids == ["test_double"]
    assert [c.metadata.nbgrader.grade_id for c in graded_test_cells(nb, "double_all")] == \
        ["test_double_all"]  # longest prefix wins: not a test of `double`
    assert len(setup_cells(nb)) == 1 and len(answer_cells(nb)) == 2


def test_solution_passes_including_hidden_tests(make_notebook):
    [outcome] = run_exercise(make_notebook(), "double")
    assert outcome.passed and outcome.score == 2
    assert outcome.output.count("`double`: 2/2 checks passed") == 2  # visible + hidden


def test_wrong_answer_fails_with_named_mistake(make_notebook):
    [outcome] = run_exercise(make_notebook(), "double", "def double(x):\n    return x * x\n")
    assert not outcome.passed and outcome.score == 0 and outcome.error == "CheckFailure"
    assert "Looks like you squared x" in outcome.message


def test_hidden_tests_catch_hard_coding(make_notebook):
    [outcome] = run_exercise(make_notebook(), "double", "def double(x):\n    return 4\n")
    assert not outcome.passed and "double(3)" in outcome.message


def test_other_answers_come_from_the_notebook_or_the_caller(make_notebook):
    [ok] = run_exercise(make_notebook(), "double_all")
    assert ok.passed
    [broken] = run_exercise(make_notebook(), "double_all",
                            others={"double": "def double(x):\n    raise NotImplementedError()"})
    assert broken.error == "ExerciseNotDone"


def test_unknown_exercise_is_a_value_error(make_notebook):
    with pytest.raises(ValueError, match="`name`: expected one of"):
        run_exercise(make_notebook(), "triple")


def test_solution_points_are_the_test_cells_points_and_the_report_agrees(course):
    import json

    from grader.cells import solution_points
    from grader.course import solution_path
    from grader.report_data import layout

    points = solution_points(course, "00_demo")
    nb = json.loads(solution_path(course, "00_demo").read_text())
    expected = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]["points"]
                for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")}
    assert points == expected and list(points) == ["test_double", "test_double_all"]
    plan = layout(course, "00_demo")
    assert plan["max_score"] == sum(points.values())
    assert [t["exercise"] for t in plan["tests"]] == ["double", "double_all"]


@pytest.mark.parametrize("assignment", ["", "99_unknown"])
def test_solution_points_of_an_unknown_assignment_is_an_error(course, assignment):
    from grader.cells import solution_points

    with pytest.raises(ValueError, match="`assignment`: expected one with a notebook"):
        solution_points(course, assignment)
