"""The automatic-differentiation engine: every operation's gradient against a numerical
gradient (broadcasting included), the optimizers against `helpers.optimizers`, and
named `ValueError`s for bad input."""

import numpy as np
import pytest

from helpers.autodiff import BACKWARD_RULES, Tensor
from helpers.autodiff_optim import (
    UPDATES,
    adam_update,
    descent_path,
    gd_update,
    init_state,
    momentum_update,
    quadratic_cost,
    zero_grad,
)
from helpers.optimizers import adam_step, init_optimizer_state, momentum_step
from tests.helpers.gradcheck import num_grad, rel_error

RNG = np.random.default_rng(0)


def _check_grads(build, *arrays, tol=1e-7):
    """`build(*tensors) -> Tensor`; compare each input's `.grad` of ``sum(out * G)`` with
    the numerical gradient (G a fixed random weighting, so every output entry counts)."""
    out_shape = build(*[Tensor(a) for a in arrays]).shape
    weights = np.random.default_rng(1).normal(size=out_shape)

    def cost():
        return float(np.sum(build(*[Tensor(a) for a in arrays]).data * weights))

    tensors = [Tensor(a) for a in arrays]
    (build(*tensors) * weights).sum().backward()
    for i, (a, t) in enumerate(zip(arrays, tensors)):
        assert t.grad.shape == a.shape, (i, t.grad.shape, a.shape)
        approx = num_grad(cost, a)
        assert rel_error(t.grad, approx) < tol, (i, t.grad, approx)


# -- one test per operation, with broadcasting cases -------------------------------------
BROADCAST_PAIRS = [
    ((3, 4), (3, 4)),   # no broadcasting
    ((3, 4), (3, 1)),   # a bias column over m examples
    ((3, 4), (1, 4)),   # a row
    ((3, 4), ()),       # a number
    ((3, 4), (4,)),     # an axis added in front
    ((1, 4), (3, 1)),   # both stretched
    ((2, 3, 4), (3, 1)),
]


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_PAIRS)
@pytest.mark.parametrize("op", ["add", "mul", "sub", "div"])
def test_binary_operations_with_broadcasting(op, shape_a, shape_b):
    a = RNG.normal(size=shape_a)
    b = RNG.uniform(0.5, 2.0, size=shape_b)  # away from 0 for the division
    build = {"add": lambda x, y: x + y, "mul": lambda x, y: x * y,
             "sub": lambda x, y: x - y, "div": lambda x, y: x / y}[op]
    _check_grads(build, a, b)
    _check_grads(build, b, a)  # the broadcast operand first


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1, -2.5])
def test_power(exponent):
    _check_grads(lambda x: x ** exponent, RNG.uniform(0.5, 2.0, size=(3, 2)))


@pytest.mark.parametrize("shape_a, shape_b", [((2, 3), (3, 4)), ((1, 5), (5, 1)),
                                              ((4, 1), (1, 3))])
def test_matmul(shape_a, shape_b):
    _check_grads(lambda x, y: x @ y, RNG.normal(size=shape_a), RNG.normal(size=shape_b))


@pytest.mark.parametrize("axis, keepdims", [(None, False), (0, False), (1, True), (-1, False),
                                            ((0, 2), True), ((0, 2), False)])
@pytest.mark.parametrize("op", ["sum", "mean"])
def test_reductions(op, axis, keepdims):
    _check_grads(lambda x: getattr(x, op)(axis=axis, keepdims=keepdims),
                 RNG.normal(size=(2, 3, 4)))


@pytest.mark.parametrize("op", ["exp", "log", "relu", "sigmoid", "neg"])
def test_elementwise(op):
    x = RNG.uniform(0.2, 2.0, size=(3, 4)) if op == "log" else RNG.normal(size=(3, 4))
    x[np.abs(x) < 1e-3] = 0.5  # no ReLU kink within the numerical step
    build = (lambda t: -t) if op == "neg" else (lambda t: getattr(t, op)())
    _check_grads(build, x)


def test_sigmoid_is_finite_and_accurate_for_large_inputs():
    z = Tensor(np.array([-800.0, -40.0, 0.0, 40.0, 800.0]))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = z.sigmoid()
        s.sum().backward()
    assert np.isfinite(s.data).all() and np.isfinite(z.grad).all()
    assert s.data[1] == pytest.approx(np.exp(-40.0), rel=1e-12)
    assert s.data[2] == 0.5


def test_reflected_operators_with_numbers_and_numpy():
    w = Tensor(2.0)
    for value in (3.0 * w, np.float64(3.0) * w, w * 3.0, 3.0 + w, 1.0 - w, 6.0 / w,
                  np.ones((2, 1)) @ Tensor(np.ones((1, 2)))):
        assert isinstance(value, Tensor), type(value)
    assert (1.0 - w).item() == -1.0 and (6.0 / w).item() == 3.0


