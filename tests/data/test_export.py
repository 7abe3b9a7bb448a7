"""Export reads either backend, and both give the same text for the same rounds."""

from __future__ import annotations

import io
import json
from pathlib import Path

from aviator.data.backends import open_database
from aviator.data.export import TABLES, iter_rounds, last_round_id, write_records
from aviator.data.writers import RecordWriters
from tests.data.records import one_of_each, round_at

ROUNDS = [
    round_at(2, 1.0),
    round_at(0, 1234.56, players=812, backfilled=True, late=True),
    round_at(1, 2.07, server_group="g", ended_within=0.105),
]


def exported(url: str, fmt: str) -> str:
    out = io.StringIO()
    with open_database(url) as db:
        assert write_records(db, "rounds", out, fmt) == len(ROUNDS)
    return out.getvalue()


def record(url: str, spill_dir: Path) -> None:
    writers = RecordWriters(url, spill_dir=spill_dir, node="collector-1")
    for r in ROUNDS:
        writers.add(r)
    writers.close()


def test_sqlite_and_postgresql_export_the_same_text(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    for url in (sqlite_url, postgres_url):
        record(url, tmp_path)
    for fmt in ("csv", "jsonl"):
        assert exported(sqlite_url, fmt) == exported(postgres_url, fmt)
    lines = exported(postgres_url, "jsonl").splitlines()
    assert [json.loads(line)["final_score"] for line in lines] == [1234.56, 2.07, 1.0]  # in order of end
    assert json.loads(lines[0])["backfilled"] is True and json.loads(lines[0])["late"] is True
    assert json.loads(lines[1])["ended_within"] == 0.105 and json.loads(lines[1])["late"] is False


def test_csv_has_a_header_and_two_decimals(sqlite_url: str, tmp_path: Path) -> None:
    record(sqlite_url, tmp_path)
    header, first, *_ = exported(sqlite_url, "csv").splitlines()
    assert header.startswith("bookmaker,final_score,started_at,ended_at,server_group")
    assert first.startswith("Admiral,1234.56,") and first.endswith(",812,,,True,,True,collector-1")


def test_after_id_skips_earlier_rows(database_url: str, tmp_path: Path) -> None:
    record(database_url, tmp_path)
    with open_database(database_url) as db:
        last = last_round_id(db)
        assert list(iter_rounds(db, after_id=last)) == []
        assert len(list(iter_rounds(db, after_id=last - 1))) == 1


def test_every_table_exports_what_was_recorded(database_url: str, tmp_path: Path) -> None:
    records = one_of_each("Admiral") + one_of_each("Mozzart")
    writers = RecordWriters(database_url, spill_dir=tmp_path, node="collector-2")
    for r in records:
        writers.add(r)
    writers.close()
    with open_database(database_url) as db:
        for table, record_type in TABLES.items():
            out = io.StringIO()
            assert write_records(db, table, out, "jsonl") == 2
            lines = [json.loads(line) for line in out.getvalue().splitlines()]
            assert [line.pop("node") for line in lines] == ["collector-2"] * 2  # the machine that wrote them
            assert [record_type(**line) for line in lines] == [r for r in records if type(r) is record_type]
