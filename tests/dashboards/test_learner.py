import pytest

from helpers.checks import ExerciseNotDone
from helpers.dashboards.learner import LearnerFunctions, not_done_notice


def _not_done(*args):
    raise NotImplementedError()


def _double(x):
    return 2 * x


def _library_double(x):
    return 2 * x + 0.0


def test_a_done_function_is_used_and_no_notice():
    calls = []

    def mine(x):
        calls.append(x)
        return 2 * x

    fns = LearnerFunctions({"double": mine}, {"double": _library_double})
    assert fns.call("double", 3) == 6 and calls == [3]
    assert fns.notice() is None and fns.uses_learner("double")


def test_a_not_done_function_is_replaced_and_named_in_order():
    fns = LearnerFunctions({"first": _not_done, "second": _not_done, "third": _double},
                           {"first": _library_double, "second": _library_double,
                            "third": _library_double})
    assert fns.call("second", 2) == 4.0
    assert fns.notice().startswith("`second` is not implemented yet")
    assert fns.call("first", 1) == 2.0
    notice = fns.notice()
    assert notice.startswith("`first` and `second` are not implemented yet")
    assert "`third`" not in notice and not fns.uses_learner("first")


def test_probes_find_not_done_functions_before_the_first_call():
    fns = LearnerFunctions({"a": _not_done, "b": _double}, {"a": _double, "b": _double},
                           probes={"a": (1,), "b": (1,)})
    assert fns.not_done == {"a"} and "`a`" in fns.notice()


def test_without_a_stand_in_the_update_stops_with_the_exercise_named():
    fns = LearnerFunctions({"shown": _not_done}, {"shown": None})
    with pytest.raises(ExerciseNotDone, match="`shown` is not implemented yet"):
        fns.call("shown", 1)


def test_other_errors_are_real_bugs_and_propagate():
    def broken(x):
        raise ZeroDivisionError("boom")

    fns = LearnerFunctions({"f": broken}, {"f": _double}, probes={"f": (1,)})
    assert fns.not_done == set()
    with pytest.raises(ZeroDivisionError):
        fns.call("f", 1)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="unknown \\['typo'\\]"):
        LearnerFunctions({"typo": _double}, {"f": _double})
    with pytest.raises(ValueError, match="`f`: expected a function or None, got 3"):
        LearnerFunctions({"f": 3}, {"f": _double})
    assert not_done_notice([]) is None


def test_optional_gives_none_while_not_done_and_the_notice_says_what_is_left_out():
    fns = LearnerFunctions({"star": _not_done, "double": _not_done},
                           {"star": None, "double": _library_double})
    assert fns.optional("star", 1) is None and fns.not_done == {"star"}
    assert fns.notice() == ("`star` is not implemented yet, so this dashboard leaves out "
                            "what needs it. Complete that exercise, run its cell, then run "
                            "this cell again.")
    assert fns.call("double", 2) == 4.0
    assert fns.notice().startswith("`double` is not implemented yet, so the library's version "
                                   "stands in for it here. `star` is not implemented yet")
    done = LearnerFunctions({"star": _double}, {"star": None})
    assert done.optional("star", 3) == 6 and done.notice() is None
    with pytest.raises(ValueError, match="use `call`"):
        fns.optional("double", 1)