def test_a_reused_tensor_sums_its_gradients():
    x = Tensor(np.array([1.0, -2.0, 3.0]))
    (x * x + x).sum().backward()  # d/dx = 2x + 1
    np.testing.assert_allclose(x.grad, 2 * x.data + 1)


def test_the_notes_cost_and_its_gradient():
    w = Tensor(3.0)
    J = w ** 2 - 10 * w + 25
    J.backward()
    assert J.item() == 4.0 and w.grad == -4.0
    assert J.op == "add" and J.grad == 1.0
    # Gradients are arrays of their tensor's shape, a 0-d array for a number.
    assert isinstance(w.grad, np.ndarray) and w.grad.shape == ()


def test_two_layer_network_matches_the_librarys_backward_pass():
    from helpers.model import MLPConfig, model_backward, model_forward

    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(3, 7)), (rng.random((1, 7)) > 0.5).astype(float)
    params = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=(4, 1)),
              "W2": rng.normal(size=(1, 4)), "b2": rng.normal(size=(1, 1))}
    t = {k: Tensor(v) for k, v in params.items()}
    A1 = (t["W1"] @ X + t["b1"]).relu()
    A2 = (t["W2"] @ A1 + t["b2"]).sigmoid()
    J = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
    J.backward()
    config = MLPConfig([3, 4, 1])
    AL, caches = model_forward(params, X, config, training=True)
    grads = model_backward(AL, Y, caches, params, config)
    for k in params:
        np.testing.assert_allclose(t[k].grad, grads["d" + k], rtol=1e-9, atol=1e-12)


def test_leaf_gradients_accumulate_until_cleared():
    w = Tensor(1.0)
    (w * 3.0).backward()
    (w * 3.0).backward()
    assert w.grad == 6.0
    zero_grad({"w": w})
    assert w.grad is None


def test_a_long_chain_does_not_hit_the_recursion_limit():
    w = Tensor(1.0)
    x = w
    for _ in range(3000):
        x = x * 1.0
    x.backward()
    assert w.grad == 1.0


def test_learner_rules_replace_the_librarys():
    calls = []

    def my_mul(grad_out, a, b):
        calls.append((np.shape(a), np.shape(b)))
        return BACKWARD_RULES["mul"](grad_out, a, b)

    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((2, 1)))
    (a * b).sum().backward(rules={"mul": my_mul})
    assert calls == [((2, 3), (2, 1))]
    np.testing.assert_allclose(b.grad, [[3.0], [3.0]])


# -- errors ------------------------------------------------------------------------------
def test_a_rule_returning_the_wrong_shape_is_named():
    def no_reduction(grad_out, a, b):
        return grad_out * b, grad_out * a

    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"rule for 'mul'.*shape \(2, 3\).*shape \(2, 1\)"):
        (a * b).sum().backward(rules={"mul": no_reduction})


