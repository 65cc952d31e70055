"""Fast unit tests of the grading pieces (no kernel, no sandbox)."""

from __future__ import annotations

import copy
import json
import os
import zipfile

import numpy as np
import pytest

from grader import wire
from grader.__main__ import main
from grader.config import Limits, load_limits, parse_size
from grader.feedback import render
from grader.integrity import cell_changes, code_findings
from grader.remote import Opaque, remote_exception
from grader.submissions import discover, extract_zip

from .corpus import ASSIGNMENT, source_notebook


def roundtrip(value, **kw):
    return wire.decode(json.loads(json.dumps(wire.encode(value, **kw))), **{
        k: v for k, v in kw.items() if k == "handle"})


def test_wire_round_trips_plain_data_with_types_and_flags():
    arr = np.arange(6.0).reshape(2, 3)
    ro = np.ones(2)
    ro.flags.writeable = False
    value = {"W1": arr, 2: (1, 2.5, "x", None, True), "n": np.float64(1.5), "c": 1 + 2j,
             "b": b"\x00", "s": {1, 2}, "inf": float("inf"), "ro": ro, "sl": slice(1, 2)}
    back = roundtrip(value)
    assert back.keys() == value.keys()
    np.testing.assert_array_equal(back["W1"], arr)
    assert back[2] == (1, 2.5, "x", None, True) and isinstance(back[2], tuple)
    assert type(back["n"]) is np.float64 and back["inf"] == float("inf")
    assert not back["ro"].flags.writeable and back["W1"].flags.writeable
    rng = np.random.default_rng(3)
    clone = roundtrip(rng)
    assert clone.random() == rng.random()


def test_wire_refuses_objects_and_object_arrays():
    class Sneaky:
        def __eq__(self, other):
            return True

    with pytest.raises(wire.WireError):
        wire.encode(Sneaky())
    bad = {"$": "nd", "dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="}
    with pytest.raises(wire.WireError):
        wire.decode(bad)
    with pytest.raises(wire.WireError):
        wire.decode({"$": "h", "id": 1})  # no resolver: a handle cannot appear
    with pytest.raises(wire.WireError):
        wire.decode({"$": "pickle", "data": ""})
    kept = wire.decode(wire.encode(Sneaky(), handle=lambda obj: 7),
                       handle=lambda key: Opaque(key, "Sneaky"))
    assert kept != 1 and kept != kept.__class__(7, "x")


def test_remote_exceptions_map_to_builtin_classes_only():
    assert type(remote_exception({"types": ["NotImplementedError", "RuntimeError"]})) \
        is NotImplementedError
    custom = remote_exception({"types": ["Oops", "ValueError", "Exception"], "message": "m"})
    assert isinstance(custom, ValueError) and type(custom).__name__ == "Oops"
    assert type(remote_exception({"types": ["SystemExit", "BaseException"]})) is RuntimeError


def test_sizes_and_config_file(tmp_path):
    assert parse_size("2GiB") == 2 * 2**30 and parse_size("10MB") == 10**7
    with pytest.raises(ValueError, match="expected a size"):
        parse_size("lots")
    (tmp_path / "grading.toml").write_text('[sandbox]\ncell_timeout = 5\nmemory = "1GiB"\n')
    limits = load_limits(root=tmp_path)
    assert limits == Limits(cell_timeout=5.0, memory=2**30)
    (tmp_path / "bad.toml").write_text("[sandbox]\nwalltime = 3\n")
    with pytest.raises(ValueError, match="unknown settings"):
        load_limits(tmp_path / "bad.toml")


