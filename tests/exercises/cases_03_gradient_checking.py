"""Corpus for 03_gradient_checking: plausible learner mistakes and correct variants."""

from corpus import correct, wrong

# -- numerical_gradient ----------------------------------------------------------------
NUMERICAL_GRADIENT = [
    wrong("numerical_gradient", "one_sided_forward", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            base = f(theta)
            for i in range(theta.size):
                plus = theta.copy()
                plus[i] += epsilon
                grad[i] = (f(plus) - base) / epsilon
            return grad
    """, "one-sided difference"),
    wrong("numerical_gradient", "one_sided_backward", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                minus = theta.copy()
                minus[i] -= epsilon
                grad[i] = (f(theta) - f(minus)) / epsilon
            return grad
    """, "one-sided difference"),
    wrong("numerical_gradient", "divides_by_epsilon", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                plus, minus = theta.copy(), theta.copy()
                plus[i] += epsilon
                minus[i] -= epsilon
                grad[i] = (f(plus) - f(minus)) / epsilon
            return grad
    """, "instead of `2 * epsilon`"),
    wrong("numerical_gradient", "perturbs_all_entries_at_once", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            value = (f(theta + epsilon) - f(theta - epsilon)) / (2 * epsilon)
            return np.full(theta.shape, value)
    """, "all entries at once"),
    wrong("numerical_gradient", "modifies_theta_without_restoring", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                theta[i] += epsilon
                j_plus = f(theta)
                theta[i] -= 2 * epsilon
                j_minus = f(theta)
                grad[i] = (j_plus - j_minus) / (2 * epsilon)
            return grad
    """, "changed `theta` in place", "did not put it back"),
    wrong("numerical_gradient", "no_fresh_copy_perturbations_pile_up", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            plus = theta.copy()
            minus = theta.copy()
            for i in range(theta.size):
                plus[i] += epsilon
                minus[i] -= epsilon
                grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
            return grad
    """, "perturbations pile up", "fresh copy"),
    wrong("numerical_gradient", "plus_and_minus_share_one_array", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                theta_plus = theta.copy()
                theta_minus = theta_plus
                theta_plus[i] += epsilon
                j_plus = f(theta_plus)
                theta_minus[i] -= epsilon
                j_minus = f(theta_minus)
                grad[i] = (j_plus - j_minus) / (2 * epsilon)
            return grad
    """, "one shared array"),
    wrong("numerical_gradient", "no_copy_at_all", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                theta_plus = theta
                theta_plus[i] = theta_plus[i] + epsilon
                j_plus = f(theta_plus)
                theta_minus = theta
                theta_minus[i] = theta_minus[i] - epsilon
                j_minus = f(theta_minus)
                grad[i] = (j_plus - j_minus) / (2 * epsilon)
            return grad
    """, "one shared array"),
    wrong("numerical_gradient", "ignores_epsilon", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            step = 1e-7
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                plus, minus = theta.copy(), theta.copy()
                plus[i] += step
                minus[i] -= step
                grad[i] = (f(plus) - f(minus)) / (2 * step)
            return grad
    """, "ignored `epsilon`"),
    wrong("numerical_gradient", "wrong_default_epsilon", """
        def numerical_gradient(f, theta, epsilon=1e-4):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                plus, minus = theta.copy(), theta.copy()
                plus[i] += epsilon
                minus[i] -= epsilon
                grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
            return grad
    """, "default `epsilon` is 1e-7"),
    wrong("numerical_gradient", "operator_precedence", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            for i in range(theta.size):
                plus, minus = theta.copy(), theta.copy()
                plus[i] += epsilon
                minus[i] -= epsilon
                grad[i] = (f(plus) - f(minus)) / 2 * epsilon
            return grad
    """, "`/ (2 * epsilon)`"),
    wrong("numerical_gradient", "returns_column", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros((theta.size, 1))
            for i in range(theta.size):
                plus, minus = theta.copy(), theta.copy()
                plus[i] += epsilon
                minus[i] -= epsilon
                grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
            return grad
    """, "not a column"),
    correct("numerical_gradient", "save_and_restore_on_a_copy", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            work = np.array(theta, dtype=float)
            grad = np.empty_like(work)
            for i in range(work.size):
                old = work[i]
                work[i] = old + epsilon
                j_plus = f(work)
                work[i] = old - epsilon
                j_minus = f(work)
                work[i] = old
                grad[i] = (j_plus - j_minus) / (2.0 * epsilon)
            return grad
    """),
    correct("numerical_gradient", "rows_of_an_identity", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            steps = epsilon * np.eye(theta.size)
            plus = np.array([f(theta + step) for step in steps])
            minus = np.array([f(theta - step) for step in steps])
            return (plus - minus) / (2 * epsilon)
    """),
    correct("numerical_gradient", "in_place_on_theta_restored_exactly", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = []
            for i in range(len(theta)):
                saved = theta[i]
                theta[i] = saved + epsilon
                j_plus = f(theta.copy())
                theta[i] = saved - epsilon
                j_minus = f(theta.copy())
                theta[i] = saved
                grad.append((j_plus - j_minus) / 2 / epsilon)
            return np.array(grad)
    """),
    correct("numerical_gradient", "restore_by_arithmetic", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            t = theta.astype(float)
            grad = np.zeros_like(t)
            for i in range(t.size):
                t[i] += epsilon
                j_plus = f(t)
                t[i] -= 2 * epsilon
                j_minus = f(t)
                t[i] += epsilon
                grad[i] = 0.5 * (j_plus - j_minus) / epsilon
            return grad
    """),
]

# -- params_to_vector ------------------------------------------------------------------
PARAMS_TO_VECTOR = [
    wrong("params_to_vector", "sorted_keys_lexicographic", """
        def params_to_vector(parameters):
            names = sorted(parameters)
            theta = np.concatenate([parameters[k].ravel() for k in names])
            return theta, [(k, parameters[k].shape) for k in names]
    """, "W10 comes before W2"),
    wrong("params_to_vector", "layers_sorted_as_text", """
        def params_to_vector(parameters):
            layers = sorted({k[1:] for k in parameters})
            names = [p + l for l in layers for p in ("W", "b")]
            theta = np.concatenate([parameters[k].ravel() for k in names])
            return theta, [(k, parameters[k].shape) for k in names]
    """, "layer 10 comes before layer 2"),
    wrong("params_to_vector", "column_major_flatten", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            names = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
            theta = np.concatenate([parameters[k].ravel(order="F") for k in names])
            return theta, [(k, parameters[k].shape) for k in names]
    """, "order='F'"),
    wrong("params_to_vector", "forgets_biases", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            names = [f"W{l}" for l in range(1, L + 1)]
            theta = np.concatenate([parameters[k].ravel() for k in names])
            return theta, [(k, parameters[k].shape) for k in names]
    """, "forget the biases"),
    wrong("params_to_vector", "bias_before_weights", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            names = [k for l in range(1, L + 1) for k in (f"b{l}", f"W{l}")]
            theta = np.concatenate([parameters[k].ravel() for k in names])
            return theta, [(k, parameters[k].shape) for k in names]
    """, "bias before its weights"),
    wrong("params_to_vector", "all_weights_then_all_biases", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            names = [f"W{l}" for l in range(1, L + 1)] + [f"b{l}" for l in range(1, L + 1)]
            theta = np.concatenate([parameters[k].ravel() for k in names])
            return theta, [(k, parameters[k].shape) for k in names]
    """, "all the weights first"),
    wrong("params_to_vector", "dict_insertion_order", """
        def params_to_vector(parameters):
            pieces, spec = [], []
            for name, value in parameters.items():
                pieces.append(value.ravel())
                spec.append((name, value.shape))
            return np.concatenate(pieces), spec
    """, "dict's own key order"),
    wrong("params_to_vector", "column_vector", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            names = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
            theta = np.concatenate([parameters[k].reshape(-1, 1) for k in names], axis=0)
            return theta, [(k, parameters[k].shape) for k in names]
    """, "Return a 1-D vector"),
    correct("params_to_vector", "dict_spec_and_hstack", """
        def params_to_vector(parameters):
            L = sum(1 for k in parameters if k.startswith("W"))
            spec = {}
            pieces = []
            for l in range(1, L + 1):
                for k in ("W", "b"):
                    name = f"{k}{l}"
                    spec[name] = np.shape(parameters[name])
                    pieces.append(np.reshape(parameters[name], -1))
            return np.hstack(pieces), spec
    """),
    correct("params_to_vector", "numeric_sort_key", """
        import re

        def params_to_vector(parameters):
            def key(name):
                letter, number = re.fullmatch(r"([Wb])(\\d+)", name).groups()
                return (int(number), letter != "W")
            names = sorted(parameters, key=key)
            theta = np.array([])
            for name in names:
                theta = np.append(theta, parameters[name].flatten())
            sizes = [parameters[n].size for n in names]
            return theta, (names, [parameters[n].shape for n in names], sizes)
    """),
]

