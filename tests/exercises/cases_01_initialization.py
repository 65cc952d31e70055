"""Corpus of notebook 01 (initialization): plausible learner mistakes and valid variants."""

from corpus import correct, wrong

_ZEROS = [
    wrong("initialize_zeros", "transposed_W", """
        import numpy as np

        def initialize_zeros(layer_dims):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = np.zeros((layer_dims[l - 1], layer_dims[l]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "params['W1'] has shape (3, 2)", "not (n[l-1], n[l])"),
    wrong("initialize_zeros", "1d_bias", """
        import numpy as np

        def initialize_zeros(layer_dims):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros(layer_dims[l])
            return parameters
        """, "params['b1'] has shape (2,)", "1-D array broadcasts the wrong way"),
    wrong("initialize_zeros", "missing_last_layer", """
        import numpy as np

        def initialize_zeros(layer_dims):
            parameters = {}
            for l in range(1, len(layer_dims) - 1):
                parameters[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "missing ['W2', 'b2']", "L = len(layer_dims) - 1"),
    wrong("initialize_zeros", "layer_zero", """
        import numpy as np

        def initialize_zeros(layer_dims):
            parameters = {}
            for l in range(len(layer_dims)):
                parameters[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "unexpected ['W0', 'b0']", "no `W0`"),
    wrong("initialize_zeros", "integer_zeros", """
        import numpy as np

        def initialize_zeros(layer_dims):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]), dtype=int)
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1), dtype=int)
            return parameters
        """, "should hold floats", "dtype=int"),
    wrong("initialize_zeros", "nested_lists", """
        def initialize_zeros(layer_dims):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = [[0.0] * layer_dims[l - 1] for _ in range(layer_dims[l])]
                parameters[f"b{l}"] = [[0.0] for _ in range(layer_dims[l])]
            return parameters
        """, "params['W1'] should be of type ndarray, got list"),
    correct("initialize_zeros", "comprehension_zeros_like", """
        import numpy as np

        def initialize_zeros(layer_dims):
            shapes = list(zip(layer_dims[1:], layer_dims[:-1]))
            parameters = {f"W{l}": np.zeros(shape) for l, shape in enumerate(shapes, start=1)}
            parameters.update({f"b{l}": np.zeros_like(parameters[f"W{l}"][:, :1])
                               for l in range(1, len(layer_dims))})
            return parameters
        """),
    correct("initialize_zeros", "full_float32", """
        import numpy as np

        def initialize_zeros(layer_dims):
            parameters = {}
            for l, (n_prev, n) in enumerate(zip(layer_dims, layer_dims[1:]), start=1):
                parameters["W" + str(l)] = np.full((n, n_prev), 0.0, dtype=np.float32)
                parameters["b" + str(l)] = np.zeros((n, 1), dtype=np.float32)
            return parameters
        """),
]

_RANDOM = [
    wrong("initialize_random", "ignores_scale", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 10
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "ignored the `scale` argument and always used 10"),
    wrong("initialize_random", "scale_as_mean", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = rng.normal(scale, size=(layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "the mean of params['W1']", "takes the mean first"),
    wrong("initialize_random", "uniform", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = scale * rng.random((layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "the mean of params['W1']", "`rng.random` (uniform on [0, 1))"),
    wrong("initialize_random", "xavier_scaled", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev = layer_dims[l - 1]
                W = rng.standard_normal((layer_dims[l], n_prev))
                parameters[f"W{l}"] = scale * W / np.sqrt(n_prev)
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "standard deviation of params['W1']", "also divided by np.sqrt(n[l-1])"),
    wrong("initialize_random", "scale_as_variance", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                shape = (layer_dims[l], layer_dims[l - 1])
                parameters[f"W{l}"] = rng.normal(0.0, np.sqrt(scale), size=shape)
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "treated `scale` as a variance"),
    wrong("initialize_random", "global_state", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "do not come from `rng`", "np.random.randn"),
    wrong("initialize_random", "no_default_scale", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = scale * rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "raised TypeError"),
    wrong("initialize_random", "np_random_seed_but_draws_from_rng", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            np.random.seed(3)   # a habit from code without an `rng` argument
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = scale * rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """, "changed numpy's global random state", "leave out `np.random.seed(...)`"),
    correct("initialize_random", "normal_with_scale", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            L = len(layer_dims) - 1
            for l in range(1, L + 1):
                parameters["W%d" % l] = rng.normal(0.0, scale, size=(layer_dims[l], layer_dims[l - 1]))
                parameters["b%d" % l] = np.zeros((layer_dims[l], 1), dtype=float)
            return parameters
        """),
    correct("initialize_random", "transposed_draw", """
        import numpy as np

        def initialize_random(layer_dims, rng, scale=10.0):
            parameters = {}
            for l in range(1, len(layer_dims)):
                draw = rng.standard_normal(size=(layer_dims[l - 1], layer_dims[l]))
                parameters[f"W{l}"] = np.ascontiguousarray(draw.T) * scale
                parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
            return parameters
        """),
]

_HE = [
    wrong("initialize_he", "xavier_variance", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(1 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "standard deviation of params['W1']", "used Xavier's variance 1/n[l-1]"),
    wrong("initialize_he", "fan_out", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "used n[l] (this layer's size) instead of n[l-1]"),
    wrong("initialize_he", "variance_not_std", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * 2 / n_prev
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "multiplied by the variance 2/n[l-1] instead of the standard deviation"),
    wrong("initialize_he", "glorot", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.normal(0, np.sqrt(2 / (n_prev + n)), (n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "used Glorot's 2/(n[l-1] + n[l])"),
    wrong("initialize_he", "transposed_W", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n_prev, n)) * np.sqrt(2 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "params['W1'] has shape (400, 100)", "(n[l], n[l-1]), not (n[l-1], n[l])"),
    wrong("initialize_he", "seeded_global_state", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            np.random.seed(3)
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = np.random.randn(n, n_prev) * np.sqrt(2 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "different seeds (7 and 8) gave identical weights", "ignores its `rng` argument"),
    wrong("initialize_he", "own_generator", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            rng = np.random.default_rng(0)
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "ignores its `rng` argument", "create or seed a generator"),
    wrong("initialize_he", "seeds_global_from_rng", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            np.random.seed(int(rng.integers(2**31)))
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = np.random.randn(n, n_prev) * np.sqrt(2 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "changed numpy's global random state"),
    wrong("initialize_he", "uniform_same_variance", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                limit = np.sqrt(6 / n_prev)   # uniform(-a, a) has variance a**2 / 3 = 2 / n
                parameters[f"W{l}"] = rng.uniform(-limit, limit, size=(n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "a normal distribution has 68.3% there", "not from a uniform one"),
    wrong("initialize_he", "np_random_seed_but_draws_from_rng", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                np.random.seed(l)   # seeded per layer; the draws still use rng
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "changed numpy's global random state"),
    wrong("initialize_he", "integer_division", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 // n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "got 0, expected 0.0707107", "integer division `2 // n", "use `2 / n[l-1]`"),
    correct("initialize_he", "normal_loc_scale", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / n_prev), size=(n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """),
    correct("initialize_he", "reverse_order_transposed_draw", """
        import numpy as np

        def initialize_he(layer_dims, rng):
            parameters = {}
            # Draw the last layer first, and transposed: any order of draws is fine.
            for l in reversed(range(1, len(layer_dims))):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = (np.sqrt(2) / np.sqrt(n_prev)) * rng.standard_normal((n_prev, n)).T
                parameters[f"b{l}"] = np.zeros((n, 1))
            return dict(sorted(parameters.items()))
        """),
]

