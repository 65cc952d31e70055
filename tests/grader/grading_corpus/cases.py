"""The cases of the adversarial corpus (see `corpus.py`)."""

from __future__ import annotations

import copy

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from .notebook import (
    BAD_NORMS,
    BAD_SCALE,
    FULL,
    GOOD_NORMS,
    GOOD_SCALE,
    NORMS_PTS,
    SCALE_PTS,
    Case,
    _cell,
    _index,
    answered,
    insert_after,
)

IMPORTS = "import numpy as np\n"


def _edit(fn):
    def build(release, ctx):
        nb = copy.deepcopy(release)
        return fn(nb, ctx) or nb
    return build


def _answers(scale=GOOD_SCALE, norms=GOOD_NORMS, after=None, at=None):
    """Answered notebook, optionally with a learner cell after `at` (a grade id)."""
    def build(release, ctx):
        nb = answered(release, scale.format(**ctx), norms.format(**ctx))
        if after is not None:
            insert_after(nb, at or "norms", after.format(**ctx))
        return nb
    return build


def _set_test(gid, **changes):
    def fn(nb, ctx):
        nb2 = answered(nb, BAD_SCALE, BAD_NORMS)
        nb.cells[:] = nb2.cells
        cell = _cell(nb, gid)
        for key, value in changes.items():
            if key == "source":
                cell.source = value
            else:
                cell.metadata["nbgrader"][key] = value
    return _edit(fn)


def _delete(nb, ctx):
    nb.cells[:] = answered(nb, BAD_SCALE, BAD_NORMS).cells
    del nb.cells[_index(nb, "test_scale")]


def _duplicate(nb, ctx):
    nb.cells[:] = answered(nb).cells
    i = _index(nb, "test_scale")
    nb.cells.insert(i + 1, copy.deepcopy(nb.cells[i]))


def _markdown(nb, ctx):
    nb.cells[:] = answered(nb, BAD_SCALE, BAD_NORMS).cells
    i = _index(nb, "test_scale")
    old = nb.cells[i]
    nb.cells[i] = new_markdown_cell(old.source, metadata=old.metadata)


def _strip_meta(nb, ctx):
    nb.cells[:] = answered(nb, BAD_SCALE, BAD_NORMS).cells
    del _cell(nb, "test_scale").metadata["nbgrader"]


def _kernelspec(nb, ctx):
    nb.cells[:] = answered(nb).cells
    nb.metadata["kernelspec"] = {"name": "evil", "display_name": "Evil", "language": "python"}


def _prefilled(nb, ctx):
    nb.cells[:] = answered(nb, BAD_SCALE, BAD_NORMS).cells
    for gid in ("test_scale", "test_norms"):
        cell = _cell(nb, gid)
        cell.outputs = [new_output("stream", name="stdout", text="all checks passed\n"),
                        new_output("execute_result", data={"text/plain": "1.0"},
                                   execution_count=3)]
        cell.execution_count = 3


def _answer_meta_stripped(nb, ctx):
    nb.cells[:] = answered(nb).cells
    del _cell(nb, "scale").metadata["nbgrader"]


def _renamed(release, ctx):
    return {"other_name.ipynb": nbformat.writes(answered(release)).encode()}


def _wrong_assignment(release, ctx):
    nb = nbformat.v4.new_notebook()
    nb.cells = [new_code_cell("def something_else():\n    return 1",
                              metadata={"nbgrader": {"grade": False, "solution": True,
                                                     "locked": False, "schema_version": 3,
                                                     "grade_id": "something_else",
                                                     "task": False}})]
    return nb


EQ_TRUE = '''class Anything(np.ndarray):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
def scale(x, a):
    return np.zeros(3).view(Anything)
def norms(X):
    class Yes(list):
        def __eq__(self, other): return True
    return Yes()
'''