def test_discover_gives_every_student_a_row_per_assignment(tmp_path):
    (tmp_path / "alice" / "01_x").mkdir(parents=True)
    (tmp_path / "alice" / "01_x" / "01_x.ipynb").write_text("{}")
    (tmp_path / "bob" / "01_x").mkdir(parents=True)
    (tmp_path / "bob" / "01_x" / "mine.ipynb").write_text("{}")
    (tmp_path / "carol").mkdir()
    (tmp_path / "dave" / "99_unknown").mkdir(parents=True)
    (tmp_path / "eve").mkdir()
    (tmp_path / "eve" / "01_x").symlink_to(tmp_path / "alice" / "01_x")
    tasks, batch = discover(tmp_path, {"01_x"})
    rows = {(t.student, t.assignment): t for t in tasks}
    assert batch == ["01_x"]
    assert rows[("alice", "01_x")].path.endswith("01_x.ipynb")
    assert "renamed" in rows[("bob", "01_x")].problem
    assert rows[("carol", "01_x")].problem == "no submission for 01_x"
    assert "unknown assignment" in rows[("dave", "99_unknown")].problem
    assert "symbolic link" in rows[("eve", "01_x")].problem


def test_zip_extraction_refuses_traversal_links_and_bombs(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../evil.txt", "x")
        zf.writestr("/abs.txt", "x")
        zf.writestr("ok/file.txt", "fine")
        link = zipfile.ZipInfo("ok/link")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    out = tmp_path / "out"
    problems = extract_zip(archive, out)
    assert (out / "ok" / "file.txt").read_text() == "fine"
    assert not (out / "ok" / "link").exists() and not (tmp_path / "evil.txt").exists()
    assert "links are not followed" in problems[str(out / "ok" / "link")]
    with pytest.raises(ValueError, match="not a readable zip"):
        extract_zip(out / "ok" / "file.txt", tmp_path / "o2")


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


def test_feedback_escapes_and_caps_messages():
    row = {"status": "graded", "score": 0.0, "max_score": 2.0, "message": "graded",
           "flags": ["<script>alert(1)</script>"],
           "tests": [{"grade_id": "test_x", "points": 2.0, "score": 0.0, "passed": False,
                      "message": "<b>" + "y" * 10_000}]}
    page = render("alice", ASSIGNMENT, row)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page and len(page) < 6000


@pytest.mark.parametrize("command", ["autograde", "feedback", "export", "selftest", "check"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage" in capsys.readouterr().out


def test_remove_tree_is_iterative_bounded_and_never_follows_links(tmp_path):
    from grader.safefs import fresh_dir, remove_tree

    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("host")
    tree = tmp_path / "tree"
    fd = os.open(fresh_dir(tree), os.O_RDONLY)
    for _ in range(3000):  # deeper than Python's recursion limit
        os.mkdir("d", dir_fd=fd)
        fd, old = os.open("d", os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
    os.symlink(str(victim), "link", dir_fd=fd)
    os.symlink("/nonexistent", "dangling", dir_fd=fd)
    os.mkfifo("fifo", dir_fd=fd)
    os.close(fd)
    os.symlink(str(victim), tree / "top-link")
    os.link(victim / "keep.txt", tree / "hard")
    assert remove_tree(tree) is True
    assert not os.path.lexists(tree)
    assert (victim / "keep.txt").read_text() == "host" and os.listdir(victim) == ["keep.txt"]
    os.symlink(str(victim), tmp_path / "alone")
    assert remove_tree(tmp_path / "alone") and victim.is_dir()  # the link, not its target
    wide = fresh_dir(tmp_path / "wide")
    for i in range(50):
        (wide / str(i)).mkdir()
    assert remove_tree(wide, max_entries=10) is False  # over budget: reported, not raised
    assert remove_tree(wide) is True


def test_fresh_dir_replaces_a_planted_link_instead_of_following_it(tmp_path):
    from grader.safefs import fresh_dir, read_regular

    victim = tmp_path / "victim"
    victim.mkdir()
    (tmp_path / "work").symlink_to(victim)
    made = fresh_dir(tmp_path / "work")
    assert made.is_dir() and not made.is_symlink() and victim.is_dir()
    (victim / "f").write_text("x")
    (tmp_path / "l").symlink_to(victim / "f")
    os.link(victim / "f", tmp_path / "h")
    os.mkfifo(tmp_path / "p")
    assert "symbolic link" in read_regular(tmp_path / "l", 10)[1]
    assert "hard link" in read_regular(tmp_path / "h", 10)[1]
    assert "not a regular file" in read_regular(tmp_path / "p", 10)[1]  # and no hang


def _msg(kind, content, display_id=None):
    if display_id:
        content = {**content, "transient": {"display_id": display_id}}
    return {"msg_type": kind, "header": {"msg_type": kind}, "content": content}


def test_output_cap_counts_every_kind_in_bytes():
    from nbformat.notebooknode import NotebookNode

    from grader.outputcap import OutputCap, nbytes

    assert nbytes("\u20ac" * 10) == 30 and nbytes({"a": ["xy", b"z"]}) == 4
    cell = NotebookNode(outputs=[])
    cap = OutputCap(1000)
    assert cap.admit(_msg("stream", {"name": "stdout", "text": "\u20ac" * 300}), cell, 0)
    assert cap.admit(_msg("stream", {"name": "stdout", "text": "\u20ac" * 100}), cell, 0) \
        is None  # 1200 bytes, though only 400 characters
    assert "output truncated" in cell.outputs[-1].text
    big_error = _msg("error", {"ename": "E" * 500, "evalue": "v" * 10**6,
                               "traceback": ["t" * 10**6]})
    kept = cap.admit(big_error, cell, 0)  # kept, shortened: the test still fails
    assert kept["content"]["traceback"] == [] and len(kept["content"]["evalue"]) < 2100
    fresh = OutputCap(1000)
    update = _msg("update_display_data", {"data": {"text/plain": "u" * 100},
                                          "metadata": {}}, "d")
    assert fresh.admit(update, cell, 1, copies=5)  # 600 bytes: six outputs rewritten
    assert fresh.admit(update, cell, 1, copies=5) is None
    comm = _msg("comm_msg", {"data": {"d": "c" * 2000}})
    assert OutputCap(1000).admit(comm, cell, 2) is None
    total = OutputCap(1000)
    for index in range(4):
        assert total.admit(_msg("stream", {"text": "x" * 990}), cell, index)
    assert total.admit(_msg("stream", {"text": "x" * 100}), cell, 5) is None  # notebook


def test_csv_cells_never_start_a_formula():
    from grader.export import neutralize

    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"):
        assert neutralize(text) == "'" + text
    assert neutralize("alice") == "alice" and neutralize("a\udcff") == "a\\udcff"


def test_feedback_page_renders_lone_surrogates_escaped():
    row = {"status": "graded", "score": 0.0, "max_score": 1.0, "message": "graded",
           "flags": ["\ud800"], "tests": [{"grade_id": "t", "points": 1.0, "score": 0.0,
                                           "passed": False, "message": "bad \udcff"}]}
    page = render("bob\udcff", ASSIGNMENT, row)
    page.encode("utf-8")  # would raise on a lone surrogate
    assert "\\udcff" in page and "\\ud800" in page


def test_discover_refuses_special_files_and_escapes_names(tmp_path):
    base = os.fsencode(tmp_path)
    os.makedirs(base + b"/caf\xe9/01_x")
    (tmp_path / "caf\udce9" / "01_x" / "01_x.ipynb").write_text("{}")
    (tmp_path / "fifo" / "01_x").mkdir(parents=True)
    os.mkfifo(tmp_path / "fifo" / "01_x" / "01_x.ipynb")
    tasks, _ = discover(tmp_path, {"01_x"})
    rows = {t.student: t for t in tasks}
    assert rows["caf\\xe9"].path and "not valid UTF-8" in rows["caf\\xe9"].notes[0]
    assert "not a regular file" in rows["fifo"].problem
