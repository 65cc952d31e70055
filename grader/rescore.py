"""Score a submission with the instructor's own test cells against its sandboxed answers.

`plan` picks what the sandbox loads: the instructor's setup cells, the imports and
top-level definitions the learner added in cells of their own, then each graded
function's answer cell (found by `grade_id`, or by its `def` when the learner removed
the cell's metadata). `rescore` runs every test cell of the *source* notebook (hidden
tests included) in the grader's process with `RemoteFunction`s standing for the
learner's functions (see `trusted.py`), through a `trusted.Session` its caller owns:
the caller starts it on the plan's loads (so the answers load while nbgrader runs the
notebook) and closes it; `rescore` restarts it past cells that kill it, never closes it.
"""

from __future__ import annotations

import ast
import contextlib
import io
import time

from .cells import (
    CellOutcome,
    answer_cells,
    diagnosis,
    graded_test_cells,
    nbgrader_meta,
    python_source,
    setup_cells,
)
from .remote import RemoteFunction, exec_cell
from .trusted import SandboxGone

__all__ = ["plan", "rescore"]

_KEEP = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _defines(source, name):
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return False
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name
               for n in tree.body)


def _definitions(source):
    """Top-level imports, defs, classes and constant assignments of a cell, as source."""
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return ""
    kept = [n for n in tree.body if isinstance(n, _KEEP) or (
        isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant))]
    return "\n".join(ast.unparse(n) for n in kept)


def plan(source_nb, submission_nb):
    """([(label, source)] to load, [(label, source)] of learner code, notes)."""
    names = list(answer_cells(source_nb))
    instructor = {c.source for c in source_nb.cells if c.cell_type == "code"}
    answers, notes, extras = {}, [], []
    for cell in submission_nb.cells:
        if cell.cell_type != "code":
            continue
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id")
        if gid in names and meta.get("solution") and not meta.get("grade"):
            answers[gid] = cell.source
        elif not meta.get("grade") and cell.source not in instructor:
            extras.append(cell)
    for name in names:
        if name not in answers:
            found = [c.source for c in extras if _defines(c.source, name)]
            if found:
                answers[name] = found[-1]
                notes.append(f"answer cell of `{name}` has no nbgrader metadata; graded "
                             f"the cell that defines it")
    loads = [(f"setup {i}", c.source) for i, c in enumerate(setup_cells(source_nb))]
    for i, cell in enumerate(extras):
        source = _definitions(cell.source)
        if source.strip() and not any(_defines(cell.source, n) for n in names):
            loads.append((f"learner cell {i}", source))
    loads += [(name, python_source(answers[name])) for name in names if name in answers]
    learner = [(f"answer cell `{n}`", answers[n]) for n in names if n in answers]
    learner += [(f"learner cell {i}", c.source) for i, c in enumerate(extras)]
    return loads, learner, notes


def _fresh(source_nb, session, available):
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in setup_cells(source_nb):
            exec(compile(python_source(cell.source), "<setup>", "exec"), namespace)
    for name in available:
        namespace[name] = RemoteFunction(session, name)
    return namespace


def _load(session, loads, skip, notes):
    """Wait for `session`'s loads; restart it without a cell whose loading killed it."""
    while True:
        results = session.collect()
        dead = [label for label, err in results.items() if err in ("died", "timeout")]
        for label, err in results.items():
            if err and err not in ("died", "timeout") and not label.startswith("setup"):
                notes.append(f"loading `{label}` raised {err[:300]}")
        if not dead:
            return
        skip.add(dead[0])
        notes.append(f"loading `{dead[0]}` "
                     f"{'ended the process' if results[dead[0]] == 'died' else 'hung'}; "
                     f"graded without that cell")
        if len(skip) > 3:
            session.kill("kept dying while loading the answer cells")
            return
        _restart(session, loads, skip)


def _restart(session, loads, skip):
    session.start([(label, src) for label, src in loads if label not in skip])


def rescore(source_nb, loads, session):
    """({test grade_id: CellOutcome} from the instructor's test cells, notes).

    `session`: a `trusted.Session` on the submission (started on `loads`, or it is
    started here); it stays open, its owner closes it."""
    limits = session.limits
    names = list(answer_cells(source_nb))
    notes, skip = [], set()
    began = time.monotonic()
    if not session.started:
        session.start(loads)
    _load(session, loads, skip, notes)
    outcomes, restarts = {}, 0
    for name in names:
        if session.gone and restarts < 2 and time.monotonic() - began < limits.notebook_timeout:
            restarts += 1
            _restart(session, loads, skip)
            _load(session, loads, skip, notes)
        available = set() if session.gone else _safe_names(session, names)
        namespace = _fresh(source_nb, session, available)
        for cell in graded_test_cells(source_nb, name):
            outcomes[nbgrader_meta(cell)["grade_id"]] = _run_test(
                cell, namespace, session, limits, began)
    notes += [f"filled its scratch space ({place}, the sandbox's limit); writes "
              f"beyond it failed" for place in session.scratch_full()]
    return outcomes, notes


def _safe_names(session, names):
    try:
        return session.names(names)
    except SandboxGone:
        return set()


def _run_test(cell, namespace, session, limits, began):
    meta = nbgrader_meta(cell)
    gid, points = meta["grade_id"], float(meta.get("points", 0))
    left = limits.notebook_timeout - (time.monotonic() - began)
    if left <= 0:
        return CellOutcome(gid, points, False, "Timeout",
                           "not checked: the notebook's time budget ran out", "")
    seconds = min(limits.cell_timeout, left)
    session.deadline = time.monotonic() + seconds
    out = io.StringIO()
    error = message = mistake = None
    not_done = False
    seen = len(session.violations)
    try:
        with contextlib.redirect_stdout(out):
            exec_cell(cell.source, namespace, gid, seconds)
    except Exception as exc:  # noqa: BLE001 - a failing test is an outcome
        error, message = type(exc).__name__, str(exc)[:4000]
        mistake, not_done = diagnosis(exc)
    finally:
        session.deadline = None
    if len(session.violations) > seen:
        # Modifying an argument fails the test, even when the cell caught the error.
        error, message = "ModifiedArgument", session.violations[seen][:4000]
        mistake, not_done = "modified an argument in place", False
    text = out.getvalue()[:4000]
    return CellOutcome(grade_id=gid, points=points, passed=error is None, error=error,
                       message=message if error else text.strip(), output=text,
                       mistake=mistake, not_done=not_done)