# -- vector_to_params ------------------------------------------------------------------
VECTOR_TO_PARAMS = [
    wrong("vector_to_params", "column_major_reshape", """
        def vector_to_params(theta, spec):
            out, start = {}, 0
            for name, shape in spec:
                size = int(np.prod(shape))
                out[name] = theta[start:start + size].reshape(shape, order="F")
                start += size
            return out
    """, "order='F'"),
    wrong("vector_to_params", "biases_left_one_dimensional", """
        def vector_to_params(theta, spec):
            out, start = {}, 0
            for name, shape in spec:
                size = int(np.prod(shape))
                piece = theta[start:start + size]
                out[name] = piece.reshape(shape) if name.startswith("W") else piece
                start += size
            return out
    """, "'b1' has shape (2,)", "broadcasts the wrong way"),
    wrong("vector_to_params", "offset_never_advanced", """
        def vector_to_params(theta, spec):
            out = {}
            for name, shape in spec:
                size = int(np.prod(shape))
                out[name] = theta[:size].reshape(shape)
            return out
    """, "start of `theta`"),
    wrong("vector_to_params", "returns_stored_originals", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            names = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
            theta = np.concatenate([parameters[k].ravel() for k in names])
            return theta, {k: parameters[k].copy() for k in names}

        def vector_to_params(theta, spec):
            return {name: value.copy() for name, value in spec.items()}
    """, "original values instead of reading them from `theta`"),
    wrong("vector_to_params", "returns_list", """
        def vector_to_params(theta, spec):
            out, start = [], 0
            for name, shape in spec:
                size = int(np.prod(shape))
                out.append(theta[start:start + size].reshape(shape))
                start += size
            return out
    """, "should be of type dict"),
    correct("vector_to_params", "np_split_at_offsets", """
        def vector_to_params(theta, spec):
            names = [name for name, _ in spec]
            shapes = [shape for _, shape in spec]
            cuts = np.cumsum([int(np.prod(s)) for s in shapes])[:-1]
            pieces = np.split(np.asarray(theta), cuts)
            return {n: p.reshape(s) for n, p, s in zip(names, pieces, shapes)}
    """),
    correct("vector_to_params", "own_dict_spec_and_views", """
        def params_to_vector(parameters):
            L = len(parameters) // 2
            spec = {}
            for l in range(1, L + 1):
                spec[f"W{l}"] = parameters[f"W{l}"].shape
                spec[f"b{l}"] = parameters[f"b{l}"].shape
            theta = np.concatenate([np.ravel(parameters[k]) for k in spec])
            return theta, spec

        def vector_to_params(theta, spec):
            out, start = {}, 0
            for name, shape in spec.items():
                stop = start + shape[0] * shape[1]
                out[name] = theta[start:stop].reshape(shape)
                start = stop
            return out
    """),
]

# -- relative_difference ---------------------------------------------------------------
RELATIVE_DIFFERENCE = [
    wrong("relative_difference", "no_denominator", """
        def relative_difference(grad, grad_approx):
            return float(np.linalg.norm(grad - grad_approx))
    """, "left out the denominator"),
    wrong("relative_difference", "squared_norms", """
        def relative_difference(grad, grad_approx):
            num = np.sum((grad - grad_approx) ** 2)
            den = np.sum(grad ** 2) + np.sum(grad_approx ** 2)
            return 0.0 if den == 0 else float(num / den)
    """, "used squared norms"),
    wrong("relative_difference", "denominator_norm_of_grad_only", """
        def relative_difference(grad, grad_approx):
            den = np.linalg.norm(grad)
            return 0.0 if den == 0 else float(np.linalg.norm(grad - grad_approx) / den)
    """, "divided by ||g|| only"),
    wrong("relative_difference", "nan_when_both_zero", """
        def relative_difference(grad, grad_approx):
            num = np.linalg.norm(grad - grad_approx)
            den = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
            with np.errstate(invalid="ignore"):
                return float(num / den)
    """, "returned nan", "divided 0 by 0"),
    wrong("relative_difference", "missing_parentheses", """
        def relative_difference(grad, grad_approx):
            if not np.any(grad) and not np.any(grad_approx):
                return 0.0
            return np.linalg.norm(grad - grad_approx) / np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    """, "parentheses"),
    wrong("relative_difference", "norm_of_sum_in_denominator", """
        def relative_difference(grad, grad_approx):
            den = np.linalg.norm(grad + grad_approx)
            return 0.0 if den == 0 else float(np.linalg.norm(grad - grad_approx) / den)
    """, "||g + g~||"),
    wrong("relative_difference", "one_norm", """
        def relative_difference(grad, grad_approx):
            den = np.sum(np.abs(grad)) + np.sum(np.abs(grad_approx))
            return 0.0 if den == 0 else float(np.sum(np.abs(grad - grad_approx)) / den)
    """, "1-norm"),
    # Regression cases from the red-team review (string result; the larger norm alone).
    wrong("relative_difference", "returns_formatted_string", """
        def relative_difference(grad, grad_approx):
            den = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
            return "0.0" if den == 0 else f"{np.linalg.norm(grad - grad_approx) / den:.6g}"
    """, "the string '0.424264'", "format it only when you print it"),
    wrong("relative_difference", "denominator_is_larger_norm", """
        def relative_difference(grad, grad_approx):
            den = max(np.linalg.norm(grad), np.linalg.norm(grad_approx))
            return 0.0 if den == 0 else float(np.linalg.norm(grad - grad_approx) / den)
    """, "the larger of the two norms", "||g|| + ||g~||"),
    wrong("relative_difference", "returns_pass_flag", """
        def relative_difference(grad, grad_approx):
            den = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
            value = 0.0 if den == 0 else np.linalg.norm(grad - grad_approx) / den
            return value < 1e-7
    """, "the bool", "not whether it is small"),
    correct("relative_difference", "sqrt_of_sums_numpy_scalar", """
        def relative_difference(grad, grad_approx):
            g = np.asarray(grad, dtype=float)
            h = np.asarray(grad_approx, dtype=float)
            numerator = np.sqrt(np.sum((g - h) ** 2))
            if numerator == 0:
                return 0.0
            return numerator / (np.sqrt(np.sum(g * g)) + np.sqrt(np.sum(h * h)))
    """),
    correct("relative_difference", "guard_on_both_zero", """
        def relative_difference(grad, grad_approx):
            if not np.any(grad) and not np.any(grad_approx):
                return 0.0
            diff = np.linalg.norm(np.subtract(grad, grad_approx), ord=2)
            return float(diff / (np.linalg.norm(grad, 2) + np.linalg.norm(grad_approx, 2)))
    """),
]

# -- gradient_check --------------------------------------------------------------------
_GC_HELPERS = """
        def _layer_names(parameters):
            L = len(parameters) // 2
            return [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
"""

GRADIENT_CHECK = [
    wrong("gradient_check", "grads_keyed_like_parameters", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector(grads)
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "mixed up the keys", "'dW1'"),
    wrong("gradient_check", "unnormalized", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: float(np.linalg.norm(g[k] - a[k])) for k in g}
            return float(np.linalg.norm(grad - approx)), report
    """, "compared unnormalized"),
    wrong("gradient_check", "report_keyed_by_gradient_names", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {"d" + k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "not by the gradient names"),
    wrong("gradient_check", "grads_in_their_own_key_order", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad = np.concatenate([v.ravel() for v in grads.values()])
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "key order of `grads`"),
    wrong("gradient_check", "ignores_epsilon", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)), theta)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "ignored the `epsilon` argument"),
    wrong("gradient_check", "returns_report_first", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return report, relative_difference(grad, approx)
    """, "`(report, difference)`"),
    wrong("gradient_check", "difference_is_mean_of_report", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return float(np.mean(list(report.values()))), report
    """, "averaged the per-parameter differences"),
    wrong("gradient_check", "report_repeats_overall_difference", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            difference = relative_difference(grad, approx)
            return difference, {k: difference for k in parameters}
    """, "report['W1'] is wrong"),
    wrong("gradient_check", "passes_the_vector_to_cost_fn", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(cost_fn, theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "`cost_fn` takes a parameters dict", "vector_to_params(theta, spec)"),
    # Regression cases from the red-team review: what comes back is not one number, or a
    # helper the learner wrote feeds `gradient_check` wrong values.
    wrong("gradient_check", "difference_is_none", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            g = np.concatenate([grads["d" + name].ravel() for name, _ in spec])
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            report, start = {}, 0
            for name, shape in spec:
                n = int(np.prod(shape))
                report[name] = relative_difference(g[start:start + n], approx[start:start + n])
                start += n
            difference = None                # forgot to compute it
            return difference, report
    """, "`difference` is None", "forget to compute it"),
    wrong("gradient_check", "difference_as_string", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return f"{relative_difference(grad, approx):.3g}", report
    """, "`difference` should be a number", "the string", "format it only when you print it"),
    wrong("gradient_check", "returns_pass_flag", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx) < 1e-7, report
    """, "got the bool", "not whether it is small"),
    wrong("gradient_check", "report_values_as_strings", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: f"{relative_difference(g[k].ravel(), a[k].ravel()):.2e}" for k in g}
            return relative_difference(grad, approx), report
    """, "report['W1'] should be a number", "the string"),
    wrong("gradient_check", "own_one_sided_difference", """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            J = lambda t: cost_fn(vector_to_params(t, spec))
            base = J(theta)
            approx = np.zeros(theta.shape)
            for i in range(theta.size):
                plus = theta.copy()
                plus[i] += epsilon
                approx[i] = (J(plus) - base) / epsilon
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "one-sided difference", "two-sided"),
    wrong("gradient_check", "relies_on_a_one_sided_numerical_gradient", """
        def numerical_gradient(f, theta, epsilon=1e-7):
            grad = np.zeros(theta.shape)
            base = f(theta)
            for i in range(theta.size):
                plus = theta.copy()
                plus[i] += epsilon
                grad[i] = (f(plus) - base) / epsilon
            return grad

        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "your `numerical_gradient` returns [2.01, 3, 0.7651]", "the one-sided difference",
        "fix it first"),
    wrong("gradient_check", "relies_on_vector_to_params_with_flat_biases", """
        def vector_to_params(theta, spec):
            out, start = {}, 0
            for name, shape in spec:
                size = int(np.prod(shape))
                piece = theta[start:start + size]
                out[name] = piece.reshape(shape) if name.startswith("W") else piece
                start += size
            return out

        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "dict that `vector_to_params` rebuilds", "your `vector_to_params` returns 'b1'",
        "shape (2, 1)"),
    wrong("gradient_check", "relies_on_a_max_norm_relative_difference", """
        def relative_difference(grad, grad_approx):
            den = max(np.linalg.norm(grad), np.linalg.norm(grad_approx))
            return 0.0 if den == 0 else float(np.linalg.norm(grad - grad_approx) / den)

        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            grad, _ = params_to_vector({k[1:]: v for k, v in grads.items()})
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon)
            g, a = vector_to_params(grad, spec), vector_to_params(approx, spec)
            report = {k: relative_difference(g[k].ravel(), a[k].ravel()) for k in g}
            return relative_difference(grad, approx), report
    """, "your `relative_difference` returns 0.606092 for [1, 2, 2] and [2, 3, 6]"),
    correct("gradient_check", "loops_over_the_dict_directly", _GC_HELPERS + """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            exact, approx, report = [], [], {}
            for name in _layer_names(parameters):
                g = np.asarray(grads["d" + name], dtype=float)
                a = np.zeros(g.shape)
                for idx in np.ndindex(g.shape):
                    plus = {k: np.array(v, dtype=float) for k, v in parameters.items()}
                    minus = {k: np.array(v, dtype=float) for k, v in parameters.items()}
                    plus[name][idx] += epsilon
                    minus[name][idx] -= epsilon
                    a[idx] = (cost_fn(plus) - cost_fn(minus)) / (2 * epsilon)
                report[name] = relative_difference(g.ravel(), a.ravel())
                exact.append(g.ravel())
                approx.append(a.ravel())
            return relative_difference(np.concatenate(exact), np.concatenate(approx)), report
    """),
    correct("gradient_check", "offsets_from_sizes", _GC_HELPERS + """
        def gradient_check(parameters, grads, cost_fn, epsilon=1e-7):
            theta, spec = params_to_vector(parameters)
            names = _layer_names(parameters)
            grad = np.concatenate([np.ravel(grads["d" + k]) for k in names])
            approx = numerical_gradient(lambda t: cost_fn(vector_to_params(t, spec)),
                                        theta, epsilon=epsilon)
            report, start = {}, 0
            for k in names:
                stop = start + np.size(parameters[k])
                report[k] = relative_difference(grad[start:stop], approx[start:stop])
                start = stop
            return relative_difference(grad, approx), report
    """),
]

