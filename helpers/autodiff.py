"""A small reverse-mode automatic-differentiation engine on numpy arrays.

You write only the forward computation with `Tensor`s; every operation records the
tensors it came from and its name. `backward()` then visits the recorded graph from the
cost back to the inputs (reverse topological order) and applies one *backward rule* per
operation: given ``grad_out = dJ/d(out)``, a rule returns ``dJ/d(input)`` for each input.

Every rule is a plain numpy function listed in `BACKWARD_RULES` (see
`helpers.autodiff_rules`, which also explains how broadcasting is undone there).
``J.backward(rules={"mul": my_mul_rule})`` runs the pass with your own rule for an
operation, so a rule written in a notebook drives the whole engine.

Gradients accumulate like PyTorch's: a leaf tensor (one you created, e.g. a parameter)
adds each backward pass into its `.grad`, so clear it between steps
(`helpers.autodiff_optim.zero_grad`). Intermediate tensors get fresh gradients at every
pass; they are kept in `.grad` so that you can look at them.
"""

from __future__ import annotations

import numbers

import numpy as np

from helpers._validate import _describe, require_array, require_number
from helpers.autodiff_rules import BACKWARD_RULES, sigmoid

__all__ = ["BACKWARD_RULES", "Tensor"]


def _check_axis(axis, ndim):
    axes = (axis,) if isinstance(axis, numbers.Integral) else axis
    if axis is None:
        return None
    if isinstance(axis, bool) or not isinstance(axes, tuple) or not all(
            isinstance(a, numbers.Integral) and -ndim <= a < ndim for a in axes):
        raise ValueError(f"`axis`: expected None, an integer or a tuple of integers in "
                         f"[{-ndim}, {ndim}), got {axis!r}.")
    return tuple(sorted(int(a) % ndim for a in axes))


class Tensor:
    """An array that remembers how it was computed, so gradients can flow back to it.

    Parameters
    ----------
    data : array_like
        Stored as a float64 ndarray of any shape (a number becomes shape ()).
    name : str, optional
        A label for printing (e.g. ``"W1"``).

    Attributes
    ----------
    data : ndarray
        The value.
    grad : ndarray or None
        ``dJ/d(data)`` after ``J.backward()``, same shape as `data`; None before.
    op : str or None
        The operation that made this tensor (a key of `BACKWARD_RULES`); None for a leaf.
    parents : tuple of Tensor
        The operation's inputs, in order.

    Examples
    --------
    >>> w = Tensor(3.0)
    >>> J = w ** 2 - 10 * w + 25
    >>> J.backward()
    >>> w.grad          # 2 w - 10
    array(-4.)
    """

    # numpy defers to our reflected operators: `2.0 * t` and `X @ t` give Tensors.
    __array_ufunc__ = None

    def __init__(self, data, name=None):
        if isinstance(data, Tensor):
            raise ValueError("`data`: expected an array or a number, got a Tensor. Use the "
                             "Tensor itself, or `t.data` for a copy of its value without "
                             "its history.")
        self.data = require_array("data", data, finite=False).copy()  # a Tensor owns its data
        self.grad = None
        self.name = name
        self.op = None
        self.parents = ()
        self.attributes = {}

    @classmethod
    def _result(cls, data, op, parents, **attributes):
        # Made by an operation on checked tensors: no need to validate `data` again.
        out = cls.__new__(cls)
        out.data, out.grad, out.name = np.asarray(data, dtype=float), None, None
        out.op, out.parents, out.attributes = op, parents, attributes
        return out

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        label = f", name={self.name!r}" if self.name else ""
        made = f", op={self.op!r}" if self.op else ""
        return f"Tensor({np.array2string(self.data, precision=4)}{label}{made})"

    def item(self):
        """The value of a one-entry tensor as a Python float."""
        return float(self.data.item())

    # -- operations -------------------------------------------------------------------
    def __add__(self, other):
        other = _as_tensor(other, "other")
        return Tensor._result(self.data + other.data, "add", (self, other))

    def __mul__(self, other):
        other = _as_tensor(other, "other")
        return Tensor._result(self.data * other.data, "mul", (self, other))

    def __pow__(self, exponent):
        p = require_number("exponent", exponent)
        return Tensor._result(self.data ** p, "pow", (self,), exponent=p)

    def __matmul__(self, other):
        other = _as_tensor(other, "other")
        for name, t in (("self", self), ("other", other)):
            if t.data.ndim != 2:
                raise ValueError(f"`{name}` of `@`: expected a 2-D array, got shape "
                                 f"{t.shape}. Reshape a vector to a column with "
                                 f"`x.reshape(-1, 1)`.")
        if self.shape[1] != other.shape[0]:
            raise ValueError(f"`other` of `@`: expected {self.shape[1]} rows to match "
                             f"shape {self.shape}, got shape {other.shape}.")
        return Tensor._result(self.data @ other.data, "matmul", (self, other))

    def sum(self, axis=None, keepdims=False):
        """Sum over `axis` (all entries when None), like `ndarray.sum`."""
        axis = _check_axis(axis, self.data.ndim)
        return Tensor._result(self.data.sum(axis=axis, keepdims=keepdims), "sum", (self,),
                              axis=axis, keepdims=bool(keepdims))

    def mean(self, axis=None, keepdims=False):
        """Mean over `axis` (all entries when None), like `ndarray.mean`."""
        axis = _check_axis(axis, self.data.ndim)
        return Tensor._result(self.data.mean(axis=axis, keepdims=keepdims), "mean", (self,),
                              axis=axis, keepdims=bool(keepdims))

    def exp(self):
        return Tensor._result(np.exp(self.data), "exp", (self,))

    def log(self):
        return Tensor._result(np.log(self.data), "log", (self,))

    def relu(self):
        return Tensor._result(np.maximum(self.data, 0.0), "relu", (self,))

    def sigmoid(self):
        return Tensor._result(sigmoid(self.data), "sigmoid", (self,))

    # -- the same operations, spelled differently ---------------------------------------
    def __radd__(self, other):
        return _as_tensor(other, "other") + self

    def __rmul__(self, other):
        return _as_tensor(other, "other") * self

    def __rmatmul__(self, other):
        return _as_tensor(other, "other") @ self

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_tensor(other, "other"))

    def __rsub__(self, other):
        return _as_tensor(other, "other") + (-self)

    def __truediv__(self, other):
        return self * _as_tensor(other, "other") ** -1

    def __rtruediv__(self, other):
        return _as_tensor(other, "other") * self ** -1

    # -- the backward pass --------------------------------------------------------------
    def backward(self, rules=None):
        """Fill `.grad` of every tensor this one was computed from with ``d(self)/d(it)``.

        Parameters
        ----------
        rules : dict of str -> callable, optional
            Backward rules to use instead of the library's, by operation name (keys of
            `BACKWARD_RULES`), with the same signature as the library's rule.

        Raises
        ------
        ValueError
            When this tensor is not a single number (a cost), for an unknown operation
            name in `rules`, or when a rule returns a gradient of the wrong shape.
        """
        if self.data.size != 1:
            raise ValueError(f"`self`: backward() starts from a cost, a tensor with one "
                             f"entry; got shape {self.shape}. Reduce it first, e.g. with "
                             f"`.mean()` or `.sum()`.")
        table = _rule_table(rules)
        order = _topological_order(self)
        for node in order:
            if node.op is not None:
                node.grad = None  # leaves keep what earlier passes accumulated
        seed = np.ones_like(self.data)  # d(self)/d(self)
        self.grad = seed if self.grad is None else np.asarray(self.grad + seed)
        for node in reversed(order):  # every node after all the nodes that use it
            if node.op is None:
                continue
            inputs = [p.data for p in node.parents]
            grads = table[node.op](node.grad, *inputs, **node.attributes)
            if len(node.parents) == 1:
                grads = (grads,)
            _check_rule_output(node.op, grads, node.parents)
            for parent, grad in zip(node.parents, grads):
                # A fresh float array: rules may hand the same array to several inputs.
                parent.grad = (np.array(grad, dtype=float) if parent.grad is None
                               else np.asarray(parent.grad + grad))