_XAVIER = [
    wrong("initialize_xavier", "he_variance", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "used He's variance 2/n[l-1]"),
    wrong("initialize_xavier", "glorot", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / (n_prev + n))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "used Glorot's 2/(n[l-1] + n[l]) instead of 1/n[l-1]"),
    wrong("initialize_xavier", "glorot_product", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / (n_prev * n))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "used 2/(n[l-1] * n[l]), a product", "divides by the sum"),
    wrong("initialize_xavier", "fan_out", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "used n[l] (this layer's size) instead of n[l-1]"),
    wrong("initialize_xavier", "variance_not_std", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.normal(0.0, 1 / n_prev, size=(n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "multiplied by the variance 1/n[l-1] instead of the standard deviation"),
    wrong("initialize_xavier", "global_state", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = np.random.normal(0.0, np.sqrt(1 / n_prev), size=(n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "do not come from `rng`"),
    wrong("initialize_xavier", "np_random_seed_but_draws_from_rng", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            np.random.seed(3)
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "changed numpy's global random state"),
    wrong("initialize_xavier", "integer_division", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.normal(0.0, np.sqrt(1 // n_prev), (n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """, "integer division `1 // n", "use `1 / n[l-1]`"),
    correct("initialize_xavier", "normal_std", """
        import numpy as np

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = rng.normal(loc=0.0, scale=np.sqrt(1.0 / n_prev), size=(n, n_prev))
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        """),
    correct("initialize_xavier", "library_style_helper", """
        import numpy as np

        def _layer(rng, n, n_prev):
            return rng.standard_normal((n, n_prev)) * (1.0 / n_prev) ** 0.5, np.zeros((n, 1))

        def initialize_xavier(layer_dims, rng):
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"], parameters[f"b{l}"] = _layer(rng, layer_dims[l], layer_dims[l - 1])
            return parameters
        """),
]

_SPREAD = [
    wrong("activation_spread", "variance", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                out.append(float(np.var(A)))
            return out
        """, "returned the variance (np.var)"),
    wrong("activation_spread", "includes_input", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, [float(np.std(X))]
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                out.append(float(np.std(A)))
            return out
        """, "has shape (3,)", "did you include the input X (A[0])?"),
    wrong("activation_spread", "no_bias", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A)
                out.append(float(np.std(A)))
            return out
        """, "ignored the biases b"),
    wrong("activation_spread", "sigmoid_output", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            L = len(parameters) // 2
            A, out = X, []
            for l in range(1, L + 1):
                Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
                A = 1 / (1 + np.exp(-Z)) if l == L else g(Z)
                out.append(float(np.std(A)))
            return out
        """, "applied a sigmoid to the output layer"),
    wrong("activation_spread", "linear_output", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            L = len(parameters) // 2
            A, out = X, []
            for l in range(1, L + 1):
                Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
                A = Z if l == L else g(Z)
                out.append(float(np.std(A)))
            return out
        """, "activation='tanh'", "left the output layer linear"),
    wrong("activation_spread", "max_instead_of_maximum", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.max(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                out.append(float(np.std(A)))
            return out
        """, "'relu') raised ValueError"),
    wrong("activation_spread", "abs_relu", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": np.abs, "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                out.append(float(np.std(A)))
            return out
        """, "activation='relu'", "np.maximum(0, Z)"),
    wrong("activation_spread", "sample_std", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                out.append(float(np.std(A, ddof=1)))
            return out
        """, "used the sample std (ddof=1)"),
    wrong("activation_spread", "per_unit_std", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            A, out = X, []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                out.append(float(np.std(A, axis=1).mean()))
            return out
        """, "took the std of each unit (axis=1)"),
    wrong("activation_spread", "always_feeds_X", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            out = []
            for l in range(1, len(parameters) // 2 + 1):
                A = g(parameters[f"W{l}"] @ X + parameters[f"b{l}"])
                out.append(float(np.std(A)))
            return out
        """, "raised ValueError"),
    wrong("activation_spread", "layers_in_string_order", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            A, spreads = X, []
            for k in sorted(k for k in parameters if k.startswith("W")):   # W1, W10, W11, W12, W2 ...
                Z = parameters[k] @ A + parameters["b" + k[1:]]
                A = np.maximum(0, Z) if activation == "relu" else np.tanh(Z) if activation == "tanh" else Z
                spreads.append(float(np.std(A)))
            return spreads
        """, "12 linear layers", "string order",
        "layers must be taken in numeric order W1, W2, ..., W10, not string or dict order"),
    wrong("activation_spread", "layers_in_dict_order", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            A, spreads = X, []
            for k in parameters:
                if k.startswith("W"):
                    Z = parameters[k] @ A + parameters["b" + k[1:]]
                    A = np.maximum(0, Z) if activation == "relu" else np.tanh(Z) if activation == "tanh" else Z
                    spreads.append(float(np.std(A)))
            return spreads
        """, "the order the dict stores them",
        "layers must be taken in numeric order W1, W2, ..., W10, not string or dict order"),
    wrong("activation_spread", "per_unit_std_arrays", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            A, spreads = X, []
            for l in range(1, len(parameters) // 2 + 1):
                Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
                A = np.maximum(0, Z) if activation == "relu" else np.tanh(Z) if activation == "tanh" else Z
                spreads.append(np.std(A, axis=1))
            return spreads
        """, "entry 0 of the returned list is ndarray of shape (3,)", "single number",
        "np.std(A, axis=1)"),
    wrong("activation_spread", "returns_dict", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            A, spreads = X, {}
            for l in range(1, len(parameters) // 2 + 1):
                Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
                A = np.maximum(0, Z) if activation == "relu" else np.tanh(Z) if activation == "tanh" else Z
                spreads[l] = float(np.std(A))
            return spreads
        """, "should be of type list or tuple or ndarray, got dict"),
    wrong("activation_spread", "modifies_X", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            A, spreads = X, []
            for l in range(1, len(parameters) // 2 + 1):
                Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
                A = np.maximum(0, Z) if activation == "relu" else np.tanh(Z) if activation == "tanh" else Z
                spreads.append(float(np.std(A)))
            X[:] = 0   # "free" the input
            return spreads
        """, "modified its argument X"),
    wrong("activation_spread", "stores_cache_in_parameters", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            A, spreads = X, []
            for l in range(1, len(parameters) // 2 + 1):
                Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
                A = np.maximum(0, Z) if activation == "relu" else np.tanh(Z) if activation == "tanh" else Z
                spreads.append(float(np.std(A)))
            parameters["spreads"] = spreads
            return spreads
        """, "changed the keys of its argument `parameters`", "'spreads'"),
    correct("activation_spread", "in_place_kernels_np_dot", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            L = len([k for k in parameters if k.startswith("W")])
            A = X.copy()
            spreads = []
            for l in range(1, L + 1):
                Z = np.dot(parameters["W" + str(l)], A) + parameters["b" + str(l)]
                if activation == "relu":
                    A = Z * (Z > 0)
                elif activation == "tanh":
                    A = np.tanh(Z)
                else:
                    A = Z
                spreads.append(np.sqrt(np.mean((A - A.mean()) ** 2)))
            return spreads
        """),
    correct("activation_spread", "keys_sorted_numerically", """
        import numpy as np

        def activation_spread(parameters, X, activation):
            g = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
            layers = sorted((int(k[1:]) for k in parameters if k.startswith("W")))
            A, spreads = X, []
            for l in layers:
                A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
                spreads.append(np.std(A))   # numpy scalars are single numbers too
            return tuple(spreads)
        """),
    correct("activation_spread", "numpy_array_result", """
        import numpy as np

        ACTIVATIONS = {"relu": lambda z: np.where(z > 0, z, 0.0), "tanh": np.tanh,
                       "linear": lambda z: z}

        def activation_spread(parameters, X, activation):
            A = X
            result = np.empty(len(parameters) // 2)
            for i in range(len(result)):
                A = ACTIVATIONS[activation](parameters[f"W{i + 1}"] @ A + parameters[f"b{i + 1}"])
                result[i] = A.std()
            return list(result)
        """),
]

CASES = _ZEROS + _RANDOM + _HE + _XAVIER + _SPREAD
