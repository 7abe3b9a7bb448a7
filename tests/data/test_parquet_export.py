"""`aviator export TABLE --format parquet`: a recorded SQLite database written as Parquet and read
back with pyarrow gives the rounds that were recorded, typed, in order of their end."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aviator.cli import main
from aviator.data.writers import RecordWriters
from tests.data.records import one_of_each, round_at

NODE = "collector-7"  # the machine that wrote them: exported beside every record
ROUNDS = [
    round_at(2, 1.0),
    round_at(0, 1234.56, players=812, backfilled=True, late=True),
    round_at(1, 2.07, "Merkur", server_group="mozzart", ended_within=0.105, flight_seconds=8.3),
]


@pytest.fixture
def recorded(tmp_path: Path) -> str:
    url = str(tmp_path / "run.db")
    writers = RecordWriters(url, spill_dir=tmp_path, node=NODE)
    for record in [*ROUNDS, *one_of_each("Soccer")[1:]]:  # every other table gets a row too
        writers.add(record)
    writers.close()
    return url


def test_rounds_read_back_as_recorded(
    recorded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rounds.parquet"
    assert main(["export", "rounds", "--db", recorded, "--format", "parquet", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"3 rounds written to {out}\n"
    table = pq.read_table(out)
    by_end = sorted(ROUNDS, key=lambda r: r.ended_at)
    assert table.to_pylist() == [{**asdict(r), "node": NODE} for r in by_end]
    assert table.schema.field("final_score").type == pa.float64()
    assert table.schema.field("players").type == pa.int64()
    assert table.schema.field("backfilled").type == pa.bool_()


@pytest.mark.parametrize(
    "table", ["threshold_crossings", "phase_transitions", "rgb_samples", "bets", "bet_events"]
)
def test_every_table_reads_back(recorded: str, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    assert main(["export", table, "--db", recorded, "--format", "parquet", "--out", str(out)]) == 0
    (record,) = [r for r in one_of_each("Soccer") if table == r.TABLE]
    assert pq.read_table(out).to_pylist() == [{**asdict(record), "node": NODE}]


def test_parquet_needs_a_file(recorded: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "rounds", "--db", recorded, "--format", "parquet"]) == 2
    assert "name it with --out FILE" in capsys.readouterr().err


def test_a_folder_that_does_not_exist_is_one_line(
    recorded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "rounds.parquet"
    assert main(["export", "rounds", "--db", recorded, "--format", "parquet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"aviator export: cannot write {out}") and err.count("\n") == 1