def _as_tensor(value, name):
    if isinstance(value, Tensor):
        return value
    try:
        return Tensor(value)
    except ValueError:
        raise ValueError(f"`{name}`: expected a Tensor, a number or a numeric array, got "
                         f"{_describe(value)}.") from None


def _rule_table(rules):
    if rules is None:
        return BACKWARD_RULES
    if not isinstance(rules, dict):
        raise ValueError(f"`rules`: expected a dict like {{'mul': my_rule}}, got "
                         f"{_describe(rules)}.")
    for op, rule in rules.items():
        if op not in BACKWARD_RULES:
            raise ValueError(f"`rules`: expected operation names among "
                             f"{sorted(BACKWARD_RULES)}, got {op!r}.")
        if not callable(rule):
            raise ValueError(f"`rules['{op}']`: expected a function, got {_describe(rule)}.")
    return {**BACKWARD_RULES, **rules}


def _check_rule_output(op, grads, parents):
    if not isinstance(grads, (tuple, list)) or len(grads) != len(parents):
        raise ValueError(f"the backward rule for {op!r} should return "
                         f"{'one array' if len(parents) == 1 else f'{len(parents)} arrays'}"
                         f", got {_describe(grads)}.")
    for i, (grad, parent) in enumerate(zip(grads, parents)):
        if np.shape(grad) != parent.shape:
            raise ValueError(
                f"the backward rule for {op!r} returned a gradient of shape {np.shape(grad)} "
                f"for input {i} of shape {parent.shape}: each gradient must have its "
                f"input's shape (sum over the axes that broadcasting stretched).")


def _topological_order(root):
    """Every tensor `root` depends on, each listed after all of its parents."""
    order, seen, stack = [], set(), [(root, False)]
    # An explicit stack instead of recursion: a long chain of operations (a loop of many
    # steps) would exceed Python's recursion limit.
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents if id(p) not in seen)
    return order
