"""The tuning dashboard of notebook 04: it builds, redraws on every slider change, uses the
learner's functions (the library's while not done), runs caviar trials on any executor
and posts them back on the kernel's event loop, babysits a panda whose learning rate
follows the slider, zooms in, and leaves no worker process behind once closed."""

import asyncio
import concurrent.futures
import os
import threading

import ipywidgets as widgets
import numpy as np
import pytest
from stepping import assert_steps_redraw

from helpers.coarse_to_fine import zoom_space
from helpers.dashboards import tuning_session
from helpers.dashboards.toolkit import Dashboard
from helpers.dashboards.tuning import tuning_dashboard
from helpers.dashboards.tuning_panels import PANDA_CHUNK, PANDA_EPOCHS, PandaRun
from helpers.search import averaging_window, grid_over, random_over
from helpers.trials import SEARCH_SPACE


def _spies():
    calls = {"ewa_window": 0, "grid_points": 0, "random_points": 0, "zoom": 0}
    library = {"ewa_window": averaging_window, "grid_points": grid_over,
               "random_points": random_over, "zoom": zoom_space}

    def spy(name):
        def fn(*args):
            calls[name] += 1
            return library[name](*args)
        fn.__name__ = name
        return fn

    return {f"{name}_fn": spy(name) for name in calls}, calls


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def threads():
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        yield executor


def test_builds_with_the_spec_controls_and_buttons(threads):
    board = tuning_dashboard(executor=threads)
    assert isinstance(board, Dashboard)
    assert list(board.controls) == ["learning_rate", "one_minus_beta", "batch_size",
                                    "hidden_units", "layers"]
    assert isinstance(board.controls["learning_rate"], widgets.FloatLogSlider)
    assert isinstance(board.controls["one_minus_beta"], widgets.FloatLogSlider)
    assert len(board.buttons) == 3
    assert [label.split(":")[0] for label in board.buttons][:2] == ["panda", "caviar"]
    assert board.image.value[:4] == b"\x89PNG"
    assert "dev accuracy" in board.readout.value
    assert "averages about 10 gradients" in board.readout.value  # beta = 0.9 by default
    assert board.status.value == ""
    assert {"dl-dashboard", "dl-tuning"} <= set(board.widget._dom_classes)
    ax_setting, ax_panda, ax_space, ax_designs, _colorbar = board.figure.axes
    assert ax_space.get_xscale() == "log" and ax_space.get_yscale() == "log"
    assert "1 - beta" in ax_space.get_ylabel()
    assert "learning rates tried: grid 5, random 25" in ax_designs.get_title()
    board.session.close()


@pytest.mark.parametrize("seed", [0, 1])
def test_one_step_of_the_learning_rate_changes_image_and_readout(seed, threads):
    # What the browser suite does: arrow keys on the first control, one step each way.
    board = tuning_dashboard(executor=threads, seed=seed)
    assert_steps_redraw(board, "learning_rate", (+1, 0, -1), log=True)
    timing = board.timings[-1]
    assert timing["complete"] > 0
    board.session.close()


def test_beta_slider_moves_the_window_in_the_readout(threads):
    board = tuning_dashboard(executor=threads)
    board.set(one_minus_beta=1e-3)
    assert "beta = 0.999 averages about 1000 gradients" in board.readout.value
    board.session.close()


def test_learner_functions_are_used(threads):
    fns, calls = _spies()
    board = tuning_dashboard(executor=threads, n_caviar=4, **fns)
    assert calls["grid_points"] >= 1 and calls["random_points"] >= 1  # designs panel
    updates = calls["ewa_window"]
    board.set(layers=1)
    assert calls["ewa_window"] > updates
    before = calls["random_points"]
    board.run(board.session.launch_caviar)
    assert calls["random_points"] == before + 1
    board.run(board.session.zoom_in)
    assert calls["zoom"] >= 1
    assert board.status.value == ""
    board.session.close()


