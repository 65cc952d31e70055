"""The integrity report of a submission: what it changed that it should not have.

`cell_changes` compares the submitted notebook with the released one by `grade_id`
(nbgrader's own `compute_checksum` for locked cells): locked cells edited, deleted,
duplicated or retyped, grade ids and points changed, nbgrader flags changed, the
kernel changed. `code_findings` reads the learner's code (answer cells and cells the
learner added) with `ast` for what grading must not depend on: patching numpy,
builtins, IPython, the check helpers or `helpers`; importing `helpers` internals to
answer; dynamic code; process control, network and grader files. Findings are flags
for the instructor; the scores come from the trusted check whatever they say.
"""

from __future__ import annotations

import ast
from collections import defaultdict

from nbgrader.utils import compute_checksum

from .cells import nbgrader_meta, python_source

__all__ = ["cell_changes", "code_findings", "normalize"]

_WATCHED = {"numpy": "numpy", "builtins": "builtins", "IPython": "IPython",
            "helpers": "the `helpers` package", "sys": "sys", "nbgrader": "nbgrader",
            "matplotlib": "matplotlib", "ipykernel": "ipykernel"}
_DEFAULT_ALIASES = {"np": "numpy", "numpy": "numpy", "builtins": "builtins",
                    "__builtins__": "builtins", "Checker": "helpers.checks",
                    "CheckFailure": "helpers.checks", "check": "helpers.checks",
                    "sys": "sys", "IPython": "IPython"}
_DYNAMIC = {"exec", "eval", "compile", "__import__", "setattr", "delattr", "globals",
            "get_ipython", "breakpoint"}
_PROCESS = {"os._exit", "os.fork", "os.kill", "os.system", "os.popen", "os.execv",
            "os.killpg", "sys.exit", "signal.signal", "os.forkpty"}
_MODULE_FLAGS = {"socket": "uses the network", "urllib": "uses the network",
                 "http": "uses the network", "requests": "uses the network",
                 "subprocess": "starts processes", "multiprocessing": "starts processes",
                 "ctypes": "loads native code", "importlib": "imports dynamically",
                 "sqlite3": "opens databases", "shutil": "manipulates files",
                 "gc": "inspects the interpreter", "inspect": "inspects the interpreter"}
_FILE_WORDS = ("solutions", "gradebook", "nbgrader_config", "autograded", "submitted",
               ".nbgrader", "/etc/", "/root", "results.json")


def _kind(meta):
    return ("test cell" if meta.get("grade") and not meta.get("solution") else
            "answer cell" if meta.get("solution") else "locked cell")


def _points(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _by_grade_id(nb):
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if nbgrader_meta(c).get("grade_id")}


def cell_changes(release_nb, submission_nb):
    """Flags for graded and locked cells changed relative to the release."""
    flags = []
    released = _by_grade_id(release_nb)
    submitted = defaultdict(list)
    for cell in submission_nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid is not None:
            submitted[str(gid)].append(cell)
    sources = [c.get("source", "") for c in submission_nb.cells]
    for gid, rcell in released.items():
        rmeta = nbgrader_meta(rcell)
        kind = _kind(rmeta)
        found = submitted.get(gid, [])
        if not found:
            lost = "had its nbgrader metadata removed" if rcell.source in sources else "deleted"
            flags.append(f"{kind} `{gid}` {lost}")
            continue
        if len(found) > 1:
            flags.append(f"{kind} `{gid}` duplicated ({len(found)} copies)")
        cell = found[-1]
        meta = nbgrader_meta(cell)
        if cell.get("cell_type") != rcell.cell_type:
            flags.append(f"{kind} `{gid}` retyped from {rcell.cell_type} to "
                         f"{cell.get('cell_type')}")
        if rmeta.get("grade") and _points(meta.get("points")) != _points(rmeta.get("points")):
            flags.append(f"{kind} `{gid}`: points changed from {rmeta.get('points')!r} to "
                         f"{meta.get('points')!r}")
        for key in ("grade", "solution", "locked"):
            if bool(meta.get(key)) != bool(rmeta.get(key)):
                flags.append(f"{kind} `{gid}`: nbgrader `{key}` changed to {meta.get(key)!r}")
        if rmeta.get("locked") and cell.get("source") != rcell.source:
            checksum = rmeta.get("checksum") or compute_checksum(rcell)
            if _safe_checksum(cell) != checksum:
                flags.append(f"{kind} `{gid}` edited (locked; its source differs)")
    for gid in submitted:
        if gid not in released:
            flags.append(f"unknown grade id `{gid}` (grade ids changed or cells from "
                         f"another notebook)")
    want = release_nb.metadata.get("kernelspec", {}).get("name")
    got = submission_nb.metadata.get("kernelspec", {}).get("name")
    if want and got != want:
        flags.append(f"kernel changed to {got!r} (released with {want!r})")
    return flags