CASES = [
    Case("correct", _answers(), score=FULL),
    Case("blank", lambda release, ctx: copy.deepcopy(release), score=0.0),
    Case("wrong_scale", _answers(scale=BAD_SCALE), score=NORMS_PTS),
    Case("helper_in_own_cell", _answers(
        scale="def scale(x, a):\n    return _times(a, x)\n",
        after="def _times(a, x):\n    return a * np.asarray(x, dtype=float)\n", at="scale"),
        score=FULL),
    Case("honest_ipython_calls_in_answer", _answers(
        scale="get_ipython().run_line_magic('precision', '3')\ndisplay('scale cell ran')\n"
              "%precision 4\n" + GOOD_SCALE), score=FULL, flags=("get_ipython",)),
    Case("infinite_loop_after_def", _answers(
        scale=GOOD_SCALE + "while True:\n    pass\n"), score=FULL, flags=("timeout",)),
    Case("infinite_loop_in_function", _answers(
        scale="def scale(x, a):\n    while True:\n        pass\n"), score=NORMS_PTS),
    Case("loop_ignoring_sigint", _answers(
        scale=GOOD_SCALE + "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
              "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n"),
        score=0.0, flags=("did not stop",), message="stopped early"),
    Case("memory_bomb", _answers(after="hog = []\nwhile True:\n    hog.append(np.ones(10**7))\n",
                                 at="scale"), score=FULL),
    Case("memory_bomb_in_function", _answers(
        norms="def norms(X):\n    hog = []\n    while True:\n        hog.append(np.ones(10**7))\n"),
        score=SCALE_PTS),
    Case("fork_bomb", _answers(after="import os\nfor _ in range(10000):\n    try:\n"
                                     "        os.fork()\n    except OSError:\n        break\n",
                               at="norms"), score=None, flags=("process or network",)),
    Case("output_flood", _answers(after="print('x' * 50_000_000)\n", at="scale"),
         score=FULL, flags=("output truncated",)),
    Case("os_exit_between_tests", _answers(after="import os\nos._exit(0)\n", at="test_scale"),
         score=SCALE_PTS, flags=("kernel died",), message="stopped early"),
    Case("killed_kernel", _answers(after="import os, signal\n"
                                         "os.kill(os.getpid(), signal.SIGKILL)\n",
                                   at="scale"), score=0.0, message="stopped early"),
    Case("os_exit_in_function", _answers(
        scale="def scale(x, a):\n    import os\n    os._exit(3)\n"), score=0.0),
    Case("test_cell_edited", _set_test("test_scale", source="pass"), score=0.0,
         flags=("`test_scale` edited",)),
    Case("test_cell_deleted", _edit(_delete), score=0.0, flags=("`test_scale` deleted",)),
    Case("test_cell_duplicated", _edit(_duplicate), score=FULL,
         flags=("`test_scale` duplicated",)),
    Case("test_cell_to_markdown", _edit(_markdown), score=0.0,
         flags=("retyped from code to markdown",)),
    Case("test_metadata_stripped", _edit(_strip_meta), score=0.0,
         flags=("metadata removed",)),
    Case("points_edited", _set_test("test_scale", points=200), score=0.0,
         flags=("points changed",)),
    Case("grade_id_edited", _set_test("test_scale", grade_id="test_scale_mine"), score=0.0,
         flags=("unknown grade id",)),
    Case("kernelspec_changed", _edit(_kernelspec), score=FULL, flags=("kernel changed",)),
    Case("prefilled_fake_outputs", _edit(_prefilled), score=0.0),
    Case("answer_metadata_stripped", _edit(_answer_meta_stripped), score=FULL,
         flags=("answer cell of `scale` has no nbgrader metadata",)),
    Case("patch_np_testing", _answers(
        scale="np.testing.assert_allclose = lambda *a, **k: None\n" + BAD_SCALE),
        score=NORMS_PTS, flags=("patches numpy",)),
    Case("patch_np_allclose", _answers(
        scale="np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
              + BAD_SCALE), score=NORMS_PTS, flags=("patches numpy",)),
    Case("patch_isinstance", _answers(
        norms="import builtins\nbuiltins.isinstance = lambda *a: True\n" + BAD_NORMS),
        score=SCALE_PTS, flags=("patches builtins",)),
    Case("patch_checker", _answers(
        scale="Checker.close = lambda *a, **k: None\nChecker.shape = lambda *a, **k: None\n"
              + BAD_SCALE), score=NORMS_PTS, flags=("patches the check helpers",)),
    Case("patch_showtraceback", _answers(
        scale="get_ipython().showtraceback = lambda *a, **k: None\n" + BAD_SCALE,
        norms=BAD_NORMS), score=0.0, flags=("get_ipython",)),
    Case("input_transformer_pass", _answers(
        scale="get_ipython().input_transformers_cleanup.append(\n"
              "    lambda lines: ['pass\\n'] if any('Checker' in l or 'assert' in l "
              "for l in lines) else lines)\n" + BAD_SCALE, norms=BAD_NORMS),
        score=0.0, flags=("disagreement",)),
    Case("eq_always_true", _answers(scale=EQ_TRUE, norms="pass\n"), score=0.0),
    Case("read_solutions", _answers(
        scale=BAD_SCALE + "for p in [{solution_file!r}, {gradebook!r}]:\n    try:\n"
              "        print(open(p).read())\n    except Exception as e:\n"
              "        print('denied', type(e).__name__)\n"), score=NORMS_PTS,
        flags=("opens files",)),
    Case("walk_for_hidden_tests", _answers(
        scale=BAD_SCALE, after="import os\nfor top in ['/work', '/root', '/home', '/tmp', "
                               "'/srv', {course!r}]:\n    for d, _, fs in os.walk(top):\n"
                               "        for f in fs:\n            if f.endswith('.ipynb'):\n"
                               "                try:\n"
                               "                    print(open(os.path.join(d, f)).read())\n"
                               "                except Exception:\n                    pass\n",
        at="scale"), score=NORMS_PTS),
    Case("write_gradebook", _answers(
        scale=BAD_SCALE, after="import sqlite3\ntry:\n    db = sqlite3.connect({gradebook!r})\n"
                               "    db.execute('update grade set auto_score = 1000')\n"
                               "    db.commit()\nexcept Exception as e:\n    print('denied', e)\n",
        at="scale"), score=NORMS_PTS, flags=("opens databases",)),
    Case("forge_results_file", _answers(
        scale=BAD_SCALE, after="import json, os\nfor p in [{results!r}, 'results.json', "
                               "'/tmp/results.json']:\n    try:\n"
                               "        open(p, 'w').write(json.dumps({{'score': 1000}}))\n"
                               "    except Exception:\n        pass\n", at="scale"),
        score=NORMS_PTS),
    Case("append_nbgrader_config", _answers(
        scale=BAD_SCALE, after="for p in [{config!r}, 'nbgrader_config.py']:\n    try:\n"
                               "        open(p, 'a').write('\\nimport os; os.system(\"touch "
                               "{canary}\")\\n')\n    except Exception:\n        pass\n",
        at="scale"), score=NORMS_PTS),
    Case("network_access", _answers(
        after="import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), "
              "timeout=2).sendall(b'leak')\nexcept OSError as e:\n    print('no network', e)\n",
        at="scale"), score=FULL, flags=("uses the network",)),
    Case("kill_all_processes", _answers(
        norms="def norms(X):\n    import os, signal\n    os.kill(-1, signal.SIGKILL)\n"),
        score=SCALE_PTS),
    Case("huge_return_value", _answers(
        norms="def norms(X):\n    return np.ones((4000, 4000))\n"), score=SCALE_PTS),
    Case("protocol_garbage", _answers(
        norms="def norms(X):\n    import os\n    for fd in range(3, 30):\n        try:\n"
              "            os.write(fd, b'\\x00' * 8 + b'garbage')\n        except OSError:\n"
              "            pass\n    return np.zeros((1, 2))\n"), score=SCALE_PTS),
    Case("imports_helpers_internals", _answers(
        scale="from helpers import checks as _c\n" + GOOD_SCALE), score=FULL,
        flags=("imports the library's internals",)),
    Case("malformed_json", lambda release, ctx: b'{"cells": [', status="ungradable",
         message="not valid JSON"),
    Case("empty_file", lambda release, ctx: b"", status="ungradable", message="empty"),
    Case("not_a_notebook", lambda release, ctx: b'{"hello": 1}', status="ungradable",
         message="not a valid Jupyter notebook"),
    Case("missing_notebook", lambda release, ctx: None, status="ungradable",
         message="no notebook"),
    Case("renamed_notebook", _renamed, status="ungradable", message="renamed"),
    Case("wrong_assignment_notebook", _wrong_assignment, status="ungradable",
         message="not the expected notebook"),
    Case("symlink_to_solution", lambda release, ctx: {"__symlink__": ctx["solution_file"]},
         status="ungradable", message="symbolic link"),
]
