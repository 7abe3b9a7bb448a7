"""The shared virtual screen: another process grabs whole frames, never half-drawn ones."""

from __future__ import annotations

import multiprocessing as mp

import numpy as np

from aviator.config.layouts import Rect
from aviator.core.capture.framebuffer import FrameBufferSpec, SharedFrameBuffer

TILES = (Rect(0, 0, 512, 256), Rect(512, 0, 64, 32))


def _write_frames(spec: FrameBufferSpec, frames: int, go: mp.Event) -> None:
    buffer = SharedFrameBuffer.attach(spec)
    go.wait()
    for value in range(1, frames + 1):
        buffer.write_tile(0, np.full((256, 512, 3), value % 256, np.uint8))
    buffer.close()


def test_grab_copies_the_region_written() -> None:
    buffer = SharedFrameBuffer.create(576, 256, TILES)
    try:
        image = np.arange(32 * 64 * 3, dtype=np.uint8).reshape(32, 64, 3)
        buffer.write_tile(1, image)
        assert np.array_equal(buffer.grab(Rect(512, 0, 64, 32)), image)
        assert np.array_equal(buffer.grab(Rect(518, 4, 10, 5)), image[4:9, 6:16])
        assert buffer.tile_sequence(1) == 2 and buffer.tile_sequence(0) == 0
    finally:
        buffer.close()


def test_reader_in_another_process_never_sees_a_torn_frame() -> None:
    buffer = SharedFrameBuffer.create(576, 256, TILES)
    context = mp.get_context("spawn")
    go = context.Event()
    writer = context.Process(target=_write_frames, args=(buffer.spec, 3000, go))
    writer.start()
    try:
        go.set()
        seen = set()
        while writer.is_alive() or not seen:
            crop = buffer.grab(TILES[0])
            assert (crop == crop[0, 0, 0]).all(), "a grab mixed two frames"
            seen.add(int(crop[0, 0, 0]))
        writer.join()
        assert len(seen) > 1  # the reader really raced the writer
    finally:
        writer.join()
        buffer.close()
