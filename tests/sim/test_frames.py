"""A frame redrawn only where the game changed equals the frame drawn whole."""

from __future__ import annotations

import numpy as np

from aviator.config.settings import BetState, GamePhase
from aviator.sim.engine import GameEngine
from aviator.sim.frames import Change, TileFrames
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS
from aviator.sim.table import IDLE_TABLE, PanelView, TableView


def test_partial_redraws_match_whole_frames_through_rounds() -> None:
    renderer = TileRenderer(SKINS["fjalla"], 640, 540, site="Soccer")
    engine = GameEngine("frames")
    frames = TileFrames(renderer, (engine.view_at(0.0), IDLE_TABLE))
    changes = []
    for step in range(1, 400):
        shown = (engine.view_at(step * 0.25), IDLE_TABLE)
        changes.append(frames.advance(shown))
        assert np.array_equal(np.asarray(frames.image), np.asarray(renderer.render_image(*shown))), step
    assert {Change.LIVE, Change.ALL} <= set(changes)  # crashes change the history: whole frames
    assert changes.count(Change.LIVE) > changes.count(Change.ALL)


def test_a_table_change_redraws_the_whole_frame() -> None:
    renderer = TileRenderer(SKINS["classic"], 640, 540, site="Admiral")
    view = GameEngine("frames").view_at(1.0)
    frames = TileFrames(renderer, (view, IDLE_TABLE))
    waiting = TableView(990.0, (PanelView("10.00", "2.00", BetState.WAITING, 10.0), IDLE_TABLE.panels[1]))
    assert frames.advance((view, IDLE_TABLE)) is Change.NONE
    assert frames.advance((view, waiting)) is Change.ALL
    assert view.phase is GamePhase.BETTING
