"""Learner-facing checks: the assertions behind every exercise test cell.

A test cell opens a `Checker` for one exercise and runs a sequence of checks: type,
then shape, then values. The first failure stops the cell with one `CheckFailure`
whose message names the function, what was wrong (shapes, worst index, error and
tolerance) and, when a known mistake explains the wrong value, that mistake. A cell
that passes prints one line: "`initialize_he`: 4/4 checks passed".

    with Checker("initialize_he") as check:
        params = check.call(initialize_he, [3, 2, 1], rng)
        check.isinstance(params, dict, "the return value")
        check.shape(params["W1"], (2, 3), "params['W1']", symbolic="(n[1], n[0])")

`CheckFailure` subclasses `AssertionError` (so nbgrader counts it as a failed test)
and renders without a traceback in IPython, so the learner sees the message, not
library frames, and hidden test source never leaks through a traceback.
"""

from __future__ import annotations

import contextlib
import sys

import numpy as np

__all__ = [
    "CheckFailure",
    "Checker",
    "ExerciseNotDone",
    "needs_exercises",
]


class CheckFailure(AssertionError):
    """A failed exercise check; IPython shows only its message.

    `mistake` is the diagnosis, when the check made one: a stable identifier (the
    named-mistake key a test passed, or its hint) that the instructor's class report
    counts across students. ``None`` for an undiagnosed failure.
    """

    def __init__(self, *args, mistake=None):
        super().__init__(*args)
        self.mistake = mistake

    def _render_traceback_(self):
        # IPython calls this instead of formatting the stack: one red line per
        # message line, nothing from inside the checks or the hidden tests.
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines() or [""])]


class ExerciseNotDone(CheckFailure):
    """Raised when a learner's function still raises `NotImplementedError`."""


def _exercise_hint(name):
    return (f"`{name}` is not implemented yet: write its body in the exercise cell "
            f"(replace `raise NotImplementedError()`) and run that cell again.")


def _fmt(x):
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return repr(x)


