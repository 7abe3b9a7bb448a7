"""Export of recorded records, any table, as CSV, JSON lines or Parquet, from either backend.

Values come out the same whichever backend holds them: booleans as booleans (SQLite stores 0/1)
and crash multipliers with the game's two decimals. Parquet keeps each column's type (times stay
the ISO 8601 text the other formats write); pyarrow is imported only when Parquet is asked for.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from aviator.data.backends import Database
from aviator.data.models import RECORD_TYPES, Round, columns_of

if TYPE_CHECKING:
    import pyarrow as pa

TABLES = {record_type.TABLE: record_type for record_type in RECORD_TYPES}


def iter_records(
    database: Database, record_type: type, after_id: int = 0, order: str = "id"
) -> Iterator[dict[str, object]]:
    """Records of one type in `order` (default: as stored), optionally only those after row `after_id`;
    each with the node (collector machine) that wrote it (None: written before nodes were recorded)."""
    names = exported_columns(record_type)
    flags = [f.name for f in fields(record_type) if f.type == "bool"]  # annotations are strings here
    rows = database.query(
        f"SELECT {', '.join(names)} FROM {record_type.TABLE} WHERE id > ? ORDER BY {order}", (after_id,)
    )
    for row in rows:
        record = dict(zip(names, row, strict=True))
        record.update((flag, bool(record[flag])) for flag in flags)
        yield record


def exported_columns(record_type: type) -> tuple[str, ...]:
    return (*columns_of(record_type), "node")


def iter_rounds(database: Database, after_id: int = 0) -> Iterator[dict[str, object]]:
    """Recorded rounds in order of their end, optionally only those recorded after row `after_id`."""
    for record in iter_records(database, Round, after_id, order="ended_at, id"):
        record["final_score"] = round(float(record["final_score"]), 2)
        yield record


def last_round_id(database: Database) -> int:
    return last_id(database, "rounds")


def last_id(database: Database, table: str) -> int:
    """The id of `table`'s last row (0 if empty): the rows of a run are those after it."""
    return database.query(f"SELECT COALESCE(MAX(id), 0) FROM {TABLES[table].TABLE}")[0][0]


def write_records(database: Database, table: str, out: TextIO, fmt: str) -> int:
    """Writes every record of `table` to `out` as `fmt` (csv or jsonl); returns how many."""
    record_type = TABLES[table]
    records = iter_rounds(database) if record_type is Round else iter_records(database, record_type)
    if fmt == "jsonl":
        return sum(1 for r in records if out.write(json.dumps(r) + "\n"))
    writer = csv.DictWriter(out, fieldnames=exported_columns(record_type), lineterminator="\n")
    writer.writeheader()
    return sum(1 for r in records if writer.writerow(_csv_values(r)) is not None)


def _csv_values(record: dict[str, object]) -> dict[str, object]:
    if "final_score" in record:  # the game shows two decimals: 2.10x, not 2.1x
        return {**record, "final_score": f"{record['final_score']:.2f}"}
    return record


def write_parquet(database: Database, table: str, path: Path) -> int:
    """Writes every record of `table` to the Parquet file `path`, one typed column per field, rows
    in the order the other formats write them; returns how many."""
    import pyarrow as pa  # here only: the workers and the other commands never load it
    import pyarrow.parquet as pq

    record_type = TABLES[table]
    records = iter_rounds(database) if record_type is Round else iter_records(database, record_type)
    columns: dict[str, list[object]] = {name: [] for name in exported_columns(record_type)}
    for record in records:
        for name, values in columns.items():
            values.append(record[name])
    pq.write_table(pa.table(columns, schema=arrow_schema(record_type)), path)
    return len(next(iter(columns.values())))


def arrow_schema(record_type: type) -> pa.Schema:
    """The Parquet columns of a record type: its fields with their types, every one nullable."""
    import pyarrow as pa

    types = {"str": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    # The annotations are strings here ("float | None"): the first name is the column's type.
    typed = [(f.name, types[str(f.type).split("|")[0].strip()]) for f in fields(record_type)]
    return pa.schema([*typed, ("node", pa.string())])
