"""What notebook 06's dashboard computes for one setting (no drawing here).

The data (three spiral arms in the plane, the 8x8 digits split once), the learner's
functions with their library stand-ins (`learner_functions`), the trained classifiers
(`SoftmaxModels`, each trained on first use and then kept) and `run_setting`, which
computes everything one setting of the controls shows as a `SoftmaxResult`.
`helpers.dashboards.softmax_panels` draws it; `helpers.dashboards.softmax` wires it to
the controls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import load_digits
from ..losses import softmax_probabilities
from ..multiclass import (
    argmax_one_hot,
    classifier_logits,
    fit_softmax_classifier,
    labels_to_one_hot,
    softmax_logit_gradient,
)
from ..plots import boundary_grid
from ..training import one_blas_thread
from .learner import LearnerFunctions

__all__ = [
    "CLASS_NAMES",
    "DEFAULTS",
    "SoftmaxModels",
    "SoftmaxResult",
    "digits_problem",
    "learner_functions",
    "logit_setting",
    "regions_problem",
    "run_setting",
]

#: The four classes of the logits panel; class 0 is "none of these".
CLASS_NAMES = ("other", "cat", "dog", "chick")
REGION_CLASSES = 3
REGION_RESOLUTION = 80
DIGITS_TEST = 450

#: The starting setting; `z1..z4` are the logits of classes 0..3.
DEFAULTS = {"z1": 1.0, "z2": 3.0, "z3": 2.0, "z4": -1.0, "temperature": 1.0,
            "hidden_units": 0, "digit": 0}
MAX_HIDDEN = 30
REGION_STEPS = 300  # Adam steps per decision-region classifier (~50 ms with 30 units)
REGION_LR = 0.05
DIGIT_STEPS = 100  # softmax regression on the digits: ~0.96 test accuracy
DIGIT_LR = 0.05


def regions_problem(seed=0, m_per_class=100, noise=0.2, turn=3.0):
    """Three interleaved spiral arms in the plane: no straight line separates them.

    Parameters
    ----------
    seed : int
    m_per_class : int
    noise : float
        Standard deviation of the angle's noise, in radians.
    turn : float
        Angle, in radians, each arm turns through from the center outwards.

    Returns
    -------
    X : ndarray of shape (2, m), m = 3 * m_per_class
    y : ndarray of shape (m,)
        Integer labels 0, 1, 2.
    """
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.1, 1.0, m_per_class), REGION_CLASSES)
    y = np.repeat(np.arange(REGION_CLASSES), m_per_class)
    angle = (np.tile(np.linspace(0.0, turn, m_per_class), REGION_CLASSES)
             + 2 * np.pi * y / REGION_CLASSES + noise * rng.standard_normal(y.size))
    X = 2.0 * radius * np.stack([np.cos(angle), np.sin(angle)])
    return X, y


def digits_problem(seed=0):
    """The 8x8 digits, split once into a training and a test set.

    Returns
    -------
    X_train : ndarray of shape (64, 1347)
    y_train : ndarray of shape (1347,)
    X_test : ndarray of shape (64, 450)
    y_test : ndarray of shape (450,)
    """
    X, y = load_digits()
    order = np.random.default_rng(seed).permutation(X.shape[1])
    test, train = order[:DIGITS_TEST], order[DIGITS_TEST:]
    return (np.ascontiguousarray(X[:, train]), y[train], np.ascontiguousarray(X[:, test]),
            y[test])


def learner_functions(*, one_hot_fn=None, softmax_fn=None, hardmax_fn=None,
                      softmax_backward_fn=None):
    """The learner's functions, each with its library stand-in (see `LearnerFunctions`)."""
    given = {"one_hot": one_hot_fn, "softmax": softmax_fn, "hardmax": hardmax_fn,
             "softmax_backward": softmax_backward_fn}
    library = {"one_hot": labels_to_one_hot, "softmax": softmax_probabilities,
               "hardmax": argmax_one_hot, "softmax_backward": softmax_logit_gradient}
    column = np.array([[0.0], [1.0]])
    probes = {"one_hot": (np.array([1]), 2), "softmax": (column,), "hardmax": (column,),
              "softmax_backward": (np.full((2, 1), 0.5), column)}
    return LearnerFunctions(given, library, probes=probes)


class SoftmaxModels:
    """The dashboard's data and its trained classifiers, trained on first use.

    Parameters
    ----------
    fns : LearnerFunctions
        From `learner_functions`: the classifiers train with its ``softmax`` and
        ``softmax_backward`` and take their labels from its ``one_hot``.
    seed : int
        Seeds the data and every classifier's initial weights.
    """

    def __init__(self, fns, seed=0):
        if not isinstance(fns, LearnerFunctions):
            raise ValueError(f"`fns`: expected the LearnerFunctions of `learner_functions`, "
                             f"got {type(fns).__name__}.")
        self.fns, self.seed = fns, int(seed)
        self.X, self.y = regions_problem(seed)
        self.grid, _ = boundary_grid(self.X, REGION_RESOLUTION)
        self.X_train, self.y_train, self.X_test, self.y_test = digits_problem(seed)
        self._regions = {}
        self._digits = None

    def _fit(self, X, y, C, hidden_units, steps, lr):
        fns = self.fns
        return fit_softmax_classifier(
            X, np.asarray(fns.call("one_hot", y, C), dtype=float),
            np.random.default_rng(self.seed), hidden_units=hidden_units, steps=steps, lr=lr,
            softmax_fn=lambda Z: fns.call("softmax", Z),
            softmax_backward_fn=lambda AL, Y: fns.call("softmax_backward", AL, Y))

    def is_trained(self, hidden_units):
        """Whether the region classifier with `hidden_units` is already trained."""
        return int(hidden_units) in self._regions

    def region_fit(self, hidden_units):
        """The `SoftmaxFit` of the 2-D dataset with `hidden_units` (0: no hidden layer)."""
        key = int(hidden_units)
        if key not in self._regions:
            self._regions[key] = self._fit(self.X, self.y, REGION_CLASSES, key,
                                           REGION_STEPS, REGION_LR)
        return self._regions[key]

    def digits_fit(self):
        """The softmax-regression `SoftmaxFit` of the digits' training set."""
        if self._digits is None:
            self._digits = self._fit(self.X_train, self.y_train, 10, 0, DIGIT_STEPS, DIGIT_LR)
        return self._digits


