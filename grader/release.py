"""`python -m grader release`: regenerate `notebooks/` from `solutions/` with nbgrader.

`release --check` changes nothing and fails when a solution notebook holds outputs or
when a released notebook differs from what nbgrader generates now (drift).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from .course import TempCourse, assignments, notebook_path, solution_path

__all__ = ["release", "solution_problems", "normalized"]

_FORBIDDEN_IN_RELEASE = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")


def normalized(nb):
    """Canonical JSON text of a notebook, for byte-stable files and comparisons."""
    text = nbformat.writes(nb)  # Jupyter's own layout: sorted keys, indent 1
    return text if text.endswith("\n") else text + "\n"


def solution_problems(path):
    """Reasons a solution notebook is not in its stored form (empty list when fine)."""
    nb = nbformat.read(str(path), as_version=4)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path}: cell {index} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{path}: cell {index} has an execution count")
    return problems


def strip_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    Path(path).write_text(normalized(nb))


def generate(root, ids):
    """Generate the released notebooks; return {assignment: canonical JSON text}."""
    texts = {}
    with TempCourse() as course:
        for assignment in ids:
            course.put("source", assignment, solution_path(root, assignment))
        for assignment in ids:
            course.run("generate_assignment", assignment)
            nb = nbformat.read(str(course.path("release", assignment)), as_version=4)
            text = normalized(nb)
            leaked = [m for m in _FORBIDDEN_IN_RELEASE if m in text]
            if leaked:
                raise RuntimeError(f"{assignment}: the release still contains {leaked}; "
                                   f"check the solution's nbgrader cell metadata.")
            texts[assignment] = text
    return texts


def release(root, *, check=False, log=print):
    """Regenerate (or with `check`, verify) `notebooks/`. Return a process exit code."""
    root = Path(root)
    ids = assignments(root)
    problems = [p for a in ids for p in solution_problems(solution_path(root, a))]
    if problems and check:
        for problem in problems:
            log(f"solution not stripped: {problem}")
    elif problems:
        for a in ids:
            strip_outputs(solution_path(root, a))
        log(f"stripped outputs from solution notebooks ({len(problems)} cells)")
        problems = []
    texts = generate(root, ids)
    released = root / "notebooks"
    stale = sorted(p.name for p in released.iterdir() if p.is_dir() and p.name not in texts) \
        if released.is_dir() else []
    drift = []
    for assignment, text in texts.items():
        target = notebook_path(released, assignment)
        current = target.read_text() if target.is_file() else None
        if current != text:
            drift.append(assignment)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
        # JupyterLab's autosave folder is not part of the release (and is gitignored).
        extra = sorted(p.name for p in target.parent.iterdir()
                       if p != target and p.name != ".ipynb_checkpoints") \
            if target.parent.is_dir() else []
        if extra:
            drift.append(f"{assignment} (unexpected files: {', '.join(extra)})")
            if not check:
                for name in extra:
                    path = target.parent / name
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
    for name in stale:
        drift.append(f"{name} (no solution)")
        if not check:
            shutil.rmtree(released / name)
    if check:
        if drift:
            log("notebooks/ is out of date for: " + ", ".join(drift) +
                ". Run `python -m grader release`.")
        ok = not drift and not problems
        log(f"release check {'passed' if ok else 'FAILED'}: {len(texts)} assignment(s)")
        return 0 if ok else 1
    log(f"released {len(texts)} assignment(s); updated: {', '.join(drift) or 'none'}")
    return 0
