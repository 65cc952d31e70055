"""Learner-style override functions that count their calls (test support)."""

from __future__ import annotations

from helpers.batchnorm import bn_backward, bn_train_forward


def counting_overrides(calls):
    def dropout_forward(A, keep_prob, rng):
        calls["dropout_forward"] += 1
        mask = rng.random(A.shape) < keep_prob
        return A * mask / keep_prob, mask

    def dropout_backward(dA, mask, keep_prob):
        calls["dropout_backward"] += 1
        return dA * mask / keep_prob

    def batchnorm_forward(Z, gamma, beta, eps=1e-5):
        calls["batchnorm_forward"] += 1
        return bn_train_forward(Z, gamma, beta, eps)

    def batchnorm_backward(dZ_tilde, cache):
        calls["batchnorm_backward"] += 1
        return bn_backward(dZ_tilde, cache)

    return {"dropout_forward": dropout_forward, "dropout_backward": dropout_backward,
            "batchnorm_forward": batchnorm_forward, "batchnorm_backward": batchnorm_backward}
