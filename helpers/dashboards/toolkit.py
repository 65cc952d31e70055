"""A small dashboard toolkit: controls beside a live figure, updated in place.

A dashboard is a pure update function plus this thin wrapper. The update function
receives the current control values and a `Frame`; it changes the figure's artists
in place (see `helpers.plots`), may call `frame.show()` to push an early frame while
it is still training, and returns the one-line readout.

    fig, axes = make_figure(2)
    artists = plot_cost_curves(None, ax=axes[0])

    def update(values, frame):
        result = train(..., lr=values["lr"])
        update_cost_curves(artists, result.history)
        return f"final cost {result.history.train_cost[-1]:.3f}"

    Dashboard({"lr": log_slider("learning rate", 0.1, -4, 0)}, fig, update,
              name="lr-demo")

The figure is a plain `matplotlib.figure.Figure` rendered to PNG by Agg into an
`ipywidgets.Image`, so it works without any matplotlib backend set and shows the same
in JupyterLab, nbclient and saved widget state. Inside a running kernel, slider changes
are debounced: changes that arrive while an update is pending are merged into one.
"""

from __future__ import annotations

import asyncio
import html
import io
import time
import traceback

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as _PILImage

from ..checks import ExerciseNotDone

__all__ = [
    "Dashboard",
    "Frame",
    "choice",
    "float_slider",
    "int_slider",
    "log_slider",
    "make_figure",
    "static_axes",
    "toggle",
]

_CONTROL_STYLE = {"description_width": "150px"}
_CONTROL_LAYOUT = {"width": "340px"}


def make_figure(ncols=1, nrows=1, *, width=4.0, height=3.2, dpi=80):
    """A pyplot-free figure with a grid of axes (returned flat when one row)."""
    # "constrained" lays the axes out once; `Dashboard` then freezes the layout.
    fig = Figure(figsize=(width * ncols, height * nrows), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    flat = list(axes.ravel())
    return fig, (flat if nrows == 1 else axes)


def static_axes(axes, ncols, *, width, height):
    """`axes` as a list, or a row of `ncols` new pyplot axes (a notebook's static figure)."""
    if axes is not None:
        return list(np.ravel(axes))
    import matplotlib.pyplot as plt

    _, new = plt.subplots(1, ncols, figsize=(width * ncols, height), layout="constrained",
                          squeeze=False)
    return list(new.ravel())


def log_slider(description, value, min_exp, max_exp, step=0.25, readout_format=".2e"):
    """A slider over `10**min_exp .. 10**max_exp` on a log scale."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                                  description=description, readout_format=readout_format,
                                  continuous_update=False, style=_CONTROL_STYLE,
                                  layout=_CONTROL_LAYOUT)


def float_slider(description, value, low, high, step):
    """A linear float slider that updates on release (and on each arrow key)."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=description, continuous_update=False,
                               style=_CONTROL_STYLE, layout=_CONTROL_LAYOUT)


def int_slider(description, value, low, high, step=1):
    """An integer slider that updates on release (and on each arrow key)."""
    return widgets.IntSlider(value=value, min=low, max=high, step=step,
                             description=description, continuous_update=False,
                             style=_CONTROL_STYLE, layout=_CONTROL_LAYOUT)


def choice(description, options, value=None):
    """A drop-down; `options` is a list of values or of (label, value) pairs."""
    kwargs = {} if value is None else {"value": value}
    return widgets.Dropdown(options=options, description=description,
                            style=_CONTROL_STYLE, layout=_CONTROL_LAYOUT, **kwargs)


def toggle(description, value=False):
    """A check box."""
    return widgets.Checkbox(value=value, description=description, indent=False)


class Frame:
    """Handed to an update function; `show()` pushes the figure as it is now.

    `first_frame` is the time from the change to the first early frame, or None while
    `show()` has not been called; `frames` counts the early frames.
    """

    def __init__(self, dashboard, started):
        self._dashboard = dashboard
        self.started = started
        self.first_frame = None
        self.frames = 0

    def show(self):
        """Render the figure to the image now (an early, progressive frame)."""
        self._dashboard._render()
        self.frames += 1
        if self.first_frame is None:
            self.first_frame = time.perf_counter() - self.started


