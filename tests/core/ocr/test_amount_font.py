"""The amount font: templates taught from labelled pictures read every number under the game
exactly, in every site's money style, and refuse what is not one of its numbers."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.config.settings import GamePhase
from aviator.core.ocr.amount_font import KINDS, AmountTemplates, learn_amount_font
from aviator.core.ocr.template import TemplateSet
from aviator.sim.engine import GameEngine
from aviator.sim.labelled_samples import labelled_amounts
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS

WIDTH, HEIGHT = 640, 540


def crop(image: np.ndarray, rect) -> np.ndarray:
    return image[rect.top : rect.bottom, rect.left : rect.right]


@pytest.fixture(scope="module", params=sorted(SKINS))
def taught(request: pytest.FixtureRequest) -> tuple[TileRenderer, AmountTemplates]:
    skin = SKINS[request.param]
    return TileRenderer(skin, WIDTH, HEIGHT), AmountTemplates(
        learn_amount_font(labelled_amounts(skin, WIDTH, HEIGHT))
    )


def test_every_number_of_a_played_game_is_read_exactly(taught) -> None:
    renderer, reader = taught
    engine, read, t = GameEngine(f"amounts:{renderer.skin.name}"), 0, 0.0
    while t < 120:
        view, t = engine.view_at(t), t + 0.7
        image = renderer.render(view)
        for name in KINDS:
            reading = reader.read_amount(crop(image, getattr(renderer.regions, name)), name)
            assert reading.value == getattr(view, name), (name, reading, view)
            read += 1
    assert read >= 4 * 150


def test_a_betting_window_and_a_crash_show_their_own_numbers(taught) -> None:
    renderer, reader = taught
    engine = GameEngine("amounts:phases")
    plan = engine.plan(3)
    for at, phase in ((plan.betting_start + 0.5, GamePhase.BETTING), (plan.crash_time + 1, GamePhase.ENDED)):
        view = engine.view_at(at)
        assert view.phase is phase
        image = renderer.render(view)
        read = {
            name: reader.read_amount(crop(image, getattr(renderer.regions, name)), name).value
            for name in KINDS
        }
        assert read == {name: getattr(view, name) for name in KINDS}


def test_what_is_not_an_amount_gets_no_value(taught) -> None:
    renderer, reader = taught
    flying = renderer.render(GameEngine("x").view_at(30.0))
    rng = np.random.default_rng(7)
    garbage = [
        crop(flying, renderer.regions.multiplier),  # the big multiplier: another size, an 'x'
        crop(flying, renderer.regions.history),  # bubbles of multipliers
        np.full((24, 200, 3), 14, np.uint8),  # nothing
        rng.integers(0, 255, (24, 200, 3), dtype=np.uint8),  # noise
    ]
    for picture in garbage:
        for region in KINDS:
            assert reader.read_amount(picture, region).value is None


def test_templates_without_every_digit_are_refused() -> None:
    templates = TemplateSet(list("0123456789"), np.zeros((10, 32 * 28), np.float32))
    AmountTemplates(templates)  # complete: accepted
    with pytest.raises(ValueError, match="'7'"):
        AmountTemplates(TemplateSet(list("012345689"), np.zeros((9, 32 * 28), np.float32)))
