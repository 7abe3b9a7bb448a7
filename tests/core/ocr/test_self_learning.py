from __future__ import annotations

import numpy as np
from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops, played_frames, regions

from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.self_learning import SelfLearningOCR
from aviator.core.ocr.template import TemplateStore
from aviator.sim.skins import SKINS

SIZE = TILE_SIZES[0]


def test_a_new_skin_is_read_by_the_fallback_until_it_is_learned_then_by_templates(
    tesseract, tmp_path
) -> None:
    skin, store, seen = SKINS["source"], TemplateStore(tmp_path), [0.0]
    reader = SelfLearningOCR(tesseract, store, "source", frames=120, clock=lambda: seen[0])
    region = regions(SIZE).multiplier
    engines = []
    for frame in played_frames(skin, SIZE, 90, 0.5, "a"):
        seen[0] = frame.at  # the worker's game clock when it looked
        engines.append(reader.read_multiplier(frame.crop(region)).engine)
    assert engines[0] == "tesseract" and engines[-1] == "template" and not reader.learning
    assert reader.report is not None and store.load("source") is not None
    after = [(reader.read_multiplier(crop), value) for crop, value in multiplier_crops(skin, SIZE, 30, "b")]
    assert all(reading.value == value for reading, value in after)
    assert sum(reading.engine == "template" for reading, _ in after) >= 28


def test_stored_templates_are_used_from_the_first_read(tesseract, tmp_path) -> None:
    skin, store = SKINS["redhat"], TemplateStore(tmp_path)
    first = SelfLearningOCR(tesseract, store, "redhat", frames=100)
    region = regions(SIZE).multiplier
    for frame in played_frames(skin, SIZE, 80, 0.5, "c"):
        first.read_multiplier(frame.crop(region))
    assert not first.learning
    again = SelfLearningOCR(tesseract, store, "redhat")
    crop, value = next(multiplier_crops(skin, SIZE, 1, "d"))
    assert not again.learning
    assert (again.read_multiplier(crop).value, again.read_multiplier(crop).engine) == (value, "template")


def test_too_few_frames_teach_nothing_and_the_reader_keeps_collecting(tesseract, tmp_path) -> None:
    skin, store = SKINS["classic"], TemplateStore(tmp_path)
    reader = SelfLearningOCR(tesseract, store, "classic", frames=15)
    region = regions(SIZE).multiplier
    for frame in played_frames(skin, SIZE, 20, 0.5, "few"):
        assert reader.read_multiplier(frame.crop(region)).engine == "tesseract"
    assert reader.report is not None  # it tried: a digit was missing or too little was confirmed
    assert reader.learning and store.load("classic") is None


class Counted:
    """The fallback engine, counting what it is asked to read."""

    def __init__(self, engine: MultiplierReader) -> None:
        self.engine, self.reads = engine, 0

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        self.reads += 1
        return self.engine.read_multiplier(crop, mask)


def test_learning_reads_no_crop_twice_with_the_fallback(tesseract, tmp_path) -> None:
    """The lesson runs inside one look of the worker: reading the kept crops again with Tesseract
    made it a step of seconds on a busy machine (16 s measured), with no look meanwhile."""
    skin, seen, counted = SKINS["source"], [0.0], Counted(tesseract)
    reader = SelfLearningOCR(counted, TemplateStore(tmp_path), "source", frames=120, clock=lambda: seen[0])
    region, crops, reads_while_learning = regions(SIZE).multiplier, 0, 0
    for frame in played_frames(skin, SIZE, 90, 0.5, "a"):
        seen[0] = frame.at
        before, learning = counted.reads, reader.learning
        reader.read_multiplier(frame.crop(region))
        crops += learning
        reads_while_learning += (counted.reads - before) * learning
        assert counted.reads - before <= 1  # the look that teaches reads only its own crop
    # after the lesson the hybrid may still ask the fallback about a crop its templates refuse
    assert not reader.learning and reads_while_learning <= crops
