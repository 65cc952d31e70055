"""Grading limits and paths, and the config file that changes them.

The defaults are the course's sandbox defaults (docs/conventions.md): 30 s per cell, 300 s
per notebook, 2 GiB of memory, 64 processes, 10 MB of output per cell, no network.
An instructor changes them in `grading.toml` at the course root (or `--config FILE`):

    [sandbox]
    cell_timeout = 30          # seconds per cell (kernel) and per test cell (trusted)
    notebook_timeout = 300     # seconds of wall clock per notebook
    memory = "2GiB"            # address space per process
    processes = 64             # processes per sandbox user
    output_per_cell = "10MB"   # bytes of output kept per cell
    file_size = "256MiB"       # largest file student code may write
    transfer = "64MiB"         # largest result the trusted check accepts per call
    network = false            # true lets student code reach the network
    mechanism = "auto"         # "auto", "bwrap", or "rlimits" (weakest, for debugging)
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

__all__ = ["Limits", "load_limits", "parse_size"]

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9,
          "kib": 2**10, "mib": 2**20, "gib": 2**30}


def parse_size(value, what="size"):
    """Bytes from an int or a string such as "2GiB" or "10MB"."""
    if isinstance(value, bool):
        raise ValueError(f"`{what}`: expected a size such as 2147483648 or \"2GiB\", "
                         f"got {value!r}.")
    if isinstance(value, (int, float)):
        return int(value)
    match = re.fullmatch(r"\s*([0-9.]+)\s*([a-zA-Z]*)\s*", str(value))
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"`{what}`: expected a size such as 2147483648 or \"2GiB\" "
                         f"(units: {', '.join(u for u in _UNITS if u)}), got {value!r}.")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


@dataclasses.dataclass(frozen=True)
class Limits:
    """What untrusted student code may use while it is graded."""

    cell_timeout: float = 30.0
    notebook_timeout: float = 300.0
    memory: int = 2 * 2**30
    processes: int = 64
    output_per_cell: int = 10 * 10**6
    file_size: int = 256 * 2**20
    transfer: int = 64 * 2**20
    network: bool = False
    mechanism: str = "auto"

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)


_SIZES = {"memory", "output_per_cell", "file_size", "transfer"}


def load_limits(path=None, root=None):
    """Limits from `path`, else `<root>/grading.toml` when it exists, else the defaults."""
    if path is None and root is not None and (Path(root) / "grading.toml").is_file():
        path = Path(root) / "grading.toml"
    if path is None:
        return Limits()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"`--config`: cannot read {path} as TOML ({exc}).") from None
    section = data.get("sandbox", {})
    known = {f.name for f in dataclasses.fields(Limits)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ValueError(f"`{path}` [sandbox]: unknown settings {unknown}; expected some of "
                         f"{sorted(known)}.")
    values = {}
    for key, value in section.items():
        if key in _SIZES:
            values[key] = parse_size(value, key)
        elif key in ("cell_timeout", "notebook_timeout"):
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"`{key}`: expected a positive number of seconds, "
                                 f"got {value!r}.")
            values[key] = float(value)
        elif key == "processes":
            if not isinstance(value, int) or value < 8:
                raise ValueError(f"`processes`: expected an integer >= 8, got {value!r}.")
            values[key] = value
        elif key == "network":
            values[key] = bool(value)
        elif key == "mechanism":
            if value not in ("auto", "bwrap", "rlimits"):
                raise ValueError(f"`mechanism`: expected \"auto\", \"bwrap\" or "
                                 f"\"rlimits\", got {value!r}.")
            values[key] = value
    return Limits(**values)
