"""Argument types shared by the commands: a bad value is named by argparse with the option."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


def screen_size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT in pixels, both at least 1."""
    width, x, height = text.lower().partition("x")
    if not (x and width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise argparse.ArgumentTypeError(f"write WIDTHxHEIGHT in pixels, for example 1920x1080, not {text!r}")
    return int(width), int(height)
