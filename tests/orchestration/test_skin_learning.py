"""SkinLearning tells what its learners learnt, once each, for the worker's log (INFO)."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aviator.core.communication.clock import ManualClock
from aviator.core.ocr.amount_font import learn_amount_font
from aviator.core.ocr.amount_learning import STORE_SUFFIX
from aviator.core.ocr.history import PARTIAL_SUFFIX, STRIP_SUFFIX, read_history
from aviator.core.ocr.learner import LearnReport
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import TemplateOCR, TemplateStore, learn_labelled
from aviator.core.ocr.tesseract_process import TesseractWhenNeeded
from aviator.orchestration.skin_learning import SkinLearning, _Refuses, needs_tesseract
from aviator.sim.labelled_samples import labelled_amounts, labelled_crops, labelled_strips
from aviator.sim.skins import skin_for

WIDTH, HEIGHT = 640, 540


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> TemplateStore:
    store = TemplateStore(tmp_path_factory.mktemp("templates"))
    store.save("Admiral", learn_labelled(labelled_crops(skin_for(0), WIDTH, HEIGHT)))
    store.save(f"Admiral{STORE_SUFFIX}", learn_amount_font(labelled_amounts(skin_for(0), WIDTH, HEIGHT)))
    return store


def test_fonts_found_stored_are_no_news(store: TemplateStore) -> None:
    assert SkinLearning(store, "Admiral", ManualClock(), None).news() == []


def test_the_switch_to_the_fast_path_is_told_once(store: TemplateStore) -> None:
    learning = SkinLearning(store, "Admiral", ManualClock(), None)
    learning.multiplier.report = LearnReport(200, 190, 180, 170, "0123456789.x")  # as _learn leaves it
    (line,) = learning.news()
    assert "the multiplier's font learnt (200 frames, 190 read by the fallback" in line
    assert f"{Path(store.folder) / 'Admiral.npz'}): read by its templates (fast path) from now on" in line
    assert learning.news() == []


def test_a_learning_attempt_that_confirmed_too_little_says_so(store: TemplateStore) -> None:
    learning = SkinLearning(store, "Admiral", ManualClock(), None)
    learning.multiplier._crops = []  # still learning, as after an attempt that kept too few
    learning.multiplier.report = LearnReport(200, 30, 12, 10, "0123456789.")
    (line,) = learning.news()
    assert "not learnt yet" in line and "10 kept" in line and "collecting again" in line


class _Tesseract:
    """Stands for the Tesseract process: only whether it was ended matters here."""

    closed = False

    def close(self) -> None:
        self.closed = True


def test_tesseract_reads_the_strip_until_the_strip_font_is_learnt(store: TemplateStore) -> None:
    """With the multiplier's and the amounts' fonts learnt but not the strip's, Tesseract stays the
    strip's second reader: ended then, a worker starved for rounds could not bring them back."""
    assert needs_tesseract(store, "Admiral") and not needs_tesseract(store, "Admiral", has_strip=False)
    tesseract = _Tesseract()
    learning = SkinLearning(store, "Admiral", ManualClock(), tesseract)  # type: ignore[arg-type]
    assert not learning.multiplier.learning and not learning.amounts.learning  # both found stored
    blank = np.zeros((20, 300, 3), np.uint8)  # a strip that teaches nothing
    assert not learning.crash_in_strip(blank, (1.5,))
    assert not tesseract.closed and learning.strip_readers()[1] is tesseract
    assert learning.crash_in_strip(None, (1.5,))  # a site without a strip: nothing left to learn
    assert tesseract.closed and learning.tesseract is None


def test_a_partial_strip_font_reads_beside_the_others_and_outlives_a_restart(tmp_path: Path) -> None:
    """Every crash teaches the strip font; before every digit is known it is kept (PARTIAL_SUFFIX)
    and read as one of three readers, and a worker started again goes on from it."""
    store = TemplateStore(tmp_path)
    store.save("Admiral", learn_labelled(labelled_crops(skin_for(0), WIDTH, HEIGHT)))
    learning = SkinLearning(store, "Admiral", ManualClock(), None)
    assert isinstance(learning.strip_readers()[0], _Refuses)  # nothing known: reads nothing
    strip, crash = next(iter(labelled_strips(skin_for(0), WIDTH, HEIGHT)))
    assert learning.crash_in_strip(strip, (crash,))  # the readers changed
    assert learning.strip_font is None and store.path(f"Admiral{PARTIAL_SUFFIX}").is_file()
    partial = learning.strip_readers()[0]
    assert isinstance(partial, TemplateOCR)
    assert read_history(strip, partial)[0].value == crash  # the digits it saw
    again = SkinLearning(store, "Admiral", ManualClock(), None)
    assert again.strip_readers()[0].templates.chars == partial.templates.chars  # type: ignore[attr-defined]


