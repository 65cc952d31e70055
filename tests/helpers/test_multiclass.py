"""helpers.multiclass: label conversions, the output gradient, the confusion matrix and the
small softmax classifier (its backward pass against a numerical gradient)."""

import numpy as np
import pytest

from helpers.losses import softmax_probabilities
from helpers.multiclass import (
    argmax_one_hot,
    classifier_gradients,
    classifier_logits,
    confusion_matrix,
    fit_softmax_classifier,
    labels_to_one_hot,
    softmax_logit_gradient,
)
from tests.helpers.gradcheck import num_grads_of_dict, rel_error


def test_labels_to_one_hot_puts_one_per_column():
    Y = labels_to_one_hot(np.array([2, 0, 2]), 4)
    assert Y.shape == (4, 3)
    assert Y.tolist() == [[0, 1, 0], [0, 0, 0], [1, 0, 1], [0, 0, 0]]


@pytest.mark.parametrize("y, C", [([0, 3], 3), ([-1, 0], 3), ([[0, 1]], 2), ([0.5], 2)])
def test_labels_to_one_hot_rejects_bad_labels(y, C):
    with pytest.raises(ValueError, match="`y`"):
        labels_to_one_hot(np.array(y), C)


def test_argmax_one_hot_keeps_the_first_tie():
    H = argmax_one_hot(np.array([[1.0, 2.0], [1.0, 5.0], [0.0, 5.0]]))
    assert H.tolist() == [[1, 0], [0, 1], [0, 0]]
    with pytest.raises(ValueError, match="`Z`"):
        argmax_one_hot(np.zeros(3))


def test_softmax_logit_gradient_is_a_minus_y():
    A = np.array([[0.2, 0.6], [0.8, 0.4]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert np.allclose(softmax_logit_gradient(A, Y), [[-0.8, 0.6], [0.8, -0.6]])
    with pytest.raises(ValueError, match="`Y`"):
        softmax_logit_gradient(A, Y[:, :1])


def test_confusion_matrix_counts_pairs():
    counts = confusion_matrix(np.array([0, 0, 1, 2, 2]), np.array([0, 1, 1, 2, 0]), 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    with pytest.raises(ValueError, match="y_pred"):
        confusion_matrix(np.array([0, 1]), np.array([0, 3]), 3)


@pytest.mark.parametrize("hidden", [0, 4])
def test_backward_pass_matches_a_numerical_gradient(hidden):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 7))
    Y = labels_to_one_hot(rng.integers(0, 3, size=7), 3)
    fit = fit_softmax_classifier(X, Y, rng, hidden_units=hidden, steps=5)
    P = {k: v.copy() for k, v in fit.parameters.items()}
    cost, grads = classifier_gradients(P, X, Y)
    numeric = num_grads_of_dict(lambda p: classifier_gradients(p, X, Y)[0], P)
    assert set(grads) == set(numeric)
    for key in grads:
        assert rel_error(grads[key], numeric[key]) < 1e-7, key
    assert np.isfinite(cost)


def test_fit_lowers_the_cost_and_uses_the_given_functions():
    calls = {"softmax": 0, "backward": 0}

    def softmax(Z):
        calls["softmax"] += 1
        return softmax_probabilities(Z)

    def backward(A, Y):
        calls["backward"] += 1
        return A - Y

    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 60))
    y = (X[0] > 0).astype(int) + (X[1] > 0).astype(int)  # three classes
    fit = fit_softmax_classifier(X, labels_to_one_hot(y, 3), rng, hidden_units=5, steps=40,
                                 softmax_fn=softmax, softmax_backward_fn=backward)
    assert calls == {"softmax": 40, "backward": 40}
    assert fit.hidden_units == 5 and fit.costs.shape == (40,)
    assert fit.costs[-1] < 0.5 * fit.costs[0]
    assert classifier_logits(fit.parameters, X).shape == (3, 60)


def test_fit_rejects_bad_arguments():
    X, Y = np.zeros((2, 4)), labels_to_one_hot(np.array([0, 1, 0, 1]), 2)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="`Y`"):
        fit_softmax_classifier(X, Y[:, :3], rng)
    with pytest.raises(ValueError, match="`rng`"):
        fit_softmax_classifier(X, Y, 0)
    with pytest.raises(ValueError, match="`hidden_units`"):
        fit_softmax_classifier(X, Y, rng, hidden_units=-1)
    with pytest.raises(ValueError, match="`softmax_fn`"):
        fit_softmax_classifier(X, Y, rng, softmax_fn="softmax")
    with pytest.raises(ValueError, match="`softmax_fn`: expected it to return shape"):
        fit_softmax_classifier(X, Y, rng, softmax_fn=lambda Z: Z.T)
    with pytest.raises(ValueError, match="`parameters`"):
        classifier_logits({"W2": 1}, X)
