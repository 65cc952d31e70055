from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import plots


def _ax():
    return Figure().subplots()


def test_decision_boundary_updates_image_in_place():
    X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.5]])
    Y = np.array([[0, 1, 1]])
    artists = plots.plot_decision_boundary(lambda G: (G[0] > 1).astype(float), X, Y,
                                           ax=_ax(), resolution=20)
    image = artists["image"]
    before = np.array(image.get_array())
    plots.update_decision_boundary(artists, lambda G: (G[1] > 0.5).astype(float))
    assert artists["image"] is image
    assert not np.array_equal(before, np.array(image.get_array()))
    assert before.shape == (20, 20)


def test_cost_curves_set_data_and_nice_limits():
    artists = plots.plot_cost_curves(None, ax=_ax())
    history = SimpleNamespace(epochs=[0, 1, 2, 3], train_cost=[0.7, 0.5, 0.3, 0.2],
                              dev_cost=[0.7, 0.6, 0.5, 0.55])
    plots.update_cost_curves(artists, history, stop_epoch=2)
    assert list(artists["train"].get_xdata()) == [0, 1, 2, 3]
    ax = artists["ax"]
    assert ax.get_ylim() == pytest.approx((0.1, 1.0))
    assert ax.get_xlim() == (0.0, 5.0)
    assert artists["stop"].get_xdata()[0] == 2


def test_activation_spread_shows_dead_and_exploding_layers():
    artists = plots.plot_activation_spread([1.0, 0.0, np.inf], ax=_ax())
    y = artists["line"].get_ydata()
    assert y[1] == 1e-12 and y[2] == 1e12


def test_boundary_grid_rejects_non_2d_data():
    with pytest.raises(ValueError, match=r"expected shape \(2, m\)"):
        plots.boundary_grid(np.zeros((3, 5)))


@pytest.mark.parametrize("last, right", [(1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (300, 500)])
def test_cost_curve_x_limits_snap_to_1_2_5_steps(last, right):
    # Snapped limits change rarely between slider moves, so dashboards only blit curves.
    artists = plots.plot_cost_curves(None, ax=_ax())
    history = SimpleNamespace(epochs=list(range(1, last + 1)), train_cost=[0.5] * last,
                              dev_cost=[])
    plots.update_cost_curves(artists, history)
    assert artists["ax"].get_xlim() == (0.0, right)
