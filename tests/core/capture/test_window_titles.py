"""Window titles on a live X display, where windows come and go while they are listed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from Xlib import X, Xatom, display
from Xlib.xobject.drawable import Window

from aviator.core.capture.window_titles import window_titles
from aviator.sim.private_display import private_display


@pytest.fixture
def screen() -> Iterator[str]:
    with private_display() as name:
        yield name


def _open_window(connection: display.Display, title: str, x: int, y: int) -> Any:
    window = connection.screen().root.create_window(x, y, 120, 80, 0, X.CopyFromParent)
    window.change_property(Xatom.WM_NAME, Xatom.STRING, 8, title.encode())
    window.map()
    connection.sync()
    return window


def test_a_window_closed_while_the_windows_are_listed_is_left_out(
    screen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = display.Display(screen)
    _open_window(connection, "Stays", 10, 20)
    gone = _open_window(connection, "Goes", 200, 20)
    listing = Window.query_tree

    def listed_then_closed(window: Any) -> Any:
        tree = listing(window)
        gone.destroy()  # the browser closes this window after the listing, before its attributes are asked
        connection.sync()
        return tree

    monkeypatch.setattr(Window, "query_tree", listed_then_closed)
    titles = [title for _, title in window_titles(screen)]
    connection.close()
    assert titles == ["Stays"]
