"""Tesseract in a process of its own reads as the in-process engine does, and its memory goes
when it is closed: the worker that used it never loads Tesseract itself."""

from __future__ import annotations

import psutil
from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops

from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.tesseract import TesseractOCR
from aviator.core.ocr.tesseract_process import TesseractProcess
from aviator.sim.skins import SKINS


def test_the_child_reads_what_the_in_process_engine_reads(tesseract: TesseractOCR) -> None:
    child = TesseractProcess()
    try:
        for crop, _ in multiplier_crops(SKINS["manrope"], TILE_SIZES[1], 25, "child"):
            mask = find_text(crop)[0]
            # the text; not the confidence, which Tesseract's adaptive classifier moves with its history
            assert child.read_text(mask)[0] == tesseract.read_text(mask)[0]
            assert child.read_multiplier(crop).value == tesseract.read_multiplier(crop).value
    finally:
        child.close()


def test_closing_ends_the_child_and_its_memory() -> None:
    child = TesseractProcess()
    pid = child._child.pid  # type: ignore[union-attr]
    assert psutil.Process(pid).memory_info().rss > 20 * 2**20  # the model is loaded there
    child.close()
    assert not child.running and not psutil.pid_exists(pid)
    child.close()  # twice is harmless
