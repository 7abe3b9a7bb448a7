"""Web layouts: how a simulated site arranges the game in its page, as data.

Real sites embed the same game in different pages: a narrow mobile page, the history strip above
or below the game, the betting progress bar where the plane later flies, a strip of bare numbers,
one or two bet panels, panels with Bet / Auto tabs. Each layout below is one such page; calibration
must find the game's elements on every one of them without assuming any.
"""

from __future__ import annotations

from dataclasses import dataclass

from aviator.config.layouts import Rect

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class WebFont:
    """A font file from a package of the package index (shipped under files/), served to the page."""

    package: str
    file: str
    weight: int = 900


@dataclass(frozen=True)
class WebLayout:
    """One site's page: its window, where the strip, the progress bar and the panels go, its look."""

    name: str
    title: str  # the window's title; "{site}" is replaced by the bookmaker's name
    width: int  # the window's size in screen pixels
    height: int
    font: WebFont
    strip: str = "top"  # the history strip "top" (above the game) or "bottom" (below it)
    strip_x: bool = True  # bubbles read "1.23x"; without, bare coloured numbers "1.23"
    progress: str = "splash"  # the betting bar under the splash's title, or "flight": across the plane's path
    panels: int = 2  # bet panels shown (1 or 2)
    tabs: bool = False  # each panel has Bet / Auto tabs; the auto cash-out field is under Auto
    page_colour: RGB = (20, 20, 24)
    accent_colour: RGB = (229, 9, 73)
    money_style: str = "1,234.56"
    currency: str = "EUR"

    def window_title(self, site: str) -> str:
        return self.title.replace("{site}", site)


LATO = WebFont("font_lato", "Lato-Black.ttf")
MANROPE = WebFont("font_manrope", "Manrope-ExtraBold.ttf", 800)
REDHAT = WebFont("font_rhd", "RedHatDisplay-Black.ttf")
SOURCE = WebFont("font_source_sans_pro", "SourceSansPro-Black.ttf")
FJALLA = WebFont("font_fjallaone", "FjallaOne-Regular.ttf", 400)

WEB_LAYOUTS: dict[str, WebLayout] = {
    layout.name: layout
    for layout in (
        # Spribe's own page: two panels with Bet / Auto tabs.
        WebLayout(name="official", title="Aviator", width=840, height=560, font=LATO, tabs=True),
        # Narrow and tall, one panel; the same window title as `official`.
        WebLayout(
            name="mobile",
            title="Aviator",
            width=360,
            height=760,
            font=MANROPE,
            panels=1,
            page_colour=(12, 16, 28),
            accent_colour=(60, 160, 255),
            money_style="1.234,56",
            currency="RSD",
        ),
        # The history strip under the game instead of above it.
        WebLayout(
            name="strip-below",
            title="{site} - Aviator",
            width=720,
            height=560,
            font=REDHAT,
            strip="bottom",
            page_colour=(28, 20, 20),
            accent_colour=(250, 90, 60),
        ),
        # The betting bar low in the game area, where the plane flies after take-off.
        WebLayout(
            name="flight-bar",
            title="{site} | Aviator",
            width=700,
            height=520,
            font=SOURCE,
            progress="flight",
            page_colour=(10, 22, 34),
            accent_colour=(0, 200, 200),
            money_style="1.234,56",
        ),
        # History numbers without an x; one panel with Bet / Auto tabs.
        WebLayout(
            name="bare-strip",
            title="{site} Aviator",
            width=640,
            height=500,
            font=FJALLA,
            strip_x=False,
            panels=1,
            tabs=True,
            page_colour=(18, 26, 18),
            accent_colour=(90, 220, 90),
            money_style="1 234.56",
            currency="BAM",
        ),
    )
}
DEFAULT_MIX = ("official", "mobile", "strip-below", "flight-bar", "bare-strip")


def place_windows(layouts: list[WebLayout], screen: tuple[int, int]) -> list[Rect]:
    """Screen rectangles for the windows, none overlapping: each goes to the lowest free place
    along the skyline, leftmost first (a tall narrow window becomes a column beside two rows).
    Raises ValueError naming the first window that does not fit."""
    width, height = screen
    skyline = [0] * width  # the lowest free y of each column of pixels
    placed: list[Rect] = []
    for layout in layouts:
        candidates = [x for x in {0, *(r.right for r in placed)} if x + layout.width <= width]
        spots = sorted((max(skyline[x : x + layout.width]), x) for x in candidates)
        if not spots or spots[0][0] + layout.height > height:
            raise ValueError(
                f"the {layout.name} window ({layout.width}x{layout.height}) does not fit on the "
                f"{width}x{height} screen beside the others: give fewer --layout"
            )
        y, x = spots[0]
        skyline[x : x + layout.width] = [y + layout.height] * layout.width
        placed.append(Rect(x, y, layout.width, layout.height))
    return placed
