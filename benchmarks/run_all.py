"""Run every `bench_*.py` here, one process each, and print their JSON merged."""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    merged = {}
    for script in sorted(HERE.glob("bench_*.py")):
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        if proc.returncode != 0:
            merged[script.stem] = {"error": proc.stderr.strip().splitlines()[-1:]}
            continue
        try:
            merged.update(json.loads(proc.stdout))
        except json.JSONDecodeError:
            merged[script.stem] = {"error": "no JSON output", "stdout": proc.stdout[-500:]}
    print(json.dumps(merged, indent=2))


if __name__ == "__main__":
    main()
