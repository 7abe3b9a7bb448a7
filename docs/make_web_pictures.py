"""Makes docs/web-layouts/: run from the repository root with `.venv/bin/python docs/make_web_pictures.py`.

`aviator sim --web` opens every web layout in its own Chromium window on a private X display; the
screen is grabbed with the project's own X capture while the games play, and each window is saved
as the layout's pictures: NAME-betting.png while the held clock shows the first betting screen,
NAME.png during a flight (where one came within the time allowed), and the whole screen at the
moment most of it was flying (screen.png, half size), and the regions `aviator calibrate` found on
that screen with no editing (calibrated.png, half size). Needs Debian's chromium and Xvfb.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from aviator.core.capture.mss_screen import MssScreen
from aviator.sim.private_display import private_display
from aviator.sim.web.layouts import DEFAULT_MIX

OUT = Path(__file__).resolve().parent / "web-layouts"
WATCH_SECONDS = 40.0  # real seconds to wait for a flight in every window


def _lines_until_ready(process: subprocess.Popen[str]) -> list[str]:
    lines = []
    for line in process.stdout:
        lines.append(line.strip())
        if lines[-1] == "ready":
            return lines
    raise RuntimeError(f"aviator sim --web ended before ready: {lines}")


def _flight_share(image: Image.Image) -> float:
    """How much of the window shows the flight's colours (the picture to keep is mid-flight)."""
    small = image.reduce(4)
    flying = [r < 150 and g < 100 and b >= 50 and b - g >= 30 for r, g, b in small.get_flattened_data()]
    return sum(flying) / len(flying)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with private_display() as display:
        env = {**os.environ, "DISPLAY": display}
        layouts = [option for name in DEFAULT_MIX for option in ("--layout", name)]
        command = [sys.executable, "-m", "aviator", "sim", "--web", *layouts, "--hold", "--speed", "2"]
        command += ["--truth", str(Path(tempfile.gettempdir()) / "web-pictures.truth.jsonl")]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            lines = _lines_until_ready(process)
            windows = [line.split(" ", 5) for line in lines if line.startswith("window ")]
            screen = MssScreen(display)
            _betting_pictures(screen, windows)
            process.send_signal(signal.SIGUSR1)  # the games' clock starts
            _pictures(screen, windows)
            _calibrated(env)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def _calibrated(env: dict[str, str]) -> None:
    """calibrated.png: what `aviator calibrate` found in every window while the games played (no
    editing), drawn by `aviator regions show`, half size."""
    aviator = [sys.executable, "-m", "aviator"]
    with tempfile.TemporaryDirectory() as work:
        setup, picture = f"{work}/setup.yaml", f"{work}/regions.png"
        subprocess.run([*aviator, "calibrate", "--out", setup, "--learn", "0"], env=env, check=True)
        show = [*aviator, "regions", "show", "--config", setup, "--out", picture]
        subprocess.run(show, env=env, check=True)
        image = Image.open(picture)
        image.reduce(2).save(OUT / "calibrated.png", optimize=True)


def _window(shot: Image.Image, window: list[str]) -> Image.Image:
    """A window's part of the screen, from its line 'window SITE LAYOUT X,Y WxH TITLE'."""
    (x, y), (w, h) = map(int, window[3].split(",")), map(int, window[4].split("x"))
    return shot.crop((x, y, x + w, y + h))


def _betting_pictures(screen: MssScreen, windows: list[list[str]]) -> None:
    """Every window while the held clock shows the first betting screen: NAME-betting.png."""
    shot = Image.fromarray(screen.grab_all())
    for window in windows:
        _window(shot, window).save(OUT / f"{window[2]}-betting.png")


def _pictures(screen: MssScreen, windows: list[list[str]]) -> None:
    """Keeps each window's most flying frame, and the screen when most of it was flying."""
    best: dict[str, tuple[float, Image.Image]] = {}
    whole: tuple[float, Image.Image] = (-1.0, Image.new("RGB", (1, 1)))
    deadline = time.monotonic() + WATCH_SECONDS
    while time.monotonic() < deadline and not all(best.get(w[2], (0,))[0] > 0.3 for w in windows):
        shot = Image.fromarray(screen.grab_all())
        total = 0.0
        for window in windows:
            layout, image = window[2], _window(shot, window)
            share = _flight_share(image)
            total += share
            if share >= best.get(layout, (-1.0,))[0]:
                best[layout] = (share, image)
        whole = max(whole, (total, shot), key=lambda kept: kept[0])
        time.sleep(0.25)
    for layout, (_, image) in best.items():
        image.save(OUT / f"{layout}.png")
    whole[1].reduce(2).save(OUT / "screen.png")


if __name__ == "__main__":
    main()
