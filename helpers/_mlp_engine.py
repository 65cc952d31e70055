"""The MLP's inner loop: packed parameters and unchecked forward/backward passes.

Private: `helpers.model` and `helpers.training` validate their arguments once and then call
these functions, which trust their inputs.

Two layout choices make a training step cheap without changing any equation:

- **The bias trick.** Layer l keeps ``W[l]`` and ``b[l]`` side by side in one block
  ``T[l] = [W[l] | b[l]]`` of shape (n[l], n[l-1] + 1), and every layer input carries a
  trailing row of ones, ``A_aug = [A; 1]`` of shape (n[l-1] + 1, m). Then
  ``T A_aug = W A + b`` and ``dZ A_aug^T / m = [dW | db]``: one matrix product each way
  instead of a product plus a broadcast addition (forward) or a row sum (backward).
- **One flat vector.** All blocks (and the batch-norm ``gamma``/``beta``) are views into a
  single vector ``theta``; the gradients into a vector ``grad`` of the same layout. The
  optimizer updates ``{"theta": theta}`` with ``{"dtheta": grad}`` in a few vectorised
  operations, however many layers there are.

Cache of layer l (a dict, one per layer, index l-1 in the list):

- ``"A_prev_aug"`` : ndarray of shape (n[l-1] + 1, m), the layer input with its row of ones.
- ``"Z"`` : ndarray of shape (n[l], m), the input of the activation function (after batch
  norm when it is on).
- ``"A"`` : ndarray of shape (n[l], m), the activation before dropout (hidden layers).
- ``"slope"`` : ndarray of shape (n[l], m) or None, the derivative g'(Z) of the hidden
  activation (None for "linear"), so that the backward pass is ``dZ = dA * slope``.
- ``"mask"`` : the dropout mask (only when dropout ran).
- ``"bn"`` : the batch-norm cache (only when batch norm ran in training mode).
"""

from __future__ import annotations

import numpy as np

from helpers.activations import _FORWARD, _FORWARD_WITH_SLOPE
from helpers.batchnorm import _bn_backward, _bn_eval_forward, _bn_train_forward
from helpers.losses import _bce_from_logits, _cce_from_logits, _half_squared_error, _softmax


class PackedParameters:
    """All parameters of one network in a flat vector (see the module docstring).

    Attributes
    ----------
    theta, grad : ndarray of shape (P,)
    blocks, grad_blocks : list of L ndarray of shape (n[l], n[l-1] + 1)
    gammas, betas, dgammas, dbetas : list of L ndarray of shape (n[l], 1) or None
        None for the output layer and without batch norm.
    views : dict
        ``"W<l>"``, ``"b<l>"`` (and ``"gamma<l>"``, ``"beta<l>"``) as views into `theta`,
        the course's usual parameters dict.
    """

    def __init__(self, layer_dims, batch_norm):
        self.layer_dims = tuple(layer_dims)
        self.L = L = len(layer_dims) - 1
        sizes = []
        for l in range(1, L + 1):
            sizes.append(layer_dims[l] * (layer_dims[l - 1] + 1))
            if batch_norm and l < L:
                sizes += [layer_dims[l], layer_dims[l]]
        self.theta = np.zeros(sum(sizes))
        self.grad = np.zeros(sum(sizes))
        self.blocks, self.grad_blocks = [], []
        self.gammas, self.betas = [None] * L, [None] * L
        self.dgammas, self.dbetas = [None] * L, [None] * L
        self.views = {}
        offset = 0

        def take(shape):
            nonlocal offset
            size = shape[0] * shape[1]
            sl = slice(offset, offset + size)
            offset += size
            return self.theta[sl].reshape(shape), self.grad[sl].reshape(shape)

        for l in range(1, L + 1):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            block, grad_block = take((n, n_prev + 1))
            self.blocks.append(block)
            self.grad_blocks.append(grad_block)
            self.views[f"W{l}"] = block[:, :n_prev]
            self.views[f"b{l}"] = block[:, n_prev:]
            if batch_norm and l < L:
                self.gammas[l - 1], self.dgammas[l - 1] = take((n, 1))
                self.betas[l - 1], self.dbetas[l - 1] = take((n, 1))
                self.views[f"gamma{l}"] = self.gammas[l - 1]
                self.views[f"beta{l}"] = self.betas[l - 1]

    @classmethod
    def from_dict(cls, parameters, layer_dims, batch_norm):
        """Pack (copy) a checked parameters dict."""
        packed = cls(layer_dims, batch_norm)
        for key, view in packed.views.items():
            view[...] = parameters[key]
        return packed

    def to_dict(self):
        """Independent, contiguous copies of the parameters."""
        return {key: view.copy() for key, view in self.views.items()}

    def grads_dict(self):
        """Independent copies of the gradients, keyed ``"dW1", "db1", ...``."""
        grads = {}
        for l, block in enumerate(self.grad_blocks, start=1):
            grads[f"dW{l}"] = block[:, :-1].copy()
            grads[f"db{l}"] = block[:, -1:].copy()
            if self.dgammas[l - 1] is not None:
                grads[f"dgamma{l}"] = self.dgammas[l - 1].copy()
                grads[f"dbeta{l}"] = self.dbetas[l - 1].copy()
        return grads


