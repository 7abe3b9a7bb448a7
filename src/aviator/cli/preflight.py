"""Checks a command makes before it starts anything: the X display, Qt's X11 plugin, PostgreSQL.

Each failure is a MissingRequirement: one line naming what is missing and how to get it. They run
in the main process, before any worker or window exists, because past that point the failure
would be an abort inside Qt (no Python exception at all) or a traceback from a worker process.
"""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path

from aviator.core.requirements import (
    REINSTALL,
    SYSTEM_PACKAGES,
    MissingRequirement,
    missing_python_package,
    one_line,
)

START_XVFB = "`Xvfb :99 -screen 0 1920x1080x24 & export DISPLAY=:99`"
QT_PLUGIN = "libqxcb.so"
# The shared libraries Qt's X11 plugin needs beyond PySide6's own, and their Debian packages.
DEBIAN_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def require_display(name: str | None = None) -> str:
    """The X display `name` (default: DISPLAY) answers; returns its name."""
    display = name or os.environ.get("DISPLAY", "")
    how = f"use the desktop that shows the games, or a virtual one: {START_XVFB} (Xvfb: {SYSTEM_PACKAGES})"
    if not display:
        raise MissingRequirement("no X display: DISPLAY is not set", how)
    from Xlib import display as xdisplay
    from Xlib.error import DisplayError

    try:
        xdisplay.Display(display).close()
    except DisplayError as error:
        raise MissingRequirement(f"cannot open X display {display} ({one_line(error)})", how) from None
    return display


def require_qt_x11() -> None:
    """Qt's X11 platform plugin loads: otherwise Qt aborts the process with a page of advice."""
    platform = os.environ.get("QT_QPA_PLATFORM", "xcb")
    if not platform.startswith("xcb"):
        return  # the user chose another platform (offscreen, wayland): its own business
    try:
        from PySide6 import QtGui  # noqa: F401  (libEGL, libGL, fontconfig: what every Qt GUI needs)
    except ModuleNotFoundError as error:
        raise missing_python_package(error) from None
    except ImportError as error:
        raise _qt_libraries(str(error)) from None
    failure = None
    for plugin in _plugins():
        try:
            ctypes.CDLL(str(plugin))  # what Qt does next; here a failure is an exception naming the library
            return
        except OSError as error:
            failure = _qt_libraries(str(error))
    raise failure or MissingRequirement(f"Qt's X11 platform plugin {QT_PLUGIN} is not installed", REINSTALL)


def _plugins() -> list[Path]:
    """Where Qt looks for the plugin, as Qt does: QT_QPA_PLATFORM_PLUGIN_PATH first, then PySide6's own."""
    import PySide6

    folders = [
        os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", ""),
        Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms",
    ]
    return [Path(folder) / QT_PLUGIN for folder in folders if folder and (Path(folder) / QT_PLUGIN).is_file()]


def _qt_libraries(error: str) -> MissingRequirement:
    """The library that did not load, with the Debian package that has it."""
    found = re.search(r"(lib[\w.+-]+\.so[.\d]*)", error)
    library = found.group(1) if found else error
    if library.startswith("libQt6") or library.startswith("libpyside6"):
        how = f"PySide6 is incomplete: {REINSTALL}"
    else:
        package = DEBIAN_LIBRARIES.get(library)
        how = f"install the Qt/X libraries{f' ({package} and others)' if package else ''}: {SYSTEM_PACKAGES}"
    return MissingRequirement(f"Qt's X11 plugin cannot load {library}", how)


def require_postgres(target: str) -> None:
    """A PostgreSQL URL's server answers (SQLite paths need nothing). Only connects: the command
    itself migrates, and reports any other database error."""
    if not target.lower().startswith(("postgresql://", "postgres://")):
        return
    from aviator.data.backends import DatabaseError
    from aviator.data.backends.postgres import PostgresDatabase
    from aviator.data.backends.url import redact

    try:
        PostgresDatabase(target, redact(target)).close()
    except DatabaseError as error:
        raise MissingRequirement(
            one_line(error),
            "is PostgreSQL running there, open to this user? (Debian: apt-get install postgresql, "
            "then pg_ctlcluster 15 main start) Or give --db a SQLite file",
        ) from None