def test_not_done_exercises_are_named_and_the_library_stands_in(threads):
    def stub(*args):
        raise NotImplementedError()

    board = tuning_dashboard(executor=threads, n_caviar=2, grid_points_fn=stub,
                             random_points_fn=stub, zoom_fn=stub, ewa_window_fn=stub)
    assert "dl-notice" in board.status.value
    for name in ("ewa_window", "grid_points", "random_points", "zoom"):
        assert f"`{name}`" in board.status.value
    assert "not implemented yet" in board.status.value
    assert board.image.value[:4] == b"\x89PNG" and "dev accuracy" in board.readout.value
    board.run(board.session.launch_caviar)
    assert len(board.session.trials) == 2
    board.session.close()


def test_caviar_adds_trials_and_zoom_narrows_the_space(threads):
    board = tuning_dashboard(executor=threads, n_caviar=6)
    scatter = board.session.artists["space"]["trials"]
    assert len(scatter.get_offsets()) == 0
    image = board.image.value
    board.run(board.session.launch_caviar)
    assert "caviar: 6/6 trials done" in board.readout.value
    assert len(scatter.get_offsets()) == 6 and len(board.session.trials) == 6
    assert board.image.value != image
    scores = scatter.get_array()
    assert np.all((scores >= 0) & (scores <= 1))
    old = dict(board.session.space)
    box = board.session.artists["space"]["space"].get_bbox().bounds
    image = board.image.value
    board.run(board.session.zoom_in)
    assert "zoomed in" in board.readout.value
    new = board.session.space
    assert new != old
    for name, (low, high, scale) in new.items():
        assert old[name][0] <= low < high <= old[name][1] and scale == old[name][2]
    assert board.session.artists["space"]["space"].get_bbox().bounds != box
    assert board.image.value != image
    board.run(board.session.launch_caviar)  # the next trials come from the zoomed space
    for trial in board.session.trials[6:]:
        lr_low, lr_high, _ = new["learning_rate"]
        assert lr_low <= trial["params"]["learning_rate"] <= lr_high
    # An executor passed in belongs to its owner: closing the dashboard leaves it open.
    board.session.close()
    assert threads.submit(lambda: 1).result() == 1


def test_zoom_without_trials_asks_for_caviar(threads):
    board = tuning_dashboard(executor=threads)
    board.run(board.session.zoom_in)
    assert "press caviar first" in board.readout.value
    assert board.session.space == SEARCH_SPACE
    board.session.close()


def test_notebook_trials_show_on_the_scatter(threads):
    trials = [{"params": {"learning_rate": 0.1, "beta": 0.9, "hidden_units": 8, "layers": 1},
               "score": 0.7}]
    board = tuning_dashboard(executor=threads, trials=trials)
    assert len(board.session.artists["space"]["trials"].get_offsets()) == 1
    board.session.close()


def test_panda_learning_rate_follows_the_slider(threads):
    board = tuning_dashboard(executor=threads)
    run = PandaRun({"learning_rate": 0.01, "beta": 0.9, "hidden_units": 8, "layers": 1},
                   batch_size=64)
    board.session.panda = run
    run.advance()
    board.set(learning_rate=3.0)  # the update hands the slider's value to the panda
    assert run.lr == 3.0
    cost_before = run.costs[-1]
    for _ in range(4):
        run.advance()
    assert [lr for _, _, lr in run.changes] == [0.01, 3.0]
    assert run.changes[1][0] == PANDA_CHUNK
    assert run.costs[-1] < cost_before  # 300 times the rate: the cost reacts
    board.session.close()


def test_panda_button_trains_one_model_to_the_end(threads):
    board = tuning_dashboard(executor=threads)
    image = board.image.value
    board.run(board.session.start_panda)
    assert f"panda finished: epoch {PANDA_EPOCHS}" in board.readout.value
    line = board.session.artists["panda"]["line"]
    assert len(line.get_xdata()) == PANDA_EPOCHS
    assert board.image.value != image
    board.session.close()


