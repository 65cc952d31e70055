import numpy as np
import pytest

from helpers.checks import Checker, CheckFailure, ExerciseNotDone, needs_exercises


def test_pass_line_counts_checks(capsys):
    with Checker("f") as check:
        check.true(True, "never")
        check.close(1.0, 1.0, "x")
    assert capsys.readouterr().out.strip() == "`f`: 2/2 checks passed"


def test_close_reports_worst_index_error_and_tolerance():
    check = Checker("f")
    actual = np.array([[1.0, 2.0], [3.0, 4.5]])
    with pytest.raises(CheckFailure) as info:
        check.close(actual, np.array([[1.0, 2.0], [3.0, 4.0]]), "`W1`", rtol=1e-6, atol=0)
    text = str(info.value)
    assert "`f`" in text and "`W1`" in text and "(1, 1)" in text
    assert "got 4.5" in text and "expected 4" in text and "rtol 1e-06" in text


def test_close_shows_the_allowed_error_of_the_worst_entry_not_the_bare_tolerance():
    # The failing entry is the small one: the large entry's bigger error is within its
    # relative allowance. The message must show the allowance where it failed, so an
    # error never sits beside a larger bare `rtol` and reads like a pass.
    check = Checker("f")
    with pytest.raises(CheckFailure) as info:
        check.close(np.array([100.5, 0.03]), np.array([100.0, 0.01]), "`x`",
                    rtol=0.01, atol=0)
    text = str(info.value)
    assert "at index (1,)" in text and "error 0.02," in text
    assert "more than the 0.0001 allowed there" in text


def test_close_names_the_matching_mistake():
    check = Checker("initialize_he")
    with pytest.raises(CheckFailure, match="Looks like you used 1/n instead of 2/n"):
        check.close(0.5, 1.0, "variance", mistakes={"used 1/n instead of 2/n": 0.5,
                                                    "other": 7.0})


def test_close_uses_relative_and_absolute_tolerance():
    check = Checker("f")
    check.close(1e-18, 0.0, "tiny", rtol=1e-7, atol=1e-12)  # absolute saves it
    check.close(1e6 + 1e-3, 1e6, "big", rtol=1e-7, atol=0)  # relative saves it
    with pytest.raises(CheckFailure):
        check.close(np.nan, 0.0, "nan")


def test_shape_hints_transpose_and_1d():
    check = Checker("f")
    with pytest.raises(CheckFailure, match="swapped"):
        check.shape(np.zeros((3, 2)), (2, 3), "`W1`", symbolic="(n[1], n[0])")
    with pytest.raises(CheckFailure, match="1-D array"):
        check.shape(np.zeros(3), (3, 1), "`b1`")
    with pytest.raises(CheckFailure, match="Did you compute"):
        check.shape(np.zeros((4, 4)), (2, 3), "`Z`", hints={(4, 4): "Did you compute X?"})


def test_call_turns_not_implemented_into_not_done():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(ExerciseNotDone, match="not implemented yet"):
        Checker("stub").call(stub, 1)


def test_call_reports_learner_exception_with_arguments():
    def broken(x):
        return x["missing"]

    with pytest.raises(CheckFailure, match=r"calling it with \(array\(2, 3\)\) raised IndexError"):
        Checker("broken").call(broken, np.zeros((2, 3)))


def test_raises_and_unchanged():
    check = Checker("f")
    check.raises(ValueError, lambda: int("x"), what="f('x')")
    with pytest.raises(CheckFailure, match="nothing was raised"):
        check.raises(ValueError, lambda: 1, what="f(1)")
    with pytest.raises(CheckFailure, match="in place"):
        check.unchanged(np.zeros(2), np.ones(2), "`X`")


def test_failure_renders_without_traceback():
    lines = CheckFailure("`f`: wrong\nsecond").__class__("`f`: wrong\nsecond")._render_traceback_()
    assert len(lines) == 2 and "wrong" in lines[0] and lines[1] == "second"


def test_needs_exercises_explains_and_lets_real_bugs_through(capsys):
    with needs_exercises("initialize_he"):
        raise NotImplementedError()
    out = capsys.readouterr().out
    assert "uses your `initialize_he`. It is not done yet: complete it, run its cell" in out
    with needs_exercises("f", "g", "h"):
        raise NotImplementedError()
    out = capsys.readouterr().out
    assert "uses your `f`, `g` and `h`. At least one of them is not done yet" in out
    assert "complete those exercises, run their cells" in out
    with pytest.raises(ZeroDivisionError), needs_exercises("f"):
        raise ZeroDivisionError("a real bug, not an exercise left to do")


def test_none_result_names_the_missing_return():
    with pytest.raises(CheckFailure, match="forget to `return`"):
        Checker("f").close(None, 1.0, "f(1)")
    with pytest.raises(CheckFailure, match="should be of type dict, got list"):
        Checker("f").isinstance([], dict, "the return value")


def test_needs_exercises_closes_the_figures_of_a_demo_it_stopped(capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kept = plt.figure()
    before = plt.get_fignums()  # other tests' figures may still be open
    with needs_exercises("f"):
        plt.subplots(1, 2)
        raise NotImplementedError()
    assert plt.get_fignums() == before and kept.number in before
    plt.close(kept)


def test_a_failure_carries_its_diagnosis_for_the_class_report():
    with pytest.raises(CheckFailure) as named:
        Checker("initialize_he").close(0.5, 1.0, "variance",
                                       mistakes={"used 1/n instead of 2/n": 0.5})
    assert named.value.mistake == "used 1/n instead of 2/n"
    with pytest.raises(CheckFailure) as hinted:
        Checker("f").true(False, "wrong sign.", hint="Did you subtract the wrong way round?")
    assert hinted.value.mistake == "Did you subtract the wrong way round?"
    with pytest.raises(CheckFailure) as bare:
        Checker("f").close(3.0, 1.0, "x", mistakes={"doubled": 2.0})
    assert bare.value.mistake is None
    with pytest.raises(CheckFailure) as explicit:
        Checker("f").fail("bad.", "Some hint.", mistake="axis-0")
    assert explicit.value.mistake == "axis-0" and str(explicit.value) == "`f`: bad. Some hint."
