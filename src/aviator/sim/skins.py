"""Skins: how one bookmaker's site embeds the game (font, colours, scale, decimal style).

Six tiles with six skins look like six sites showing the same game. Fonts come from open-font
packages installed from the package index, never from the real game.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from PIL import ImageFont

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Skin:
    name: str
    font_package: str  # a package that ships the font file under files/
    font_file: str
    scale: float = 1.0  # size of the big multiplier relative to the default
    text_colour: RGB = (255, 255, 255)
    crash_colour: RGB = (230, 22, 52)
    page_colour: RGB = (20, 20, 24)  # the site's own frame around the game
    flight_colours: tuple[RGB, RGB, RGB] = ((19, 57, 122), (72, 28, 122), (112, 18, 98))
    offset_x: int = 0  # where the site places the game inside its tile
    offset_y: int = 0

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(self.font_package, self.font_file, size)


@cache
def _font(package: str, file: str, size: int) -> ImageFont.FreeTypeFont:
    path = files(package) / "files" / file
    return ImageFont.truetype(str(path), size)


SKINS: dict[str, Skin] = {
    skin.name: skin
    for skin in (
        Skin("classic", "font_lato", "Lato-Black.ttf"),
        Skin("manrope", "font_manrope", "Manrope-ExtraBold.ttf", scale=0.9, page_colour=(12, 16, 28)),
        Skin("redhat", "font_rhd", "RedHatDisplay-Black.ttf", scale=1.05, page_colour=(28, 20, 20)),
        Skin("fjalla", "font_fjallaone", "FjallaOne-Regular.ttf", scale=1.15, page_colour=(18, 26, 18)),
        Skin("source", "font_source_sans_pro", "SourceSansPro-Black.ttf", scale=0.95),
        Skin("lato-bold", "font_lato", "Lato-Bold.ttf", scale=0.85, page_colour=(30, 30, 36)),
    )
}


def skin_for(index: int) -> Skin:
    """The default skin of the bookmaker at `index`: every tile looks like another site."""
    names = list(SKINS)
    return SKINS[names[index % len(names)]]
