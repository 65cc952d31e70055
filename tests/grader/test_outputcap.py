"""The output cap counts bytes of every output kind."""

from __future__ import annotations


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