@pytest.mark.parametrize("call, name", [
    (lambda: Tensor("abc"), "`data`"),
    (lambda: Tensor(None), "`data`"),
    (lambda: Tensor(Tensor(1.0)), "`data`"),
    (lambda: Tensor(1.0) ** Tensor(2.0), "`exponent`"),
    (lambda: Tensor(np.ones(3)) @ Tensor(np.ones((3, 1))), "`self`"),
    (lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 1))), "`other`"),
    (lambda: Tensor(np.ones((2, 3))) + "x", "`other`"),
    (lambda: Tensor(np.ones((2, 3))).sum(axis=2), "`axis`"),
    (lambda: Tensor(np.ones((2, 3))).mean(axis=[0]), "`axis`"),
    (lambda: Tensor(np.ones((2, 3))).backward(), "`self`"),
    (lambda: Tensor(1.0).backward(rules={"mull": print}), "`rules`"),
    (lambda: Tensor(1.0).backward(rules={"mul": 3}), "`rules['mul']`"),
    (lambda: Tensor(1.0).backward(rules=[]), "`rules`"),
])
def test_bad_input_raises_a_named_value_error(call, name):
    with pytest.raises(ValueError, match=name.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_numpy_functions_on_a_tensor_fail_loudly():
    with pytest.raises(TypeError):
        np.exp(Tensor(1.0))


# -- optimizers --------------------------------------------------------------------------
def _quadratic_step(parameters):
    zero_grad(parameters)
    quadratic_cost(parameters["w"], (2.0, -3.0, 1.0)).sum().backward()


def test_adam_matches_the_library_including_bias_correction():
    w0 = np.array([[0.0, 3.0], [-1.0, 10.0]])
    w = Tensor(w0)
    params, state = {"w": w}, init_state("adam", {"w": w})
    ref, ref_state = {"w": w0.copy()}, init_optimizer_state("adam", {"w": w0})
    for step in range(1, 6):
        _quadratic_step(params)
        grads = {"dw": w.grad.copy()}
        state = adam_update(params, state, lr=0.1, beta1=0.8, beta2=0.99, eps=1e-6)
        ref, ref_state = adam_step(ref, grads, ref_state, lr=0.1, beta1=0.8, beta2=0.99,
                                   eps=1e-6)
        np.testing.assert_allclose(w.data, ref["w"], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(state["v"]["w"], ref_state["v"]["w"], rtol=1e-12)
        np.testing.assert_allclose(state["s"]["w"], ref_state["s"]["w"], rtol=1e-12)
        assert state["t"] == ref_state["t"] == step
    # Bias correction: the first step moves each entry by lr * sign(dw).
    w = Tensor(w0)
    _quadratic_step({"w": w})
    dw = w.grad.copy()
    adam_update({"w": w}, init_state("adam", {"w": w}), lr=0.1)
    np.testing.assert_allclose(w.data - w0, -0.1 * np.sign(dw), rtol=1e-6)


def test_momentum_and_gd_match_the_library():
    w0 = np.array([1.0, -2.0, 4.0])
    w = Tensor(w0)
    state, ref, ref_state = init_state("momentum", {"w": w}), {"w": w0}, \
        init_optimizer_state("momentum", {"w": w0})
    for _ in range(4):
        _quadratic_step({"w": w})
        ref, ref_state = momentum_step(ref, {"dw": w.grad.copy()}, ref_state, lr=0.05,
                                       beta=0.7)
        state = momentum_update({"w": w}, state, lr=0.05, beta=0.7)
        np.testing.assert_allclose(w.data, ref["w"], rtol=1e-12)
    w = Tensor(w0)
    _quadratic_step({"w": w})
    assert gd_update({"w": w}, {}, lr=0.1) == {}
    np.testing.assert_allclose(w.data, w0 - 0.1 * (4.0 * w0 - 3.0))


def test_updates_leave_the_state_passed_in_unchanged():
    w = Tensor(np.array([1.0, 2.0]))
    state = init_state("adam", {"w": w})
    _quadratic_step({"w": w})
    new = adam_update({"w": w}, state, lr=0.1)
    assert state["t"] == 0 and not state["v"]["w"].any() and new["t"] == 1


@pytest.mark.parametrize("optimizer, lr, steps", [("gd", 0.1, 200), ("momentum", 0.1, 400),
                                                  ("adam", 0.1, 300)])
def test_descent_path_reaches_the_minimum(optimizer, lr, steps):
    path = descent_path(lambda w: quadratic_cost(w, (1.0, -10.0, 25.0)), 0.0, steps,
                        optimizer=optimizer, lr=lr)
    assert path.shape == (steps + 1,) and path[0] == 0.0
    assert abs(path[-1] - 5.0) < 1e-3


def test_descent_path_stops_on_divergence():
    path = descent_path(lambda w: quadratic_cost(w, (1.0, -10.0, 25.0)), 0.0, 100,
                        optimizer="gd", lr=1.5, stop_above=1e6)
    # w - 5 is multiplied by (1 - 2 lr) = -2 at every step.
    np.testing.assert_allclose(path[:4], [0.0, 15.0, -15.0, 45.0])
    stopped = np.flatnonzero(np.isnan(path))
    assert stopped.size and np.all(np.abs(path[:stopped[0]]) <= 1e6)
    assert np.all(np.isnan(path[stopped[0]:]))


@pytest.mark.parametrize("call, name", [
    (lambda p: gd_update(p, {}, lr=0.0), "`lr`"),
    (lambda p: momentum_update(p, {"v": {"w": np.zeros(())}}, lr=0.1, beta=1.0), "`beta`"),
    (lambda p: adam_update(p, init_state("adam", p), lr=0.1, eps=0.0), "`eps`"),
    (lambda p: adam_update(p, {}, lr=0.1), "`state`"),
    (lambda p: adam_update({"w": 1.0}, {}, lr=0.1), "`parameters\\['w'\\]`"),
    (lambda p: gd_update({}, {}, lr=0.1), "`parameters`"),
    (lambda p: init_state("sgd", p), "`name`"),
    (lambda p: descent_path(lambda w: 1.0, 0.0, 3, lr=0.1), "`cost`"),
    (lambda p: descent_path(lambda w: w, 0.0, -1, lr=0.1), "`steps`"),
    (lambda p: descent_path(lambda w: w, 0.0, 3, optimizer="rmsprop", lr=0.1), "`optimizer`"),
    (lambda p: quadratic_cost(1.0, (1.0, 2.0)), "`coefficients`"),
])
def test_optimizer_bad_input_raises_a_named_value_error(call, name):
    w = Tensor(1.0)
    w.grad = np.array(1.0)
    with pytest.raises(ValueError, match=name):
        call({"w": w})


def test_an_update_before_backward_says_so():
    w = Tensor(1.0)
    with pytest.raises(ValueError, match=r"backward\(\)"):
        gd_update({"w": w}, {}, lr=0.1)


def test_every_update_is_listed():
    assert set(UPDATES) == {"gd", "momentum", "adam"}