def augment(X):
    """``[X; 1]``: `X` of shape (n, m) with a row of ones appended, shape (n + 1, m)."""
    X_aug = np.empty((X.shape[0] + 1, X.shape[1]))
    X_aug[:-1] = X
    X_aug[-1] = 1.0
    return X_aug


def _inverted_dropout(A, keep_prob, rng, out):
    mask = rng.random(A.shape) < keep_prob
    np.multiply(A, mask, out=out)
    out *= 1.0 / keep_prob
    return mask


def forward(packed, X_aug, config, training, rng=None, bn_running=None, hooks=None):
    """Forward pass; returns ``(AL, caches)``. `hooks` maps override names to callables."""
    hooks = hooks or {}
    m = X_aug.shape[1]
    activation = _FORWARD_WITH_SLOPE[config.hidden_activation]
    use_dropout = training and config.keep_prob < 1.0
    bn_forward = hooks.get("batchnorm_forward", _bn_train_forward)
    drop_forward = hooks.get("dropout_forward")
    caches = []
    A_aug = X_aug
    for l in range(packed.L - 1):
        layer = {"A_prev_aug": A_aug}
        Z = np.dot(packed.blocks[l], A_aug)
        if packed.gammas[l] is not None:
            gamma, beta = packed.gammas[l], packed.betas[l]
            if training:
                Z, layer["bn"] = bn_forward(Z, gamma, beta, config.bn_eps)
            else:
                Z = _bn_eval_forward(Z, gamma, beta, bn_running[f"mean{l + 1}"],
                                     bn_running[f"var{l + 1}"], config.bn_eps)
        n = Z.shape[0]
        # The next layer's input, with its row of ones (see the bias trick above).
        A_aug = np.empty((n + 1, m))
        A_aug[n] = 1.0
        if not use_dropout:
            A, slope = activation(Z, out=A_aug[:n])
        elif drop_forward is None:
            A, slope = activation(Z)
            layer["mask"] = _inverted_dropout(A, config.keep_prob, rng, out=A_aug[:n])
        else:
            A, slope = activation(Z)
            A_aug[:n], layer["mask"] = drop_forward(A, config.keep_prob, rng)
        layer["Z"], layer["A"], layer["slope"] = Z, A, slope
        caches.append(layer)
    ZL = np.dot(packed.blocks[-1], A_aug)
    caches.append({"A_prev_aug": A_aug, "Z": ZL})
    if config.output == "sigmoid":
        AL = _FORWARD["sigmoid"](ZL)
    elif config.output == "softmax":
        AL = _softmax(ZL)
    else:
        AL = ZL
    return AL, caches


def backward(packed, AL, Y, caches, config, hooks=None):
    """Backward pass; writes the gradients of the mean cost into ``packed.grad``."""
    hooks = hooks or {}
    inv_m = 1.0 / Y.shape[1]
    lambd = config.l2
    bn_backward = hooks.get("batchnorm_backward")
    drop_backward = hooks.get("dropout_backward")
    dZ = AL - Y  # per example, for each output/cost pair (see `helpers.losses`)
    for l in range(packed.L - 1, -1, -1):
        block, grad_block = packed.blocks[l], packed.grad_blocks[l]
        np.dot(dZ, caches[l]["A_prev_aug"].T, out=grad_block)  # [dW | db], times m
        if lambd:
            grad_block[:, :-1] += lambd * block[:, :-1]
        grad_block *= inv_m
        if l == 0:
            break
        prev = caches[l - 1]
        dA = np.dot(block[:, :-1].T, dZ)
        mask = prev.get("mask")
        if mask is not None:
            if drop_backward is None:
                dA *= mask
                dA *= 1.0 / config.keep_prob
            else:
                dA = drop_backward(dA, mask, config.keep_prob)
        dZ = dA
        if prev["slope"] is not None:
            dZ *= prev["slope"]
        if packed.gammas[l - 1] is not None:
            if bn_backward is None:
                dZ, dgamma, dbeta = _bn_backward(dZ, prev["bn"])
            else:
                dZ, dgamma, dbeta = bn_backward(dZ, prev["bn"])
            np.copyto(packed.dgammas[l - 1], np.reshape(dgamma, (-1, 1)))
            np.copyto(packed.dbetas[l - 1], np.reshape(dbeta, (-1, 1)))
    return packed.grad


def output_cost(AL, ZL, Y, config):
    """Mean cost without L2, from the logits where that is more accurate."""
    if config.output == "sigmoid":
        return _bce_from_logits(ZL, Y)
    if config.output == "softmax":
        return _cce_from_logits(ZL, Y)
    return _half_squared_error(AL, Y)


def output_accuracy(AL, Y, config):
    """Fraction of correct labels (NaN for a regression output)."""
    if config.output == "sigmoid":
        return float(np.mean((AL > 0.5) == (Y > 0.5)))
    if config.output == "softmax":
        return float(np.mean(AL.argmax(axis=0) == Y.argmax(axis=0)))
    return float("nan")
