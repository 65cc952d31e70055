"""Dashboards: the toolkit, the learner-functions contract (`learner`), and per notebook
a compute module (`<topic>_setting`), a drawing module (`<topic>_panels`) and the
dashboard itself (`<topic>`); see docs/authoring.md."""

from .toolkit import (
    Dashboard,
    Frame,
    choice,
    float_slider,
    int_slider,
    log_slider,
    make_figure,
    toggle,
)

__all__ = [
    "Dashboard",
    "Frame",
    "choice",
    "float_slider",
    "int_slider",
    "log_slider",
    "make_figure",
    "toggle",
]
