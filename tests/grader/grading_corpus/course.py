"""The corpus assignment as a throw-away course: the instructor's folder, the released
notebook, students' submission folders, and a loopback listener that records whether a
sandboxed submission reached the network."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import nbformat

from .notebook import ASSIGNMENT, source_notebook

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
