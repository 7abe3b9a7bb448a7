"""Crash sequences for backtests: CSV files as exported or as found, recorded databases, the law."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from aviator.analysis.crash_data import (
    CrashDataError,
    generate,
    is_database,
    parse_multiplier,
    read_csv,
    read_rounds,
    recorded_bookmakers,
)
from aviator.data.backends import open_database
from aviator.data.writers import RecordWriters
from aviator.sim.engine import crash_point
from tests.data.conftest import database_url, postgres_url, sqlite_url  # noqa: F401  (both backends)
from tests.data.records import round_at


def csv_file(tmp_path: Path, text: str, name: str = "rounds.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_an_exported_csv_is_read_in_file_order_and_by_bookmaker(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "bookmaker,final_score,started_at\n"
        "Admiral,2.10,2026-11-29T12:00:22Z\n"
        "Mozzart,1.00,2026-11-29T12:00:00Z\n"  # earlier start, later row: the file's order is kept
        "Admiral,13.37,2026-11-29T12:00:44Z\n",
    )
    assert read_csv(path).tolist() == [2.10, 1.00, 13.37]
    assert read_csv(path, "Admiral").tolist() == [2.10, 13.37]


def test_semicolons_decimal_commas_crlf_a_bom_and_blank_lines(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "\ufeffTimestamp;Multiplier\r\n"
        "2025-12-01 00:00:10;1,57\r\n"
        "2025-12-01 00:00:32;3.281,54x\r\n"
        "\r\n"
        "2025-12-01 00:00:46;17.68\r\n",
    )
    assert read_csv(path).tolist() == [1.57, 3281.54, 17.68]


@pytest.mark.parametrize("name", ["final_score", "CRASH", "Multiplier", "SCORE", " score "])
def test_the_crash_column_is_found_by_any_of_its_names(tmp_path: Path, name: str) -> None:
    path = csv_file(tmp_path, f"time,{name},sec\n10:40,1.5,0\n10:41,2.46,22\n")
    assert read_csv(path).tolist() == [1.5, 2.46]


def test_final_score_is_preferred_to_the_other_names(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "score,final_score\n9.99,1.23\n")
    assert read_csv(path).tolist() == [1.23]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.57", 1.57),
        ("1,57", 1.57),
        (" 2.00x ", 2.0),
        ("3,281.54x", 3281.54),
        ("3.281,54", 3281.54),
        ("1.5", 1.5),
        ("1000000", 1_000_000.0),
    ],
)
def test_a_multiplier_in_any_of_the_ways_sites_write_it(text: str, expected: float) -> None:
    assert parse_multiplier(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1e3", "-1.5", "1.5.7", "1,234"])
def test_what_is_not_a_multiplier_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=repr(text) if text else "''"):
        parse_multiplier(text)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Timestamp;Value\n1;2\n", None, ["no crash column", "'Timestamp', 'Value'", "final_score"]),
        ("crash\n1.5\n2.0\nabc\n", 4, ["'abc'", "not a crash multiplier"]),
        ("crash,time\n1.5,a\n2.0\n", 3, ["1 fields where the header has 2"]),
        ("crash\n1.5\n0.99\n", 3, ["'0.99'", "below 1.00"]),
        ("crash;time\n1,234;a\n", 2, ["ambiguous"]),
        ("", None, ["empty"]),
        ("\n\n", None, ["empty"]),
    ],
)
def test_bad_files_are_named_with_their_line_and_value(
    tmp_path: Path, text: str, line: int | None, words: list[str]
) -> None:
    path = csv_file(tmp_path, text)
    with pytest.raises(CrashDataError) as error:
        read_csv(path)
    message = str(error.value)
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert all(word in message for word in words), message


def test_a_missing_file_a_binary_file_and_a_bookmaker_without_its_column(tmp_path: Path) -> None:
    with pytest.raises(CrashDataError, match=r"missing\.csv: cannot be read: No such file"):
        read_csv(tmp_path / "missing.csv")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"crash\n\xff\xfe\x00\x81")
    with pytest.raises(CrashDataError, match="not a text"):
        read_csv(binary)
    with pytest.raises(CrashDataError, match="--bookmaker needs a bookmaker column"):
        read_csv(csv_file(tmp_path, "crash\n1.5\n"), "Admiral")


def real_files(real_data: Path) -> list[Path]:
    return [
        *sorted((real_data / "UVuruna-gmbl" / "csv").glob("*.csv")),
        *sorted((real_data / "thiagosvl-aviator-risk-analyzer" / "GRAFOS_CSV").glob("*.csv")),
        *sorted((real_data / "devMukeshK-4raBet-Predict").glob("*.csv")),
    ]


def test_every_real_file_is_read_whole(real_data: Path) -> None:
    files = real_files(real_data)
    assert len(files) == 4 + 31 + 1  # the folders' files, as the data's README lists them
    for path in files:
        crashes = read_csv(path)
        data_lines = sum(1 for line in path.read_text().splitlines() if line.strip()) - 1  # not the header
        assert len(crashes) == data_lines, path
        assert crashes.min() >= 1.0
    # the first rows of each source, read off the files by eye
    assert read_csv(files[0])[:4].tolist() == [1.5, 1.46, 1.48, 1.5]
    assert read_csv(files[4])[:4].tolist() == [1.87, 1.31, 17.68, 2.40]
    assert read_csv(files[-1])[:4].tolist() == [1.26, 1.00, 2.61, 1.52]


def record(target: str | Path, spill_dir: Path) -> None:
    """Rounds written out of their order of start: Admiral's second, then its first; Mozzart between."""
    writers = RecordWriters(target, spill_dir=spill_dir)
    for round_ in (round_at(1, 2.5, "Admiral"), round_at(0, 1.07, "Admiral"), round_at(0, 4.0, "Mozzart")):
        writers.add(round_)
    writers.close()


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    path = tmp_path / "run.db"
    record(path, tmp_path)
    return path