class Checker:
    """A sequence of checks on one exercise function.

    Parameters
    ----------
    name : str
        The exercise function's name, used in every message.
    quiet : bool
        Do not print the pass line (for checks nested in a larger test).
    """

    def __init__(self, name, *, quiet=False):
        self.name = name
        self.quiet = quiet
        self.passed = 0

    # -- context manager -------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None and not self.quiet:
            print(f"`{self.name}`: {self.passed}/{self.passed} checks passed")
        return False

    # -- building blocks -------------------------------------------------------
    def fail(self, message, hint=None, *, mistake=None):
        """Stop with a `CheckFailure` naming the function.

        `mistake` identifies the diagnosed mistake for the class report; by default the
        hint is the diagnosis (tests pass one only when they recognized a mistake).
        """
        text = f"`{self.name}`: {message}"
        if hint:
            text += f" {hint}"
        raise CheckFailure(text, mistake=mistake or hint or None)

    def ok(self):
        self.passed += 1

    def _not_none(self, value, what):
        if value is None:
            self.fail(f"{what} is None.", "Did you forget to `return` the result?")

    def call(self, fn, *args, **kwargs):
        """Call the learner's `fn` and return its result.

        `NotImplementedError` becomes `ExerciseNotDone`; any other exception becomes a
        `CheckFailure` naming the exception, so the learner sees which call broke.
        """
        if not callable(fn):
            self.fail(f"expected a function, got {type(fn).__name__}. Did you overwrite "
                      f"`{self.name}` with a value? Re-run its exercise cell.")
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            raise ExerciseNotDone(_exercise_hint(self.name)) from None
        except CheckFailure:
            raise
        except Exception as exc:  # noqa: BLE001 - any learner error is reported, not raised
            shown = ", ".join([_short(a) for a in args] +
                              [f"{k}={_short(v)}" for k, v in kwargs.items()])
            raise CheckFailure(
                f"`{self.name}`: calling it with ({shown}) raised "
                f"{type(exc).__name__}: {exc}") from None
        self.ok()
        return result

    def true(self, condition, message, hint=None):
        """Pass when `condition` holds, else fail with `message`."""
        if not bool(condition):
            self.fail(message, hint)
        self.ok()

    def isinstance(self, value, types, what, hint=None):
        """Check the type of `what`."""
        if not isinstance(value, types):
            names = (types.__name__ if isinstance(types, type)
                     else " or ".join(t.__name__ for t in types))
            self.fail(f"{what} should be of type {names}, got {type(value).__name__}.", hint)
        self.ok()

    def keys(self, mapping, expected, what, hint=None):
        """Check that a dict has exactly the `expected` keys."""
        got = set(mapping)
        want = set(expected)
        if got != want:
            parts = []
            if want - got:
                parts.append(f"missing {sorted(want - got)}")
            if got - want:
                parts.append(f"unexpected {sorted(got - want)}")
            self.fail(f"{what} has the wrong keys: {'; '.join(parts)}.", hint)
        self.ok()

    def array(self, value, what):
        """Check that `value` is array-like with numbers; return it as an ndarray."""
        self._not_none(value, what)
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            self.fail(f"{what} should be a numeric array, got {type(value).__name__}.")
        self.ok()
        return arr

    def shape(self, value, expected, what, *, symbolic=None, hints=None):
        """Check `np.shape(value) == expected`.

        `symbolic` is the shape in the course notation, e.g. "(n[1], m)"; `hints`
        maps a wrong shape to the mistake that produces it.
        """
        got = np.shape(value)
        expected = tuple(expected)
        if got != expected:
            want = f"{symbolic} = {expected}" if symbolic else f"{expected}"
            hint = (hints or {}).get(got)
            if hint is None and len(got) == 1 and len(expected) == 2 and 1 in expected:
                hint = ("A 1-D array broadcasts the wrong way; keep the 2-D shape "
                        "(e.g. `np.zeros((n, 1))` or `keepdims=True`).")
            if hint is None and got == expected[::-1]:
                hint = "The axes are swapped: did you transpose, or use rows for examples?"
            self.fail(f"{what} has shape {got}; expected {want}.", hint)
        self.ok()

    def close(self, actual, expected, what, *, rtol=1e-7, atol=1e-10, mistakes=None,
              hint=None):
        """Check values with a relative *and* an absolute tolerance.

        Passes where ``|actual - expected| <= atol + rtol * |expected|`` everywhere.
        On failure, `mistakes` (label -> value a known mistake would produce) is
        searched for a match so the message can name the mistake.
        """
        self._not_none(actual, what)
        try:
            actual_arr = np.asarray(actual, dtype=float)
        except (TypeError, ValueError):
            self.fail(f"{what} should be numeric, got {type(actual).__name__}.")
        expected_arr = np.asarray(expected, dtype=float)
        if actual_arr.shape != expected_arr.shape:
            self.shape(actual_arr, expected_arr.shape, what)
        if _within(actual_arr, expected_arr, rtol, atol):
            self.ok()
            return
        found = None
        for label, wrong in (mistakes or {}).items():
            wrong_arr = np.asarray(wrong, dtype=float)
            if wrong_arr.shape == actual_arr.shape and _within(actual_arr, wrong_arr, rtol, atol):
                found = label
                break
        with np.errstate(invalid="ignore"):
            err = np.abs(actual_arr - expected_arr)
            err = np.where(np.isnan(err), np.inf, err)
            allowed = atol + rtol * np.abs(expected_arr)
            # The entry furthest outside its own allowance, not the largest raw error:
            # with a relative tolerance a large entry may pass with a larger error.
            excess = np.where(np.isinf(err), np.inf, err - allowed)
        idx = np.unravel_index(int(np.argmax(excess)), excess.shape) if excess.ndim else ()
        where = f" at index {tuple(int(i) for i in idx)}" if idx else ""
        message = (f"{what} is wrong{where}: got {_fmt(actual_arr[idx])}, expected "
                   f"{_fmt(expected_arr[idx])} (error {_fmt(float(err[idx]))}, more than the "
                   f"{_fmt(float(allowed[idx]))} allowed there = atol {atol:g} + rtol {rtol:g}"
                   f" x |expected|).")
        self.fail(message, f"Looks like you {found}." if found else hint, mistake=found)

    def raises(self, exc_type, fn, *args, what, hint=None, **kwargs):
        """Check that calling `fn` raises `exc_type` (e.g. `ValueError` for bad input)."""
        try:
            fn(*args, **kwargs)
        except exc_type:
            self.ok()
            return
        except NotImplementedError:
            raise ExerciseNotDone(_exercise_hint(self.name)) from None
        except Exception as exc:  # noqa: BLE001
            self.fail(f"{what} should raise {exc_type.__name__}, but it raised "
                      f"{type(exc).__name__}: {exc}", hint)
        self.fail(f"{what} should raise {exc_type.__name__}, but nothing was raised.", hint)

    def unchanged(self, before, after, what):
        """Check that an argument was not modified in place."""
        if not np.array_equal(np.asarray(before), np.asarray(after)):
            self.fail(f"it modified its argument {what} in place. Exercise functions "
                      f"must leave their inputs untouched: work on a copy (e.g. "
                      f"`x = x.copy()` or `x = x * 1.0`) or build a new array.")
        self.ok()

    def within(self, value, low, high, what, hint=None):
        """Check `low <= value <= high` for a statistic."""
        v = float(value)
        if not (low <= v <= high):
            self.fail(f"{what} is {_fmt(v)}; expected between {_fmt(low)} and {_fmt(high)}.",
                      hint)
        self.ok()


