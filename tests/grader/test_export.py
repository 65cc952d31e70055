"""The CSV export never starts a cell with a formula."""

from __future__ import annotations


def test_csv_cells_never_start_a_formula():
    from grader.export import neutralize

    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"):
        assert neutralize(text) == "'" + text
    assert neutralize("alice") == "alice" and neutralize("a\udcff") == "a\\udcff"
