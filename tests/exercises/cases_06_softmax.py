"""Corpus for 06_softmax: plausible learner mistakes and alternative correct
implementations of the six graded functions."""

from corpus import correct, wrong

CASES = [
    # -- one_hot ---------------------------------------------------------------------------
    wrong("one_hot", "transposed_eye_rows", """
        import numpy as np

        def one_hot(y, C):
            if np.any((y < 0) | (y >= C)):
                raise ValueError("label out of range")
            return np.eye(C)[y]
    """, "shape (5, 4)", "np.eye(C)[y]"),
    wrong("one_hot", "no_range_check", """
        import numpy as np

        def one_hot(y, C):
            Y = np.zeros((C, y.size))
            Y[y, np.arange(y.size)] = 1.0
            return Y
    """, "label 4 is not in [0, 4)", "should raise ValueError, but it raised IndexError"),
    wrong("one_hot", "negative_labels_pass", """
        import numpy as np

        def one_hot(y, C):
            if np.max(y) >= C:
                raise ValueError("label too large")
            return np.eye(C)[:, y]
    """, "label -1 is negative", "nothing was raised", "test `y < 0`"),
    wrong("one_hot", "classes_from_max_label", """
        import numpy as np

        def one_hot(y, C):
            if np.any((y < 0) | (y >= C)):
                raise ValueError("label out of range")
            n = int(y.max()) + 1
            return np.eye(n)[:, y]
    """, "shape (4, 3)", "not `y.max() + 1`"),
    wrong("one_hot", "labels_counted_from_one", """
        import numpy as np

        def one_hot(y, C):
            if np.any((y < 0) | (y >= C)):
                raise ValueError("label out of range")
            Y = np.zeros((C, len(y)))
            Y[y - 1, np.arange(len(y))] = 1.0
            return Y
    """, "counted the labels from 1"),
    wrong("one_hot", "list_of_lists_rows", """
        import numpy as np

        def one_hot(y, C):
            if np.any((y < 0) | (y >= C)):
                raise ValueError("label out of range")
            return [[1.0 if k == label else 0.0 for k in range(C)] for label in y]
    """, "shape (5, 4)", "Examples are columns"),
    correct("one_hot", "comparison_broadcast", """
        import numpy as np

        def one_hot(y, C):
            y = np.asarray(y)
            if y.min() < 0 or y.max() > C - 1:
                raise ValueError(f"labels must lie in [0, {C})")
            return (np.arange(C).reshape(-1, 1) == y).astype(float)
    """),
    correct("one_hot", "loop_int_dtype", """
        import numpy as np

        def one_hot(y, C):
            Y = np.zeros((C, len(y)), dtype=int)
            for i, label in enumerate(y):
                if not 0 <= label < C:
                    raise ValueError(f"label {label} at index {i} is not in [0, {C})")
                Y[label, i] = 1
            return Y
    """),
    # -- softmax ---------------------------------------------------------------------------
    wrong("softmax", "row_wise", """
        import numpy as np

        def softmax(Z):
            T = np.exp(Z - Z.max(axis=1, keepdims=True))
            return T / T.sum(axis=1, keepdims=True)
    """, "normalized each row (axis=1"),
    wrong("softmax", "no_stabilization", """
        import numpy as np

        def softmax(Z):
            T = np.exp(Z)
            return T / T.sum(axis=0, keepdims=True)
    """, "NaN or infinity", "nothing was subtracted"),
    wrong("softmax", "global_max", """
        import numpy as np

        def softmax(Z):
            T = np.exp(Z - np.max(Z))
            return T / T.sum(axis=0, keepdims=True)
    """, "NaN or infinity in columns [0, 1, 3]", "maximum of the whole matrix"),
    wrong("softmax", "column_mean", """
        import numpy as np

        def softmax(Z):
            T = np.exp(Z - Z.mean(axis=0, keepdims=True))
            return T / T.sum(axis=0, keepdims=True)
    """, "NaN or infinity", "column's mean"),
    wrong("softmax", "row_max_shift", """
        import numpy as np

        def softmax(Z):
            T = np.exp(Z - Z.max(axis=1, keepdims=True))
            return T / T.sum(axis=0, keepdims=True)
    """, "subtracted each row's maximum"),
    wrong("softmax", "shift_in_place", """
        import numpy as np

        def softmax(Z):
            Z -= Z.max(axis=0, keepdims=True)
            T = np.exp(Z)
            return T / T.sum(axis=0, keepdims=True)
    """, "modified its argument Z"),
    wrong("softmax", "epsilon_in_denominator", """
        import numpy as np

        def softmax(Z):
            T = np.exp(Z - Z.max(axis=0, keepdims=True))
            return T / (T.sum(axis=0, keepdims=True) + 1e-8)
    """, "softmax(Z) for Z of shape (4, 5) is wrong", "an epsilon added to the sum"),
    wrong("softmax", "clipped_logits", """
        import numpy as np

        def softmax(Z):
            T = np.exp(np.clip(Z, -500, 500))
            return T / T.sum(axis=0, keepdims=True)
    """, "clipped the logits"),
    wrong("softmax", "no_exponential", """
        import numpy as np

        def softmax(Z):
            return Z / Z.sum(axis=0, keepdims=True)
    """, "forgot the exponential"),
    correct("softmax", "log_sum_exp", """
        import numpy as np

        def softmax(Z):
            top = np.max(Z, axis=0, keepdims=True)
            log_norm = top + np.log(np.sum(np.exp(Z - top), axis=0, keepdims=True))
            return np.exp(Z - log_norm)
    """),
    correct("softmax", "loop_over_columns", """
        import numpy as np

        def softmax(Z):
            A = np.empty(Z.shape)
            for i in range(Z.shape[1]):
                t = np.exp(Z[:, i] - Z[:, i].max())
                A[:, i] = t / t.sum()
            return A
    """),
    correct("softmax", "scipy", """
        from scipy.special import softmax as _scipy_softmax

        def softmax(Z):
            return _scipy_softmax(Z, axis=0)
    """),
    # -- hardmax ---------------------------------------------------------------------------
    wrong("hardmax", "marks_every_tie", """
        import numpy as np

        def hardmax(Z):
            return (Z == Z.max(axis=0, keepdims=True)).astype(float)
    """, "marked every tied maximum"),
    wrong("hardmax", "last_of_ties", """
        import numpy as np

        def hardmax(Z):
            C, m = Z.shape
            H = np.zeros((C, m))
            for i in range(m):
                H[np.flatnonzero(Z[:, i] == Z[:, i].max())[-1], i] = 1.0
            return H
    """, "kept the last of tied maxima"),
    wrong("hardmax", "argmax_of_rows", """
        import numpy as np

        def hardmax(Z):
            H = np.zeros(Z.shape)
            H[np.arange(Z.shape[0]), np.argmax(Z, axis=1)] = 1.0
            return H
    """, "each row (axis=1)"),
    wrong("hardmax", "returns_indices", """
        import numpy as np

        def hardmax(Z):
            return np.argmax(Z, axis=0)
    """, "shape (6,)", "not the indices"),
    wrong("hardmax", "overwrites_Z", """
        import numpy as np

        def hardmax(Z):
            best = np.argmax(Z, axis=0)
            H = Z
            H[:] = 0.0
            H[best, np.arange(Z.shape[1])] = 1.0
            return H
    """, "modified its argument Z"),
    correct("hardmax", "eye_columns", """
        import numpy as np

        def hardmax(Z):
            return np.eye(Z.shape[0])[:, np.argmax(Z, axis=0)]
    """),
    correct("hardmax", "first_tie_by_cumsum_bool", """
        import numpy as np

        def hardmax(Z):
            top = Z == Z.max(axis=0, keepdims=True)
            return top & (np.cumsum(top, axis=0) == 1)
    """),
    # -- sigmoid_from_two_logits -------------------------------------------------------------
    wrong("sigmoid_from_two_logits", "class_zero", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            d = Z[0:1] - Z[1:2]
            return 1.0 / (1.0 + np.exp(-d))
    """, "the probability of class 0"),
    wrong("sigmoid_from_two_logits", "one_dimensional", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            return 1.0 / (1.0 + np.exp(-(Z[1] - Z[0])))
    """, "shape (5,)", "Keep the shape (1, m)"),
    wrong("sigmoid_from_two_logits", "exponentiates_logits", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            return np.exp(Z[1:2]) / (np.exp(Z[0:1]) + np.exp(Z[1:2]))
    """, "NaN or infinity", "exponentiated the logits themselves"),
    wrong("sigmoid_from_two_logits", "ignores_class_zero", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            return 1.0 / (1.0 + np.exp(-Z[1:2]))
    """, "sigmoid(Z[1]) alone"),
    wrong("sigmoid_from_two_logits", "returns_both_rows", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            T = np.exp(Z - Z.max(axis=0))
            return T / T.sum(axis=0)
    """, "shape (2, 5)", "not both rows"),
    correct("sigmoid_from_two_logits", "plain_sigmoid", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            with np.errstate(over="ignore"):  # exp(1600) = inf gives 1 / inf = 0: right
                return 1.0 / (1.0 + np.exp(-(Z[1:2] - Z[0:1])))
    """),
    correct("sigmoid_from_two_logits", "tanh", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            d = (Z[1] - Z[0]).reshape(1, -1)
            return 0.5 * (1.0 + np.tanh(d / 2.0))
    """),
    correct("sigmoid_from_two_logits", "logaddexp", """
        import numpy as np

        def sigmoid_from_two_logits(Z):
            return np.exp(-np.logaddexp(0.0, Z[0:1] - Z[1:2]))
    """),
    correct("sigmoid_from_two_logits", "uses_own_softmax", """
        def sigmoid_from_two_logits(Z):
            return softmax(Z)[1:2]
    """),
    # -- softmax_cross_entropy ---------------------------------------------------------------
    wrong("softmax_cross_entropy", "zero_times_log_zero", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return -np.sum(Y * np.log(AL)) / Y.shape[1]
    """, "but every true-class probability is above 0", "0 * log(0)"),
    wrong("softmax_cross_entropy", "sum_not_mean", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return -np.sum(np.log(np.sum(AL * Y, axis=0)))
    """, "summed over the examples"),
    wrong("softmax_cross_entropy", "mean_over_all_entries", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return -np.mean(np.where(Y == 1, np.log(np.where(Y == 1, AL, 1.0)), 0.0))
    """, "averaged over all C * m entries"),
    wrong("softmax_cross_entropy", "binary_formula", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            m = Y.shape[1]
            with np.errstate(divide="ignore"):
                terms = np.where(Y == 1, np.log(AL), np.log(1 - AL))
            return -np.sum(terms) / m
    """, "binary cross-entropy"),
    wrong("softmax_cross_entropy", "log10", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return -np.mean(np.log10(np.sum(AL * Y, axis=0)))
    """, "np.log10"),
    wrong("softmax_cross_entropy", "per_example_losses", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return -np.log(np.sum(AL * Y, axis=0))
    """, "returned the loss of each example"),
    wrong("softmax_cross_entropy", "patches_zeros_in_place", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            AL[AL == 0] = 1e-300
            return -np.sum(Y * np.log(AL)) / Y.shape[1]
    """, "modified its argument AL"),
    correct("softmax_cross_entropy", "true_class_by_index", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            m = Y.shape[1]
            labels = np.argmax(Y, axis=0)
            return -np.mean(np.log(AL[labels, np.arange(m)]))
    """),
    correct("softmax_cross_entropy", "masked_entries", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return float(-np.log(AL[Y == 1]).sum() / Y.shape[1])
    """),
    correct("softmax_cross_entropy", "tiny_epsilon", """
        import numpy as np

        def softmax_cross_entropy(AL, Y):
            return -np.sum(Y * np.log(AL + 1e-15)) / Y.shape[1]
    """),
    # -- softmax_backward --------------------------------------------------------------------
    wrong("softmax_backward", "divided_by_m", """
        def softmax_backward(AL, Y):
            return (AL - Y) / Y.shape[1]
    """, "divided by m"),
    wrong("softmax_backward", "sign_flipped", """
        def softmax_backward(AL, Y):
            return Y - AL
    """, "computed Y - AL"),
    wrong("softmax_backward", "elementwise_derivative", """
        def softmax_backward(AL, Y):
            dAL = -Y / AL
            return dAL * AL * (1 - AL)
    """, "elementwise derivative a(1 - a)", "diag(a) - a a^T"),
    wrong("softmax_backward", "times_sigmoid_derivative", """
        def softmax_backward(AL, Y):
            return (AL - Y) * AL * (1 - AL)
    """, "multiplied AL - Y by the elementwise derivative"),
    wrong("softmax_backward", "gradient_of_AL", """
        def softmax_backward(AL, Y):
            return -Y / AL
    """, "with respect to AL"),
    wrong("softmax_backward", "in_place", """
        def softmax_backward(AL, Y):
            AL -= Y
            return AL
    """, "modified its argument AL"),
    correct("softmax_backward", "jacobian_per_example", """
        import numpy as np

        def softmax_backward(AL, Y):
            dZ = np.empty(AL.shape)
            for i in range(AL.shape[1]):
                a, y = AL[:, i], Y[:, i]
                jacobian = np.diag(a) - np.outer(a, a)
                dZ[:, i] = jacobian.T @ np.where(y == 1, -1.0 / np.where(y == 1, a, 1.0), 0.0)
            return dZ
    """),
    correct("softmax_backward", "subtract_ufunc", """
        import numpy as np

        def softmax_backward(AL, Y):
            return np.subtract(AL, Y, dtype=float)
    """),
]
