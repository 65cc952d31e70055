"""Summary statistics shared by the benchmarks (all times in milliseconds)."""

import statistics


def summary(seconds):
    """Median, p95, min, max and count of a list of durations in seconds, as ms."""
    ms = sorted(1000.0 * s for s in seconds)
    if not ms:
        return {"n": 0}
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2),
            "min_ms": round(ms[0], 2), "max_ms": round(ms[-1], 2), "n": len(ms)}
