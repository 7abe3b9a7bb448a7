"""aviator: records every round of several bookmakers' Aviator games through the screen's pixels."""

__version__ = "0.1.0"
