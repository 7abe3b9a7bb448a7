"""Tesseract in a process of its own, for a worker that needs it only while it learns.

Tesseract's model and its allocations cost a worker some 25 MB, and ending the engine in-process
gives back only half of it (the library stays mapped and the heap fragmented: 38.7 -> 64.4 ->
50.3 MB after End(), ClearPersistentCache() and malloc_trim, measured). A child process that
reads text masks over a pipe is gone with all its memory when `close()` ends it, and the worker
never imports tesserocr or PIL at all.

Protocol, little-endian: request = chars length (H), rows (H), columns (H), the whitelist
(UTF-8), the mask as bytes (0..255); answer = confidence (f), text length (I), the text (UTF-8).
The child first writes one line: "ready", or the TesseractMissing message.
"""

from __future__ import annotations

import signal
import struct
import subprocess
import sys
import threading
from typing import BinaryIO

import numpy as np

from aviator.core.ocr.fallback_text import read_multiplier_with
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.tesseract import ENGINE, MULTIPLIER_CHARS, TesseractMissing
from aviator.core.requirements import REINSTALL

REQUEST, ANSWER = struct.Struct("<HHH"), struct.Struct("<fI")


class TesseractProcess:
    """A Tesseract child process; `chars` is the whitelist of the multiplier reads."""

    engine_name = ENGINE

    def __init__(self, chars: str = MULTIPLIER_CHARS) -> None:
        self.chars = chars
        command = [sys.executable, "-m", "aviator.core.ocr.tesseract_process"]
        self._child: subprocess.Popen[bytes] | None = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        first = self._pipes()[1].readline().decode().strip()
        if first != "ready":  # the child's one line: what is missing and how to install it
            self.close()
            what, _, how = (first or "the Tesseract process ended before it was ready").partition(": ")
            raise TesseractMissing(what, how or REINSTALL)

    def _pipes(self) -> tuple[BinaryIO, BinaryIO]:
        if self._child is None:
            raise RuntimeError("the Tesseract process was closed")
        return self._child.stdin, self._child.stdout  # type: ignore[return-value]

    @property
    def running(self) -> bool:
        return self._child is not None

    def read_text(self, mask: np.ndarray, chars: str | None = None) -> tuple[str, float]:
        """Text and confidence (0..1) of a text mask (1 = ink), reading only `chars`."""
        whitelist = (self.chars if chars is None else chars).encode()
        pixels = (np.clip(mask, 0, 1) * 255).astype(np.uint8)
        send, receive = self._pipes()
        send.write(REQUEST.pack(len(whitelist), *pixels.shape) + whitelist + pixels.tobytes())
        send.flush()
        confidence, length = ANSWER.unpack(_exactly(receive, ANSWER.size))
        return _exactly(receive, length).decode(), confidence

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        return read_multiplier_with(self, crop, mask)

    def close(self) -> None:
        """Ends the child: its memory goes with it."""
        child, self._child = self._child, None
        if child is None:
            return
        child.stdin.close()  # type: ignore[union-attr]
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        child.stdout.close()  # type: ignore[union-attr]


def _exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the Tesseract process ended")
    return data


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The child's loop: one Tesseract, reading masks until its input closes (its worker ended)."""
    from aviator.core.ocr.tesseract import TesseractOCR

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole terminal: its worker decides
    try:
        engine = TesseractOCR()
    except TesseractMissing as error:
        answers.write(f"{error}\n".encode())
        answers.flush()
        return
    answers.write(b"ready\n")
    answers.flush()
    chars = None
    while header := requests.read(REQUEST.size):
        length, rows, columns = REQUEST.unpack(header)
        wanted = _exactly(requests, length).decode()
        mask = np.frombuffer(_exactly(requests, rows * columns), np.uint8).reshape(rows, columns)
        if wanted != chars:
            engine.set_chars(chars := wanted)
        text, confidence = engine.read_text(mask.astype(np.float32) / 255) if mask.size else ("", 0.0)
        encoded = text.encode()
        answers.write(ANSWER.pack(confidence, len(encoded)) + encoded)
        answers.flush()
    engine.close()


class TesseractWhenNeeded:
    """Tesseract for rare reads (a history strip after a start or a gap) by a worker whose
    Tesseract process has ended. `ready()` starts one in a thread (a Python process loading its
    model takes a second or more on a busy machine: the worker must go on looking meanwhile, not
    miss a crash) and says whether it can read yet; `release()` ends it once the strip is read, so
    that between two such reads the worker's memory stays a template worker's. Without Tesseract
    on the machine it refuses every read (the strip then brings nothing back)."""

    engine_name = ENGINE

    def __init__(self) -> None:
        self._process: TesseractProcess | None = None
        self._missing: str | None = None
        self._starting: threading.Thread | None = None

    def ready(self) -> bool:
        """True once a read needs no wait: the process has started, or cannot start."""
        if self._starting is None:
            self._starting = threading.Thread(target=self._start, name="tesseract-start", daemon=True)
            self._starting.start()
        return self._process is not None or self._missing is not None

    def _start(self) -> None:
        try:
            self._process = TesseractProcess()
        except Exception as error:  # whatever stops it, the strip is then read without it
            self._missing = str(error) or type(error).__name__

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        if not self.ready() and self._starting is not None:  # asked before it was ready: wait
            self._starting.join()
        if self._process is None:
            return Reading("", None, 0.0, ENGINE, 0.0, f"no Tesseract: {self._missing}")
        return self._process.read_multiplier(crop, mask)

    def release(self) -> None:
        """Ends the process until the next read."""
        if self._process is not None:
            self._process.close()
        self._process, self._missing, self._starting = None, None, None


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
