"""RGB samples labelled by the phase transitions recorded beside them, read from a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from aviator.analysis.phase_samples import labelled_statistics
from aviator.config.settings import GamePhase
from aviator.data.backends import open_database
from aviator.data.models import PhaseTransition, RgbSample
from aviator.data.writers import RecordWriters


def _sample(bookmaker: str, at: str, red: float, region: str = "game_area") -> RgbSample:
    return RgbSample(bookmaker, region, f"2026-11-29T12:00:{at}Z", red, 2.0, 3.0, 4.0, 5.0, 6.0)


def _transition(bookmaker: str, phase: GamePhase, at: str) -> PhaseTransition:
    return PhaseTransition(bookmaker, phase.value, f"2026-11-29T12:00:{at}Z")


def test_each_sample_takes_the_phase_in_effect_at_its_time(tmp_path: Path) -> None:
    records = [
        _sample("Admiral", "00.500", 1.0),  # before Admiral's first transition: no known phase
        _transition("Admiral", GamePhase.BETTING, "01.000"),
        _sample("Admiral", "01.000", 2.0),  # at the transition: already the new phase
        _sample("Admiral", "04.900", 3.0),
        _transition("Admiral", GamePhase.PLAYING, "05.000"),
        _sample("Admiral", "05.100", 4.0),
        _sample("Admiral", "05.200", 5.0, region="balance"),  # another region
        _sample("Mozzart", "05.300", 6.0),  # a bookmaker without transitions
        _transition("Admiral", GamePhase.ENDED, "09.000"),
        _sample("Admiral", "09.500", 7.0),
    ]
    writers = RecordWriters(tmp_path / "run.db")
    for record in records:
        writers.add(record)
    writers.close()  # drains: everything committed
    with open_database(tmp_path / "run.db") as database:
        features, phases = labelled_statistics(database, "game_area")
    assert features[:, 0].tolist() == [2.0, 3.0, 4.0, 7.0]
    assert features[0].tolist() == [2.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert phases == [GamePhase.BETTING, GamePhase.BETTING, GamePhase.PLAYING, GamePhase.ENDED]