def _safe_checksum(cell):
    try:
        return compute_checksum(cell)
    except Exception:  # noqa: BLE001 - a mangled cell cannot match
        return None


class _Scan(ast.NodeVisitor):
    def __init__(self, label):
        self.label, self.found = label, []
        self.aliases = dict(_DEFAULT_ALIASES)

    def add(self, text):
        entry = f"{self.label}: {text}"
        if entry not in self.found:
            self.found.append(entry)

    def _root(self, node):
        parts = []
        while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
            node = node.value if not isinstance(node, ast.Call) else node.func
        if isinstance(node, ast.Name):
            return node.id, ".".join([node.id] + parts[::-1])
        return None, None

    def _target(self, node):
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            root, dotted = self._root(node)
            module = self.aliases.get(root)
            if module:
                top = module.split(".")[0]
                what = "the check helpers" if module == "helpers.checks" else _WATCHED.get(
                    top, top)
                self.add(f"patches {what} (`{dotted}`)")
            elif root is not None and isinstance(node, ast.Subscript) and root in (
                    "globals", "__builtins__", "vars", "locals"):
                self.add(f"writes to `{root}()`")

    def visit_Import(self, node):
        for alias in node.names:
            self._imported(alias.name, alias.asname or alias.name.split(".")[0], alias.name
                           if alias.asname else alias.name.split(".")[0])

    def visit_ImportFrom(self, node):
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            self._imported(f"{module}.{alias.name}", alias.asname or alias.name,
                           f"{module}.{alias.name}")

    def _imported(self, full, name, bound):
        top = full.lstrip(".").split(".")[0]
        if top in _WATCHED:
            self.aliases[name] = bound
        if top == "helpers":
            self.add(f"imports the library's internals (`{full}`)")
        if top in ("IPython", "ipykernel", "nbgrader", "nbclient", "jupyter_client"):
            self.add(f"imports `{full}`")
        if top in _MODULE_FLAGS:
            self.add(f"{_MODULE_FLAGS[top]} (`import {full}`)")

    def visit_Assign(self, node):
        for target in node.targets:
            self._target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self._target(target)

    def visit_Call(self, node):
        _root, dotted = self._root(node.func)
        if isinstance(node.func, ast.Name) and node.func.id in _DYNAMIC:
            self.add(f"calls `{node.func.id}()`")
        if dotted in _PROCESS or (dotted or "").startswith(("subprocess.", "socket.")):
            self.add(f"process or network control (`{dotted}`)")
        if isinstance(node.func, ast.Name) and node.func.id == "open":
            self.add("opens files")
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            for word in _FILE_WORDS:
                if word in node.value:
                    self.add(f"mentions {word!r} (grader files?)")


def code_findings(cells):
    """Flags for [(label, source)] of learner code."""
    found = []
    for label, source in cells:
        scan = _Scan(label)
        try:
            scan.visit(ast.parse(python_source(source)))
        except SyntaxError:
            continue
        found += scan.found
    return found


def normalize(release_nb, submission_nb):
    """Restore the released nbgrader metadata on known cells and drop unknown ones, so
    nbgrader can process what the report above already recorded."""
    released = _by_grade_id(release_nb)
    last = {}
    for index, cell in enumerate(submission_nb.cells):
        last[nbgrader_meta(cell).get("grade_id")] = index
    for index, cell in enumerate(submission_nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        if gid in released and last[gid] == index:  # of duplicates, the last one counts
            cell.metadata["nbgrader"] = dict(released[gid].metadata["nbgrader"])
        else:
            del cell.metadata["nbgrader"]
    submission_nb.metadata["kernelspec"] = release_nb.metadata.get("kernelspec", {})
    return submission_nb
