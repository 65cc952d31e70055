"""The learner-side library shared by every notebook of the course.

Modules hold one concept each; import from them directly, e.g.
`from helpers.data import make_moons`. The names below are re-exported for convenience.
"""

import matplotlib as _matplotlib

# Notebooks draw static figures with pyplot; choosing the inline backend up front
# avoids "<Figure size ...>" text when a figure is displayed before pyplot was used.
try:  # pragma: no cover - depends on the running kernel
    from IPython import get_ipython as _get_ipython

    if _get_ipython() is not None and getattr(_get_ipython(), "kernel", None) is not None:
        _matplotlib.use("module://matplotlib_inline.backend_inline")
except ImportError:  # pragma: no cover
    pass

from .checks import CheckFailure, Checker, ExerciseNotDone, needs_exercises
from .data import (
    load_digits,
    make_blobs,
    make_circles,
    make_moons,
    make_spirals,
    train_dev_split,
)

__all__ = [
    "CheckFailure",
    "Checker",
    "ExerciseNotDone",
    "load_digits",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_spirals",
    "needs_exercises",
    "train_dev_split",
]
