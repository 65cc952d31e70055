"""The shipped grading.toml states every default, so editing it is the way to change one."""

import dataclasses
import tomllib
from pathlib import Path

from grader.config import Limits, load_limits

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_file_names_every_setting():
    section = tomllib.loads((ROOT / "grading.toml").read_text())["sandbox"]
    assert set(section) == {f.name for f in dataclasses.fields(Limits)}


def test_the_shipped_file_holds_the_defaults():
    assert load_limits(ROOT / "grading.toml") == Limits()
    assert load_limits(root=ROOT) == Limits()


def test_every_setting_has_a_comment():
    lines = (ROOT / "grading.toml").read_text().splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            assert lines[i - 1].startswith("#"), f"no comment above {line!r}"