# -- suspicious_parameters -------------------------------------------------------------
SUSPICIOUS_PARAMETERS = [
    wrong("suspicious_parameters", "greater_or_equal", """
        def suspicious_parameters(report, threshold=1e-5):
            return sorted(k for k, v in report.items() if v >= threshold)
    """, "`>=`"),
    wrong("suspicious_parameters", "unsorted", """
        def suspicious_parameters(report, threshold=1e-5):
            return [k for k, v in report.items() if v > threshold]
    """, "unsorted"),
    wrong("suspicious_parameters", "returns_values", """
        def suspicious_parameters(report, threshold=1e-5):
            return [report[k] for k in sorted(report) if report[k] > threshold]
    """, "differences instead of the names"),
    wrong("suspicious_parameters", "returns_pairs", """
        def suspicious_parameters(report, threshold=1e-5):
            return sorted((k, v) for k, v in report.items() if v > threshold)
    """, "(name, difference) pairs"),
    wrong("suspicious_parameters", "returns_dict", """
        def suspicious_parameters(report, threshold=1e-5):
            return {k: v for k, v in sorted(report.items()) if v > threshold}
    """, "Return only the names"),
    wrong("suspicious_parameters", "natural_layer_order", """
        def suspicious_parameters(report, threshold=1e-5):
            names = [k for k, v in report.items() if v > threshold]
            return sorted(names, key=lambda k: (int(k[1:]), k))
    """, "layer number"),
    wrong("suspicious_parameters", "worst_first", """
        def suspicious_parameters(report, threshold=1e-5):
            names = [k for k, v in report.items() if v > threshold]
            return sorted(names, key=report.get, reverse=True)
    """, "sorted by the difference"),
    wrong("suspicious_parameters", "returns_tuple", """
        def suspicious_parameters(report, threshold=1e-5):
            return tuple(sorted(k for k, v in report.items() if v > threshold))
    """, "should be of type list"),
    correct("suspicious_parameters", "loop_and_sort", """
        def suspicious_parameters(report, threshold=1e-5):
            names = []
            for name in report:
                if float(report[name]) > threshold:
                    names.append(name)
            names.sort()
            return names
    """),
    correct("suspicious_parameters", "filter_over_sorted_keys", """
        def suspicious_parameters(report, threshold=1e-5):
            return [k for k in sorted(report.keys()) if report[k] > threshold]
    """),
]


