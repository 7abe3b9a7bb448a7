"""Export of recorded rounds as CSV or JSON lines."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import TextIO

ROUND_COLUMNS = ("bookmaker", "final_score", "started_at", "ended_at")


def iter_rounds(connection: sqlite3.Connection, after_id: int = 0) -> Iterator[dict[str, object]]:
    """Recorded rounds in order of their end, optionally only those recorded after row `after_id`."""
    cursor = connection.execute(
        f"SELECT {', '.join(ROUND_COLUMNS)} FROM rounds WHERE id > ? ORDER BY ended_at, id", (after_id,)
    )
    for row in cursor:
        record = dict(zip(ROUND_COLUMNS, row, strict=True))
        record["final_score"] = round(float(record["final_score"]), 2)
        yield record


def last_round_id(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COALESCE(MAX(id), 0) FROM rounds").fetchone()[0]


def write_rounds(connection: sqlite3.Connection, out: TextIO, fmt: str) -> int:
    """Writes every recorded round to `out` as `fmt` (csv or jsonl); returns how many."""
    records = iter_rounds(connection)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ROUND_COLUMNS, lineterminator="\n")
        writer.writeheader()
        rows = ({**r, "final_score": f"{r['final_score']:.2f}"} for r in records)
        return sum(1 for row in rows if writer.writerow(row) is not None)
    return sum(1 for r in records if out.write(json.dumps(r) + "\n"))
