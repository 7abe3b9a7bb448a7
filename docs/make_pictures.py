"""Makes the pictures under docs/: run from the repository root with `.venv/bin/python docs/make_pictures.py`.

- docs/sim_vs_real.png: the simulator's frame of each phase and button state (left) beside the real
  game's crop of the same moment (right). The real crops are read from ../shared at run time and
  never stored in the repository; only this composite picture is.
- docs/regions.png: `aviator regions show` on a private X display where `aviator sim` opened six
  simulated bookmakers and `aviator calibrate` found them (while every game waited for its first
  round), taken once the games have played a little: every region drawn on its element.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from aviator.config.layouts import LAYOUTS, Rect
from aviator.config.settings import BetState, GamePhase
from aviator.sim.engine import GameView
from aviator.sim.private_display import private_display
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS
from aviator.sim.table import IDLE_TABLE, PanelView, TableView

DOCS = Path(__file__).resolve().parent
REAL = DOCS.parent.parent / "shared" / "data" / "real" / "UVuruna-Robin" / "knowledge"
ROW_HEIGHT = 170
GAP = 12
LABEL_WIDTH = 230
PLAY_SECONDS = 7.0  # real seconds the games play (at speed 4) before the regions picture
HISTORY = (1.69, 3.83, 1.7, 13.88, 1.0, 2.45, 1.12, 5.6)

# (real crop, what the simulator shows at that moment, the region of the tile to show)
PHASES = (
    ("Game Phase - 1 Betting.png", GameView(GamePhase.BETTING, 1.0, 0.15, HISTORY, 1), "game_area"),
    ("Game Phase - 2 Loading.png", GameView(GamePhase.LOADING, 1.0, 0.0, HISTORY, 1), "game_area"),
    ("Game Phase - 3 Start.png", GameView(GamePhase.PLAYING, 1.0, 0.0, HISTORY, 1), "multiplier"),
    ("Game Phase - 4 Score Low.png", GameView(GamePhase.PLAYING, 1.70, 0.0, HISTORY, 1), "multiplier"),
    ("Game Phase - 5 Score Mid.png", GameView(GamePhase.PLAYING, 3.83, 0.0, HISTORY, 1), "multiplier"),
    ("Game Phase - 6 Score High.png", GameView(GamePhase.PLAYING, 13.88, 0.0, HISTORY, 1), "multiplier"),
    ("Game Phase - 7 Ended.png", GameView(GamePhase.ENDED, 1.69, 0.0, HISTORY, 1), "multiplier"),
)
BUTTONS = (
    ("Bet Phase - Green.png", BetState.PLACE, 10.0),
    ("Bet Phase - Red.png", BetState.WAITING, 10.0),
    ("Bet Phase - Orange.png", BetState.CASH_OUT, 10.9),
)


def _height(image: Image.Image, height: int = ROW_HEIGHT) -> Image.Image:
    return image.resize((round(image.width * height / image.height), height), Image.LANCZOS)


def _crop(image: np.ndarray, rect: Rect) -> Image.Image:
    return Image.fromarray(image[rect.top : rect.bottom, rect.left : rect.right])


def _like(rect: Rect, real: Path) -> Rect:
    """The part of `rect`, centred, with the shape of the real crop (the crops are cut tight)."""
    width, height = Image.open(real).size
    wide = min(rect.width, round(rect.height * width / height))
    return Rect(rect.left + (rect.width - wide) // 2, rect.top, wide, rect.height)


def _sim_frames(renderer: TileRenderer) -> list[tuple[str, Image.Image]]:
    frames = []
    for name, view, region in PHASES:
        frames.append(
            (name, _crop(renderer.render(view), _like(getattr(renderer.regions, region), REAL / name)))
        )
    for name, state, amount in BUTTONS:
        table = TableView(1000.0, (PanelView("10.00", "2.00", state, amount), IDLE_TABLE.panels[1]))
        view = GameView(
            GamePhase.PLAYING if state is BetState.CASH_OUT else GamePhase.BETTING, 1.09, 0.5, (), 1
        )
        frames.append((name, _crop(renderer.render(view, table), renderer.regions.panels[0].button)))
    return frames


def sim_vs_real(out: Path) -> None:
    tile = LAYOUTS["3x2"].tile(0)
    renderer = TileRenderer(SKINS["classic"], tile.width, tile.height, site="Admiral")
    rows = [
        (name, _height(sim), _height(Image.open(REAL / name).convert("RGB")))
        for name, sim in _sim_frames(renderer)
    ]
    width = max(s.width for _, s, _ in rows) + max(r.width for _, _, r in rows) + 3 * GAP + LABEL_WIDTH
    sheet = Image.new("RGB", (width, 40 + len(rows) * (ROW_HEIGHT + GAP)), (250, 250, 250))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    left_width = max(s.width for _, s, _ in rows)
    draw.text((GAP, 10), "simulator (aviator sim, skin 'classic')", font=font, fill=(0, 0, 0))
    draw.text(
        (left_width + 2 * GAP, 10), "real game (UVuruna-Robin knowledge crops)", font=font, fill=(0, 0, 0)
    )
    for index, (name, sim, real) in enumerate(rows):
        top = 40 + index * (ROW_HEIGHT + GAP)
        sheet.paste(sim, (GAP, top))
        sheet.paste(real, (left_width + 2 * GAP, top))
        draw.text(
            (left_width + 2 * GAP + real.width + 8, top + 4), Path(name).stem, font=font, fill=(90, 90, 90)
        )
    sheet.save(out)


def regions_on_display(out: Path) -> None:
    """Runs the real commands on a private X display: sim, calibrate, regions show."""
    with private_display() as display:
        _regions_shown({**os.environ, "DISPLAY": display}, out)


def _regions_shown(env: dict[str, str], out: Path) -> None:
    aviator = [sys.executable, "-m", "aviator"]
    with tempfile.TemporaryDirectory() as work:
        sim_command = [
            *aviator,
            "sim",
            "--bookmakers",
            "6",
            "--layout",
            "3x2",
            "--hold",
            "--truth",
            f"{work}/t.jsonl",
        ]
        sim = subprocess.Popen(sim_command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert sim.stdout.readline().strip() == "ready"
            # the games are held: one screenshot, not watching
            calibrate = [*aviator, "calibrate", "--out", f"{work}/setup.yaml", "--watch", "0"]
            subprocess.run(calibrate, env=env, check=True)
            sim.send_signal(signal.SIGUSR1)  # the games start: the picture shows them in different phases
            time.sleep(PLAY_SECONDS)
            show = [*aviator, "regions", "show", "--config", f"{work}/setup.yaml", "--out", str(out)]
            subprocess.run(show, env=env, check=True)
        finally:
            sim.send_signal(signal.SIGTERM)
            sim.wait(30)


if __name__ == "__main__":
    sim_vs_real(DOCS / "sim_vs_real.png")
    regions_on_display(DOCS / "regions.png")
    print(f"wrote {DOCS / 'sim_vs_real.png'} and {DOCS / 'regions.png'}")
