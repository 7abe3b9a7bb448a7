"""What a site may show in or near the multiplier's place that is no multiplier, in a skin's own
font and colours: numbers without their x (printed so, or cut off by the region's edge), clocks,
amounts of money in the skin's style, numbers followed by other words. No reader may give any of
them a value. Shared by the OCR tests, the garbage-frame test and the OCR benchmark.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from benchmarks.ocr_samples import cut

from aviator.config.settings import GamePhase
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer, format_multiplier
from aviator.sim.skins import Skin, format_money

# Styles none of the simulator's skins uses: other faces of the installed font packages (an italic,
# a lighter weight), other colours and money styles. Readers learn them as they would a new site.
UNSEEN_SKINS = (
    Skin(
        "rhd-italic",
        "font_rhd",
        "RedHatDisplay-BlackItalic.ttf",
        scale=1.0,
        text_colour=(250, 244, 214),
        crash_colour=(238, 40, 40),
        money_style="1.234,56",
        currency="RSD",
    ),
    Skin(
        "manrope-bold", "font_manrope", "Manrope-Bold.ttf", scale=0.95, money_style="1 234.56", currency="BAM"
    ),
    Skin("source-italic", "font_source_sans_pro", "SourceSansPro-BoldIt.ttf", scale=1.1, currency="USD"),
)
LOOKALIKE_VALUES = (1.7, 18.59, 403.79, 1234.56)
X_CUTS = (1.0, 0.6)  # share of the x's advance past the region's right edge: all of it, most of it


def lookalike_texts(skin: Skin, value: float, seconds: int) -> dict[str, str]:
    """Texts that hold `value` (a clock: `seconds` past midnight) but are no multiplier, by kind."""
    amount = format_money(value, skin.money_style)
    hours, minutes, rest = seconds // 3600 % 24, seconds // 60 % 60, seconds % 60
    return {
        "number without x": format_multiplier(value)[:-1],
        "number without point or x": f"{round(value * 100)}",
        "clock": f"{hours:02d}:{minutes:02d}",
        "clock with seconds": f"{hours:02d}:{minutes:02d}:{rest:02d}",
        "amount": amount,
        "amount and currency": f"{amount} {skin.currency}",
        "dollars": f"${value:,.0f}",
        "number and words": f"{value:.2f} odds",
    }


def x_cut_frame(renderer: TileRenderer, view: GameView, share: float) -> np.ndarray:
    """A frame whose multiplier ends `share` of its x's advance past the region's right edge: the
    crop holds the number and at most a sliver of the x, as where a site's layout cuts it off."""
    past = round(share * renderer.number_width("x"))
    return renderer.render_shown(
        view, format_multiplier(view.multiplier), renderer.regions.multiplier.right + past
    )


def lookalike_crops(
    skin: Skin, size: tuple[int, int], values: Sequence[float] = LOOKALIKE_VALUES
) -> Iterator[tuple[str, np.ndarray]]:
    """Multiplier region crops that hold no multiplier, with their kind: every text of
    lookalike_texts and every x cut, for each value, on a flight and on a crash."""
    renderer = TileRenderer(skin, *size)
    box = renderer.regions.multiplier
    for n, value in enumerate(values):
        for phase in (GamePhase.PLAYING, GamePhase.ENDED):
            view = GameView(phase, value, 0.0, (), 1)
            for kind, text in lookalike_texts(skin, value, 68_340 + 97 * n).items():
                yield kind, cut(renderer.render_shown(view, text), box)
            for share in X_CUTS:
                yield f"x cut off ({share:.0%})", cut(x_cut_frame(renderer, view, share), box)