def test_a_database_is_read_in_order_of_start_whole_or_by_bookmaker(
    database_url: str,  # noqa: F811  (the fixture: SQLite, then PostgreSQL)
    tmp_path: Path,
) -> None:
    record(database_url, tmp_path)
    with open_database(database_url, must_exist=True) as database:
        # Admiral's round 0 and Mozzart's round 0 start at the same time: then the order of recording
        assert read_rounds(database).tolist() == [1.07, 4.0, 2.5]
        assert read_rounds(database, "Admiral").tolist() == [1.07, 2.5]
        assert read_rounds(database, "Nobody").tolist() == []
        assert recorded_bookmakers(database) == ["Admiral", "Mozzart"]


def test_a_database_is_told_from_a_csv_by_its_contents_or_its_url(recorded: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "rounds.csv"
    disguised.write_bytes(recorded.read_bytes())
    assert is_database(str(recorded)) and is_database(str(disguised))
    assert is_database("postgresql://user@host/db") and is_database("sqlite:///run.db")
    assert not is_database(str(csv_file(tmp_path, "crash\n1.5\n", "plain.csv")))
    assert not is_database(str(tmp_path / "missing.db"))


def test_generated_crashes_are_the_simulators_law_and_repeat_with_their_seed() -> None:
    crashes = generate(1000, seed=7)
    uniforms = 1.0 - np.random.default_rng(7).random(1000)  # the same draws, on (0, 1]
    assert crashes.tolist() == [crash_point(u) for u in uniforms]  # the simulator's own scalar law
    assert generate(1000, seed=7).tolist() == crashes.tolist()
    assert generate(1000, seed=8).tolist() != crashes.tolist()


def test_generated_crashes_follow_p_at_least_x_of_097_over_x() -> None:
    n = 400_000
    crashes = generate(n, seed=1)
    assert np.array_equal(np.round(crashes * 100) / 100, crashes)  # the game's cent grid
    assert crashes.min() == 1.0
    for x in (1.01, 1.5, 2.0, 10.0, 100.0):
        p = 0.97 / x
        assert abs(np.mean(crashes >= x) - p) < 5 * math.sqrt(p * (1 - p) / n), x
