"""The strip's small text drawn at fractional places, as a browser draws it: its glyphs cut by
cut_strip look alike wherever the bubble sits, so a font learnt at some places reads the others."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from aviator.core.ocr.glyphs import cut
from aviator.core.ocr.history import BUBBLE_COLOURS, ink_mask, read_history
from aviator.core.ocr.strip_glyphs import cut_strip
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import STRIP, TemplateOCR, TemplateSet
from aviator.sim.web.layouts import FJALLA

SUPER = 8  # drawn this many times larger, then averaged down: a place on the strip to 1/8 pixel
BACKGROUND = np.array((18, 26, 18), np.float32)  # the bare-strip page's green-black
TEXTS = ("1.08", "5.23", "2.46", "9.71", "3.60")  # every digit, in the bubble's colours


def drawn(text: str, shift: int, colour: str) -> np.ndarray:
    """`text` in the condensed Fjalla One, digits about 13 pixels tall, `shift` eighths of a
    pixel right of a whole pixel: its RGB crop, as a browser blends it into the background."""
    font = ImageFont.truetype(str(files(FJALLA.package) / "files" / FJALLA.file), 17 * SUPER)
    page = Image.new("L", (60 * SUPER, 18 * SUPER))
    ImageDraw.Draw(page).text((2 * SUPER + shift, 0), text, fill=255, font=font)
    cover = np.asarray(page, np.float32).reshape(18, SUPER, 60, SUPER).mean(axis=(1, 3)) / 255
    ink = np.asarray(BUBBLE_COLOURS[colour], np.float32)
    return (BACKGROUND + cover[..., None] * (ink - BACKGROUND)).round().astype(np.uint8)


def colour(text: str) -> str:
    return "purple" if float(text) >= 2 else "blue"


@pytest.mark.parametrize("text", TEXTS)
def test_every_character_is_a_glyph_of_its_own_at_every_place(text: str) -> None:
    counts = {
        shift: len(cut_strip(ink_mask(drawn(text, shift, colour(text)), colour(text))).glyphs)
        for shift in range(SUPER)
    }
    assert set(counts.values()) == {len(text)}, counts


def test_a_glyph_looks_alike_at_every_place_unlike_the_multipliers_cutting() -> None:
    """The mean difference between a character's glyphs at two places: centred on its ink and
    sampled bilinearly, a fraction of what whole-pixel centring of the pixels above 0.5 gives."""
    spread = {}
    for name, cutter in (("strip", cut_strip), ("line", cut)):
        glyphs = np.array(
            [cutter(ink_mask(drawn("5.23", s, "purple"), "purple")).glyphs for s in range(SUPER)]
        )
        spread[name] = float(np.abs(glyphs[:, None] - glyphs[None, :]).mean(axis=(3, 4)).max())
    assert spread["strip"] < 0.5 * spread["line"], spread


def strip_of(texts: tuple[str, ...], place: int) -> np.ndarray:
    """A strip of bubbles showing `texts`, newest (leftmost) first, with room after the last so that
    it is whole; each bubble at its own fraction of a pixel (`place`, then 3/8 more each), as a
    browser's strip of bubbles of several widths is drawn."""
    gap = np.full((18, 20, 3), BACKGROUND, np.uint8)
    bubbles = [drawn(text, (place + 3 * n) % SUPER, colour(text)) for n, text in enumerate(texts)]
    return np.concatenate([part for bubble in bubbles for part in (bubble, gap)], axis=1)


def played(learner: StripLearner) -> None:
    """TEXTS crash one after the other, oldest (last) first; after each, the strip and the crashes
    recorded in a row so far, newest first, as a worker shows them."""
    for n in range(len(TEXTS) - 1, -1, -1):
        assert learner.observe(strip_of(TEXTS[n:], 0), [float(text) for text in TEXTS[n:]])


def test_a_font_learnt_from_every_bubble_in_a_row_reads_every_other_place() -> None:
    """'1.08' crashed last, so its '8' was seen at one place only; it is read at seven others (by
    the font so far: a character is known, and the font complete, after KNOWN_AFTER samples)."""
    learner = StripLearner()
    played(learner)
    templates = learner.partial()
    assert templates is not None and not learner.ready
    assert templates.cutting == STRIP and not learner.suffix
    ocr = TemplateOCR(templates)
    for place in range(1, SUPER):
        assert [bubble.text for bubble in read_history(strip_of(TEXTS, place), ocr)] == list(TEXTS), place


def test_older_bubbles_label_nothing_unless_the_strip_moved_by_one() -> None:
    """A strip grabbed before it moved (or after two crashes, one of them missed): the crashes
    recorded would label the wrong bubbles, so only the newest is labelled."""
    learner, crashes = StripLearner(), [float(text) for text in TEXTS]

    def count(char: str) -> int:
        return len(learner.samples.get(char, []))

    assert learner.observe(strip_of(TEXTS, 0), crashes)  # the first: nothing to tell it moved by
    assert (count("8"), count("7")) == (1, 0)
    assert learner.observe(strip_of(TEXTS, 0), crashes)  # the same strip again: it did not move
    assert (count("8"), count("7")) == (2, 0)
    assert learner.observe(strip_of(("4.44", *TEXTS), 5), [4.44, *crashes])  # moved by one
    assert (count("4"), count("8"), count("7")) == (4, 3, 1)


def test_the_way_a_font_was_cut_is_kept_with_it(tmp_path) -> None:
    images = np.zeros((1, 32 * 28), np.float32)
    TemplateSet(["1"], images, cutting=STRIP).save(tmp_path / "strip.npz")
    TemplateSet(["1"], images).save(tmp_path / "line.npz")
    assert TemplateSet.load(tmp_path / "strip.npz").cutting == STRIP
    assert TemplateSet.load(tmp_path / "line.npz").cutting == "line"
