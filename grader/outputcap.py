"""The output cap of a sandboxed kernel: every kind of output counted in bytes.

Each message that would be kept in the notebook is charged, in UTF-8 bytes of all its
fields (text, data of every MIME type, metadata, an error's name, value and
traceback, a widget message's data and buffers) against the cell's budget and the
notebook's (`PER_NOTEBOOK` cells' worth). A display update is charged once for every
output it rewrites, wherever they are. Over budget, the message is dropped and one
note says so; an error is kept, shortened, so a failing test still reads as failing.
Messages larger than the whole budget never reach the grader at all (`max_message`).
"""

from __future__ import annotations

from nbformat.notebooknode import NotebookNode

__all__ = ["OutputCap", "max_message", "nbytes"]

#: The notebook's budget, in cells' budgets.
PER_NOTEBOOK = 4
#: Kept, shortened, errors per cell once the budget is spent.
_ERRORS_OVER = 3
_STORED = {"stream", "display_data", "execute_result", "update_display_data", "error",
           "comm_open", "comm_msg"}


def max_message(cap):
    """The largest message the grader accepts from a kernel, in bytes on the wire
    (JSON may spend up to six bytes on one byte of output)."""
    return 8 * int(cap) + 2**20


def nbytes(value, limit=2**62):
    """UTF-8 bytes of the strings, bytes and numbers in `value` (stops past `limit`)."""
    total, todo = 0, [value]
    while todo and total <= limit:
        item = todo.pop()
        if isinstance(item, str):
            total += len(item.encode("utf-8", "surrogatepass"))
        elif isinstance(item, (bytes, bytearray, memoryview)):
            total += len(item)
        elif isinstance(item, dict):
            todo += list(item.keys()) + list(item.values())
        elif isinstance(item, (list, tuple)):
            todo += list(item)
        else:
            total += 8
    return total


def _shortened_error(content):
    return {"ename": str(content.get("ename", "Error"))[:200],
            "evalue": str(content.get("evalue", ""))[:2000] + " [output truncated]",
            "traceback": []}


class OutputCap:
    """The budgets of one notebook run."""

    def __init__(self, per_cell):
        self.per_cell = int(per_cell)
        self.total = PER_NOTEBOOK * self.per_cell
        self.used = {}
        self.spent = 0
        self.noted = set()
        self.errors_over = {}

    def admit(self, msg, cell, index, copies=0):
        """The message to process (possibly shortened), or None to drop it; `copies`
        is how many existing outputs a display update would rewrite."""
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        if kind not in _STORED:
            return msg
        size = nbytes([msg.get("content", {}), msg.get("buffers") or []],
                      self.total + 1) * (1 + copies)
        used = self.used.get(index, 0)
        if used + size <= self.per_cell and self.spent + size <= self.total:
            self.used[index] = used + size
            self.spent += size
            return msg
        self.note(cell, index)
        if kind == "error" and self.errors_over.get(index, 0) < _ERRORS_OVER:
            self.errors_over[index] = self.errors_over.get(index, 0) + 1
            return {**msg, "content": _shortened_error(msg.get("content", {}))}
        return None

    def note(self, cell, index):
        """Add the truncation note to `cell` once; True the first time."""
        if index in self.noted:
            return False
        self.noted.add(index)
        cell.outputs.append(NotebookNode(
            output_type="stream", name="stdout",
            text=f"\n[output truncated: more than {self.per_cell} bytes in this cell or "
                 f"{self.total} in the notebook]\n"))
        return True