class Dashboard:
    """Controls plus a live figure, re-drawn by `update(values, frame)` on every change.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Their `.value`s are passed to `update` under the same keys.
    figure : matplotlib.figure.Figure
        Made with `make_figure`; `update` changes its artists in place.
    update : callable (values: dict, frame: Frame) -> str or None
        Returns the readout line (plain text).
    name : str
        A short id; the outer box gets CSS classes `dl-dashboard` and `dl-<name>`
        (stable hooks for browser tests).
    title : str, optional
    buttons : dict of str -> callable (values, frame) -> str or None, optional
        Extra actions (e.g. "launch 20 trials"); each becomes a button.
    layout : "left" or "top"
        Where the controls go.
    debounce : float
        Seconds to wait for further changes before updating, inside a kernel.
    notice : callable () -> str or None, optional
        A standing notice shown in the status line after every successful update,
        e.g. which of the learner's exercises are still stood in for by the library.

    Attributes
    ----------
    timings : list of dict
        For every update, in seconds (kernel side): "complete", the change to the final
        frame, and "first_frame", the change to the first early frame the update pushed
        with `frame.show()`, or None when it pushed none (its first new image is then
        the final one).
    last_error : str or None
        The traceback of the last failed update, also shown in the dashboard.
    """

    def __init__(self, controls, figure, update, *, name, title=None, buttons=None,
                 layout="left", debounce=0.03, notice=None):
        if layout not in ("left", "top"):
            raise ValueError(f"`layout`: expected 'left' or 'top', got {layout!r}.")
        self.controls = dict(controls)
        self.figure = figure
        self._update = update
        self.name = name
        self.debounce = debounce
        self._notice = notice
        self.timings = []
        self.last_error = None
        self._handle = None
        self._animated = None
        self._background = None
        self._background_key = None
        # Keep the figure at its own aspect ratio: a flex row would otherwise stretch
        # it to the height of the control panel.
        self.image = widgets.Image(format="png", layout={
            "max_width": "100%", "height": "auto", "align_self": "flex-start",
            "object_fit": "contain"})
        self.image.add_class("dl-figure")
        self.readout = widgets.HTML()
        self.readout.add_class("dl-readout")
        self.status = widgets.HTML()
        self.status.add_class("dl-status")
        self.buttons = {}
        for label, action in (buttons or {}).items():
            button = widgets.Button(description=label, layout={"width": "220px"})
            button.on_click(lambda _b, action=action: self._schedule(action))
            self.buttons[label] = button
        for widget in self.controls.values():
            widget.observe(lambda _change: self._schedule(self._update), names="value")
        head = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        panel = [*head, *self.controls.values(), *self.buttons.values(), self.readout,
                 self.status]
        if layout == "left":
            # The panel keeps its width; on a narrow screen the figure wraps below it.
            self.widget = widgets.HBox([widgets.VBox(panel, layout={"flex": "0 0 auto"}),
                                        self.image], layout={"flex_flow": "row wrap"})
        else:
            self.widget = widgets.VBox([widgets.HBox(list(self.controls.values())),
                                        *self.buttons.values(), self.readout, self.status,
                                        self.image])
        self.widget.add_class("dl-dashboard")
        self.widget.add_class(f"dl-{name}")
        self.run(self._update)

    # -- display -----------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def values(self):
        """The current control values, by control name."""
        return {key: w.value for key, w in self.controls.items()}

    def set(self, **values):
        """Set controls programmatically (each change triggers an update)."""
        for key, value in values.items():
            if key not in self.controls:
                raise ValueError(f"`{key}`: expected one of {sorted(self.controls)}, "
                                 f"got {key!r}.")
            self.controls[key].value = value

    # -- updating ------------------------------------------------------------------
    def _schedule(self, action):
        loop = None
        if self.debounce > 0 and self._in_kernel():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        if loop is None:
            # Outside a kernel (tests, benchmarks, scripts) updates run synchronously,
            # even when some other library has an event loop running.
            self.run(action)
            return
        # Inside a kernel: merge a burst of changes (e.g. a held arrow key) into one.
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.debounce, self._run_scheduled, action)

    def _run_scheduled(self, action):
        self._handle = None
        self.run(action)

    def run(self, action=None):
        """Run one update now (synchronously) and record its timings."""
        action = action or self._update
        started = time.perf_counter()
        frame = Frame(self, started)
        try:
            text = action(self.values(), frame)
        except (ExerciseNotDone, NotImplementedError) as exc:
            message = str(exc) or "an exercise this dashboard uses is not done yet"
            self.status.value = f"<span class='dl-notice'>{html.escape(message)}</span>"
            return
        except Exception:  # shown in the dashboard, re-raised outside a kernel
            self.last_error = traceback.format_exc()
            last = self.last_error.strip().splitlines()[-1]
            self.status.value = (f"<span class='dl-error' style='color:#D55E00'>"
                                 f"Update failed: {html.escape(last)}</span>")
            if self._in_kernel():
                return
            raise
        standing = self._notice() if self._notice else None
        self.status.value = (f"<span class='dl-notice'>{html.escape(standing)}</span>"
                             if standing else "")
        self.readout.value = html.escape(text) if text else ""
        self._render()
        complete = time.perf_counter() - started
        self.timings.append({"first_frame": frame.first_frame, "complete": complete})

    @staticmethod
    def _in_kernel():
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython ships with ipywidgets
            return False
        shell = get_ipython()
        return shell is not None and getattr(shell, "kernel", None) is not None

    def _render(self):
        """Draw the figure and push it as PNG, blitting when nothing but data changed.

        A full Agg draw of a three-panel figure costs ~70 ms here, almost all of it
        ticks and labels; redrawing only the data artists over a cached background
        costs a few ms. So data artists are marked animated, the background is
        cached, and it is re-drawn only when an axis' limits, scale or title change.
        """
        fig = self.figure
        canvas = fig.canvas
        if self._animated is None:
            # Freeze the layout after one layout-engine pass: positions stop moving
            # between frames, and the engine's cost is paid once.
            canvas.draw()
            fig.set_layout_engine("none")
            self._animated = [artist for ax in fig.axes
                              for artist in (*ax.images, *ax.collections, *ax.lines,
                                             *ax.patches, *ax.texts)]
            for artist in self._animated:
                artist.set_animated(True)
        key = tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
                     ax.get_title(), ax.get_visible()) for ax in fig.axes)
        if key != self._background_key:
            canvas.draw()
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._background_key = key
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.axes is not None and artist.axes.get_visible():
                artist.axes.draw_artist(artist)
        rgb = np.asarray(canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        # Speed over size: level 1 is ~5x faster to encode than the default.
        _PILImage.fromarray(rgb).save(buffer, format="png", compress_level=1)
        self.image.value = buffer.getvalue()