BACKWARD_WITH_L2_DROPOUT = [
    wrong("backward_with_l2_dropout", "no_l2", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"] / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'forgot the L2 term'),
    wrong("backward_with_l2_dropout", "l2_on_biases", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / m * parameters[f"W{l}"]
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m + lambd / m * parameters[f"b{l}"]
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"] / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'added an L2 term to db', 'not penalized'),
    wrong("backward_with_l2_dropout", "half_lambd", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / (2 * m) * parameters[f"W{l}"]
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"] / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'used lambd / (2m) in dW'),
    wrong("backward_with_l2_dropout", "no_mask_in_backward", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / m * parameters[f"W{l}"]
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'forgot to apply the mask in the backward pass'),
    wrong("backward_with_l2_dropout", "no_keep_prob_in_backward", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / m * parameters[f"W{l}"]
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"]
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'forgot to divide by keep_prob in the backward pass'),
    wrong("backward_with_l2_dropout", "activations_before_dropout", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, kept, Z = {0: X}, {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ kept[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0)
                kept[l] = A[l] * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ kept[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / m * parameters[f"W{l}"]
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"] / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'used the activations before dropout in dW'),
    wrong("backward_with_l2_dropout", "transposed_dW", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = A[l - 1] @ dZ.T / m + lambd / m * parameters[f"W{l}"].T
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"] / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, "grads['dW3'] has shape (2, 1)", '`A_prev @ dZ.T` instead of `dZ @ A_prev.T`'),
    wrong("backward_with_l2_dropout", "db_not_averaged", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            A, Z = {0: X}, {}
            for l in range(1, L):
                Z[l] = parameters[f"W{l}"] @ A[l - 1] + parameters[f"b{l}"]
                A[l] = np.maximum(Z[l], 0.0) * masks[f"D{l}"] / keep_prob
            AL = 1.0 / (1.0 + np.exp(-(parameters[f"W{L}"] @ A[L - 1] + parameters[f"b{L}"])))
            grads = {}
            dZ = AL - Y
            for l in range(L, 0, -1):
                grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / m * parameters[f"W{l}"]
                grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
                if l > 1:
                    dA = parameters[f"W{l}"].T @ dZ * masks[f"D{l - 1}"] / keep_prob
                    dZ = dA * (Z[l - 1] > 0)
            return grads
    """, 'summed dZ for db without dividing by m'),
    correct("backward_with_l2_dropout", "cache_list_and_where", """
        import numpy as np

        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            caches = []
            A = X
            for l in range(1, L):
                Z = np.dot(parameters["W" + str(l)], A) + parameters["b" + str(l)]
                D = np.asarray(masks["D" + str(l)], dtype=float)
                caches.append((A, Z))
                A = np.where(Z > 0, Z, 0.0) * D / keep_prob
            caches.append((A, None))
            ZL = np.dot(parameters["W" + str(L)], A) + parameters["b" + str(L)]
            AL = 1.0 / (1.0 + np.exp(-ZL))
            grads = {}
            dZ = AL - Y
            for l in reversed(range(1, L + 1)):
                A_prev = caches[l - 1][0]
                grads["dW" + str(l)] = (np.dot(dZ, A_prev.T) + lambd * parameters["W" + str(l)]) / m
                grads["db" + str(l)] = dZ.mean(axis=1, keepdims=True)
                if l > 1:
                    D = np.asarray(masks["D" + str(l - 1)], dtype=float)
                    dA = np.dot(parameters["W" + str(l)].T, dZ)
                    dA = dA * D
                    dA = dA / keep_prob
                    dZ = np.where(caches[l - 2][1] > 0, dA, 0.0)
            return grads
    """),
    correct("backward_with_l2_dropout", "helpers_in_the_cell", """
        import numpy as np


        def _relu_backward(dA, Z):
            return dA * (Z > 0)


        def _dropout_backward(dA, mask, keep_prob):
            return dA * mask / keep_prob


        def backward_with_l2_dropout(X, Y, parameters, lambd, masks, keep_prob):
            L = len(parameters) // 2
            m = X.shape[1]
            Zs, As = [None], [X]
            for l in range(1, L + 1):
                Z = parameters[f"W{l}"] @ As[-1] + parameters[f"b{l}"]
                Zs.append(Z)
                if l < L:
                    As.append(np.maximum(Z, 0) * masks[f"D{l}"] / keep_prob)
                else:
                    As.append(1 / (1 + np.exp(-Z)))
            grads = {}
            dZ = As[L] - Y
            for l in range(L, 0, -1):
                grads[f"db{l}"] = dZ.sum(axis=1).reshape(-1, 1) / m
                grads[f"dW{l}"] = (dZ @ As[l - 1].T) / m + (lambd / m) * parameters[f"W{l}"]
                if l > 1:
                    dA = _dropout_backward(parameters[f"W{l}"].T @ dZ, masks[f"D{l - 1}"],
                                           keep_prob)
                    dZ = _relu_backward(dA, Zs[l - 1])
            return grads
    """),
]

CASES = (NUMERICAL_GRADIENT + PARAMS_TO_VECTOR + VECTOR_TO_PARAMS + RELATIVE_DIFFERENCE
         + GRADIENT_CHECK + SUSPICIOUS_PARAMETERS + BACKWARD_WITH_L2_DROPOUT)
