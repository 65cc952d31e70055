"""The learner-side library shared by every notebook of the course.

Modules hold one concept each; import from them directly (e.g.
`from helpers.data import make_moons`) or use the names re-exported here. The library
never defines a function under an exercise's name: the exercises are yours to write.

Every public function checks its arguments once, then calls an unchecked private kernel
that does the work (`binary_cross_entropy_from_logits` over `losses._bce_from_logits`,
`train` over `_mlp_engine`, ...). The checks live in one module, `helpers._validate`, and
raise `ValueError` naming the argument, the expected and the received value, and the fix.
Library code that already holds checked values (the training loop, a dashboard's update)
calls the kernels directly, so no training step or slider change pays for a check twice.
"""

import matplotlib as _matplotlib

from .activations import ACTIVATIONS, activation_backward, activation_forward
from .checks import Checker, CheckFailure, ExerciseNotDone, needs_exercises
from .coarse_to_fine import run_trials, search_at_random, zoom_space
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
from .model import (
    MLPConfig,
    accuracy,
    model_backward,
    model_cost,
    model_forward,
    predict,
    predict_proba,
)
from .multiclass import (
    SoftmaxFit,
    argmax_one_hot,
    classifier_logits,
    confusion_matrix,
    fit_softmax_classifier,
    labels_to_one_hot,
    softmax_logit_gradient,
)
from .optimizers import (
    OPTIMIZERS,
    adam_step,
    gd_step,
    init_optimizer_state,
    momentum_step,
    rmsprop_step,
)
from .schedules import SCHEDULES, lr_at
from .search import averaging_window, ewa_betas, grid_over, log_uniform, random_over
from .training import History, TrainConfig, TrainResult, train
from .trial_pool import TrialPool
from .trials import SEARCH_SPACE, TrialObjective, train_trial, tuning_problem

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
    "softmax_probabilities",
    "squared_error_cost",
    "train",
    "train_dev_split",
    "SoftmaxFit",
    "argmax_one_hot",
    "classifier_logits",
    "confusion_matrix",
    "fit_softmax_classifier",
    "labels_to_one_hot",
    "softmax_logit_gradient",
    "SEARCH_SPACE",
    "TrialObjective",
    "TrialPool",
    "averaging_window",
    "ewa_betas",
    "grid_over",
    "log_uniform",
    "random_over",
    "run_trials",
    "search_at_random",
    "train_trial",
    "tuning_problem",
    "zoom_space",
]


def _configure_kernel():
    """Settings for a notebook kernel (no effect in plain Python or tests)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipywidgets
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    # Static figures use pyplot; choosing the inline backend up front avoids
    # "<Figure size ...>" text when a figure is displayed before pyplot was used.
    _matplotlib.use("module://matplotlib_inline.backend_inline")
    # The course's matrices are small: a second BLAS thread never helps them, and on a
    # busy 2-core machine its spin-waiting made a notebook run 30% slower.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


_configure_kernel()
