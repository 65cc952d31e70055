"""Variants of batch norm built around the learner's own functions, for experiments.

Both wrap a ``(batchnorm_forward, batchnorm_backward)`` pair (the learner's or the
library's) and return a new pair for `helpers.training.train`'s `overrides`:

- `noisy_bn_pair` adds random noise after batch norm, new at every step: a deliberate
  shift of every layer's input distribution (Santurkar et al., 2018);
- `ghost_bn_pair` normalizes random groups of a batch separately, which changes only the
  noise of the batch statistics, not the gradient's (Hoffer et al., 2017).

Their caches hold ``"mu"`` and ``"var"`` of shape (n[l], 1), as the training loop's
running averages need.
"""

from __future__ import annotations

import numpy as np

from helpers._validate import require_int, require_number, require_rng

__all__ = ["ghost_bn_pair", "noisy_bn_pair"]


def noisy_bn_pair(forward, backward, rng, *, shift=1.0, spread=0.5):
    """Batch norm followed by random noise that changes at every training step.

    After ``Z_tilde = forward(Z, gamma, beta, eps)``, every unit gets its own random scale
    ``s ~ U(1 - spread, 1 + spread)`` and offset ``t ~ U(-shift, shift)``, drawn afresh at
    each call: the next layer sees an input distribution that jumps from step to step,
    although batch norm is on (Santurkar et al., 2018). The backward pass treats the noise
    as a constant: ``dZ_tilde = s * dZ_noisy``.

    Parameters
    ----------
    forward, backward : callable
        With the signatures of `batchnorm_forward` and `batchnorm_backward`.
    rng : numpy.random.Generator
    shift, spread : float
        >= 0; `spread` < 1 keeps every scale positive.

    Returns
    -------
    overrides : dict
        ``{"batchnorm_forward": ..., "batchnorm_backward": ...}`` for `train`. Their cache
        holds ``"mu"`` and ``"var"`` (for the running statistics), ``"inner"`` (the cache
        of `forward`) and ``"scale"``.
    """
    require_rng(rng)
    shift = require_number("shift", shift, low=0.0)
    spread = require_number("spread", spread, low=0.0, high=1.0, high_open=True)

    def noisy_forward(Z, gamma, beta, eps=1e-5):
        Z_tilde, cache = forward(Z, gamma, beta, eps)
        n = Z.shape[0]
        scale = rng.uniform(1.0 - spread, 1.0 + spread, (n, 1))
        offset = rng.uniform(-shift, shift, (n, 1))
        noisy = {"mu": cache["mu"], "var": cache["var"], "inner": cache, "scale": scale}
        return scale * Z_tilde + offset, noisy

    def noisy_backward(dZ_noisy, cache):
        return backward(cache["scale"] * dZ_noisy, cache["inner"])

    return {"batchnorm_forward": noisy_forward, "batchnorm_backward": noisy_backward}


def ghost_bn_pair(forward, backward, group_size, rng):
    """Batch norm whose statistics come from random groups of `group_size` examples.

    "Ghost batch norm" (Hoffer, Hubara and Soudry, 2017): at every step the examples of the
    batch are shuffled into groups of `group_size`, and each group is normalized with its
    own mean and variance, while the gradient step still uses the whole batch. Only the
    noise of the batch statistics changes with `group_size`, not the gradient's.

    The groups go through `forward` in one call: ``Z`` of shape (n, m) becomes
    (n * m / group_size, group_size), one row per unit and group, whose row statistics
    are the groups' statistics; `gamma` and `beta` are repeated to match. The backward
    pass averages the rows' ``dgamma`` and ``dbeta`` over the groups (the mean over all
    examples, in the course's convention); ``dZ`` is per example as it is.

    Parameters
    ----------
    forward, backward : callable
        With the signatures of `batchnorm_forward` and `batchnorm_backward`.
    group_size : int
        >= 2, a divisor of every batch size used with the pair.
    rng : numpy.random.Generator
        Draws the groups.

    Returns
    -------
    overrides : dict
        ``{"batchnorm_forward": ..., "batchnorm_backward": ...}`` for `train`; their cache
        holds ``"mu"`` and ``"var"`` averaged over the groups, shape (n, 1).
    """
    group_size = require_int("group_size", group_size, low=2)
    require_rng(rng)

    def ghost_forward(Z, gamma, beta, eps=1e-5):
        n, m = Z.shape
        if m % group_size:
            raise ValueError(f"`Z`: expected a multiple of group_size = {group_size} "
                             f"examples, got {m}.")
        groups = m // group_size
        order = rng.permutation(m)
        rows = Z[:, order].reshape(n * groups, group_size)
        Z_rows, inner = forward(rows, np.repeat(gamma, groups, axis=0),
                                np.repeat(beta, groups, axis=0), eps)
        Z_tilde = np.empty_like(Z)
        Z_tilde[:, order] = np.asarray(Z_rows).reshape(n, m)
        mu = np.reshape(inner["mu"], (n, groups)).mean(axis=1, keepdims=True)
        var = np.reshape(inner["var"], (n, groups)).mean(axis=1, keepdims=True)
        return Z_tilde, {"mu": mu, "var": var, "inner": inner, "order": order}

    def ghost_backward(dZ_tilde, cache):
        n, m = dZ_tilde.shape
        order, groups = cache["order"], m // group_size
        rows = dZ_tilde[:, order].reshape(n * groups, group_size)
        dZ_rows, dgamma, dbeta = backward(rows, cache["inner"])
        dZ = np.empty_like(dZ_tilde)
        dZ[:, order] = np.asarray(dZ_rows).reshape(n, m)
        return (dZ, np.reshape(dgamma, (n, groups)).mean(axis=1, keepdims=True),
                np.reshape(dbeta, (n, groups)).mean(axis=1, keepdims=True))

    return {"batchnorm_forward": ghost_forward, "batchnorm_backward": ghost_backward}
