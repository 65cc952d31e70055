"""Fixtures: a throw-away course holding the corpus assignment, and the corpus batch
graded once (one `autograde --workers 2` run shared by every corpus test)."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import nbformat
import pytest

from grader.__main__ import main

from .cases import CASES
from .corpus import ASSIGNMENT, source_notebook

LIMITS = """[sandbox]
cell_timeout = 10
notebook_timeout = 90
"""


def make_course(root):
    folder = Path(root) / "solutions" / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(source_notebook(), str(folder / f"{ASSIGNMENT}.ipynb"))
    (folder / "instructor_notes.txt").write_text("NOTES-CANARY: not for students\n")
    (Path(root) / "grading.toml").write_text(LIMITS)
    (Path(root) / "nbgrader_config.py").write_text("# the instructor's config\n")
    return Path(root)


def release_notebook(root):
    from grader.release import generate

    return nbformat.reads(generate(root, [ASSIGNMENT])[ASSIGNMENT], as_version=4)


def write_submission(folder, student, built):
    target = Path(folder) / student / ASSIGNMENT
    target.mkdir(parents=True)
    path = target / f"{ASSIGNMENT}.ipynb"
    if built is None:
        return
    if isinstance(built, dict) and "__symlink__" in built:
        path.symlink_to(built["__symlink__"])
    elif isinstance(built, dict) and not isinstance(built, nbformat.NotebookNode):
        for name, data in built.items():
            (target / name).write_bytes(data)
    elif isinstance(built, bytes):
        path.write_bytes(built)
    else:
        nbformat.write(built, str(path))


class Listener:
    """A loopback server that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join(timeout=5)
        self.sock.close()


def _write_table(results):
    """tests/artifacts/grading_corpus.md: case, expected and observed outcome."""
    lines = ["| case | expected | observed | flags |", "|---|---|---|---|"]
    for case in CASES:
        row = results["students"][case.name][ASSIGNMENT]
        want = case.status + (f" {case.score:g}/5" if case.score is not None else "")
        got = row["status"] + (f" {row['score']:g}/5" if row["status"] == "graded" else "")
        note = "; ".join(row["flags"])[:300] or row["message"][:200]
        lines.append(f"| {case.name} | {want} | {got} | {note.replace('|', '/')} |")
    folder = Path(__file__).resolve().parents[1] / "artifacts"
    folder.mkdir(exist_ok=True)
    (folder / "grading_corpus.md").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Grade every case in one batch; return a namespace of paths and results."""
    from grader.sandbox import confinement

    # Fail, never skip: the corpus is the proof that cheating gains nothing, and
    # `.ci/run` installs bubblewrap.
    mechanism = confinement().mechanism
    assert mechanism == "bwrap", (
        f"the adversarial corpus needs bubblewrap isolation, found {mechanism!r}: "
        f"`apt-get install bubblewrap` (.ci/run does this)")
    root = make_course(tmp_path_factory.mktemp("course"))
    release = release_notebook(root)
    subs = tmp_path_factory.mktemp("submissions")
    listener = Listener()
    canary = root / "CANARY-config-ran"
    ctx = {"solution_file": str(root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
           "gradebook": str(root / "grading" / "gradebook.db"),
           "results": str(root / "grading" / "results.json"),
           "config": str(root / "nbgrader_config.py"), "course": str(root),
           "port": listener.port, "canary": str(canary)}
    for case in CASES:
        write_submission(subs, case.name, case.build(release, ctx))
    out = root / "results.json"
    try:
        code = main(["--root", str(root), "autograde", str(subs), "--workers", "2",
                     "--json", str(out), "--no-progress"])
    finally:
        listener.close()
    assert code == 0
    results = json.loads(out.read_text())
    _write_table(results)
    return {"root": root, "subs": subs, "json": json.loads(out.read_text()),
            "listener": listener, "canary": canary, "release": release,
            "workdir": root / "grading"}
