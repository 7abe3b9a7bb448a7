"""A virtual screen in shared memory that one process draws and many processes grab from.

Each tile carries a sequence counter (a seqlock): the writer makes it odd while it draws and even
when it is done, so a reader that sees the same even value before and after its copy holds a whole
frame, never a half-drawn one. The reader retries otherwise.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from multiprocessing import shared_memory

import numpy as np

from aviator.config.layouts import Rect

HEADER_SLOTS = 64  # int64 slots: [tiles, width, height, seq of tile 0, seq of tile 1, ...]


@dataclass(frozen=True)
class FrameBufferSpec:
    """What another process needs to attach: picklable, no handles."""

    name: str
    width: int
    height: int
    tiles: tuple[Rect, ...]


class SharedFrameBuffer:
    def __init__(self, spec: FrameBufferSpec, memory: shared_memory.SharedMemory, owner: bool) -> None:
        self.spec, self._memory, self._owner = spec, memory, owner
        self._header = np.ndarray((HEADER_SLOTS,), dtype=np.int64, buffer=memory.buf)
        shape = (spec.height, spec.width, 3)
        self.pixels = np.ndarray(shape, dtype=np.uint8, buffer=memory.buf, offset=HEADER_SLOTS * 8)

    @classmethod
    def create(cls, width: int, height: int, tiles: tuple[Rect, ...]) -> SharedFrameBuffer:
        if len(tiles) > HEADER_SLOTS - 3:
            raise ValueError(f"at most {HEADER_SLOTS - 3} tiles fit one frame buffer")
        memory = shared_memory.SharedMemory(create=True, size=HEADER_SLOTS * 8 + width * height * 3)
        buffer = cls(FrameBufferSpec(memory.name, width, height, tiles), memory, owner=True)
        buffer._header[:] = 0
        buffer._header[:3] = (len(tiles), width, height)
        buffer.pixels[:] = 0
        return buffer

    @classmethod
    def attach(cls, spec: FrameBufferSpec) -> SharedFrameBuffer:
        # Spawned children share the creator's resource tracker, so attaching registers nothing
        # new and a child's exit never unlinks the block; only the creator unlinks it.
        memory = shared_memory.SharedMemory(name=spec.name)
        return cls(spec, memory, owner=False)

    def write_tile(self, index: int, image: np.ndarray) -> None:
        rect = self.spec.tiles[index]
        slot = 3 + index
        self._header[slot] += 1  # odd: drawing
        self.pixels[rect.top : rect.bottom, rect.left : rect.right] = image
        self._header[slot] += 1  # even: whole frame

    def tile_sequence(self, index: int) -> int:
        return int(self._header[3 + index])

    def grab(self, rect: Rect, patience: float = 2.0) -> np.ndarray:
        """A consistent copy of `rect` (RGB). Raises if the writer holds a tile for `patience` s.

        The writer can be preempted in the middle of a tile on a busy machine, so after a few
        quick retries the reader yields its time slice instead of spinning.
        """
        slots = [3 + i for i, tile in enumerate(self.spec.tiles) if _overlaps(tile, rect)]
        deadline = time.monotonic() + patience
        attempt = 0
        while True:
            before = self._header[slots].copy()
            crop = self.pixels[rect.top : rect.bottom, rect.left : rect.right].copy()
            if not (before & 1).any() and np.array_equal(before, self._header[slots]):
                return crop
            if time.monotonic() > deadline:
                raise TimeoutError(f"frame buffer tile stayed busy for {patience} s")
            time.sleep(0 if attempt < 3 else 0.0005)  # let the writer finish its tile
            attempt += 1

    def close(self) -> None:
        self._header = self.pixels = None  # type: ignore[assignment]  # release views first
        self._memory.close()
        if self._owner:
            self._memory.unlink()


def _overlaps(a: Rect, b: Rect) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom
