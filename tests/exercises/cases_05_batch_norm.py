"""Corpus for 05_batch_norm: plausible learner mistakes and alternative correct
implementations of the four graded functions.

The backward cases run with the solution's `batchnorm_forward`, whose cache holds the keys
the exercise suggests ("mu", "var", "Z_hat", "gamma", "eps") and a few more that correct
backward passes commonly read ("Z", "beta", "std", "inv_std", "Z_centered")."""

from corpus import correct, wrong

CASES = [
    # -- batchnorm_forward -------------------------------------------------------------
    wrong("batchnorm_forward", "unbiased_variance", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = Z.mean(axis=1, keepdims=True)
            var = Z.var(axis=1, keepdims=True, ddof=1)
            Z_hat = (Z - mu) / np.sqrt(var + eps)
            return gamma * Z_hat + beta, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps}
    """, "unbiased variance", "ddof=1"),
    wrong("batchnorm_forward", "eps_outside_sqrt", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1, keepdims=True)
            var = np.var(Z, axis=1, keepdims=True)
            Z_hat = (Z - mu) / (np.sqrt(var) + eps)
            return gamma * Z_hat + beta, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps}
    """, "eps outside the square root"),
    wrong("batchnorm_forward", "statistics_over_axis_0", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=0, keepdims=True)
            var = np.var(Z, axis=0, keepdims=True)
            Z_hat = (Z - mu) / np.sqrt(var + eps)
            return gamma * Z_hat + beta, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps}
    """, "cache['mu']", "not over the units (`axis=0`)"),
    wrong("batchnorm_forward", "no_scale_and_shift", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1, keepdims=True)
            var = np.var(Z, axis=1, keepdims=True)
            Z_hat = (Z - mu) / np.sqrt(var + eps)
            return Z_hat, {"mu": mu, "var": var, "Z_hat": Z_hat, "gamma": gamma, "eps": eps}
    """, "returned Z_hat"),
    wrong("batchnorm_forward", "gamma_beta_swapped", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1, keepdims=True)
            var = np.var(Z, axis=1, keepdims=True)
            Z_hat = (Z - mu) / np.sqrt(var + eps)
            return beta * Z_hat + gamma, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps}
    """, "swapped gamma and beta"),
    wrong("batchnorm_forward", "modifies_Z", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1, keepdims=True)
            var = np.var(Z, axis=1, keepdims=True)
            Z -= mu
            Z /= np.sqrt(var + eps)
            return gamma * Z + beta, {"mu": mu, "var": var, "Z_hat": Z, "gamma": gamma,
                                      "eps": eps}
    """, "modified its argument Z in place"),
    wrong("batchnorm_forward", "hard_coded_eps", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1, keepdims=True)
            var = np.var(Z, axis=1, keepdims=True)
            Z_hat = (Z - mu) / np.sqrt(var + 1e-5)
            return gamma * Z_hat + beta, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": 1e-5}
    """, "ignored the `eps` argument"),
    wrong("batchnorm_forward", "cache_holds_std", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1, keepdims=True)
            std = np.std(Z, axis=1, keepdims=True)
            Z_hat = (Z - mu) / np.sqrt(std ** 2 + eps)
            return gamma * Z_hat + beta, {"mu": mu, "var": std, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps}
    """, "stored the standard deviation"),
    wrong("batchnorm_forward", "cache_without_mu_and_var", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mean = np.mean(Z, axis=1, keepdims=True)
            variance = np.var(Z, axis=1, keepdims=True)
            Z_hat = (Z - mean) / np.sqrt(variance + eps)
            return gamma * Z_hat + beta, {"Z_hat": Z_hat, "gamma": gamma,
                                          "std": np.sqrt(variance + eps)}
    """, "cache lacks the keys ['mu', 'var']"),
    wrong("batchnorm_forward", "no_keepdims", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            mu = np.mean(Z, axis=1)
            var = np.var(Z, axis=1)
            Z_hat = (Z - mu) / np.sqrt(var + eps)
            return gamma * Z_hat + beta, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps}
    """, "raised ValueError", "broadcast"),
    correct("batchnorm_forward", "one_pass_variance", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            m = Z.shape[1]
            mu = Z.sum(axis=1, keepdims=True) / m
            var = (Z * Z).sum(axis=1, keepdims=True) / m - mu * mu
            var = np.maximum(var, 0.0)
            inv_std = 1.0 / np.sqrt(var + eps)
            Z_hat = (Z - mu) * inv_std
            return Z_hat * gamma + beta, {"mu": mu, "var": var, "Z_hat": Z_hat,
                                          "gamma": gamma, "eps": eps, "inv_std": inv_std}
    """),
    correct("batchnorm_forward", "loop_over_units", """
        import numpy as np

        def batchnorm_forward(Z, gamma, beta, eps=1e-5):
            n, m = Z.shape
            mu, var = np.zeros((n, 1)), np.zeros((n, 1))
            Z_hat = np.empty((n, m))
            for k in range(n):
                row = Z[k]
                mu[k, 0] = sum(row) / m
                var[k, 0] = sum((z - mu[k, 0]) ** 2 for z in row) / m
                Z_hat[k] = (row - mu[k, 0]) / (var[k, 0] + eps) ** 0.5
            Z_tilde = np.empty((n, m))
            for k in range(n):
                Z_tilde[k] = gamma[k, 0] * Z_hat[k] + beta[k, 0]
            return Z_tilde, {"mu": mu, "var": var, "Z_hat": Z_hat, "gamma": gamma, "eps": eps}
    """),
    # -- batchnorm_backward ------------------------------------------------------------
    wrong("batchnorm_backward", "direct_path_only", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat = cache["Z_hat"]
            dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
            dgamma = np.mean(dZ_tilde * Z_hat, axis=1, keepdims=True)
            dZ = dZ_tilde * cache["gamma"] / np.sqrt(cache["var"] + cache["eps"])
            return dZ, dgamma, dbeta
    """, "ignored how mu and var depend on Z"),
    wrong("batchnorm_backward", "sums_like_cs231n", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat, gamma = cache["Z_hat"], cache["gamma"]
            m = dZ_tilde.shape[1]
            dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
            dgamma = np.sum(dZ_tilde * Z_hat, axis=1, keepdims=True)
            dZ = gamma / np.sqrt(cache["var"] + cache["eps"]) / m * (
                m * dZ_tilde - dbeta - Z_hat * dgamma)
            return dZ, dgamma, dbeta
    """, "dbeta", "summed over the examples", "m times larger"),
    wrong("batchnorm_backward", "modifies_cache", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat = cache["Z_hat"]
            dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
            weighted = Z_hat
            weighted *= dZ_tilde
            dgamma = np.mean(weighted, axis=1, keepdims=True)
            Z_hat = weighted / dZ_tilde
            dZ = cache["gamma"] / np.sqrt(cache["var"] + cache["eps"]) * (
                dZ_tilde - dbeta - Z_hat * dgamma)
            return dZ, dgamma, dbeta
    """, "modified its argument cache in place", "Z_hat"),
    wrong("batchnorm_backward", "dz_divided_by_m", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat = cache["Z_hat"]
            m = dZ_tilde.shape[1]
            dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
            dgamma = np.mean(dZ_tilde * Z_hat, axis=1, keepdims=True)
            dZ = cache["gamma"] / np.sqrt(cache["var"] + cache["eps"]) / m * (
                dZ_tilde - dbeta - Z_hat * dgamma)
            return dZ, dgamma, dbeta
    """, "divided dZ by m"),
    wrong("batchnorm_backward", "no_variance_path", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
            dgamma = np.mean(dZ_tilde * cache["Z_hat"], axis=1, keepdims=True)
            dZ = cache["gamma"] / np.sqrt(cache["var"] + cache["eps"]) * (dZ_tilde - dbeta)
            return dZ, dgamma, dbeta
    """, "path through the variance"),
    wrong("batchnorm_backward", "statistics_over_axis_0", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat = cache["Z_hat"]
            dbeta = np.mean(dZ_tilde, axis=0, keepdims=True)
            dgamma = np.mean(dZ_tilde * Z_hat, axis=0, keepdims=True)
            dZ = cache["gamma"] / np.sqrt(cache["var"] + cache["eps"]) * (
                dZ_tilde - dbeta - Z_hat * dgamma)
            return dZ, dgamma, dbeta
    """, "dgamma", "not over the units (`axis=0`)"),
    wrong("batchnorm_backward", "dgamma_with_Z", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat = cache["Z_hat"]
            dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
            dgamma = np.mean(dZ_tilde * cache["Z"], axis=1, keepdims=True)
            dZ = cache["gamma"] / np.sqrt(cache["var"] + cache["eps"]) * (
                dZ_tilde - dbeta - Z_hat * np.mean(dZ_tilde * Z_hat, axis=1, keepdims=True))
            return dZ, dgamma, dbeta
    """, "used Z instead of Z_hat"),
    wrong("batchnorm_backward", "modifies_dZ_tilde", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            Z_hat = cache["Z_hat"]
            dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
            dgamma = np.mean(dZ_tilde * Z_hat, axis=1, keepdims=True)
            dZ_tilde -= dbeta + Z_hat * dgamma
            dZ_tilde *= cache["gamma"] / np.sqrt(cache["var"] + cache["eps"])
            return dZ_tilde, dgamma, dbeta
    """, "modified its argument dZ_tilde in place"),
    correct("batchnorm_backward", "chain_rule_through_mu_and_var", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            # The long form: through Z_hat, var and mu, per example (no 1/m on dZ_tilde).
            Z, mu, var, eps, gamma = (cache[k] for k in ("Z", "mu", "var", "eps", "gamma"))
            m = Z.shape[1]
            inv_std = 1.0 / np.sqrt(var + eps)
            centered = Z - mu
            dZ_hat = dZ_tilde * gamma
            dvar = np.sum(dZ_hat * centered, axis=1, keepdims=True) * -0.5 * inv_std ** 3
            dmu = (-np.sum(dZ_hat, axis=1, keepdims=True) * inv_std
                   - 2.0 * dvar * np.mean(centered, axis=1, keepdims=True))
            dZ = dZ_hat * inv_std + dvar * 2.0 * centered / m + dmu / m
            Z_hat = centered * inv_std
            return dZ, np.sum(dZ_tilde * Z_hat, axis=1, keepdims=True) / m, \\
                np.sum(dZ_tilde, axis=1, keepdims=True) / m
    """),
    correct("batchnorm_backward", "with_the_inverse_std", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            m = dZ_tilde.shape[1]
            dbeta = dZ_tilde.sum(axis=1, keepdims=True) / m
            dgamma = (dZ_tilde * cache["Z_hat"]).sum(axis=1, keepdims=True) / m
            dZ_hat = cache["gamma"] * dZ_tilde
            dZ = cache["inv_std"] * (dZ_hat - dZ_hat.mean(axis=1, keepdims=True)
                                     - cache["Z_hat"] * (dZ_hat * cache["Z_hat"]).mean(
                                         axis=1, keepdims=True))
            return dZ, dgamma, dbeta
    """),
    correct("batchnorm_backward", "from_mu_and_var_only", """
        import numpy as np

        def batchnorm_backward(dZ_tilde, cache):
            # Recomputes Z_hat from the stored input and statistics.
            Z_hat = (cache["Z"] - cache["mu"]) / np.sqrt(cache["var"] + cache["eps"])
            dbeta = dZ_tilde.mean(axis=1).reshape(-1, 1)
            dgamma = (dZ_tilde * Z_hat).mean(axis=1).reshape(-1, 1)
            scale = cache["gamma"] * (cache["var"] + cache["eps"]) ** -0.5
            dZ = scale * dZ_tilde - scale * dbeta - scale * Z_hat * dgamma
            return dZ, dgamma, dbeta
    """),
    # -- update_running_stats ----------------------------------------------------------
    wrong("update_running_stats", "pytorch_convention", """
        def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
            return ((1 - momentum) * running_mean + momentum * mu,
                    (1 - momentum) * running_var + momentum * var)
    """, "PyTorch's convention"),
    wrong("update_running_stats", "in_place", """
        def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
            running_mean *= momentum
            running_mean += (1 - momentum) * mu
            running_var *= momentum
            running_var += (1 - momentum) * var
            return running_mean, running_var
    """, "modified its argument running_mean in place"),
    wrong("update_running_stats", "swapped_outputs", """
        def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
            new_mean = momentum * running_mean + (1 - momentum) * mu
            new_var = momentum * running_var + (1 - momentum) * var
            return new_var, new_mean
    """, "return the mean first"),
    wrong("update_running_stats", "default_momentum_099", """
        def update_running_stats(running_mean, running_var, mu, var, momentum=0.99):
            return (momentum * running_mean + (1 - momentum) * mu,
                    momentum * running_var + (1 - momentum) * var)
    """, "(default momentum)", "Check the default: `momentum=0.9`"),
    wrong("update_running_stats", "ignores_momentum", """
        def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
            return 0.9 * running_mean + 0.1 * mu, 0.9 * running_var + 0.1 * var
    """, "ignored the `momentum` argument"),
    wrong("update_running_stats", "returns_batch_statistics", """
        def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
            return mu.copy(), var.copy()
    """, "returned the batch mean"),
    correct("update_running_stats", "step_towards_the_batch", """
        import numpy as np

        def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
            # Move a fraction (1 - momentum) of the way towards the batch statistics.
            step = 1.0 - momentum
            return (np.add(running_mean, step * (mu - running_mean)),
                    np.add(running_var, step * (var - running_var)))
    """),
    # -- batchnorm_inference -----------------------------------------------------------
    wrong("batchnorm_inference", "batch_statistics", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            mu = Z.mean(axis=1, keepdims=True)
            var = Z.var(axis=1, keepdims=True)
            return gamma * (Z - mu) / np.sqrt(var + eps) + beta
    """, "statistics of the batch Z", "running_mean and running_var"),
    wrong("batchnorm_inference", "eps_outside_sqrt", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            return gamma * (Z - running_mean) / (np.sqrt(running_var) + eps) + beta
    """, "eps outside the square root"),
    wrong("batchnorm_inference", "divides_by_variance", """
        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            return gamma * (Z - running_mean) / (running_var + eps) + beta
    """, "divided by the variance"),
    wrong("batchnorm_inference", "modifies_Z", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            Z -= running_mean
            Z /= np.sqrt(running_var + eps)
            return gamma * Z + beta
    """, "modified its argument Z in place"),
    wrong("batchnorm_inference", "hard_coded_eps", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            return gamma * (Z - running_mean) / np.sqrt(running_var + 1e-5) + beta
    """, "ignored the `eps` argument"),
    wrong("batchnorm_inference", "no_scale_and_shift", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            return (Z - running_mean) / np.sqrt(running_var + eps)
    """, "forgot gamma and beta"),
    correct("batchnorm_inference", "folded_scale_and_shift", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            # One scale and one shift per unit, then a single pass over Z.
            scale = gamma / np.sqrt(running_var + eps)
            return Z * scale + (beta - running_mean * scale)
    """),
    correct("batchnorm_inference", "reuses_the_training_formula", """
        import numpy as np

        def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5):
            inv_std = np.power(running_var + eps, -0.5)
            Z_hat = np.subtract(Z, running_mean) * inv_std
            return np.add(np.multiply(gamma, Z_hat), beta)
    """),
]
