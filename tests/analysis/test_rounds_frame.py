"""One reader for every source of rounds: the real files in their several formats, our database on
both backends and its export, checked against counts and times taken from the files themselves."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from aviator.analysis.crash_data import CrashDataError
from aviator.analysis.rounds_frame import COLUMNS, read_rounds
from aviator.data.backends import open_database
from aviator.data.export import write_records
from aviator.data.writers import RecordWriters
from tests.data.conftest import database_url, postgres_url, sqlite_url  # noqa: F401  (both backends)
from tests.data.records import START, round_at

# The README of the real data: every Aviator file, without the 1xBet JSON and the strip snapshots.
AVIATOR_ROUNDS = 19_872
THIAGO = "thiagosvl-aviator-risk-analyzer/GRAFOS_CSV"


def data_lines(path: Path, header: bool = True) -> int:
    """Rounds in a file counted as its non-blank lines, not by the reader under test."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return len(lines) - (1 if header else 0)


def real_files(real_data: Path) -> dict[Path, int]:
    files = sorted((real_data / "UVuruna-gmbl/csv").glob("*.csv")) + sorted(
        (real_data / THIAGO).glob("*.csv")
    )
    files += sorted((real_data / "devMukeshK-4raBet-Predict").glob("*.csv"))
    counts = {path: data_lines(path) for path in files}
    counts[real_data / "balojey-aviator/sporty_aviator_data.csv"] = data_lines(
        real_data / "balojey-aviator/sporty_aviator_data.csv", header=False
    )
    return counts


def test_every_aviator_file_is_read_once_and_whole(real_data: Path) -> None:
    counts = real_files(real_data)
    assert sum(counts.values()) == AVIATOR_ROUNDS  # the README's figures, by line counts
    daily = [n for path, n in counts.items() if "GRAFOS_CSV" in str(path)]
    assert (len(daily), sum(daily)) == (31, 4602)
    assert all(1679 <= n <= 1861 for path, n in counts.items() if "UVuruna" in str(path))
    rounds = read_rounds([str(real_data)])
    assert list(rounds.columns) == list(COLUMNS)
    assert len(rounds) == AVIATOR_ROUNDS  # the 1xBet JSON and the txt snapshots are left out
    per_source = rounds.groupby("source").size()
    assert {Path(source): int(n) for source, n in per_source.items()} == counts


def test_the_real_rounds_follow_the_law(real_data: Path) -> None:
    crashes = read_rounds([str(real_data)])["crash"]
    assert (crashes >= 2).mean() == pytest.approx(0.48, abs=0.01)
    assert crashes.median() == pytest.approx(1.91, abs=0.02)
    assert (crashes == 1.0).mean() == pytest.approx(0.04, abs=0.01)
    assert crashes.min() == 1.0


def test_times_are_real_or_nan_and_oldest_first(real_data: Path) -> None:
    rounds = read_rounds([str(real_data)])
    uvuruna = rounds["source"].str.contains("UVuruna-gmbl")
    assert rounds.loc[uvuruna, "started_at"].isna().all()  # TIME is interpolated: order only
    assert rounds.loc[~uvuruna, "started_at"].notna().all()
    for _, times in rounds.loc[~uvuruna].groupby("source")["started_at"]:
        assert times.is_monotonic_increasing
    first = rounds[rounds["source"].str.endswith("25_DEZ_01_152.csv")].iloc[0]
    assert first["started_at"] == datetime(2025, 12, 1, 0, 0, 10, tzinfo=UTC).timestamp()  # its first line
    assert first["crash"] == 1.87
    sporty = rounds[rounds["source"].str.endswith("sporty_aviator_data.csv")].iloc[0]
    assert sporty["started_at"] == datetime(2025, 3, 22, 13, 42, 48, tzinfo=UTC).timestamp()
    assert sporty["crash"] == 1.13


def test_the_reconnects_of_the_4rabet_file_show_as_gaps(real_data: Path) -> None:
    starts = read_rounds([str(real_data / "devMukeshK-4raBet-Predict")])["started_at"]
    assert int((starts.diff() > 200).sum()) == 22  # the README of the real data: 22 gaps over 200 s


def test_bookmakers_and_server_groups_of_the_real_files(real_data: Path) -> None:
    rounds = read_rounds([str(real_data / "UVuruna-gmbl/csv"), str(real_data / THIAGO)])
    merkur = data_lines(real_data / "UVuruna-gmbl/csv/Merkur.csv")
    assert (rounds["bookmaker"] == "Merkur").sum() == merkur
    # Merkur shares Mozzart's game server (README of the real data); so does nobody else here.
    assert len(read_rounds([str(real_data)], server_group="Mozzart")) == merkur
    assert len(read_rounds([str(real_data / "UVuruna-gmbl/csv")], bookmaker="soccer")) == data_lines(
        real_data / "UVuruna-gmbl/csv/Soccer.csv"
    )
    daily = rounds[rounds["source"].str.contains("GRAFOS_CSV")]
    assert set(daily["bookmaker"]) == {"GRAFOS_CSV"}  # files named by date: one bookmaker, their folder
    assert not rounds["backfilled"].any()


