import numpy as np
import pytest

from helpers.optimizers import (
    OPTIMIZERS,
    adam_step,
    check_hyperparameters,
    gd_step,
    init_optimizer_state,
    momentum_step,
    rmsprop_step,
)

A = {"W1": np.array([[0.5, 1.0], [2.0, 1.5], [0.8, 1.2]]), "b1": np.array([[1.0], [0.6], [1.8]])}
C = {"W1": np.array([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]]), "b1": np.array([[2.0], [-0.5], [0.3]])}


def quadratic_grads(parameters):
    """Gradient of f = 0.5 * sum(a * (p - c)^2), minimum at p = c."""
    return {"d" + k: A[k] * (p - C[k]) for k, p in parameters.items()}


def zeros():
    return {k: np.zeros_like(v) for k, v in C.items()}


@pytest.mark.parametrize(
    "name, lr, steps, tol",
    [("gd", 0.3, 300, 1e-8), ("momentum", 0.3, 500, 1e-8), ("rmsprop", 0.01, 3000, 2e-2),
     ("adam", 0.05, 2000, 1e-3)],
)
def test_minimizes_a_quadratic(name, lr, steps, tol):
    parameters, state = zeros(), init_optimizer_state(name, zeros())
    for _ in range(steps):
        parameters, state = OPTIMIZERS[name](parameters, quadratic_grads(parameters), state, lr=lr)
    for k in C:
        np.testing.assert_allclose(parameters[k], C[k], atol=tol, err_msg=name)


def test_adam_first_step_is_lr_times_sign():
    parameters = zeros()
    grads = quadratic_grads(parameters)
    new, state = adam_step(parameters, grads, init_optimizer_state("adam", parameters), lr=0.01)
    for k in C:
        np.testing.assert_allclose(new[k], -0.01 * np.sign(grads["d" + k]), rtol=1e-7)
    assert state["t"] == 1


def test_first_steps_of_momentum_and_rmsprop():
    parameters = zeros()
    g = quadratic_grads(parameters)
    new, state = momentum_step(parameters, g, init_optimizer_state("momentum", parameters), lr=0.1)
    np.testing.assert_allclose(new["W1"], -0.1 * 0.1 * g["dW1"], rtol=1e-14)
    np.testing.assert_allclose(state["v"]["W1"], 0.1 * g["dW1"], rtol=1e-14)
    new, state = rmsprop_step(parameters, g, init_optimizer_state("rmsprop", parameters), lr=0.1)
    expected = -0.1 * g["db1"] / (np.sqrt(0.001) * np.abs(g["db1"]) + 1e-8)
    np.testing.assert_allclose(new["b1"], expected, rtol=1e-12)


@pytest.mark.parametrize("name, slots", [("gd", []), ("momentum", ["v"]), ("rmsprop", ["s"]),
                                          ("adam", ["s", "t", "v"])])
def test_state_layout(name, slots):
    state = init_optimizer_state(name, zeros())
    assert sorted(state) == slots
    for slot in set(slots) - {"t"}:
        assert sorted(state[slot]) == ["W1", "b1"]
        assert state[slot]["W1"].shape == (3, 2) and state[slot]["b1"].shape == (3, 1)
        assert all(np.all(v == 0) for v in state[slot].values())


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_steps_do_not_modify_their_arguments(name):
    parameters = {k: v + 1.0 for k, v in zeros().items()}
    grads = quadratic_grads(parameters)
    state = init_optimizer_state(name, parameters)
    state_after_one = OPTIMIZERS[name](parameters, grads, state, lr=0.1)[1]
    snapshot = [{k: v.copy() for k, v in d.items()} for d in (parameters, grads)]
    new, new_state = OPTIMIZERS[name](parameters, grads, state_after_one, lr=0.1)
    for before, now in zip(snapshot, (parameters, grads), strict=True):
        for k in before:
            np.testing.assert_array_equal(before[k], now[k])
    assert all(new[k] is not parameters[k] for k in parameters)
    if name == "adam":
        assert state_after_one["t"] == 1 and new_state["t"] == 2


def test_bad_inputs_raise():
    p = zeros()
    g = quadratic_grads(p)
    with pytest.raises(ValueError, match="`lr`"):
        gd_step(p, g, {}, lr=0.0)
    with pytest.raises(ValueError, match="`grads`.*'db1'"):
        gd_step(p, {"dW1": g["dW1"]}, {}, lr=0.1)
    with pytest.raises(ValueError, match=r"`grads\['dW1'\]`: expected shape"):
        gd_step(p, {**g, "dW1": np.zeros((2, 3))}, {}, lr=0.1)
    with pytest.raises(ValueError, match="`state`"):
        adam_step(p, g, {}, lr=0.1)
    with pytest.raises(ValueError, match="`name`"):
        init_optimizer_state("sgd", p)
    with pytest.raises(ValueError, match="`beta`"):
        momentum_step(p, g, init_optimizer_state("momentum", p), lr=0.1, beta=1.0)
    with pytest.raises(ValueError, match="hyper key"):
        check_hyperparameters("momentum", {"beta1": 0.9})
    full = check_hyperparameters("adam", {"beta1": 0.8})
    assert full == {"beta1": 0.8, "beta2": 0.999, "eps": 1e-8}
