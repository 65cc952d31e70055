"""Corpus for 04_hyperparameter_tuning: plausible learner mistakes and alternative correct
implementations of the seven graded functions."""

from corpus import correct, wrong

CASES = [
    # -- sample_log_uniform ----------------------------------------------------------------------
    wrong("sample_log_uniform", "xor_float", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            r = rng.uniform(np.log10(low), np.log10(high), size)
            return 10 ^ r
    """, "bitwise XOR", "10 ** r"),
    wrong("sample_log_uniform", "xor_integer_exponents", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            r = rng.integers(int(np.log10(low)), int(np.log10(high)) + 1, size)
            return 10 ^ r
    """, "outside [low, high]", "bitwise XOR"),
    wrong("sample_log_uniform", "uniform", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            return rng.uniform(low, high, size)
    """, "uniformly between low and high instead of log-uniformly"),
    wrong("sample_log_uniform", "natural_log_exponent", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            return 10 ** rng.uniform(np.log(low), np.log(high), size)
    """, "outside [low, high]", "natural log"),
    wrong("sample_log_uniform", "exp_of_base10", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            return np.exp(rng.uniform(np.log10(low), np.log10(high), size))
    """, "natural log with base 10", "np.exp"),
    wrong("sample_log_uniform", "bounds_not_logged", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            return 10 ** rng.uniform(low, high, size)
    """, "outside [low, high]", "np.log10(low)"),
    wrong("sample_log_uniform", "fixed_logspace", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            n = int(np.prod(size))
            return np.logspace(np.log10(low), np.log10(high), n).reshape(size)
    """, "different seeds returned the same samples"),
    wrong("sample_log_uniform", "global_random_state", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not 0 < low < high:
                raise ValueError("bounds")
            return 10 ** np.random.uniform(np.log10(low), np.log10(high), size)
    """, "global `np.random` state"),
    wrong("sample_log_uniform", "no_validation", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            return 10 ** rng.uniform(np.log10(low), np.log10(high), size)
    """, "should raise ValueError"),
    correct("sample_log_uniform", "exp_of_natural_log", """
        import math
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if low <= 0 or high <= low:
                raise ValueError(f"need 0 < low < high, got {low}, {high}")
            return np.exp(rng.uniform(math.log(low), math.log(high), size=size))
    """),
    correct("sample_log_uniform", "scaled_unit_draw", """
        import numpy as np

        def sample_log_uniform(low, high, size, rng):
            if not (low > 0 and high > low):
                raise ValueError("bad bounds")
            a, b = np.log10(low), np.log10(high)
            u = rng.random(size)
            return np.power(10.0, a + (b - a) * u)
    """),
    # -- ewa_window ------------------------------------------------------------------------------
    wrong("ewa_window", "one_over_beta", """
        def ewa_window(beta):
            return 1 / beta
    """, "computed 1 / beta"),
    wrong("ewa_window", "off_by_one", """
        def ewa_window(beta):
            return beta / (1 - beta)
    """, "beta / (1 - beta)"),
    wrong("ewa_window", "weight_not_window", """
        def ewa_window(beta):
            return 1 - beta
    """, "weight of the newest value"),
    wrong("ewa_window", "time_constant", """
        import numpy as np

        def ewa_window(beta):
            return -1 / np.log(beta) if beta > 0 else 1.0
    """, "-1 / ln(beta)"),
    correct("ewa_window", "sum_of_weights_ratio", """
        def ewa_window(beta):
            # the weights (1 - beta) beta**k sum to 1; the newest has weight 1 - beta
            newest = 1.0 - beta
            return 1.0 / newest
    """),
    correct("ewa_window", "numpy_reciprocal", """
        import numpy as np

        def ewa_window(beta):
            return float(np.reciprocal(1.0 - np.float64(beta)))
    """),
    # -- sample_ewa_beta -------------------------------------------------------------------------
    wrong("sample_ewa_beta", "beta_on_log_scale", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 <= low < high < 1:
                raise ValueError("bounds")
            return 10 ** rng.uniform(np.log10(low), np.log10(high), size)
    """, "sampled beta itself"),
    wrong("sample_ewa_beta", "beta_uniform", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 <= low < high < 1:
                raise ValueError("bounds")
            return rng.uniform(low, high, size)
    """, "sampled beta itself"),
    wrong("sample_ewa_beta", "returns_one_minus_beta", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 <= low < high < 1:
                raise ValueError("bounds")
            return 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)
    """, "outside [low, high]", "returned 1 - beta"),
    wrong("sample_ewa_beta", "natural_log", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 <= low < high < 1:
                raise ValueError("bounds")
            return 1 - 10 ** rng.uniform(np.log(1 - high), np.log(1 - low), size)
    """, "outside [low, high]", "natural log"),
    wrong("sample_ewa_beta", "xor", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 <= low < high < 1:
                raise ValueError("bounds")
            r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size)
            return 1 - (10 ^ r)
    """, "bitwise XOR"),
    wrong("sample_ewa_beta", "allows_high_one", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 <= low < high <= 1:
                raise ValueError("bounds")
            with np.errstate(divide="ignore"):
                r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size)
            return 1 - 10 ** r
    """, "high = 1", "should raise ValueError"),
    wrong("sample_ewa_beta", "rejects_zero_low", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not 0 < low < high < 1:
                raise ValueError("bounds")
            return 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)
    """, "raised ValueError"),
    correct("sample_ewa_beta", "from_the_low_end", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if low < 0 or high >= 1 or low >= high:
                raise ValueError("need 0 <= low < high < 1")
            # walk down from log10(1 - low) by a uniform share of the range: same law
            a, b = np.log10(1 - low), np.log10(1 - high)
            return 1.0 - np.power(10.0, a + (b - a) * rng.random(size))
    """),
    correct("sample_ewa_beta", "via_natural_log", """
        import numpy as np

        def sample_ewa_beta(low, high, size, rng):
            if not (0 <= low < high < 1):
                raise ValueError("bad bounds")
            a, b = np.log1p(-high), np.log1p(-low)
            return -np.expm1(a + (b - a) * rng.random(size))
    """),
    # -- grid_points -----------------------------------------------------------------------------
    wrong("grid_points", "arange_misses_end", """
        import itertools
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n")
            axes = {}
            for name, (low, high, scale) in space.items():
                if scale == "log":
                    a, b = np.log10(low), np.log10(high)
                    values = 10 ** np.arange(a, b, (b - a) / (n_per_axis - 1))
                elif scale == "ewa":
                    a, b = np.log10(1 - low), np.log10(1 - high)
                    values = 1 - 10 ** np.arange(a, b, (b - a) / (n_per_axis - 1))
                elif scale == "linear":
                    values = np.arange(low, high, (high - low) / (n_per_axis - 1))
                elif scale == "int":
                    step = (high - low) / (n_per_axis - 1)
                    values = np.unique(np.round(np.arange(low, high, step)).astype(int))
                else:
                    raise ValueError(scale)
                axes[name] = list(values)
            return [dict(zip(axes, c)) for c in itertools.product(*axes.values())]
    """, "miss the end point", "np.arange"),
    wrong("grid_points", "log_axis_linear", """
        import itertools
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n")
            axes = {}
            for name, (low, high, scale) in space.items():
                if scale == "ewa":
                    a, b = np.log10(1 - low), np.log10(1 - high)
                    values = 1 - 10 ** np.linspace(a, b, n_per_axis)
                elif scale in ("log", "linear"):
                    values = np.linspace(low, high, n_per_axis)
                elif scale == "int":
                    values = np.unique(np.round(np.linspace(low, high, n_per_axis)).astype(int))
                else:
                    raise ValueError(scale)
                axes[name] = list(values)
            return [dict(zip(axes, c)) for c in itertools.product(*axes.values())]
    """, "spaced the log axis evenly in the value itself"),
    wrong("grid_points", "zip_not_product", """
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n")
            axes = {}
            for name, (low, high, scale) in space.items():
                if scale == "log":
                    values = np.geomspace(low, high, n_per_axis)
                elif scale == "ewa":
                    values = 1 - np.geomspace(1 - low, 1 - high, n_per_axis)
                elif scale == "linear":
                    values = np.linspace(low, high, n_per_axis)
                elif scale == "int":
                    values = np.round(np.linspace(low, high, n_per_axis)).astype(int)
                else:
                    raise ValueError(scale)
                axes[name] = list(values)
            return [dict(zip(axes, c)) for c in zip(*axes.values())]
    """, "itertools.product"),
    wrong("grid_points", "int_truncated", """
        import itertools
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n")
            axes = {}
            for name, (low, high, scale) in space.items():
                if scale == "log":
                    values = np.geomspace(low, high, n_per_axis)
                elif scale == "ewa":
                    values = 1 - np.geomspace(1 - low, 1 - high, n_per_axis)
                elif scale == "linear":
                    values = np.linspace(low, high, n_per_axis)
                elif scale == "int":
                    values = np.unique(np.linspace(low, high, n_per_axis).astype(int))
                else:
                    raise ValueError(scale)
                axes[name] = list(values)
            return [dict(zip(axes, c)) for c in itertools.product(*axes.values())]
    """, "truncated"),
    wrong("grid_points", "beta_on_log_scale", """
        import itertools
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n")
            axes = {}
            for name, (low, high, scale) in space.items():
                if scale in ("log", "ewa"):
                    values = np.geomspace(low, high, n_per_axis)
                elif scale == "linear":
                    values = np.linspace(low, high, n_per_axis)
                elif scale == "int":
                    values = np.unique(np.round(np.linspace(low, high, n_per_axis)).astype(int))
                else:
                    raise ValueError(scale)
                axes[name] = list(values)
            return [dict(zip(axes, c)) for c in itertools.product(*axes.values())]
    """, "spaced beta itself on a log scale"),
    wrong("grid_points", "unknown_scale_as_linear", """
        import itertools
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n")
            axes = {}
            for name, (low, high, scale) in space.items():
                if scale == "log":
                    values = np.geomspace(low, high, n_per_axis)
                elif scale == "ewa":
                    values = 1 - np.geomspace(1 - low, 1 - high, n_per_axis)
                elif scale == "int":
                    values = np.unique(np.round(np.linspace(low, high, n_per_axis)).astype(int))
                else:
                    values = np.linspace(low, high, n_per_axis)
                axes[name] = list(values)
            return [dict(zip(axes, c)) for c in itertools.product(*axes.values())]
    """, "unknown scale", "should raise ValueError"),
    correct("grid_points", "recursive_geomspace", """
        import numpy as np

        def _axis(low, high, scale, n):
            if scale == "linear":
                return [float(v) for v in np.linspace(low, high, n)]
            if scale == "log":
                return [float(v) for v in np.geomspace(low, high, n)]
            if scale == "ewa":
                return [float(1 - v) for v in np.geomspace(1 - low, 1 - high, n)]
            if scale == "int":
                return sorted({int(round(v)) for v in np.linspace(low, high, n)})
            raise ValueError(f"unknown scale {scale!r}")

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("n_per_axis must be at least 2")
            points = [{}]
            for name, (low, high, scale) in space.items():
                values = _axis(low, high, scale, n_per_axis)
                points = [dict(p, **{name: v}) for p in points for v in values]
            return points
    """),
    correct("grid_points", "meshgrid", """
        import numpy as np

        def grid_points(space, n_per_axis):
            if n_per_axis < 2:
                raise ValueError("need two points per axis")
            names, axes = [], []
            for name, (low, high, scale) in space.items():
                t = np.linspace(0.0, 1.0, n_per_axis)
                if scale == "linear":
                    v = low + t * (high - low)
                elif scale == "log":
                    v = low * (high / low) ** t
                elif scale == "ewa":
                    v = 1 - (1 - low) * ((1 - high) / (1 - low)) ** t
                elif scale == "int":
                    v = np.unique(np.rint(low + t * (high - low)).astype(np.int64))
                else:
                    raise ValueError(scale)
                names.append(name)
                axes.append(v)
            mesh = np.meshgrid(*axes, indexing="ij")
            flat = [m.ravel() for m in mesh]
            return [{n: (int(col[i]) if isinstance(col[i], np.integer) else float(col[i]))
                     for n, col in zip(names, flat)} for i in range(flat[0].size)]
    """),
    # -- random_points ---------------------------------------------------------------------------
    wrong("random_points", "log_axis_uniform", """
        import numpy as np

        def random_points(space, n, rng):
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale in ("linear", "log"):
                    cols[name] = rng.uniform(low, high, n)
                elif scale == "ewa":
                    cols[name] = 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), n)
                else:
                    cols[name] = rng.integers(low, high + 1, n)
            return [{k: v[i] for k, v in cols.items()} for i in range(n)]
    """, "uniformly instead of log-uniformly"),
    wrong("random_points", "integers_exclude_high", """
        import numpy as np

        def random_points(space, n, rng):
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale == "linear":
                    cols[name] = rng.uniform(low, high, n)
                elif scale == "log":
                    cols[name] = 10 ** rng.uniform(np.log10(low), np.log10(high), n)
                elif scale == "ewa":
                    cols[name] = 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), n)
                else:
                    cols[name] = rng.integers(low, high, n)
            return [{k: v[i] for k, v in cols.items()} for i in range(n)]
    """, "never came up", "rng.integers(low, high + 1)"),
    wrong("random_points", "one_draw_for_all_axes", """
        import numpy as np

        def random_points(space, n, rng):
            u = rng.random(n)
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale == "linear":
                    cols[name] = low + u * (high - low)
                elif scale == "log":
                    cols[name] = 10 ** (np.log10(low) + u * (np.log10(high) - np.log10(low)))
                elif scale == "ewa":
                    a, b = np.log10(1 - high), np.log10(1 - low)
                    cols[name] = 1 - 10 ** (a + u * (b - a))
                else:
                    cols[name] = np.minimum(low + (u * (high - low + 1)).astype(int), high)
            return [{k: v[i] for k, v in cols.items()} for i in range(n)]
    """, "correlated", "same random numbers for every axis"),
    wrong("random_points", "beta_uniform", """
        import numpy as np

        def random_points(space, n, rng):
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale in ("linear", "ewa"):
                    cols[name] = rng.uniform(low, high, n)
                elif scale == "log":
                    cols[name] = 10 ** rng.uniform(np.log10(low), np.log10(high), n)
                else:
                    cols[name] = rng.integers(low, high + 1, n)
            return [{k: v[i] for k, v in cols.items()} for i in range(n)]
    """, "sampled beta itself"),
    wrong("random_points", "one_point_repeated", """
        import numpy as np

        def random_points(space, n, rng):
            point = {}
            for name, (low, high, scale) in space.items():
                if scale == "linear":
                    point[name] = rng.uniform(low, high)
                elif scale == "log":
                    point[name] = 10 ** rng.uniform(np.log10(low), np.log10(high))
                elif scale == "ewa":
                    point[name] = 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low))
                else:
                    point[name] = int(rng.integers(low, high + 1))
            return [dict(point) for _ in range(n)]
    """, "all 1000 points are the same", "repeated"),
    wrong("random_points", "int_axis_as_floats", """
        import numpy as np

        def random_points(space, n, rng):
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale == "linear":
                    cols[name] = rng.uniform(low, high, n)
                elif scale == "log":
                    cols[name] = 10 ** rng.uniform(np.log10(low), np.log10(high), n)
                elif scale == "ewa":
                    cols[name] = 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), n)
                else:
                    cols[name] = np.floor(rng.uniform(low, high + 1, n))
            return [{k: v[i] for k, v in cols.items()} for i in range(n)]
    """, "expected integers"),
    correct("random_points", "point_by_point", """
        import math

        def random_points(space, n, rng):
            points = []
            for _ in range(n):
                point = {}
                for name, (low, high, scale) in space.items():
                    if scale == "linear":
                        point[name] = float(rng.uniform(low, high))
                    elif scale == "log":
                        point[name] = 10 ** float(rng.uniform(math.log10(low), math.log10(high)))
                    elif scale == "ewa":
                        r = float(rng.uniform(math.log10(1 - high), math.log10(1 - low)))
                        point[name] = 1 - 10 ** r
                    elif scale == "int":
                        point[name] = int(rng.integers(low, high, endpoint=True))
                    else:
                        raise ValueError(scale)
                points.append(point)
            return points
    """),
    correct("random_points", "uses_own_samplers", """
        import numpy as np

        def random_points(space, n, rng):
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale == "log":
                    cols[name] = sample_log_uniform(low, high, n, rng)
                elif scale == "ewa":
                    cols[name] = sample_ewa_beta(low, high, n, rng)
                elif scale == "int":
                    cols[name] = rng.choice(np.arange(low, high + 1), size=n)
                else:
                    cols[name] = rng.uniform(low, high, n)
            return [{k: v[i] for k, v in cols.items()} for i in range(n)]
    """),
    # -- zoom ------------------------------------------------------------------------------------
    wrong("zoom", "linear_span_on_log_axis", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            best = sorted(trials, key=lambda t: t["score"], reverse=True)[:top_k]
            new = {}
            for name, (low, high, scale) in space.items():
                v = [t["params"][name] for t in best]
                span = max(v) - min(v)
                widen = margin * (span if span > 0 else high - low)
                a, b = max(min(v) - widen, low), min(max(v) + widen, high)
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                new[name] = (a, b, scale)
            return new
    """, "measured the span on a linear scale"),
    wrong("zoom", "escapes_old_bounds", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            best = sorted(trials, key=lambda t: t["score"], reverse=True)[:top_k]
            fwd = {"log": np.log10, "ewa": lambda b: np.log10(1 - b)}
            back = {"log": lambda t: 10 ** t, "ewa": lambda t: 1 - 10 ** t}
            new = {}
            for name, (low, high, scale) in space.items():
                f = fwd.get(scale, lambda x: x)
                g = back.get(scale, lambda x: x)
                t = [f(tr["params"][name]) for tr in best]
                old = abs(f(high) - f(low))
                span = max(t) - min(t)
                widen = margin * (span if span > 0 else old)
                a, b = sorted([g(min(t) - widen), g(max(t) + widen)])
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                new[name] = (a, b, scale)
            return new
    """, "leave the old space"),
    wrong("zoom", "worst_trials", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            best = sorted(trials, key=lambda t: t["score"])[:top_k]
            fwd = {"log": np.log10, "ewa": lambda b: np.log10(1 - b)}
            back = {"log": lambda t: 10 ** t, "ewa": lambda t: 1 - 10 ** t}
            new = {}
            for name, (low, high, scale) in space.items():
                f = fwd.get(scale, lambda x: x)
                g = back.get(scale, lambda x: x)
                t = [f(tr["params"][name]) for tr in best]
                lo_old, hi_old = sorted([f(low), f(high)])
                span = max(t) - min(t)
                widen = margin * (span if span > 0 else hi_old - lo_old)
                a, b = sorted([g(max(min(t) - widen, lo_old)), g(min(max(t) + widen, hi_old))])
                a, b = max(a, low), min(b, high)
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                new[name] = (a, b, scale)
            return new
    """, "used the worst trials"),
    wrong("zoom", "zero_span_collapses", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            best = sorted(trials, key=lambda t: t["score"], reverse=True)[:top_k]
            fwd = {"log": np.log10, "ewa": lambda b: np.log10(1 - b)}
            back = {"log": lambda t: 10 ** t, "ewa": lambda t: 1 - 10 ** t}
            new = {}
            for name, (low, high, scale) in space.items():
                f = fwd.get(scale, lambda x: x)
                g = back.get(scale, lambda x: x)
                t = [f(tr["params"][name]) for tr in best]
                lo_old, hi_old = sorted([f(low), f(high)])
                widen = margin * (max(t) - min(t))
                a, b = sorted([g(max(min(t) - widen, lo_old)), g(min(max(t) + widen, hi_old))])
                a, b = max(a, low), min(b, high)
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                new[name] = (a, b, scale)
            return new
    """, "zero span"),
    wrong("zoom", "sorts_in_place", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            trials.sort(key=lambda t: t["score"], reverse=True)
            best = trials[:top_k]
            fwd = {"log": np.log10, "ewa": lambda b: np.log10(1 - b)}
            back = {"log": lambda t: 10 ** t, "ewa": lambda t: 1 - 10 ** t}
            new = {}
            for name, (low, high, scale) in space.items():
                f = fwd.get(scale, lambda x: x)
                g = back.get(scale, lambda x: x)
                t = [f(tr["params"][name]) for tr in best]
                lo_old, hi_old = sorted([f(low), f(high)])
                span = max(t) - min(t)
                widen = margin * (span if span > 0 else hi_old - lo_old)
                a, b = sorted([g(max(min(t) - widen, lo_old)), g(min(max(t) + widen, hi_old))])
                a, b = max(a, low), min(b, high)
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                new[name] = (a, b, scale)
            return new
    """, "modified its argument `trials`"),
    wrong("zoom", "first_trials_of_list", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            best = trials[:top_k]
            fwd = {"log": np.log10, "ewa": lambda b: np.log10(1 - b)}
            back = {"log": lambda t: 10 ** t, "ewa": lambda t: 1 - 10 ** t}
            new = {}
            for name, (low, high, scale) in space.items():
                f = fwd.get(scale, lambda x: x)
                g = back.get(scale, lambda x: x)
                t = [f(tr["params"][name]) for tr in best]
                lo_old, hi_old = sorted([f(low), f(high)])
                span = max(t) - min(t)
                widen = margin * (span if span > 0 else hi_old - lo_old)
                a, b = sorted([g(max(min(t) - widen, lo_old)), g(min(max(t) + widen, hi_old))])
                a, b = max(a, low), min(b, high)
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                new[name] = (a, b, scale)
            return new
    """, "first top_k trials"),
    correct("zoom", "numpy_positions", """
        import numpy as np

        def zoom(space, trials, top_k=3, margin=0.25):
            scores = np.array([t["score"] for t in trials], dtype=float)
            order = np.argsort(-scores, kind="stable")[:top_k]
            out = {}
            for name, (low, high, scale) in space.items():
                x = np.array([trials[i]["params"][name] for i in order], dtype=float)
                bounds = np.array([low, high], dtype=float)
                if scale == "log":
                    x, bounds = np.log10(x), np.log10(bounds)
                elif scale == "ewa":
                    x, bounds = np.log10(1 - x), np.log10(1 - bounds)
                lo_old, hi_old = bounds.min(), bounds.max()
                span = np.ptp(x) or (hi_old - lo_old)
                t = np.clip([x.min() - margin * span, x.max() + margin * span], lo_old, hi_old)
                if scale == "log":
                    t = 10 ** t
                elif scale == "ewa":
                    t = 1 - 10 ** t
                a, b = np.clip(np.sort(t), low, high)
                if scale == "int":
                    a, b = int(np.floor(a)), int(np.ceil(b))
                else:
                    a, b = float(a), float(b)
                out[name] = (a, b, scale)
            return out
    """),
    # -- random_search ---------------------------------------------------------------------------
    wrong("random_search", "worst_first", """
        def random_search(objective, space, n_trials, rng):
            trials = [{"params": p, "score": objective(p)}
                      for p in random_points(space, n_trials, rng)]
            return sorted(trials, key=lambda t: t["score"])
    """, "worst first", "reverse=True"),
    wrong("random_search", "objective_in_sort_key", """
        def random_search(objective, space, n_trials, rng):
            points = random_points(space, n_trials, rng)
            ranked = sorted(points, key=objective, reverse=True)
            return [{"params": p, "score": objective(p)} for p in ranked]
    """, "called the objective 400 times", "once per trial"),
    wrong("random_search", "unsorted", """
        def random_search(objective, space, n_trials, rng):
            return [{"params": p, "score": float(objective(p))}
                    for p in random_points(space, n_trials, rng)]
    """, "not sorted by score"),
    wrong("random_search", "scores_shuffled_away", """
        def random_search(objective, space, n_trials, rng):
            points = random_points(space, n_trials, rng)
            scores = sorted((float(objective(p)) for p in points), reverse=True)
            return [{"params": p, "score": s} for p, s in zip(points, scores)]
    """, "the score of the trial"),
    wrong("random_search", "own_sampling_all_uniform", """
        def random_search(objective, space, n_trials, rng):
            trials = []
            for _ in range(n_trials):
                params = {name: int(rng.integers(low, high + 1)) if scale == "int"
                          else float(rng.uniform(low, high))
                          for name, (low, high, scale) in space.items()}
                trials.append({"params": params, "score": float(objective(params))})
            return sorted(trials, key=lambda t: t["score"], reverse=True)
    """, "the share of learning rates below 1e-2", "own scale"),
    correct("random_search", "own_sampling_and_heap", """
        import heapq
        import numpy as np

        def random_search(objective, space, n_trials, rng):
            cols = {}
            for name, (low, high, scale) in space.items():
                if scale == "log":
                    cols[name] = 10 ** rng.uniform(np.log10(low), np.log10(high), n_trials)
                elif scale == "ewa":
                    a, b = np.log10(1 - high), np.log10(1 - low)
                    cols[name] = 1 - 10 ** rng.uniform(a, b, n_trials)
                elif scale == "int":
                    cols[name] = rng.integers(low, high + 1, n_trials)
                else:
                    cols[name] = rng.uniform(low, high, n_trials)
            trials = []
            for i in range(n_trials):
                params = {k: v[i].item() for k, v in cols.items()}
                trials.append({"params": params, "score": float(objective(params))})
            return heapq.nlargest(n_trials, trials, key=lambda t: t["score"])
    """),
]
