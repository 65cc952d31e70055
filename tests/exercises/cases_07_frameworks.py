"""Corpus for 07_frameworks: plausible learner mistakes and alternative correct
implementations of the six graded functions."""

from corpus import correct, wrong

CASES = [
    # -- mul_backward --------------------------------------------------------------------
    wrong("mul_backward", "no_reduction", """
        import numpy as np

        def mul_backward(grad_out, a, b):
            return grad_out * b, grad_out * a
    """, "`grad_b` has shape (3, 4)", "That is the shape of `out`"),
    wrong("mul_backward", "mean_over_broadcast_axes", """
        import numpy as np

        def _reduce(g, shape):
            while g.ndim > len(shape):
                g = g.mean(axis=0)
            for axis, n in enumerate(shape):
                if n == 1 and g.shape[axis] != 1:
                    g = g.mean(axis=axis, keepdims=True)
            return g

        def mul_backward(grad_out, a, b):
            return _reduce(grad_out * b, np.shape(a)), _reduce(grad_out * a, np.shape(b))
    """, "averaged over the broadcast axes"),
    wrong("mul_backward", "swapped_factors", """
        import numpy as np

        def _reduce(g, shape):
            while g.ndim > len(shape):
                g = g.sum(axis=0)
            for axis, n in enumerate(shape):
                if n == 1 and g.shape[axis] != 1:
                    g = g.sum(axis=axis, keepdims=True)
            return g

        def mul_backward(grad_out, a, b):
            return _reduce(grad_out * a, np.shape(a)), _reduce(grad_out * b, np.shape(b))
    """, "swapped the two rules"),
    wrong("mul_backward", "forgot_grad_out", """
        import numpy as np

        def _reduce(g, shape):
            while g.ndim > len(shape):
                g = g.sum(axis=0)
            for axis, n in enumerate(shape):
                if n == 1 and g.shape[axis] != 1:
                    g = g.sum(axis=axis, keepdims=True)
            return g

        def mul_backward(grad_out, a, b):
            ones = np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)))
            return _reduce(ones * b, np.shape(a)), _reduce(ones * a, np.shape(b))
    """, "forgot `grad_out`"),
    wrong("mul_backward", "sum_without_keepdims", """
        import numpy as np

        def mul_backward(grad_out, a, b):
            grad_a, grad_b = grad_out * b, grad_out * a
            if grad_b.shape != np.shape(b):
                grad_b = grad_b.sum(axis=1)
            return grad_a, grad_b
    """, "`grad_b` has shape (3,)", "keepdims=True"),
    wrong("mul_backward", "only_bias_columns", """
        import numpy as np

        def mul_backward(grad_out, a, b):
            grad_a, grad_b = grad_out * b, grad_out * a
            if np.shape(a) != grad_a.shape:
                grad_a = grad_a.sum(axis=1, keepdims=True)
            if np.shape(b) != grad_b.shape:
                grad_b = grad_b.sum(axis=1, keepdims=True)
            return grad_a, grad_b
    """, "`grad_b` has shape (3, 1); expected the shape of `b` = ()"),
    correct("mul_backward", "sum_over_listed_axes", """
        import numpy as np

        def _unbroadcast(g, shape):
            padded = (1,) * (g.ndim - len(shape)) + tuple(shape)
            axes = tuple(i for i, (n, k) in enumerate(zip(padded, g.shape)) if n == 1 and k != 1)
            return np.sum(g, axis=axes, keepdims=True).reshape(shape)

        def mul_backward(grad_out, a, b):
            return (_unbroadcast(np.multiply(grad_out, b), np.shape(a)),
                    _unbroadcast(np.multiply(grad_out, a), np.shape(b)))
    """),
    correct("mul_backward", "einsum_free_loops", """
        import numpy as np

        def mul_backward(grad_out, a, b):
            a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
            out_shape = np.broadcast_shapes(a.shape, b.shape)
            grad_a, grad_b = np.zeros(a.shape), np.zeros(b.shape)
            A, B = np.broadcast_to(a, out_shape), np.broadcast_to(b, out_shape)
            for idx in np.ndindex(out_shape):
                # The input entry that produced out[idx]: drop added axes, clamp stretched ones.
                ia = tuple(0 if n == 1 else i for i, n in zip(idx[len(idx) - a.ndim:], a.shape))
                ib = tuple(0 if n == 1 else i for i, n in zip(idx[len(idx) - b.ndim:], b.shape))
                grad_a[ia] += grad_out[idx] * B[idx]
                grad_b[ib] += grad_out[idx] * A[idx]
            return grad_a, grad_b
    """),

    # -- matmul_backward -----------------------------------------------------------------
    wrong("matmul_backward", "wrong_order", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            return B.T @ grad_out, grad_out @ A.T
    """, "multiplied in the wrong order"),
    wrong("matmul_backward", "no_transpose", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            return grad_out @ B, A.T @ grad_out
    """, "forgot to transpose `B`"),
    wrong("matmul_backward", "divided_by_m", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            m = grad_out.shape[1]
            return grad_out @ B.T / m, A.T @ grad_out / m
    """, "divided by m"),
    wrong("matmul_backward", "returned_in_wrong_order", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            return A.T @ grad_out, grad_out @ B.T
    """, "in the wrong order: return `(grad_A, grad_B)`"),
    wrong("matmul_backward", "transposed_grad_B", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            return grad_out @ B.T, grad_out.T @ A
    """, "returned the transpose of `grad_B`"),
    wrong("matmul_backward", "elementwise", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            return grad_out * B.T, A.T * grad_out
    """, "`grad_A` for 3 x 3 matrices is wrong"),
    correct("matmul_backward", "einsum", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            return np.einsum("ij,kj->ik", grad_out, B), np.einsum("ik,ij->kj", A, grad_out)
    """),
    correct("matmul_backward", "dot_of_transposes", """
        import numpy as np

        def matmul_backward(grad_out, A, B):
            grad_B = np.dot(np.transpose(A), grad_out)
            grad_A = np.dot(grad_out, np.transpose(B))
            return (grad_A, grad_B)
    """),

    # -- sigmoid_backward ----------------------------------------------------------------
    wrong("sigmoid_backward", "forgot_grad_out", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            s = 1 / (1 + np.exp(-z))
            return s * (1 - s)
    """, "forgot `grad_out`"),
    wrong("sigmoid_backward", "used_z_as_output", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            return grad_out * z * (1 - z)
    """, "used `z * (1 - z)`"),
    wrong("sigmoid_backward", "tanh_slope", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            s = 1 / (1 + np.exp(-z))
            return grad_out * (1 - s ** 2)
    """, "the slope of tanh"),
    wrong("sigmoid_backward", "modifies_z", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            np.negative(z, out=z)
            s = 1 / (1 + np.exp(z))
            return grad_out * s * (1 - s)
    """, "modified its argument `z`"),
    wrong("sigmoid_backward", "forgot_one_minus_s", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            return grad_out / (1 + np.exp(-z))
    """, "returned `grad_out * s`"),
    correct("sigmoid_backward", "exp_form", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            e = np.exp(-np.abs(z))          # never overflows
            return grad_out * e / (1 + e) ** 2
    """),
    correct("sigmoid_backward", "tanh_form", """
        import numpy as np

        def sigmoid_backward(grad_out, z):
            s = 0.5 * (1 + np.tanh(0.5 * np.asarray(z)))
            return np.multiply(grad_out, s - s * s)
    """),

    # -- cost_fn -------------------------------------------------------------------------
    wrong("cost_fn", "reversed_coefficients", """
        def cost_fn(w, coefficients):
            c2, c1, c0 = coefficients
            return c0 * w ** 2 + c1 * w + c2
    """, "reversed the coefficients"),
    wrong("cost_fn", "hard_coded_notes", """
        def cost_fn(w, coefficients):
            return w ** 2 - 10 * w + 25
    """, "ignored `coefficients`"),
    wrong("cost_fn", "two_w_for_square", """
        def cost_fn(w, coefficients):
            c0, c1, c2 = coefficients
            return c0 * 2 * w + c1 * w + c2
    """, "wrote `2 * w` for the square"),
    wrong("cost_fn", "xor_for_power", """
        def cost_fn(w, coefficients):
            c0, c1, c2 = coefficients
            return c0 * w ^ 2 + c1 * w + c2
    """, "raised TypeError"),
    wrong("cost_fn", "no_constant", """
        def cost_fn(w, coefficients):
            return coefficients[0] * w ** 2 + coefficients[1] * w
    """, "left out the constant c2"),
    correct("cost_fn", "horner", """
        def cost_fn(w, coefficients):
            c0, c1, c2 = (float(c) for c in coefficients)
            return (c0 * w + c1) * w + c2
    """),
    correct("cost_fn", "indexing_and_product", """
        def cost_fn(w, coefficients):
            return coefficients[2] + w * coefficients[1] + w * w * coefficients[0]
    """),

    # -- minimize ------------------------------------------------------------------------
    wrong("minimize", "gradient_descent", """
        import numpy as np
        from helpers.autodiff_optim import gd_update

        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            path = [w0]
            for _ in range(steps):
                zero_grad({"w": w})
                cost_fn(w, coefficients).backward()
                gd_update({"w": w}, {}, lr=lr)
                path.append(w.item())
            return np.array(path)
    """, "used gradient descent instead of Adam"),
    wrong("minimize", "never_clears_gradients", """
        import numpy as np

        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            state = init_state("adam", {"w": w})
            path = [w0]
            for _ in range(steps):
                cost_fn(w, coefficients).backward()
                state = adam_update({"w": w}, state, lr=lr)
                path.append(w.item())
            return np.array(path)
    """, "forgot to clear the gradients"),
    wrong("minimize", "adam_without_bias_correction", """
        import numpy as np

        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            v = s = 0.0
            path = [w0]
            for _ in range(steps):
                w.grad = None
                cost_fn(w, coefficients).backward()
                g = w.grad.item()
                v = 0.9 * v + 0.1 * g
                s = 0.999 * s + 0.001 * g * g
                w.data = w.data - lr * v / (np.sqrt(s) + 1e-8)
                path.append(w.item())
            return np.array(path)
    """, "left out Adam's bias correction"),
    wrong("minimize", "path_without_w0", """
        import numpy as np

        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            state = init_state("adam", {"w": w})
            path = []
            for _ in range(steps):
                zero_grad({"w": w})
                cost_fn(w, coefficients).backward()
                state = adam_update({"w": w}, state, lr=lr)
                path.append(w.item())
            return np.array(path)
    """, "has shape (300,)", "Start the path with `w0`"),
    wrong("minimize", "final_value_only", """
        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            state = init_state("adam", {"w": w})
            for _ in range(steps):
                zero_grad({"w": w})
                cost_fn(w, coefficients).backward()
                state = adam_update({"w": w}, state, lr=lr)
            return w.item()
    """, "Return the whole path"),
    wrong("minimize", "notes_coefficients_hard_coded", """
        import numpy as np

        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            state = init_state("adam", {"w": w})
            path = [w0]
            for _ in range(steps):
                zero_grad({"w": w})
                cost_fn(w, (1.0, -10.0, 25.0)).backward()
                state = adam_update({"w": w}, state, lr=lr)
                path.append(w.item())
            return np.array(path)
    """, "ignored `coefficients`"),
    wrong("minimize", "lr_hard_coded", """
        import numpy as np

        def minimize(coefficients, w0, steps, lr):
            w = Tensor(w0)
            state = init_state("adam", {"w": w})
            path = [w0]
            for _ in range(steps):
                zero_grad({"w": w})
                cost_fn(w, coefficients).backward()
                state = adam_update({"w": w}, state, lr=0.1)
                path.append(w.item())
            return np.array(path)
    """, "ignored `lr` and used 0.1"),
    correct("minimize", "adam_written_out", """
        import numpy as np

        def minimize(coefficients, w0, steps, lr):
            beta1, beta2, eps = 0.9, 0.999, 1e-8
            w = Tensor(float(w0))
            v = s = 0.0
            path = np.empty(steps + 1)
            path[0] = w0
            for t in range(1, steps + 1):
                w.grad = None
                J = cost_fn(w, coefficients)
                J.backward()
                g = float(w.grad)
                v = beta1 * v + (1 - beta1) * g
                s = beta2 * s + (1 - beta2) * g ** 2
                v_hat, s_hat = v / (1 - beta1 ** t), s / (1 - beta2 ** t)
                w = Tensor(w.item() - lr * v_hat / (np.sqrt(s_hat) + eps))
                path[t] = w.item()
            return path
    """),

    # -- two_layer_gradients -------------------------------------------------------------
    wrong("two_layer_gradients", "sum_instead_of_mean", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            W1, b1, W2, b2 = (Tensor(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
            A2 = (W2 @ (W1 @ X + b1).relu() + b2).sigmoid()
            J = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).sum()
            J.backward(rules=rules)
            return J.item(), {"dW1": W1.grad, "db1": b1.grad, "dW2": W2.grad, "db2": b2.grad}
    """, "summed the cross-entropy"),
    wrong("two_layer_gradients", "no_minus_sign", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            W1, b1, W2, b2 = (Tensor(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
            A2 = (W2 @ (W1 @ X + b1).relu() + b2).sigmoid()
            J = (Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
            J.backward(rules=rules)
            return J.item(), {"dW1": W1.grad, "db1": b1.grad, "dW2": W2.grad, "db2": b2.grad}
    """, "left out the minus sign"),
    wrong("two_layer_gradients", "tensors_into_the_dict", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            for k in ("W1", "b1", "W2", "b2"):
                parameters[k] = Tensor(parameters[k])
            p = parameters
            A2 = (p["W2"] @ (p["W1"] @ X + p["b1"]).relu() + p["b2"]).sigmoid()
            J = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
            J.backward(rules=rules)
            return J.item(), {"d" + k: p[k].grad for k in ("W1", "b1", "W2", "b2")}
    """, "modified its argument `parameters`"),
    wrong("two_layer_gradients", "returns_the_tensor", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            W1, b1, W2, b2 = (Tensor(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
            A2 = (W2 @ (W1 @ X + b1).relu() + b2).sigmoid()
            J = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
            J.backward(rules=rules)
            return J, {"dW1": W1.grad, "db1": b1.grad, "dW2": W2.grad, "db2": b2.grad}
    """, "the cost should be one number", "Return `J.item()`"),
    wrong("two_layer_gradients", "ignores_rules", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            W1, b1, W2, b2 = (Tensor(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
            A2 = (W2 @ (W1 @ X + b1).relu() + b2).sigmoid()
            J = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
            J.backward()
            return J.item(), {"dW1": W1.grad, "db1": b1.grad, "dW2": W2.grad, "db2": b2.grad}
    """, "did not use the `rules`"),
    wrong("two_layer_gradients", "keys_without_d", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            W1, b1, W2, b2 = (Tensor(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
            A2 = (W2 @ (W1 @ X + b1).relu() + b2).sigmoid()
            J = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
            J.backward(rules=rules)
            return J.item(), {"W1": W1.grad, "b1": b1.grad, "W2": W2.grad, "b2": b2.grad}
    """, "has the wrong keys", "'dW1'"),
    wrong("two_layer_gradients", "numpy_log_on_a_tensor", """
        import numpy as np

        def two_layer_gradients(parameters, X, Y, rules=None):
            W1, b1, W2, b2 = (Tensor(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
            A2 = (W2 @ (W1 @ X + b1).relu() + b2).sigmoid()
            J = -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)).mean()
            J.backward(rules=rules)
            return J.item(), {"dW1": W1.grad, "db1": b1.grad, "dW2": W2.grad, "db2": b2.grad}
    """, "raised TypeError"),
    correct("two_layer_gradients", "sigmoid_from_exp_and_two_means", """
        def two_layer_gradients(parameters, X, Y, rules=None):
            t = {k: Tensor(v, name=k) for k, v in parameters.items()}
            Z1 = t["W1"] @ X + t["b1"]
            A1 = Z1.relu()
            Z2 = t["W2"] @ A1 + t["b2"]
            A2 = 1.0 / (1.0 + (-Z2).exp())
            J = -(Y * A2.log()).mean() - ((1.0 - Y) * (1.0 - A2).log()).mean()
            J.backward(rules=rules)
            return float(J.data), {"d" + k: v.grad.copy() for k, v in t.items()}
    """),
]
