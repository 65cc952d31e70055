"""`rescore`: the instructor's tests against the answers a session holds; the session's
owner, not `rescore`, closes it.

The session here is an in-process stand-in with `trusted.Session`'s interface (the
sandboxed one is exercised by the corpus and sandbox tests): loading a cell that calls
`os._exit` "kills" it, as it would kill the sandboxed process.
"""

from __future__ import annotations

from grader.config import Limits
from grader.rescore import plan, rescore


class LocalSession:
    def __init__(self):
        self.limits = Limits()
        self.started = self.closed = False
        self.gone = self.deadline = None
        self.violations, self.pending, self.starts = [], [], []
        self.namespace = {}

    def start(self, cells):
        self.started, self.gone, self.pending = True, None, list(cells)
        self.namespace = {}
        self.starts.append([label for label, _ in cells])

    def collect(self):
        results = {}
        for label, source in self.pending:
            if "os._exit" in source:
                results[label] = "died"
                self.gone = "the process ended"
                break
            try:
                exec(source, self.namespace)
                results[label] = None
            except Exception as exc:  # noqa: BLE001 - reported like the sandbox does
                results[label] = f"{type(exc).__name__}: {exc}"
        self.pending = []
        return results

    def names(self, wanted):
        return {n for n in wanted if callable(self.namespace.get(n))}

    def call(self, name, args, kwargs):
        return self.namespace[name](*args, **kwargs)

    def scratch_full(self):
        return []

    def kill(self, reason="stopped"):
        self.gone = self.gone or reason

    def close(self):
        self.closed = True


def _submission(make_notebook, double):
    nb = make_notebook()
    nb.cells[2].source = double
    return nb


def test_rescore_uses_the_given_session_and_leaves_it_open(make_notebook):
    source = make_notebook()
    loads, _, _ = plan(source, _submission(make_notebook, "def double(x):\n    return x * x"))
    session = LocalSession()
    session.start(loads)
    outcomes, notes = rescore(source, loads, session)
    assert not session.closed and len(session.starts) == 1
    assert outcomes["test_double"].mistake == "squared x" and not outcomes["test_double"].passed
    assert outcomes["test_double_all"].passed is False  # it uses the wrong `double`
    assert notes == []


def test_rescore_starts_a_session_that_was_not_started(make_notebook):
    source = make_notebook()
    loads, _, _ = plan(source, source)
    session = LocalSession()
    outcomes, _ = rescore(source, loads, session)
    assert session.starts and not session.closed
    assert all(o.passed for o in outcomes.values())


def test_a_cell_that_kills_the_process_is_left_out_and_the_rest_graded(make_notebook):
    source = make_notebook()
    killer = "def double(x):\n    return 2 * x\nimport os\nos._exit(1)"
    loads, _, _ = plan(source, _submission(make_notebook, killer))
    session = LocalSession()
    session.start(loads)
    outcomes, notes = rescore(source, loads, session)
    assert "double" in session.starts[0] and "double" not in session.starts[-1]
    assert any("loading `double` ended the process" in n for n in notes)
    assert outcomes["test_double"].error == "NameError"  # graded without the cell
    assert not session.closed