def _within(actual, expected, rtol, atol):
    with np.errstate(invalid="ignore"):
        ok = np.abs(actual - expected) <= atol + rtol * np.abs(expected)
    # Matching infinities (same sign) count as equal; NaN never does.
    same_inf = np.isinf(actual) & np.isinf(expected) & (np.sign(actual) == np.sign(expected))
    return bool(np.all(ok | same_inf))


def _short(value):
    if isinstance(value, np.ndarray):
        return f"array{value.shape}"
    if isinstance(value, np.random.Generator):
        return "rng"
    text = " ".join(repr(value).split())  # one line, whatever the repr
    return text if len(text) <= 40 else text[:37] + "..."


def _pyplot_figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    return set(pyplot.get_fignums()) if pyplot else set()


def _close_new_figures(before):
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot:
        for number in set(pyplot.get_fignums()) - before:
            pyplot.close(number)


@contextlib.contextmanager
def needs_exercises(*names):
    """Run a demo that uses the learner's exercises; explain instead of crashing.

    If the demo hits a function that still raises `NotImplementedError`, print which
    exercises the demo needs and stop the demo quietly; any other error propagates,
    because it is a real bug the learner should see.

    Examples
    --------
    >>> with needs_exercises("initialize_he"):
    ...     compare_initializations(initialize_he)
    """
    open_figures = _pyplot_figures()
    try:
        yield
    except (NotImplementedError, ExerciseNotDone):
        _close_new_figures(open_figures)  # no empty axes under the message
        quoted = [f"`{n}`" for n in names]
        if len(quoted) > 1:
            listed = f"{', '.join(quoted[:-1])} and {quoted[-1]}"
            todo = ("At least one of them is not done yet: complete those exercises, run "
                    "their cells, then run this cell again.")
        else:
            listed = quoted[0] if quoted else "an earlier exercise"
            todo = "It is not done yet: complete it, run its cell, then run this cell again."
        print(f"This demo uses your {listed}. {todo}", file=sys.stdout)
