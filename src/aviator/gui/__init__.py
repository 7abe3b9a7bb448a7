"""The control panel: a PySide6 window hosting the collector's main process (`aviator gui`)."""
