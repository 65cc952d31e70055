"""Corpus for 02_regularization: plausible learner mistakes and alternative correct
implementations of the eight graded functions."""

from corpus import correct, wrong

CASES = [
    # -- split_dataset -------------------------------------------------------------------
    wrong("split_dataset", "no_shuffle", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            a, b = n_train, n_train + n_dev
            return X[:, :a], Y[:, :a], X[:, a:b], Y[:, a:b], X[:, b:], Y[:, b:]
    """, "not shuffled"),
    wrong("split_dataset", "two_permutations", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            Xs = X[:, rng.permutation(m)]
            Ys = Y[:, rng.permutation(m)]
            a, b = n_train, n_train + n_dev
            return Xs[:, :a], Ys[:, :a], Xs[:, a:b], Ys[:, a:b], Xs[:, b:], Ys[:, b:]
    """, "different permutations"),
    wrong("split_dataset", "floor_sizes", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = int(fractions[1] * m), int(fractions[2] * m)
            n_train = m - n_dev - n_test
            perm = rng.permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], Y[:, tr], X[:, dv], Y[:, dv], X[:, te], Y[:, te]
    """, "floor", "round(f * m)"),
    wrong("split_dataset", "rounds_train_size", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_train, n_dev = round(fractions[0] * m), round(fractions[1] * m)
            perm = rng.permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], Y[:, tr], X[:, dv], Y[:, dv], X[:, te], Y[:, te]
    """, "rounded the training size"),
    wrong("split_dataset", "wrong_return_order", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            perm = rng.permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], X[:, dv], X[:, te], Y[:, tr], Y[:, dv], Y[:, te]
    """, "wrong order"),
    wrong("split_dataset", "global_random_state", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            perm = np.random.permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], Y[:, tr], X[:, dv], Y[:, dv], X[:, te], Y[:, te]
    """, "global `np.random` state"),
    wrong("split_dataset", "shuffles_features", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            Xs, Ys = rng.permutation(X), rng.permutation(Y)
            a, b = n_train, n_train + n_dev
            return Xs[:, :a], Ys[:, :a], Xs[:, a:b], Ys[:, a:b], Xs[:, b:], Ys[:, b:]
    """, "not columns of X", "rows (the features)"),
    wrong("split_dataset", "no_validation", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            perm = rng.permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], Y[:, tr], X[:, dv], Y[:, dv], X[:, te], Y[:, te]
    """, "should raise ValueError"),
    wrong("split_dataset", "ignores_rng", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            perm = np.random.default_rng(0).permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], Y[:, tr], X[:, dv], Y[:, dv], X[:, te], Y[:, te]
    """, "ignored the `rng` argument"),
    wrong("split_dataset", "ceil_sizes", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            p = rng.permutation(m)
            n_dev, n_test = int(np.ceil(fractions[1] * m)), int(np.ceil(fractions[2] * m))
            a, b = m - n_dev - n_test, m - n_test
            return X[:, p[:a]], Y[:, p[:a]], X[:, p[a:b]], Y[:, p[a:b]], X[:, p[b:]], Y[:, p[b:]]
    """, "(n_train, n_dev, n_test) should be (29, 8, 4)", "rounded up with `ceil`"),
    wrong("split_dataset", "dev_and_test_fractions_swapped", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            p = rng.permutation(m)
            n_test, n_dev = round(fractions[1] * m), round(fractions[2] * m)
            a, b = m - n_dev - n_test, m - n_test
            return X[:, p[:a]], Y[:, p[:a]], X[:, p[a:b]], Y[:, p[a:b]], X[:, p[b:]], Y[:, p[b:]]
    """, "(n_train, n_dev, n_test) should be (29, 8, 4)", "swapped the dev and test"),
    wrong("split_dataset", "test_set_before_dev_set", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            p = rng.permutation(m)
            tr, te, dv = np.split(p, [m - n_dev - n_test, m - n_dev])
            return X[:, tr], Y[:, tr], X[:, te], Y[:, te], X[:, dv], Y[:, dv]
    """, "(29, 8, 4); got (29, 4, 8)", "swapped the dev and test"),
    wrong("split_dataset", "exact_float_sum_check", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if sum(fractions) != 1:          # (0.7, 0.2, 0.1) sums to 0.9999999999999999
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            p = rng.permutation(m)
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            a, b = m - n_dev - n_test, m - n_test
            return X[:, p[:a]], Y[:, p[:a]], X[:, p[a:b]], Y[:, p[a:b]], X[:, p[b:]], Y[:, p[b:]]
    """, "(0.7, 0.2, 0.1)", "floating-point", "np.isclose"),
    wrong("split_dataset", "np_random_seed_then_rng", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            np.random.seed(0)                # a habit; the draws still come from rng
            if not np.isclose(sum(fractions), 1.0):
                raise ValueError("fractions must sum to 1")
            m = X.shape[1]
            n_dev, n_test = round(fractions[1] * m), round(fractions[2] * m)
            n_train = m - n_dev - n_test
            perm = rng.permutation(m)
            tr, dv, te = perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]
            return X[:, tr], Y[:, tr], X[:, dv], Y[:, dv], X[:, te], Y[:, te]
    """, "changed the global `np.random` state", "np.random.seed"),
    correct("split_dataset", "dev_test_first_sorted_indices", """
        import math
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            f_train, f_dev, f_test = fractions
            if not math.isclose(math.fsum(fractions), 1.0, abs_tol=1e-9):
                raise ValueError(f"fractions {fractions} do not sum to 1")
            m = X.shape[1]
            n_dev = int(np.round(f_dev * m))
            n_test = int(np.round(f_test * m))
            perm = rng.permutation(m)
            # Dev first, then test, the rest for training; indices sorted within a set.
            dev = np.sort(perm[:n_dev])
            test = np.sort(perm[n_dev:n_dev + n_test])
            train = np.sort(perm[n_dev + n_test:])
            return (X[:, train], Y[:, train], X[:, dev], Y[:, dev],
                    X[:, test], Y[:, test])
    """),
    correct("split_dataset", "shuffle_then_split", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if abs(sum(fractions) - 1) > 1e-8:
                raise ValueError("`fractions` must sum to 1")
            m = X.shape[1]
            order = rng.choice(m, size=m, replace=False)
            Xs, Ys = X[:, order], Y[:, order]
            n_dev = round(fractions[1] * m)
            n_test = round(fractions[2] * m)
            n_train = m - n_dev - n_test
            X_train, X_dev, X_test = np.split(Xs, [n_train, n_train + n_dev], axis=1)
            Y_train, Y_dev, Y_test = np.split(Ys, [n_train, n_train + n_dev], axis=1)
            return X_train, Y_train, X_dev, Y_dev, X_test, Y_test
    """),

    correct("split_dataset", "shuffle_index_in_place", """
        import numpy as np

        def split_dataset(X, Y, fractions, rng):
            if round(sum(fractions), 9) != 1:
                raise ValueError("fractions must add up to 1")
            m = X.shape[1]
            idx = np.arange(m)
            rng.shuffle(idx)
            n_dev = int(fractions[1] * m + 0.5)
            n_test = int(fractions[2] * m + 0.5)
            test, dev, train = idx[:n_test], idx[n_test:n_test + n_dev], idx[n_test + n_dev:]
            return (X.T[train].T, Y[..., train], X.T[dev].T, Y[..., dev],
                    X.T[test].T, Y[..., test])
    """),

    # -- normalize_inputs ----------------------------------------------------------------
    wrong("normalize_inputs", "divides_by_variance", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = X_train.mean(axis=1, keepdims=True)
            var = X_train.var(axis=1, keepdims=True)
            var = np.where(var == 0, 1.0, var)
            return (X_train - mu) / var, (X_dev - mu) / var
    """, "divided by the variance"),
    wrong("normalize_inputs", "dev_statistics", """
        import numpy as np

        def _norm(X):
            sigma = X.std(axis=1, keepdims=True)
            return (X - X.mean(axis=1, keepdims=True)) / np.where(sigma == 0, 1.0, sigma)

        def normalize_inputs(X_train, X_dev):
            return _norm(X_train), _norm(X_dev)
    """, "its own mean and std"),
    wrong("normalize_inputs", "combined_statistics", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            both = np.concatenate([X_train, X_dev], axis=1)
            mu = both.mean(axis=1, keepdims=True)
            sigma = both.std(axis=1, keepdims=True)
            sigma[sigma == 0] = 1.0
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """, "training and dev sets combined"),
    wrong("normalize_inputs", "per_example_axis0", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = X_train.mean(axis=0, keepdims=True)
            sigma = X_train.std(axis=0, keepdims=True)
            sigma[sigma == 0] = 1.0
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """, "each example (axis=0)"),
    wrong("normalize_inputs", "zero_std_nan", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = X_train.mean(axis=1, keepdims=True)
            sigma = X_train.std(axis=1, keepdims=True)
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """, "NaN or infinity", "std 0"),
    wrong("normalize_inputs", "sample_std", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = X_train.mean(axis=1, keepdims=True)
            sigma = X_train.std(axis=1, ddof=1, keepdims=True)
            sigma[sigma == 0] = 1.0
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """, "ddof=1"),
    wrong("normalize_inputs", "epsilon_instead_of_centring", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = X_train.mean(axis=1, keepdims=True)
            sigma = X_train.std(axis=1, keepdims=True) + 1e-8
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """, "X_dev_n[1]", "only centered"),
    wrong("normalize_inputs", "in_place", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = X_train.mean(axis=1, keepdims=True)
            sigma = X_train.std(axis=1, keepdims=True)
            sigma[sigma == 0] = 1.0
            X_dev -= mu
            X_dev /= sigma
            X_train -= mu
            X_train /= sigma
            return X_train, X_dev
    """, "modified its argument"),
    correct("normalize_inputs", "loops_and_divide_where", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            n, m = X_train.shape
            mu = np.zeros((n, 1))
            sigma = np.ones((n, 1))
            for j in range(n):
                mu[j, 0] = sum(X_train[j]) / m
                spread = np.sqrt(sum((x - mu[j, 0]) ** 2 for x in X_train[j]) / m)
                if spread > 0:
                    sigma[j, 0] = spread
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """),
    correct("normalize_inputs", "np_divide_with_where", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            mu = np.mean(X_train, axis=1)[:, None]
            sd = np.std(X_train, axis=1)[:, None]
            Xt, Xd = X_train - mu, X_dev - mu
            Xt = np.divide(Xt, sd, out=Xt.copy(), where=sd != 0)
            Xd = np.divide(Xd, sd, out=Xd.copy(), where=sd != 0)
            return Xt, Xd
    """),

    correct("normalize_inputs", "moments_formula", """
        import numpy as np

        def normalize_inputs(X_train, X_dev):
            m = X_train.shape[1]
            mu = X_train.sum(axis=1, keepdims=True) / m
            var = (X_train ** 2).sum(axis=1, keepdims=True) / m - mu ** 2
            sigma = np.sqrt(np.maximum(var, 0.0))
            sigma[sigma < 1e-12] = 1.0
            return (X_train - mu) / sigma, (X_dev - mu) / sigma
    """),

    # -- bias_variance -------------------------------------------------------------------
    wrong("bias_variance", "bias_sign", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias = bayes_error - train_error
            variance = dev_error - train_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": bias > threshold, "high_variance": variance > threshold}
    """, "bayes_error - train_error"),
    wrong("bias_variance", "variance_sign", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias = train_error - bayes_error
            variance = train_error - dev_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": bias > threshold, "high_variance": variance > threshold}
    """, "train_error - dev_error"),
    wrong("bias_variance", "variance_from_bayes", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias = train_error - bayes_error
            variance = dev_error - bayes_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": bias > threshold, "high_variance": variance > threshold}
    """, "dev - bayes"),
    wrong("bias_variance", "greater_or_equal", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias = train_error - bayes_error
            variance = dev_error - train_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": bias >= threshold, "high_variance": variance >= threshold}
    """, "not `>=`"),
    wrong("bias_variance", "ignores_bayes", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            variance = dev_error - train_error
            return {"avoidable_bias": train_error, "variance": variance,
                    "high_bias": train_error > threshold, "high_variance": variance > threshold}
    """, "ignored bayes_error"),
    wrong("bias_variance", "fixed_threshold", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias = train_error - bayes_error
            variance = dev_error - train_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": bias > 0.02, "high_variance": variance > 0.02}
    """, "`threshold` argument"),
    wrong("bias_variance", "flags_as_strings", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias, variance = train_error - bayes_error, dev_error - train_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": "yes" if bias > threshold else "no",
                    "high_variance": "yes" if variance > threshold else "no"}
    """, "should be a bool (Python or NumPy), got str"),
    wrong("bias_variance", "flags_as_ints", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            bias, variance = train_error - bayes_error, dev_error - train_error
            return {"avoidable_bias": bias, "variance": variance,
                    "high_bias": int(bias > threshold), "high_variance": int(variance > threshold)}
    """, "should be a bool (Python or NumPy), got int", "variance > threshold"),
    correct("bias_variance", "numpy_scalars", """
        import numpy as np

        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            gaps = np.array([train_error - bayes_error, dev_error - train_error])
            high = gaps > threshold
            return {"avoidable_bias": gaps[0], "variance": gaps[1],
                    "high_bias": high[0], "high_variance": high[1]}
    """),
    correct("bias_variance", "dict_then_flags_extra_key", """
        def bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02):
            out = {"avoidable_bias": float(train_error) - float(bayes_error),
                   "variance": float(dev_error) - float(train_error)}
            out["high_bias"] = not out["avoidable_bias"] <= threshold
            out["high_variance"] = not out["variance"] <= threshold
            out["diagnosis"] = "see flags"
            return out
    """),

    # -- compute_cost_with_l2 ------------------------------------------------------------
    wrong("compute_cost_with_l2", "norm_not_squared", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            L = len(parameters) // 2
            norms = sum(np.linalg.norm(parameters[f"W{l}"]) for l in range(1, L + 1))
            return float(ce + lambd / (2 * m) * norms)
    """, "squared Frobenius"),
    wrong("compute_cost_with_l2", "missing_half", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
            L = len(parameters) // 2
            sq = sum(np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L + 1))
            return float(ce + lambd / m * sq)
    """, "dropped the 1/2"),
    wrong("compute_cost_with_l2", "m_twice", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            L = len(parameters) // 2
            sq = sum(np.sum(np.square(parameters["W" + str(l)])) for l in range(1, L + 1))
            return float(ce + lambd / (2 * m) * sq / m)
    """, "divided by m twice"),
    wrong("compute_cost_with_l2", "includes_biases", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            sq = sum(np.sum(np.square(p)) for p in parameters.values())
            return float(ce + lambd / (2 * m) * sq)
    """, "included the biases"),
    wrong("compute_cost_with_l2", "summed_cross_entropy", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
            L = len(parameters) // 2
            sq = sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(1, L + 1))
            return float(ce + lambd / (2 * m) * sq)
    """, "summed the cross-entropy"),
    wrong("compute_cost_with_l2", "square_of_sum", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            L = len(parameters) // 2
            sq = sum(np.sum(parameters[f"W{l}"]) ** 2 for l in range(1, L + 1))
            return float(ce + lambd / (2 * m) * sq)
    """, "squared the sum of the entries"),
    wrong("compute_cost_with_l2", "two_layers_hard_coded", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            sq = np.sum(np.square(parameters["W1"])) + np.sum(np.square(parameters["W2"]))
            return float(ce + lambd / (2 * m) * sq)
    """, "penalized only the first two weight matrices"),
    wrong("compute_cost_with_l2", "returns_1x1_array", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -(Y @ np.log(AL).T + (1 - Y) @ np.log(1 - AL).T) / m
            L = len(parameters) // 2
            sq = sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(1, L + 1))
            return ce + lambd / (2 * m) * sq
    """, "should be a scalar"),
    correct("compute_cost_with_l2", "dot_products_and_fro_norm", """
        import re
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = AL.shape[1]
            ce = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
            weights = [v for k, v in parameters.items() if re.fullmatch(r"W\\d+", k)]
            l2 = lambd / (2 * m) * sum(np.linalg.norm(W, "fro") ** 2 for W in weights)
            return np.squeeze(ce) + l2
    """),
    correct("compute_cost_with_l2", "loop_over_entries", """
        import math

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            total = 0.0
            for a, y in zip(AL[0], Y[0]):
                total += y * math.log(a) + (1 - y) * math.log(1 - a)
            squares = 0.0
            for key, W in parameters.items():
                if key[0] == "W":
                    squares += float((W * W).sum())
            return -total / m + lambd * squares / (2 * m)
    """),

    wrong("compute_cost_with_l2", "forgot_return", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            ce = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
            cost = ce + lambd / (2 * m) * sum(np.sum(W ** 2) for k, W in parameters.items()
                                               if k.startswith("W"))
    """, "the cost should be a number, got NoneType", "forget to `return`"),
    correct("compute_cost_with_l2", "clipped_probabilities", """
        import numpy as np

        def compute_cost_with_l2(AL, Y, parameters, lambd):
            m = Y.shape[1]
            P = np.clip(AL, 1e-12, 1 - 1e-12)
            ce = -np.mean(Y * np.log(P) + (1 - Y) * np.log1p(-P))
            weights = (parameters[k] for k in sorted(parameters) if k.startswith("W"))
            return ce + lambd / (2 * m) * sum(np.vdot(W, W) for W in weights)
    """),

    # -- l2_grads ------------------------------------------------------------------------
    wrong("l2_grads", "includes_db", """
        def l2_grads(parameters, lambd, m):
            return {"d" + k: lambd / m * v for k, v in parameters.items()}
    """, "unexpected ['db1', 'db2']", "leave the biases out"),
    wrong("l2_grads", "missing_divide_by_m", """
        def l2_grads(parameters, lambd, m):
            return {"d" + k: lambd * v for k, v in parameters.items() if k.startswith("W")}
    """, "forgot to divide by m"),
    wrong("l2_grads", "doubled", """
        def l2_grads(parameters, lambd, m):
            return {"d" + k: 2 * lambd / m * v for k, v in parameters.items() if k.startswith("W")}
    """, "doubled the gradient"),
    wrong("l2_grads", "kept_half", """
        def l2_grads(parameters, lambd, m):
            return {"d" + k: lambd / (2 * m) * v for k, v in parameters.items() if k[0] == "W"}
    """, "kept the 1/2"),
    wrong("l2_grads", "keys_without_d", """
        def l2_grads(parameters, lambd, m):
            return {k: lambd / m * v for k, v in parameters.items() if k.startswith("W")}
    """, "`d` prefix"),
    wrong("l2_grads", "two_layers_hard_coded", """
        def l2_grads(parameters, lambd, m):
            return {"dW1": lambd / m * parameters["W1"], "dW2": lambd / m * parameters["W2"]}
    """, "one entry per weight matrix"),
    correct("l2_grads", "loop_over_layers", """
        import numpy as np

        def l2_grads(parameters, lambd, m):
            L = len(parameters) // 2
            grads = {}
            for l in range(1, L + 1):
                grads["dW" + str(l)] = np.multiply(lambd / m, parameters["W" + str(l)])
            return grads
    """),

    # -- dropout_forward -----------------------------------------------------------------
    wrong("dropout_forward", "no_scaling", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            mask = rng.random(A.shape) < keep_prob
            return A * mask, mask
    """, "did not divide by keep_prob"),
    wrong("dropout_forward", "multiplies_by_keep_prob", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            mask = rng.random(A.shape) < keep_prob
            return A * mask * keep_prob, mask
    """, "multiplied by keep_prob"),
    wrong("dropout_forward", "keep_prob_as_drop_probability", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            mask = rng.random(A.shape) > keep_prob
            return A * mask / keep_prob, mask
    """, "probability of dropping"),
    wrong("dropout_forward", "one_mask_for_all_examples", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            mask = rng.random((A.shape[0], 1)) < keep_prob
            return A * mask / keep_prob, mask
    """, "shared by every example"),
    wrong("dropout_forward", "same_mask_broadcast", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            column = rng.random((A.shape[0], 1)) < keep_prob
            mask = np.repeat(column, A.shape[1], axis=1)
            return A * mask / keep_prob, mask
    """, "every example (column) got the same mask"),
    wrong("dropout_forward", "two_draws", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            A_drop = A * (rng.random(A.shape) < keep_prob) / keep_prob
            mask = rng.random(A.shape) < keep_prob
            return A_drop, mask
    """, "A_drop is not zero where the mask drops a unit"),
    wrong("dropout_forward", "global_random", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            mask = np.random.rand(*A.shape) < keep_prob
            return A * mask / keep_prob, mask
    """, "global `np.random` state"),
    wrong("dropout_forward", "no_validation", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            mask = rng.random(A.shape) < keep_prob
            return A * mask / keep_prob, mask
    """, "should raise ValueError"),
    wrong("dropout_forward", "rejects_keep_prob_one", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob < 1:
                raise ValueError("keep_prob must be in (0, 1)")
            mask = rng.random(A.shape) < keep_prob
            return A * mask / keep_prob, mask
    """, "1 is allowed"),
    wrong("dropout_forward", "np_random_seed_but_draws_from_rng", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            np.random.seed(1)
            if not 0 < keep_prob <= 1:
                raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
            mask = rng.random(A.shape) < keep_prob
            return A * mask / keep_prob, mask
    """, "changed the global `np.random` state"),
    wrong("dropout_forward", "exact_number_kept", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            k = int(round(keep_prob * A.size))
            flat = np.zeros(A.size, dtype=bool)
            flat[:k] = True
            mask = rng.permutation(flat).reshape(A.shape)
            return A * mask / keep_prob, mask
    """, "independently", "was always 10", "round(keep_prob * A.size)"),
    wrong("dropout_forward", "exact_number_kept_per_example", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not 0 < keep_prob <= 1:
                raise ValueError("keep_prob must be in (0, 1]")
            n, m = A.shape
            k = int(round(keep_prob * n))
            # keep the k units with the smallest random keys, in every column
            keys = rng.random((n, m))
            mask = keys < np.sort(keys, axis=0)[k - 1:k] + 1e-15 if k else np.zeros((n, m), bool)
            return A * mask / keep_prob, mask
    """, "independently", "was always 10"),
    correct("dropout_forward", "binomial_float_mask", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if keep_prob <= 0 or keep_prob > 1:
                raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
            mask = rng.binomial(1, keep_prob, size=A.shape).astype(float)
            return A * (mask / keep_prob), mask
    """),
    correct("dropout_forward", "where_with_uniform", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if not (0.0 < keep_prob <= 1.0):
                raise ValueError("keep_prob outside (0, 1]")
            D = rng.uniform(size=A.shape)
            D = (D < keep_prob).astype(int)
            return np.where(D == 1, A / keep_prob, 0.0), D
    """),

    correct("dropout_forward", "early_return_and_choice", """
        import numpy as np

        def dropout_forward(A, keep_prob, rng):
            if keep_prob <= 0 or keep_prob > 1:
                raise ValueError("keep_prob must be in (0, 1]")
            if keep_prob == 1:
                return A, np.ones(A.shape, dtype=bool)
            mask = rng.choice([0.0, 1.0], size=A.shape, p=[1 - keep_prob, keep_prob])
            return A * mask / keep_prob, mask
    """),

    # -- dropout_backward ----------------------------------------------------------------
    wrong("dropout_backward", "no_scaling", """
        def dropout_backward(dA, mask, keep_prob):
            return dA * mask
    """, "did not divide by keep_prob"),
    wrong("dropout_backward", "multiplies_by_keep_prob", """
        def dropout_backward(dA, mask, keep_prob):
            return dA * mask * keep_prob
    """, "multiplied by keep_prob"),
    wrong("dropout_backward", "ignores_mask", """
        def dropout_backward(dA, mask, keep_prob):
            return dA / keep_prob
    """, "did not apply the mask"),
    wrong("dropout_backward", "opposite_mask", """
        import numpy as np

        def dropout_backward(dA, mask, keep_prob):
            return dA * (1 - np.asarray(mask, dtype=float)) / keep_prob
    """, "opposite mask"),
    wrong("dropout_backward", "in_place", """
        def dropout_backward(dA, mask, keep_prob):
            dA *= mask
            dA /= keep_prob
            return dA
    """, "modified its argument dA"),
    correct("dropout_backward", "where", """
        import numpy as np

        def dropout_backward(dA, mask, keep_prob):
            return np.where(np.asarray(mask) != 0, dA / keep_prob, 0.0)
    """),
    correct("dropout_backward", "multiply_float_mask", """
        import numpy as np

        def dropout_backward(dA, mask, keep_prob):
            return np.multiply(dA, np.asarray(mask, dtype=np.float64)) * (1.0 / keep_prob)
    """),

    wrong("dropout_backward", "forgot_return", """
        def dropout_backward(dA, mask, keep_prob):
            dA = dA * mask / keep_prob
    """, "shape ()"),

    # -- early_stopping_epoch ------------------------------------------------------------
    wrong("early_stopping_epoch", "returns_stop_epoch", """
        def early_stopping_epoch(dev_costs, patience):
            best, best_cost = 0, float("inf")
            for t, c in enumerate(dev_costs):
                if c < best_cost:
                    best, best_cost = t, c
                elif t - best >= patience:
                    return t
            return best
    """, "where training stopped"),
    wrong("early_stopping_epoch", "last_of_ties", """
        def early_stopping_epoch(dev_costs, patience):
            best, best_cost = 0, float("inf")
            for t, c in enumerate(dev_costs):
                if c <= best_cost:
                    best, best_cost = t, c
                elif t - best >= patience:
                    break
            return best
    """, "last of equal costs"),
    wrong("early_stopping_epoch", "patience_plus_one", """
        def early_stopping_epoch(dev_costs, patience):
            best, best_cost = 0, float("inf")
            for t, c in enumerate(dev_costs):
                if c < best_cost:
                    best, best_cost = t, c
                elif t - best > patience:
                    break
            return best
    """, "patience + 1"),
    wrong("early_stopping_epoch", "patience_minus_one", """
        def early_stopping_epoch(dev_costs, patience):
            best, best_cost, wait = 0, float("inf"), 0
            for t, c in enumerate(dev_costs):
                if c < best_cost:
                    best, best_cost, wait = t, c, 0
                else:
                    wait += 1
                    if wait >= patience - 1:
                        break
            return best
    """, "one epoch early"),
    wrong("early_stopping_epoch", "global_argmin", """
        import numpy as np

        def early_stopping_epoch(dev_costs, patience):
            return int(np.argmin(dev_costs))
    """, "kept training past the stop", "ignore the patience"),
    wrong("early_stopping_epoch", "compares_with_previous_epoch", """
        def early_stopping_epoch(dev_costs, patience):
            best, wait = 0, 0
            for t in range(1, len(dev_costs)):
                if dev_costs[t] < dev_costs[t - 1]:
                    wait = 0
                    if dev_costs[t] < dev_costs[best]:
                        best = t
                else:
                    wait += 1
                    if wait >= patience:
                        break
            return best
    """, "compare with the previous epoch"),
    wrong("early_stopping_epoch", "one_based", """
        def early_stopping_epoch(dev_costs, patience):
            best, best_cost = 0, float("inf")
            for t, c in enumerate(dev_costs, start=1):
                if c < best_cost:
                    best, best_cost = t, c
                elif t - best >= patience:
                    break
            return best
    """, "1-based"),
    wrong("early_stopping_epoch", "counter_not_reset", """
        def early_stopping_epoch(dev_costs, patience):
            best, best_cost, wait = 0, float("inf"), 0
            for t, c in enumerate(dev_costs):
                if c < best_cost:
                    best, best_cost = t, c
                else:
                    wait += 1
                    if wait >= patience:
                        break
            return best
    """, "did not reset the count", "dev_costs=[1, 0.9, 0.95, 0.97, 0.8"),
    wrong("early_stopping_epoch", "min_delta", """
        def early_stopping_epoch(dev_costs, patience, min_delta=0.01):
            # as in Keras: only an improvement by more than min_delta counts
            best, best_cost = 0, float("inf")
            for t, c in enumerate(dev_costs):
                if c < best_cost - min_delta:
                    best, best_cost = t, c
                elif t - best >= patience:
                    break
            return best
    """, "dev_costs=[1.07, 0.85, 0.76", ", ..., ", "(37 epochs)"),
    correct("early_stopping_epoch", "running_minimum_numpy", """
        import numpy as np

        def early_stopping_epoch(dev_costs, patience):
            costs = np.asarray(dev_costs, dtype=float)
            running = np.minimum.accumulate(costs)
            new_min = np.r_[True, costs[1:] < running[:-1]]
            best = 0
            for t in range(len(costs)):
                if new_min[t]:
                    best = t
                elif t - best == patience:
                    break
            return best
    """),
    correct("early_stopping_epoch", "wait_counter", """
        def early_stopping_epoch(dev_costs, patience):
            best_index = None
            wait = 0
            for index, cost in enumerate(dev_costs):
                if best_index is None or cost < dev_costs[best_index]:
                    best_index, wait = index, 0
                else:
                    wait += 1
                    if wait == patience:
                        break
            return best_index
    """),
    correct("early_stopping_epoch", "argmin_of_prefix", """
        import numpy as np

        def early_stopping_epoch(dev_costs, patience):
            costs = list(dev_costs)
            stop = len(costs) - 1
            for t in range(len(costs)):
                best_so_far = int(np.argmin(costs[:t + 1]))
                if t - best_so_far >= patience:
                    stop = t
                    break
            return int(np.argmin(costs[:stop + 1]))
    """),
]
