"""Flags for changed cells and patched checks."""

from __future__ import annotations

import copy

from grading_corpus.notebook import source_notebook

from grader.integrity import cell_changes, code_findings


def test_integrity_flags_cell_changes_and_patching():
    release = source_notebook()
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and meta.get("locked"):
            from nbgrader.utils import compute_checksum

            meta["checksum"] = compute_checksum(cell)
    sub = copy.deepcopy(release)
    sub.cells[3].source = "pass"
    sub.cells[5].metadata["nbgrader"]["points"] = 99
    sub.cells.append(copy.deepcopy(sub.cells[5]))
    sub.metadata["kernelspec"]["name"] = "other"
    flags = " | ".join(cell_changes(release, sub))
    assert "`test_scale` edited" in flags and "points changed" in flags
    assert "`test_norms` duplicated" in flags and "kernel changed" in flags
    found = " | ".join(code_findings([("a", "import numpy as np\nnp.testing.assert_allclose = 1\n"
                                            "import builtins as b\nb.len = 2\n"
                                            "get_ipython().events.register('x', f)\n"
                                            "from helpers.initializers import initialize_he\n")]))
    assert "patches numpy (`np.testing.assert_allclose`)" in found
    assert "patches builtins (`b.len`)" in found and "get_ipython" in found
    assert "imports the library's internals (`helpers.initializers" in found
