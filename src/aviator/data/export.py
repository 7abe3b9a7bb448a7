"""Export of recorded rounds as CSV or JSON lines, from either backend."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import fields
from typing import TextIO

from aviator.data.backends import Database
from aviator.data.models import Round

ROUND_COLUMNS = tuple(f.name for f in fields(Round))


def iter_rounds(database: Database, after_id: int = 0) -> Iterator[dict[str, object]]:
    """Recorded rounds in order of their end, optionally only those recorded after row `after_id`."""
    rows = database.query(
        f"SELECT {', '.join(ROUND_COLUMNS)} FROM rounds WHERE id > ? ORDER BY ended_at, id", (after_id,)
    )
    for row in rows:
        record = dict(zip(ROUND_COLUMNS, row, strict=True))
        record["final_score"] = round(float(record["final_score"]), 2)
        record["backfilled"] = bool(record["backfilled"])  # SQLite stores 0/1
        yield record


def last_round_id(database: Database) -> int:
    return database.query("SELECT COALESCE(MAX(id), 0) FROM rounds")[0][0]


def write_rounds(database: Database, out: TextIO, fmt: str) -> int:
    """Writes every recorded round to `out` as `fmt` (csv or jsonl); returns how many."""
    records = iter_rounds(database)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ROUND_COLUMNS, lineterminator="\n")
        writer.writeheader()
        rows = ({**r, "final_score": f"{r['final_score']:.2f}"} for r in records)
        return sum(1 for row in rows if writer.writerow(row) is not None)
    return sum(1 for r in records if out.write(json.dumps(r) + "\n"))
