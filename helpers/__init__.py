"""The learner-side library shared by every notebook of the course.

Modules hold one concept each; import from them directly (e.g.
`from helpers.data import make_moons`) or use the names re-exported here. The library
never defines a function under an exercise's name: the exercises are yours to write.
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

from .activations import ACTIVATIONS, activation_backward, activation_forward
from .checks import CheckFailure, Checker, ExerciseNotDone, needs_exercises
from .data import (
    load_digits,
    make_blobs,
    make_circles,
    make_moons,
    make_spirals,
    train_dev_split,
)
from .initializers import INIT_SCHEMES, init_parameters
from .layers import dense_backward, dense_forward
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    categorical_cross_entropy_from_logits,
    l2_penalty,
    softmax_probabilities,
    squared_error_cost,
)
from .model import MLPConfig, accuracy, model_backward, model_cost, model_forward, predict, predict_proba
from .optimizers import OPTIMIZERS, adam_step, gd_step, init_optimizer_state, momentum_step, rmsprop_step
from .schedules import SCHEDULES, lr_at
from .training import History, TrainConfig, TrainResult, train

__all__ = [
    "ACTIVATIONS",
    "CheckFailure",
    "Checker",
    "ExerciseNotDone",
    "History",
    "INIT_SCHEMES",
    "MLPConfig",
    "OPTIMIZERS",
    "SCHEDULES",
    "TrainConfig",
    "TrainResult",
    "accuracy",
    "activation_backward",
    "activation_forward",
    "adam_step",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "categorical_cross_entropy",
    "categorical_cross_entropy_from_logits",
    "dense_backward",
    "dense_forward",
    "gd_step",
    "init_optimizer_state",
    "init_parameters",
    "l2_penalty",
    "load_digits",
    "lr_at",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_spirals",
    "model_backward",
    "model_cost",
    "model_forward",
    "momentum_step",
    "needs_exercises",
    "predict",
    "predict_proba",
    "rmsprop_step",
    "squared_error_cost",
    "train",
    "train_dev_split",
]
