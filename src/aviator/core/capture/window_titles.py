"""Titles of the windows on an X display: a browser window's title names the site it shows."""

from __future__ import annotations

from Xlib import X, display

from aviator.config.layouts import Rect


def window_titles(name: str | None = None) -> list[tuple[Rect, str]]:
    """Screen rectangle and title of every visible top-level window that has a title."""
    screen = display.Display(name)
    try:
        root = screen.screen().root
        found = []
        for window in root.query_tree().children:
            if window.get_attributes().map_state != X.IsViewable:
                continue
            title = window.get_wm_name()
            if not title:
                continue
            geometry = window.get_geometry()
            origin = root.translate_coords(window, 0, 0)  # a window manager may have reparented it
            found.append((Rect(origin.x, origin.y, geometry.width, geometry.height), str(title)))
        return found
    finally:
        screen.close()


def title_at(windows: list[tuple[Rect, str]], x: int, y: int) -> str | None:
    """The title of the topmost listed window under the point (x, y)."""
    for rect, title in reversed(windows):  # query_tree lists windows bottom to top
        if rect.left <= x < rect.right and rect.top <= y < rect.bottom:
            return title
    return None
