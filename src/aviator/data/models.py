"""Records as they travel from the workers to the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Round:
    """One completed round of one bookmaker. `final_score` is the crash multiplier."""

    bookmaker: str
    final_score: float
    started_at: str  # ISO 8601 UTC
    ended_at: str  # ISO 8601 UTC
