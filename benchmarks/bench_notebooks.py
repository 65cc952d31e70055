"""Top-to-bottom execution time of every solution notebook (nbclient, kernel start
included), median of 3 runs. Prints JSON. Target (docs/conventions.md, "Speed"): <= 10 s."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import summary


def execute_once(path):
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def main(runs=3):
    results = {}
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        times = [execute_once(path) for _ in range(runs)]
        results[path.stem] = {**summary(times), "target_s": 10}
    print(json.dumps({"notebooks": results}, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