@dataclass(frozen=True)
class SoftmaxResult:
    """What one setting shows (see `run_setting`)."""

    logits: np.ndarray          # (4,)
    temperature: float
    probabilities: np.ndarray   # (4,) softmax(z / T)
    hard: np.ndarray            # (4,) hardmax(z)
    hidden_units: int
    grid_labels: np.ndarray     # (REGION_RESOLUTION**2,) predicted class of each grid point
    region_accuracy: float      # training accuracy of the region classifier
    digit: int
    digit_image: np.ndarray     # (8, 8)
    digit_probabilities: np.ndarray  # (10,)
    digit_label: int
    digit_predicted: int
    digits_accuracy: float      # test accuracy of the digits classifier

    def readout(self):
        """The one-line summary under the controls."""
        probs = " ".join(f"{p:.2f}" for p in self.probabilities)
        winner = CLASS_NAMES[int(np.argmax(self.hard))]
        layer = f"{self.hidden_units} hidden units" if self.hidden_units else "no hidden layer"
        p = self.digit_probabilities[self.digit_predicted]
        return (f"softmax(z/T) = [{probs}] at T = {self.temperature:.2f}, hardmax: {winner} · "
                f"{layer}: train accuracy {self.region_accuracy:.2f} · digit #{self.digit}: "
                f"{self.digit_label} → {self.digit_predicted} (p = {p:.2f})")


def _column(fns, name, Z):
    return np.asarray(fns.call(name, Z), dtype=float)


def logit_setting(values, fns):
    """The logits panel alone: ``(logits, temperature, softmax(z / T), hardmax(z))``.

    Parameters
    ----------
    values : dict
        ``"z1"`` .. ``"z4"`` and ``"temperature"`` (> 0).
    fns : LearnerFunctions

    Returns
    -------
    logits : ndarray of shape (4,)
    temperature : float
    probabilities : ndarray of shape (4,)
    hard : ndarray of shape (4,)
    """
    logits = np.array([float(values[f"z{k}"]) for k in range(1, 5)])
    temperature = float(values["temperature"])
    if not temperature > 0:
        raise ValueError(f"`temperature`: expected a value > 0, got {temperature}.")
    probabilities = _column(fns, "softmax", (logits / temperature).reshape(-1, 1)).ravel()
    hard = _column(fns, "hardmax", logits.reshape(-1, 1)).ravel()
    return logits, temperature, probabilities, hard


def run_setting(values, models):
    """Compute everything one setting shows, with the learner's functions.

    Parameters
    ----------
    values : dict
        ``"z1"`` .. ``"z4"``, ``"temperature"`` (> 0), ``"hidden_units"`` (>= 0),
        ``"digit"`` (an index into the test digits), as in `DEFAULTS`.
    models : SoftmaxModels
        Data and trained classifiers (a classifier not trained yet is trained now).

    Returns
    -------
    SoftmaxResult
    """
    fns = models.fns
    logits, temperature, probabilities, hard = logit_setting(values, fns)
    hidden = int(values["hidden_units"])
    region = models.region_fit(hidden)
    digits = models.digits_fit()
    index = int(values["digit"])
    if not 0 <= index < models.y_test.size:
        raise ValueError(f"`digit`: expected an index in [0, {models.y_test.size}), got "
                         f"{index}.")
    with one_blas_thread():
        grid_hard = _column(fns, "hardmax", classifier_logits(region.parameters, models.grid))
        train_hard = _column(fns, "hardmax", classifier_logits(region.parameters, models.X))
        test_logits = classifier_logits(digits.parameters, models.X_test)
    test_predicted = _column(fns, "hardmax", test_logits).argmax(axis=0)
    digit_probs = _column(fns, "softmax", test_logits[:, index:index + 1]).ravel()
    return SoftmaxResult(
        logits=logits, temperature=temperature, probabilities=probabilities, hard=hard,
        hidden_units=hidden, grid_labels=grid_hard.argmax(axis=0),
        region_accuracy=float(np.mean(train_hard.argmax(axis=0) == models.y)),
        digit=index, digit_image=models.X_test[:, index].reshape(8, 8),
        digit_probabilities=digit_probs, digit_label=int(models.y_test[index]),
        digit_predicted=int(test_predicted[index]),
        digits_accuracy=float(np.mean(test_predicted == models.y_test)))