def test_in_a_kernel_results_come_back_on_the_event_loop(monkeypatch):
    """Caviar and panda as in a kernel: background work, redraws on the loop's thread."""
    async def scenario():
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(tuning_session, "_kernel_loop", lambda: loop)
        with concurrent.futures.ThreadPoolExecutor(2) as executor:
            board = tuning_dashboard(executor=executor, n_caviar=4)
            session = board.session
            drawn_on = []
            show_trials, show_panda = session.show_trials, session.show_panda

            def spy(show):
                def draw(values, frame):
                    drawn_on.append(threading.current_thread())
                    return show(values, frame)
                return draw

            session.show_trials, session.show_panda = spy(show_trials), spy(show_panda)
            board.run(session.launch_caviar)
            assert "launched" in board.readout.value and not session.trials
            board.run(session.start_panda)
            assert "panda: training" in board.readout.value
            moved = False
            for _ in range(600):
                await asyncio.sleep(0.02)
                if not moved and session.panda.epochs:
                    board.set(learning_rate=2.0)  # while the panda trains
                    moved = True
                if len(session.trials) == 4 and session.panda.done:
                    break
            assert len(session.trials) == 4
            assert session.panda.done and [c[2] for c in session.panda.changes][-1] == 2.0
            assert drawn_on and all(t is threading.main_thread() for t in drawn_on)
            session.close()

    asyncio.run(scenario())


def test_closing_the_dashboard_ends_its_worker_processes():
    board = tuning_dashboard(n_caviar=4)  # the default: a process pool of its own
    board.session.pool.max_workers = 2
    board.run(board.session.launch_caviar)
    pids = set(board.session.pool.worker_pids)
    assert pids and os.getpid() not in pids
    assert all(_alive(pid) for pid in pids)
    board.widget.close()
    assert board.session.closed
    assert not any(_alive(pid) for pid in pids)


def test_running_the_cell_again_ends_the_old_workers():
    old = tuning_dashboard(n_caviar=2)
    old.session.pool.max_workers = 2
    old.run(old.session.launch_caviar)
    pids = set(old.session.pool.worker_pids)
    new = tuning_dashboard(n_caviar=2)  # same cell (outside a kernel: no cell id)
    assert old.session.closed and not new.session.closed
    assert not any(_alive(pid) for pid in pids)
    new.session.close()


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_caviar"):
        tuning_dashboard(n_caviar=0)
    with pytest.raises(ValueError, match="trials"):
        tuning_dashboard(trials=[{"score": 1.0}])
    with pytest.raises(ValueError, match="executor"):
        tuning_dashboard(executor="dask")
    with pytest.raises(ValueError, match="zoom"):
        tuning_dashboard(zoom_fn=42)


def test_in_a_kernel_only_its_own_cell_running_again_closes_it(monkeypatch, threads):
    from IPython.core.events import EventManager, available_events

    class Kernel:
        cell = "cell-1"

        def get_parent(self):
            return {"metadata": {"cellId": self.cell}}

    class Shell:
        kernel = Kernel()

    class Info:
        def __init__(self, cell_id):
            self.cell_id = cell_id

    shell = Shell()
    shell.events = EventManager(shell, available_events)
    monkeypatch.setattr(tuning_session, "_kernel", lambda: shell)
    first = tuning_dashboard(executor=threads)
    shell.kernel.cell = "cell-2"
    second = tuning_dashboard(executor=threads)  # another cell: the first stays open
    assert not first.session.closed and not second.session.closed
    shell.events.trigger("pre_run_cell", Info("cell-3"))
    assert not first.session.closed and not second.session.closed
    shell.events.trigger("pre_run_cell", Info("cell-1"))
    assert first.session.closed and not second.session.closed
    assert first.session._pre_run_cell not in shell.events.callbacks["pre_run_cell"]
    second.session.close()