def test_a_filter_that_matches_nothing_names_what_there_is(real_data: Path) -> None:
    with pytest.raises(
        CrashDataError, match=r"no rounds of bookmaker Nobody; .*Admiral, BalkanBet, Merkur, Soccer"
    ):
        read_rounds([str(real_data / "UVuruna-gmbl/csv")], bookmaker="Nobody")


def test_other_games_and_strip_snapshots_are_refused_by_name(real_data: Path) -> None:
    json = real_data / "mdomorffaruk-CrashGameDataAnalysis/raw_data_1xbet_crash.json"
    with pytest.raises(CrashDataError, match=r"raw_data_1xbet_crash.json: .*1xBet's Crash, a different game"):
        read_rounds([str(json)])
    with pytest.raises(CrashDataError, match=r"Admiral.txt: history-strip snapshots"):
        read_rounds([str(real_data / "UVuruna-gmbl/txt/Admiral.txt")])
    with pytest.raises(CrashDataError, match="a directory with no round files"):
        read_rounds([str(json.parent)])


RECORDED = [
    round_at(1, 2.07, "Merkur", backfilled=True),
    round_at(0, 1234.56, "Admiral", server_group="admiral"),
    round_at(2, 1.0, "Unknown"),
]


def record(url: str, spill_dir: Path) -> None:
    writers = RecordWriters(url, spill_dir=spill_dir)
    for r in RECORDED:
        writers.add(r)
    writers.close()


def test_our_database_on_both_backends(
    database_url: str,  # noqa: F811  (the fixture: SQLite, then PostgreSQL)
    tmp_path: Path,
) -> None:
    record(database_url, tmp_path)
    rounds = read_rounds([database_url])
    assert list(rounds["crash"]) == [1234.56, 2.07, 1.0]  # in order of start
    assert list(rounds["bookmaker"]) == ["Admiral", "Merkur", "Unknown"]
    assert list(rounds["backfilled"]) == [False, True, False]
    assert list(rounds["server_group"]) == ["admiral", "mozzart", None]  # Merkur's group: the known one
    assert list(rounds["started_at"]) == [START.timestamp() + 22 * i for i in range(3)]
    assert "password" not in rounds["source"].iloc[0]


def test_the_export_reads_back_as_the_database(sqlite_url: str, tmp_path: Path) -> None:  # noqa: F811
    record(sqlite_url, tmp_path)
    out = io.StringIO()
    with open_database(sqlite_url) as database:
        write_records(database, "rounds", out, "csv")
    exported = tmp_path / "rounds.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    from_file = read_rounds([str(exported)]).drop(columns="source")
    from_db = read_rounds([sqlite_url]).drop(columns="source")
    pd.testing.assert_frame_equal(from_file, from_db, check_exact=True)


def write(tmp_path: Path, text: str, name: str = "Site.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_semicolons_decimal_commas_and_a_bookmaker_column(tmp_path: Path) -> None:
    rounds = read_rounds(
        [write(tmp_path, "Timestamp;Multiplier\n2025-12-01 00:00:10;1,87\n\n2025-12-01 00:00:32;2,5x\n")]
    )
    assert list(rounds["crash"]) == [1.87, 2.5] and set(rounds["bookmaker"]) == {"Site"}
    assert rounds["started_at"].iloc[1] - rounds["started_at"].iloc[0] == 22.0
    both = read_rounds([write(tmp_path, "bookmaker,crash\nMozzart,1.5\nSoccer,3\n", "any_2025.csv")])
    assert list(both["bookmaker"]) == ["Mozzart", "Soccer"] and list(both["server_group"]) == [
        "mozzart",
        "soccer",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SCORE,TIME,SEC\n1.5,x,0\n1.4.4,y,22\n", r"Site.csv:3: '1.4.4' is not a crash multiplier"),
        ("SCORE,TIME,SEC\n0.99,x,0\n", r"Site.csv:2: crash '0.99' is below 1.00"),
        (
            "timestamp,multiplier\n2025-12-14 09:58:43,1.26\nyesterday,1.00\n",
            r"Site.csv:3: 'yesterday' is not a date",
        ),
        (
            "timestamp,multiplier\n2025-12-14 09:58:43,1.26,7\n",
            r"Site.csv:2: 3 fields where the header has 2",
        ),
        ("when,what\n1,2\n", r"Site.csv: no crash column"),
        ("crash,backfilled\n1.5,maybe\n", r"Site.csv:2: backfilled 'maybe' is not True or False"),
    ],
)
def test_bad_input_names_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CrashDataError, match=message):
        read_rounds([write(tmp_path, text)])


def test_a_missing_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(CrashDataError, match=r"nothing.csv: cannot be read"):
        read_rounds([str(tmp_path / "nothing.csv")])
    with pytest.raises(CrashDataError, match="cannot connect"):
        read_rounds(["postgresql://nobody@127.0.0.1:1/none"])
