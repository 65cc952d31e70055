"""Dashboard latency in a real browser: key press on a slider -> new image in JupyterLab.

Starts JupyterLab on a copy of the course and drives it with headless Debian Chromium
(``labdriver``, the driver the browser suite uses too). For every solution notebook:
run all cells, then on every dashboard press the arrow keys on its first slider
`--presses` times (away from the default and back, so values stay near the defaults),
timing from the key event to the new PNG decoded in the page. That includes the kernel
round trip (comm message, the dashboard's 30 ms debounce, re-computation, rendering,
PNG encoding), the websocket and the browser's decode. Prints JSON.
Target (docs/conventions.md, "Speed"): median <= 500 ms per dashboard.

Usage: ``python benchmarks/bench_browser.py [--presses 20] [--course PATH]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stats import summary

import labdriver as lab

TARGET_MEDIAN_MS = 500


def measure_notebook(context, server, path, presses):
    """{dashboard name: {"image": [s, ...], "src": [s, ...]}} for one notebook."""
    nb = lab.NotebookPage(context, server, path).open()
    try:
        state = nb.run_all()
        errors = [c["errors"] for c in state["cells"] if c["errors"]]
        if errors:
            raise RuntimeError(f"{path}: cells raised {errors}")
        out = {}
        for board in nb.wait_dashboards():
            i = board["index"]
            if not board["sliders"] or not board["loaded"]:
                out[board["name"]] = {"error": "no slider or no figure"}
                continue
            nb.wait_stable(i)
            now, _low, high = nb.slider_position(i)
            keys = ["ArrowRight", "ArrowLeft"]
            if now is not None and high is not None and now >= high:
                keys.reverse()
            image, src, complete, failed = [], [], [], 0
            for n in range(presses):
                press = nb.press_slider(i, key=keys[n % 2])
                if press["latency_ms"] is None:
                    failed += 1
                    continue
                image.append(press["latency_ms"] / 1000)
                src.append(press["src_ms"] / 1000)
                complete.append(press["complete_ms"] / 1000)
            out[board["name"]] = {"image": image, "src": src, "complete": complete,
                                  "failed": failed}
        return out
    finally:
        nb.close()
        server.shutdown_kernels()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--course", type=Path, default=ROOT)
    args = parser.parse_args()
    lab.check_chromium()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    dashboards, all_image = {}, []
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        tmp = Path(tmp)
        course = lab.copy_course(args.course, tmp / "course")
        server = lab.LabServer(course, tmp / "lab")
        server.start()
        try:
            with sync_playwright() as playwright:
                context = lab.launch_chromium(playwright, tmp / "profile")
                try:
                    for path in lab.solution_notebooks(course):
                        rel = path.relative_to(course).as_posix()
                        results = measure_notebook(context, server, rel, args.presses)
                        for name, r in results.items():
                            key = f"{path.stem}/{name}"
                            if "error" in r:
                                dashboards[key] = r
                                continue
                            stats = summary(r["image"])
                            stats["key_to_src_median_ms"] = summary(
                                r["src"]).get("median_ms")
                            stats["key_to_final_frame_median_ms"] = summary(
                                r["complete"]).get("median_ms")
                            stats["no_new_image"] = r["failed"]
                            stats["meets_target"] = bool(
                                r["image"] and not r["failed"]
                                and stats["median_ms"] <= TARGET_MEDIAN_MS)
                            dashboards[key] = stats
                            all_image.extend(r["image"])
                finally:
                    context.close()
        finally:
            server.stop()
    version = subprocess.run([lab.CHROMIUM, "--version"], capture_output=True,
                             text=True).stdout.strip()
    report = {"browser_slider_to_image": {
        "what": "key press on a slider -> first new figure decoded in JupyterLab (ms); "
                "key_to_final_frame: -> the update's last frame",
        "target_median_ms": TARGET_MEDIAN_MS,
        "dashboards": dashboards,
        "all": summary(all_image),
        "meets_target": bool(dashboards) and all(d.get("meets_target") for d in
                                                  dashboards.values()),
        "presses_per_dashboard": args.presses,
        "chromium": version,
        "cpus": os.cpu_count(),
        "runtime_s": round(time.perf_counter() - started, 1),
        "median_of_medians_ms": round(statistics.median(
            [d["median_ms"] for d in dashboards.values() if "median_ms" in d]), 1)
        if any("median_ms" in d for d in dashboards.values()) else None,
    }}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
