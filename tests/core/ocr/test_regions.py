"""Button state, phase and amounts: real crops of the game and the simulator's regions."""

from __future__ import annotations

import pytest
from benchmarks.ocr_samples import (
    REAL_BUTTONS,
    REAL_PHASES,
    TILE_SIZES,
    phase_box,
    played_frames,
    real_image,
    regions,
)

from aviator.config.settings import BetState, GamePhase
from aviator.core.ocr.amount import read_amount, read_count
from aviator.core.ocr.button import button_state
from aviator.core.ocr.phase import phase_of
from aviator.sim.skins import SKINS


@pytest.mark.parametrize("name", REAL_PHASES)
def test_the_phase_of_every_real_crop(name: str) -> None:
    assert phase_of(real_image(name)) is REAL_PHASES[name]


@pytest.mark.parametrize("name", REAL_BUTTONS)
def test_the_state_and_amount_of_every_real_button(name: str, block_reader) -> None:
    state, amount = REAL_BUTTONS[name]
    assert button_state(real_image(name)) is state
    assert read_amount(real_image(name), block_reader).value == amount


def test_no_button_state_on_the_loading_screen() -> None:
    assert button_state(real_image("Game Phase - 2 Loading.png")) is None


@pytest.mark.parametrize("skin", SKINS.values(), ids=SKINS.keys())
def test_the_phase_of_simulator_frames(skin) -> None:
    size = TILE_SIZES[1]
    centre = phase_box(size)
    frames = list(played_frames(skin, size, 60, 0.4, "phase"))
    assert {f.phase for f in frames} == set(GamePhase) - {GamePhase.UNKNOWN}
    assert [phase_of(f.crop(centre)) for f in frames] == [f.phase for f in frames]


@pytest.mark.parametrize("skin", SKINS.values(), ids=SKINS.keys())
def test_amounts_and_counts_in_every_sites_style(skin, block_reader) -> None:
    size = TILE_SIZES[2]
    where = regions(size)
    frame = list(played_frames(skin, size, 20, 10, "amounts"))[-1]  # the crowd has bet by now
    assert read_amount(frame.crop(where.balance), block_reader).value == 1000.0
    assert read_amount(frame.crop(where.panels[0].stake), block_reader).value == 10.0
    assert read_amount(frame.crop(where.panels[1].auto_cashout), block_reader).value == 2.0
    assert read_amount(frame.crop(where.panels[0].button), block_reader).value == 10.0
    assert button_state(frame.crop(where.panels[0].button)) is BetState.PLACE
    assert read_count(frame.crop(where.players), block_reader).value > 0
