"""Sizes and the `grading.toml` settings file."""

from __future__ import annotations

import pytest

from grader.config import Limits, load_limits, parse_size


def test_sizes_and_config_file(tmp_path):
    assert parse_size("2GiB") == 2 * 2**30 and parse_size("10MB") == 10**7
    with pytest.raises(ValueError, match="expected a size"):
        parse_size("lots")
    (tmp_path / "grading.toml").write_text('[sandbox]\ncell_timeout = 5\nmemory = "1GiB"\n')
    limits = load_limits(root=tmp_path)
    assert limits == Limits(cell_timeout=5.0, memory=2**30)
    (tmp_path / "bad.toml").write_text("[sandbox]\nwalltime = 3\n")
    with pytest.raises(ValueError, match="unknown settings"):
        load_limits(tmp_path / "bad.toml")
