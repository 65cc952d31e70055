"""The learner's functions inside a dashboard, with the library standing in while not done.

Every dashboard of the course handles an unfinished exercise the same way:

* it receives the learner's functions as arguments and wraps them in one
  `LearnerFunctions`, together with the library's own version of each (or ``None``
  when the library has no stand-in, because the exercise *is* the thing shown);
* its compute step calls ``fns.call("name", ...)``: when the learner's function raises
  `NotImplementedError` (or `ExerciseNotDone`), the exercise is recorded as not done and
  the library's version answers instead, so the picture stays complete;
* the `Dashboard` is built with ``notice=fns.notice``: after every update the status line
  names every exercise not done yet, in notebook order, and says that the library's
  versions stand in;
* only an exercise without a stand-in stops an update: ``fns.call`` then raises
  `ExerciseNotDone` naming it, and the toolkit shows that message instead of a new frame;
* a part of the picture that can be left out (say, the learner's own point on a
  reference curve) uses ``fns.optional("name", ...)`` instead: it gives ``None`` while
  the exercise is not done, the rest of the picture is drawn, and the notice says the
  dashboard leaves that part out.

    fns = LearnerFunctions({"batchnorm_forward": batchnorm_forward_fn},
                           {"batchnorm_forward": helpers.batchnorm.batchnorm_forward},
                           probes={"batchnorm_forward": (np.ones((2, 3)), np.ones((2, 1)),
                                                         np.zeros((2, 1)))})
    Z_tilde, cache = fns.call("batchnorm_forward", Z, gamma, beta)
    Dashboard(controls, fig, update, name="bn", notice=fns.notice)

A learner function that raises any other error is a real bug: it propagates, and the
toolkit shows it in the status line.
"""

from __future__ import annotations

from ..checks import ExerciseNotDone

__all__ = ["LearnerFunctions", "not_done_notice"]


def _names(names):
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def not_done_notice(names, left_out=()):
    """The notice naming the exercises not done yet, or None when there is none.

    The library's versions stand in for `names`, except for those also in `left_out`
    (exercises without a library version, whose part of the picture is left out).
    """
    names = list(names)
    if not names:
        return None
    stood_in = [n for n in names if n not in left_out]
    missing = [n for n in names if n in left_out]
    parts = []
    if len(stood_in) == 1:
        parts.append(f"{_names(stood_in)} is not implemented yet, so the library's version "
                     f"stands in for it here.")
    elif stood_in:
        parts.append(f"{_names(stood_in)} are not implemented yet, so the library's versions "
                     f"stand in for them here.")
    if missing:
        verb, them = ("is", "it") if len(missing) == 1 else ("are", "them")
        parts.append(f"{_names(missing)} {verb} not implemented yet, so this dashboard "
                     f"leaves out what needs {them}.")
    todo = ("Complete that exercise, run its cell" if len(names) == 1
            else "Complete those exercises, run their cells")
    return f"{' '.join(parts)} {todo}, then run this cell again."


class LearnerFunctions:
    """The learner's functions of one dashboard, each with an optional library stand-in.

    Parameters
    ----------
    learner : dict of str -> callable or None
        Exercise name -> the learner's function (``None``: not given, the library's is
        used silently). The dict's order is the notebook's order, used by the notice.
    library : dict of str -> callable or None
        Exercise name -> the library's version, or ``None`` when there is none (then a
        not-done learner function stops the update with `ExerciseNotDone`).
    probes : dict of str -> tuple, optional
        Exercise name -> arguments of one cheap call made now, so that the notice lists
        every exercise not done from the first frame on. A probe that fails with another
        error is ignored here: the bug shows when the function is really used.
    """

    def __init__(self, learner, library, *, probes=None):
        unknown = sorted(set(learner) - set(library))
        if unknown:
            raise ValueError(f"`learner`: expected exercise names among {sorted(library)}, "
                             f"got unknown {unknown}.")
        for name, fn in learner.items():
            if fn is not None and not callable(fn):
                raise ValueError(f"`{name}`: expected a function or None, got {fn!r}.")
        self.order = list(learner) + [n for n in library if n not in learner]
        self.learner = {n: fn for n, fn in learner.items() if fn is not None}
        self.library = dict(library)
        self.not_done = set()
        for name, args in (probes or {}).items():
            if name in self.learner:
                try:
                    self.learner[name](*args)
                except (NotImplementedError, ExerciseNotDone):
                    self.not_done.add(name)
                except Exception:  # noqa: BLE001 - a real bug shows when the function is used
                    pass

    def uses_learner(self, name):
        """Whether calls of `name` go to the learner's function (given and done)."""
        return name in self.learner and name not in self.not_done

    def call(self, name, *args, **kwargs):
        """Call the learner's `name`; the library's when it is not done or not given."""
        if self.uses_learner(name):
            try:
                return self.learner[name](*args, **kwargs)
            except (NotImplementedError, ExerciseNotDone):
                self.not_done.add(name)
        fallback = self.library.get(name)
        if fallback is None:
            if name not in self.learner:
                raise ValueError(f"no function for `{name}`: pass the learner's function "
                                 f"(the library has no version of it).")
            raise ExerciseNotDone(
                f"`{name}` is not implemented yet and this dashboard needs it: complete its "
                f"exercise, run its cell, then run this cell again.")
        return fallback(*args, **kwargs)

    def optional(self, name, *args, **kwargs):
        """Like `call`, for an exercise the picture can do without (no library version).

        Returns the learner's result, or ``None`` while the function is not done (or not
        given): the update then draws the rest of its picture, and the notice says that
        the dashboard leaves this part out.
        """
        if self.library.get(name) is not None:
            raise ValueError(f"`{name}` has a library version: use `call`, not `optional`.")
        if not self.uses_learner(name):
            return None
        try:
            return self.learner[name](*args, **kwargs)
        except (NotImplementedError, ExerciseNotDone):
            self.not_done.add(name)
            return None

    def notice(self):
        """The standing notice for `Dashboard(notice=...)`: exercises not done, or None."""
        left_out = {n for n, fn in self.library.items() if fn is None}
        return not_done_notice((n for n in self.order if n in self.not_done), left_out)
