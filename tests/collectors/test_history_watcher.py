"""The history strip as a worker given its templates reads it (aviator run): the multiplier's
templates and the strip font's own (when the setup names one) or Tesseract must agree, so a
bubble is either right or left unread."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aviator.collectors.history_watcher import agreed_values
from aviator.config.layouts import Rect
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import DisplaySpec
from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.strip_learning import KNOWN_AFTER, StripLearner
from aviator.core.ocr.template import TemplateOCR, TemplateSet, learn_labelled
from aviator.orchestration.bookmaker_worker import WorkerConfig, open_readers
from aviator.sim.labelled_samples import labelled_crops, labelled_strips
from aviator.sim.skins import SKINS

WIDTH, HEIGHT = (
    936,
    496,
)  # a game of the 2x2 layout, where the strip's text is smallest beside the multiplier's
WELL_READ = ("classic", "manrope", "source")  # skins whose strip both readers read almost whole
MOSTLY_READ = {"fjalla": 0.8}  # where the multiplier's templates and the strip font agree less


def _strip_readers(skin_name: str, folder: Path, strip_font: bool = False) -> tuple:
    """A worker's strip readers, given the skin's multiplier templates (and the strip font's own,
    learnt from labelled strips as `aviator calibrate` does, if `strip_font`)."""
    path, strip = folder / f"{skin_name}.npz", folder / f"{skin_name}-strip.npz"
    learn_labelled(labelled_crops(SKINS[skin_name], WIDTH, HEIGHT)).save(path)
    if strip_font:
        StripLearner.taught(labelled_strips(SKINS[skin_name], WIDTH, HEIGHT)).templates().save(strip)
    regions = GameRegions.for_tile(Rect(0, 0, WIDTH, HEIGHT))
    config = WorkerConfig("Site", regions, path, DisplaySpec(), strip_templates=strip if strip_font else None)
    _, readers = open_readers(config)
    return readers


def _read_strips(skin_name: str, readers: tuple) -> tuple[int, int, int]:
    """Bubbles right, wrong and unread over the labelled strips (their three newest bubbles)."""
    right = wrong = unread = 0
    for strip, newest in labelled_strips(SKINS[skin_name], WIDTH, HEIGHT):
        for value, truth in zip(agreed_values(strip, readers)[:3], (newest, 1.5, 2.5), strict=True):
            right += value == truth
            wrong += value is not None and value != truth
            unread += value is None
    return right, wrong, unread


@pytest.mark.parametrize("skin_name", SKINS)
def test_two_readers_of_different_kinds_never_agree_on_a_wrong_value(skin_name: str, tmp_path: Path) -> None:
    readers = _strip_readers(skin_name, tmp_path)
    assert [type(r).__name__ for r in readers] == ["TemplateOCR", "TesseractOCR"]
    right, wrong, unread = _read_strips(skin_name, readers)
    assert wrong == 0
    if skin_name in WELL_READ:
        assert right >= 0.95 * (right + unread)


@pytest.mark.parametrize("skin_name", [name for name in SKINS if name != "redhat"])  # no strip '4' to learn
def test_the_strip_font_and_the_multiplier_templates_never_agree_on_a_wrong_value(
    skin_name: str, tmp_path: Path
) -> None:
    readers = _strip_readers(skin_name, tmp_path, strip_font=True)
    assert [type(r).__name__ for r in readers] == ["TemplateOCR", "TemplateOCR"]
    right, wrong, unread = _read_strips(skin_name, readers)
    assert wrong == 0 and right >= MOSTLY_READ.get(skin_name, 0.9) * (right + unread), (right, wrong, unread)


def test_a_strip_font_with_a_character_seen_too_rarely_is_not_learnt() -> None:
    """At this size redhat's small '4' mostly joins its point: the few cut apart do not make it
    known (the three there are made a template nearer the '8'), so its strip is read by two readers."""
    learner = StripLearner.taught(labelled_strips(SKINS["redhat"], WIDTH, HEIGHT))
    assert 0 < len(learner.samples["4"]) < KNOWN_AFTER
    assert learner.missing() == "4" and not learner.ready


def test_the_templates_alone_would_store_wrong_values(tmp_path: Path) -> None:
    """The control: on redhat's small '4' the multiplier's templates err, which the second reader catches."""
    templates = _strip_readers("redhat", tmp_path)[0]
    assert isinstance(templates, TemplateOCR)
    _, wrong, _ = _read_strips("redhat", (templates,))
    assert wrong > 0


class _Starting:
    """A third reader that is not ready at first (a Tesseract process starting), then reads."""

    def __init__(self, reader: TemplateOCR) -> None:
        self.reader, self.asked = reader, 0

    def ready(self) -> bool:
        self.asked += 1
        return self.asked > 1

    def read_multiplier(self, crop, mask=None):  # type: ignore[no-untyped-def]
        return self.reader.read_multiplier(crop, mask)


def test_a_third_reader_still_starting_defers_the_read_and_reads_at_the_next_look(tmp_path: Path) -> None:
    """Two readers leave bubbles unread (one refuses all); the third is asked only then, and while
    it starts nothing is read (the worker goes on looking); once ready, two agree."""
    templates, _ = _strip_readers("classic", tmp_path, strip_font=True)
    refuser = TemplateOCR(TemplateSet(["#"], np.zeros((1, GLYPH_H * GLYPH_W), np.float32)))
    third = _Starting(templates)
    strip, newest = next(iter(labelled_strips(SKINS["classic"], WIDTH, HEIGHT)))
    assert agreed_values(strip, (templates, refuser, third)) is None
    values = agreed_values(strip, (templates, refuser, third))
    assert values is not None and values[0] == newest and third.asked == 2
    assert agreed_values(strip, (templates, templates, third)) is not None and third.asked == 2  # not asked


class _Says:
    """A reader that reads the bubbles as it is told, in order (nothing after the last)."""

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)

    def read_multiplier(self, crop, mask=None) -> Reading:  # type: ignore[no-untyped-def]
        return Reading(self.texts.pop(0) if self.texts else "", None, 1.0, "stub", 0.1)


def test_the_third_reader_decides_only_the_bubbles_the_first_two_leave_unread() -> None:
    """Where the strip font and Tesseract agree, the multiplier's templates (a smaller font's
    look-alikes) are not heard; where one of them reads nothing, the third can agree with the
    other; where they disagree, no third reading makes them agree."""
    strip, newest = next((s, v) for s, v in labelled_strips(SKINS["classic"], WIDTH, HEIGHT) if v < 2)
    shown = f"{newest:.2f}x"

    def values(second_reads: str) -> tuple:
        readers = (
            _Says(shown, "1.50x", "2.50x"),
            _Says(shown, "1.50x", second_reads),
            _Says("1.99x", "1.60x", "2.50x"),
        )
        return agreed_values(strip, readers)[:3]  # type: ignore[arg-type, index]

    assert values("") == (newest, 1.5, 2.5)
    assert values("2.60x") == (newest, 1.5, None)
