"""Dashboards: the toolkit, and one module per notebook's dashboard (plus its pure
plotting functions where they outgrow the dashboard module)."""

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
