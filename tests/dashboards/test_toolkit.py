import numpy as np
import pytest

from helpers.dashboards import Dashboard, float_slider, make_figure
from helpers.plots import plot_decision_boundary, update_decision_boundary


def _dashboard(update=None, notice=None):
    fig, axes = make_figure(1)
    X = np.array([[-1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    artists = plot_decision_boundary(None, X, np.array([[0, 1, 0]]), ax=axes[0],
                                     resolution=30)
    calls = []

    def default(values, frame):
        calls.append(values["t"])
        update_decision_boundary(artists, lambda G: (G[0] > values["t"]).astype(float))
        frame.show()
        return f"threshold {values['t']:.1f}"

    board = Dashboard({"t": float_slider("threshold", 0.0, -1, 1, 0.1)}, fig,
                      update or default, name="toy", title="Toy", notice=notice)
    return board, calls


def test_change_redraws_image_and_readout():
    board, calls = _dashboard()
    first = board.image.value
    assert first[:4] == b"\x89PNG" and board.readout.value == "threshold 0.0"
    board.set(t=0.5)
    assert calls == [0.0, 0.5]
    assert board.image.value != first and board.readout.value == "threshold 0.5"
    assert len(board.timings) == 2
    # The update pushed an early frame with `frame.show()`, before it returned.
    timing = board.timings[-1]
    assert timing["first_frame"] is not None
    assert 0 < timing["first_frame"] < timing["complete"]
    assert {"dl-dashboard", "dl-toy"} <= set(board.widget._dom_classes)


def test_an_update_without_an_early_frame_records_none():
    def update(values, frame):
        return f"t = {values['t']}"

    board, _ = _dashboard(update)
    board.set(t=0.4)
    assert [t["first_frame"] for t in board.timings] == [None, None]
    assert all(t["complete"] > 0 for t in board.timings)


def test_not_done_exercise_shows_notice_and_keeps_last_image():
    state = {"ready": True}

    def update(values, frame):
        if not state["ready"]:
            raise NotImplementedError()
        return "ok"

    board, _ = _dashboard(update)
    image = board.image.value
    state["ready"] = False
    board.set(t=0.3)
    assert "not done yet" in board.status.value and "dl-notice" in board.status.value
    assert board.image.value == image


def test_broken_update_raises_outside_a_kernel_and_is_shown():
    def update(values, frame):
        if values["t"] > 0:
            raise KeyError("boom")
        return "ok"

    board, _ = _dashboard(update)
    with pytest.raises(KeyError):
        board.set(t=0.5)
    assert "dl-error" in board.status.value and "KeyError" in board.last_error


def test_set_rejects_unknown_control():
    board, _ = _dashboard()
    with pytest.raises(ValueError, match="`lr`: expected one of"):
        board.set(lr=1)


def test_standing_notice_is_shown_after_each_update_and_cleared_when_gone():
    state = {"notice": "`f` is not done yet: the library stands in"}
    board, _ = _dashboard(notice=lambda: state["notice"])
    board.set(t=0.2)
    assert "dl-notice" in board.status.value and "`f` is not done yet" in board.status.value
    state["notice"] = None
    board.set(t=0.3)
    assert board.status.value == ""
