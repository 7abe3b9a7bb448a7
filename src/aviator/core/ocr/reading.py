"""What every read returns, whichever engine made it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reading:
    text: str  # what the engine saw, even when rejected
    value: float | None  # None when the read was rejected
    confidence: float  # 0..1: how well the worst glyph matched
    engine: str
    ms: float
    rejected: str | None = None  # why the read was rejected, or None

    @property
    def ok(self) -> bool:
        return self.value is not None