def test_bubbles_undecided_about_the_x_keep_no_partial_font(tmp_path: Path) -> None:
    """One bubble cut with an 'x', one without: no side of the vote is clear, so there is no
    partial font to read by or keep (and learning goes on)."""
    store = TemplateStore(tmp_path)
    store.save("Admiral", learn_labelled(labelled_crops(skin_for(0), WIDTH, HEIGHT)))
    learning = SkinLearning(store, "Admiral", ManualClock(), None)
    with_x = next(iter(labelled_strips(skin_for(0), WIDTH, HEIGHT)))
    without = next(iter(labelled_strips(replace(skin_for(0), strip_suffix=False), WIDTH, HEIGHT)))
    learning.crash_in_strip(with_x[0], (with_x[1],))
    assert store.path(f"Admiral{PARTIAL_SUFFIX}").is_file()
    store.path(f"Admiral{PARTIAL_SUFFIX}").unlink()
    learning.crash_in_strip(without[0], (without[1],))  # now one each way
    assert not store.path(f"Admiral{PARTIAL_SUFFIX}").exists()
    assert isinstance(learning.strip_readers()[0], _Refuses)


def test_tesseract_for_a_strip_read_starts_in_the_background_then_ends() -> None:
    tesseract = TesseractWhenNeeded()
    assert not tesseract.ready()  # starting: the worker looks on meanwhile
    deadline = time.monotonic() + 60
    while not tesseract.ready():  # sync point: the process said it is ready
        assert time.monotonic() < deadline, "Tesseract did not start in 60 s"
        time.sleep(0.05)
    process = tesseract._process
    assert process is not None and process.running
    mask = np.zeros((30, 120), np.float32)
    mask[5:25, 10:14] = 1  # a '1'
    assert tesseract.read_multiplier(np.zeros((30, 120, 3), np.uint8), mask).engine == "tesseract"
    tesseract.release()
    assert tesseract._process is None and not process.running


class _ReadsEveryBubbleAs:
    """A multiplier font that reads every bubble as one value: another font's look-alikes."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        return Reading(self.text, float(self.text.rstrip("x")), 1.0, "template", 0.1)


def test_the_multiplier_font_is_no_longer_asked_once_it_misread_a_bubble_known(tmp_path: Path) -> None:
    """Its misreads of another font's small text would veto the two readers that agree."""
    store = TemplateStore(tmp_path)
    store.save("Admiral", learn_labelled(labelled_crops(skin_for(0), WIDTH, HEIGHT)))
    learning = SkinLearning(store, "Admiral", ManualClock(), None)
    strips = [(strip, crash) for strip, crash in labelled_strips(skin_for(0), WIDTH, HEIGHT) if crash < 2]
    (strip, crash), (other, other_crash) = strips[0], next(s for s in strips if s[1] != strips[0][1])
    learning.multiplier.learnt_templates = lambda: _ReadsEveryBubbleAs(f"{crash:.2f}x")  # type: ignore[method-assign]
    assert learning.crash_in_strip(strip, (crash,)) and len(learning.strip_readers()) == 3  # read it right
    assert learning.news() == []
    assert learning.crash_in_strip(other, (other_crash,))  # read it as the first
    assert [type(reader) for reader in learning.strip_readers()] == [TemplateOCR, TesseractWhenNeeded]
    (line,) = learning.news()
    assert f"the multiplier's templates misread the strip's {other_crash:.2f}: not asked there" in line


def test_a_strip_font_that_knows_every_character_reads_the_strip_alone(tmp_path: Path) -> None:
    store = TemplateStore(tmp_path)
    store.save("Admiral", learn_labelled(labelled_crops(skin_for(0), WIDTH, HEIGHT)))
    learning = SkinLearning(store, "Admiral", ManualClock(), None)
    for strip, crash in labelled_strips(skin_for(0), WIDTH, HEIGHT):
        learning.crash_in_strip(strip, (crash,))
    assert learning.strip_font is not None and store.path(f"Admiral{STRIP_SUFFIX}").is_file()
    (reader,) = learning.strip_readers()
    assert isinstance(reader, TemplateOCR) and reader.templates is learning.strip_font
    assert any("the history strip's font learnt" in line for line in learning.news())
    again = SkinLearning(store, "Admiral", ManualClock(), None)  # a restart: found stored
    assert len(again.strip_readers()) == 1
