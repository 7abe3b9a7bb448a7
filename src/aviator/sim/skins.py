"""Skins: how one bookmaker's site embeds the game (font, colours, scale, offsets, money style).

Six tiles with six skins look like six sites showing the same game. Fonts come from open-font
packages installed from the package index, never from the real game.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from PIL import ImageFont

from aviator.config.layouts import Rect

RGB = tuple[int, int, int]
CHROME_X = 24  # pixels of a tile's width the site keeps for itself (margins)
CHROME_Y = 44  # pixels of a tile's height the site keeps for itself (header and margin)
MONEY_STYLES = ("1,234.56", "1.234,56", "1 234.56")


@dataclass(frozen=True)
class Skin:
    name: str
    font_package: str  # a package that ships the font file under files/
    font_file: str
    scale: float = 1.0  # size of the big multiplier relative to the default
    text_colour: RGB = (255, 255, 255)
    crash_colour: RGB = (230, 22, 52)
    page_colour: RGB = (20, 20, 24)  # the site's own frame around the game
    accent_colour: RGB = (240, 200, 40)  # the site's name in its header
    flight_colours: tuple[RGB, RGB, RGB] = ((24, 66, 120), (62, 26, 118), (98, 16, 90))
    offset_x: int = 0  # where the site places the game inside its tile: 0..CHROME_X
    offset_y: int = 30  # 0..CHROME_Y; the header above the game is this tall
    money_style: str = MONEY_STYLES[0]  # how the site writes amounts of money
    currency: str = "EUR"
    strip_suffix: bool = True  # False: the history strip's bubbles show "1.19", not "1.19x" (some sites)

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(self.font_package, self.font_file, size)

    def game_rect(self, tile: Rect) -> Rect:
        """Where the game sits in a site's tile: every skin's game has the same size per layout."""
        return Rect(
            tile.left + self.offset_x, tile.top + self.offset_y, tile.width - CHROME_X, tile.height - CHROME_Y
        )


@cache
def _font(package: str, file: str, size: int) -> ImageFont.FreeTypeFont:
    path = files(package) / "files" / file
    return ImageFont.truetype(str(path), size)


def format_money(value: float, style: str) -> str:
    """An amount the way a site writes it: '1,234.56', '1.234,56' or '1 234.56'."""
    text = f"{value:,.2f}"
    if style == "1.234,56":
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")
    if style == "1 234.56":
        return text.replace(",", " ")
    return text


SKINS: dict[str, Skin] = {
    skin.name: skin
    for skin in (
        Skin("classic", "font_lato", "Lato-Black.ttf"),
        Skin(
            "manrope",
            "font_manrope",
            "Manrope-ExtraBold.ttf",
            scale=0.9,
            page_colour=(12, 16, 28),
            accent_colour=(60, 160, 255),
            offset_x=12,
            offset_y=40,
            money_style="1.234,56",
            currency="RSD",
        ),
        Skin(
            "redhat",
            "font_rhd",
            "RedHatDisplay-Black.ttf",
            scale=1.08,
            page_colour=(28, 20, 20),
            accent_colour=(250, 90, 60),
            flight_colours=((20, 58, 112), (70, 30, 128), (110, 20, 100)),
            offset_x=20,
            offset_y=24,
        ),
        Skin(
            "fjalla",
            "font_fjallaone",
            "FjallaOne-Regular.ttf",
            scale=1.15,
            page_colour=(18, 26, 18),
            accent_colour=(90, 220, 90),
            offset_x=6,
            offset_y=36,
            money_style="1 234.56",
            currency="BAM",
        ),
        Skin(
            "source",
            "font_source_sans_pro",
            "SourceSansPro-Black.ttf",
            scale=1.0,
            page_colour=(10, 22, 34),
            accent_colour=(0, 200, 200),
            offset_x=24,
            offset_y=44,
            money_style="1.234,56",
        ),
        Skin(
            "lato-bold",
            "font_lato",
            "Lato-Bold.ttf",
            scale=0.85,
            page_colour=(30, 30, 36),
            accent_colour=(255, 140, 0),
            flight_colours=((28, 70, 128), (66, 30, 110), (104, 22, 96)),
            offset_x=3,
            offset_y=18,
            currency="RSD",
        ),
    )
}


ROTATION = tuple(SKINS)  # the skins bookmakers get by default, in turn
# Skins chosen by name only (`--skins`): layouts the collector must handle that the default six lack.
SKINS["plain-strip"] = Skin(  # a history strip of bare numbers, "1.19 3.60 12.40", as some sites draw
    "plain-strip",
    "font_lato",
    "Lato-Black.ttf",
    page_colour=(24, 18, 30),
    accent_colour=(200, 120, 255),
    offset_x=10,
    offset_y=34,
    strip_suffix=False,
)


def skin_for(index: int, chosen: tuple[str, ...] = ()) -> Skin:
    """The skin of the bookmaker at `index`: the `chosen` ones in turn, by default every tile
    another site."""
    names = chosen or ROTATION
    return SKINS[names[index % len(names)]]


def skin_names(text: str) -> tuple[str, ...]:
    """Skins named on the command line ('classic,plain-strip'); ValueError naming an unknown one."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in SKINS]
    if unknown or not names:
        raise ValueError(f"unknown skin {', '.join(unknown) or repr(text)}: choose from {', '.join(SKINS)}")
    return names
