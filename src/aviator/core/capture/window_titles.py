"""Titles of the windows on an X display: a browser window's title names the site it shows."""

from __future__ import annotations

from typing import Any

from Xlib import X, display, error

from aviator.config.layouts import Rect


def window_titles(name: str | None = None) -> list[tuple[Rect, str]]:
    """Screen rectangle and title of every visible top-level window that has a title."""
    screen = display.Display(name)
    try:
        root = screen.screen().root
        found = []
        for window in root.query_tree().children:
            try:
                entry = _entry(screen, root, window)
            except (error.BadWindow, error.BadDrawable):
                continue  # closed between the listing and this look: a window that is gone has no title
            if entry is not None:
                found.append(entry)
        return found
    finally:
        screen.close()


def _entry(screen: display.Display, root: Any, window: Any) -> tuple[Rect, str] | None:
    """The window's rectangle and title, or None when it is not shown or has no title."""
    if window.get_attributes().map_state != X.IsViewable:
        return None
    title = _title(screen, window)
    if not title:
        return None
    geometry = window.get_geometry()
    origin = root.translate_coords(window, 0, 0)  # a window manager may have reparented it
    return Rect(origin.x, origin.y, geometry.width, geometry.height), str(title)


def _title(screen: display.Display, window: Any) -> str:
    """The window's title: the EWMH UTF-8 one where set (Chromium leaves WM_NAME empty), else WM_NAME."""
    utf8 = window.get_full_property(screen.intern_atom("_NET_WM_NAME"), screen.intern_atom("UTF8_STRING"))
    if utf8 is not None and utf8.value:
        value = utf8.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return str(window.get_wm_name() or "")


def title_at(windows: list[tuple[Rect, str]], x: int, y: int) -> str | None:
    """The title of the topmost listed window under the point (x, y)."""
    index = window_at(windows, x, y)
    return None if index is None else windows[index][1]


def window_at(windows: list[tuple[Rect, str]], x: int, y: int) -> int | None:
    """The index of the topmost listed window under the point (x, y)."""
    for index in reversed(range(len(windows))):  # query_tree lists windows bottom to top
        rect = windows[index][0]
        if rect.left <= x < rect.right and rect.top <= y < rect.bottom:
            return index
    return None
