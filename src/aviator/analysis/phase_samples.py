"""Training data for the phase classifier from what the collector recorded: each RGB sample
labelled with the phase its bookmaker's screen was in at that moment.

The labels come from the phase transitions the same worker recorded by its rules (readings and
colours), so the classifier learns a site's colours without anyone sorting crops by hand.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

import numpy as np

from aviator.config.settings import GamePhase
from aviator.data.backends import Database
from aviator.data.export import iter_records
from aviator.data.models import PhaseTransition, RgbSample

FEATURES = ("r_mean", "g_mean", "b_mean", "r_std", "g_std", "b_std")  # rgb_features' order


def labelled_statistics(database: Database, region: str) -> tuple[np.ndarray, list[GamePhase]]:
    """Rows of six statistics of `region` and their phases; samples taken before their
    bookmaker's first recorded transition have no known phase and are left out."""
    timelines = _timelines(database)
    rows, phases = [], []
    for sample in iter_records(database, RgbSample):
        phase = _phase_at(timelines.get(str(sample["bookmaker"])), str(sample["at"]))
        if sample["region"] == region and phase is not None:
            rows.append([float(sample[name]) for name in FEATURES])
            phases.append(phase)
    return np.array(rows, np.float32).reshape(-1, len(FEATURES)), phases


def _timelines(database: Database) -> dict[str, tuple[list[str], list[GamePhase]]]:
    """Per bookmaker, its transitions' times (ISO text sorts as time) and phases, in time order."""
    grouped: dict[str, list[tuple[str, GamePhase]]] = defaultdict(list)
    for transition in iter_records(database, PhaseTransition):
        grouped[str(transition["bookmaker"])].append((str(transition["at"]), GamePhase(transition["phase"])))
    return {name: tuple(map(list, zip(*sorted(items), strict=True))) for name, items in grouped.items()}


def _phase_at(timeline: tuple[list[str], list[GamePhase]] | None, at: str) -> GamePhase | None:
    if timeline is None:
        return None
    times, phases = timeline
    index = bisect_right(times, at) - 1
    return phases[index] if index >= 0 else None
