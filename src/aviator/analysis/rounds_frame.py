"""One reader for every source of Aviator rounds, real files and our own database alike, into one
pandas DataFrame: what the analysis (and the report) works on.

Columns (COLUMNS): `bookmaker` (str), `crash` (float, the multiplier), `started_at` (float seconds
since 1970 UTC, NaN where the source has no real time), `source` (the file, or the database with
its password hidden), `backfilled` (bool: a round recovered from a history strip, not watched live;
only our database and its export know it) and `server_group` (str or None). Rows come source by
source in the order given, each source oldest first.

Sources, told apart by their content rather than their names:

- our database: a SQLite file (any name), `sqlite:///PATH` or `postgresql://…`; its rounds in order
  of start, every bookmaker;
- a CSV with a header naming a crash column (CRASH_COLUMNS of crash_data: `final_score` as
  `aviator export rounds` writes it, `crash`, `multiplier`, `score`), `,` or `;` separated. A
  `started_at` or `timestamp` column gives the time (ISO 8601; a time without a zone is taken as
  UTC); `bookmaker`, `server_group` and `backfilled` columns are used where present. This reads the
  export, UVuruna-gmbl's `SCORE,TIME,SEC` (its TIME is interpolated between observations, so it is
  not taken as a time: order only, started_at NaN), thiagosvl's `Timestamp;Multiplier` and
  devMukeshK's `timestamp,multiplier`;
- rounds published with their seeds (no header: round_id,date,time,server_seed,client_seed_1..3,
  sha512_hash,multiplier; balojey's SportyBet file), read by provably_fair;
- a directory: its CSV files and SQLite databases, in name order, sub-directories included; other
  files (pictures, notes, JSON) are passed over.

A file without a bookmaker column is one bookmaker's, named after the file (Admiral.csv: Admiral),
or, where the file is named by a date or a counter (a digit in its name: 25_DEZ_04_134.csv,
aviator_payouts_20251210_234517.csv), after its folder, so that a folder of daily files is one
bookmaker. A bookmaker without a recorded server group gets the one the project knows for its
name (orchestration.demo.SERVER_GROUPS), else None.

Not read: mdomorffaruk's JSON is 1xBet's "Crash", a different game (same 0.97/x law, another
growth), so a JSON file named as a source is refused rather than mixed into Aviator's rounds; and
UVuruna-gmbl's txt files are history-strip snapshots (60 values each, newest first, overlapping),
whose rounds the csv files of the same folder already hold in order.

Nothing is skipped silently: a value that is not a crash or a time stops the reading with
CrashDataError naming the file and line.
"""

from __future__ import annotations

import csv
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from aviator.analysis.crash_data import CRASH_COLUMNS, CrashDataError, crash_at, is_database
from aviator.analysis.provably_fair import is_seeded_row, read_seeded
from aviator.data.backends import DatabaseError, open_database
from aviator.data.backends.url import redact

COLUMNS = ("bookmaker", "crash", "started_at", "source", "backfilled", "server_group")
TIME_COLUMNS = ("started_at", "timestamp")  # real times; UVuruna's TIME (interpolated) is not one
FLAGS = {"true": True, "1": True, "false": False, "0": False, "": False}
STRIP_SNAPSHOT = "Break - "  # the first words of UVuruna-gmbl's history-strip snapshots
REFUSED = {".json": "JSON rounds are not read: the real JSON is 1xBet's Crash, a different game from Aviator"}
DIGIT = re.compile(r"\d")


@dataclass
class _Rows:
    """The columns of one source, gathered row by row."""

    # Numbers in typed arrays: a million rounds take 8 MB a column, not the 32 MB of a list of floats.
    bookmaker: list[str] = field(default_factory=list)
    crash: array[float] = field(default_factory=lambda: array("d"))
    started_at: array[float] = field(default_factory=lambda: array("d"))
    backfilled: bytearray = field(default_factory=bytearray)
    server_group: list[str | None] = field(default_factory=list)

    def add(
        self, bookmaker: str, crash: float, started_at: float, backfilled: bool, group: str | None
    ) -> None:
        self.bookmaker.append(bookmaker)
        self.crash.append(crash)
        self.started_at.append(started_at)
        self.backfilled.append(backfilled)
        self.server_group.append(group if group else known_group(bookmaker))

    def frame(self, source: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "bookmaker": pd.Series(self.bookmaker, dtype=object),
                "crash": np.frombuffer(self.crash, dtype=float).copy(),
                "started_at": np.frombuffer(self.started_at, dtype=float).copy(),
                "source": np.full(len(self.crash), source, dtype=object),
                "backfilled": np.frombuffer(self.backfilled, dtype=bool).copy(),
                "server_group": pd.Series(self.server_group, dtype=object),
            }
        )


def read_rounds(
    sources: Sequence[str], bookmaker: str | None = None, server_group: str | None = None
) -> pd.DataFrame:
    """The rounds of every source (files, directories, databases), one row each, source by source
    and each oldest first; with `bookmaker` or `server_group` (either case), only those rounds."""
    if isinstance(sources, str | Path):  # one source given bare, not in a list
        sources = [str(sources)]
    frames = [_read_one(target) for source in sources for target in _targets(str(source))]
    rounds = pd.concat(frames, ignore_index=True) if frames else _Rows().frame("")
    return _only(rounds, bookmaker, server_group)


@cache
def known_group(bookmaker: str) -> str | None:
    """The server group the project knows for a bookmaker's name (Merkur: mozzart), else None."""
    from aviator.orchestration.demo import SERVER_GROUPS  # the definition; loaded only when asked

    return SERVER_GROUPS.get(bookmaker)


def _targets(source: str) -> list[str]:
    path = Path(source)
    if is_database(source) or not path.is_dir():
        return [source]
    found = [str(f) for f in sorted(path.rglob("*")) if f.is_file() and _holds_rounds(f)]
    if not found:
        raise CrashDataError(f"{source}: a directory with no round files (CSV files or SQLite databases)")
    return found


def _holds_rounds(path: Path) -> bool:
    return path.suffix.lower() == ".csv" or is_database(str(path))


def _read_one(target: str) -> pd.DataFrame:
    if is_database(target):
        return _read_database(target)
    path = Path(target)
    if path.suffix.lower() in REFUSED:
        raise CrashDataError(f"{path}: {REFUSED[path.suffix.lower()]}")
    return _read_csv(path).frame(str(path))


def _read_database(target: str) -> pd.DataFrame:
    try:
        with open_database(target, must_exist=True) as database:
            rows = database.query(
                "SELECT bookmaker, final_score, started_at, backfilled, server_group FROM rounds"
                " ORDER BY started_at, id"
            )
    except DatabaseError as error:
        raise CrashDataError(f"{redact(target)}: {error}") from None
    gathered, source = _Rows(), redact(target)
    for name, crash, started, backfilled, group in rows:
        # The game's two decimals, as the export writes them (a float column may hold 2.0999…); the
        # ISO text parsed here, to the microsecond (SQLite's julianday() is off by microseconds).
        gathered.add(name, round(float(crash), 2), _time(source, 0, started), bool(backfilled), group)
    return gathered.frame(source)


def _read_csv(path: Path) -> _Rows:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            first = file.readline()
            if first.startswith(STRIP_SNAPSHOT):
                raise CrashDataError(
                    f"{path}: history-strip snapshots (newest first, overlapping) are not read: "
                    "read the CSV of the same rounds"
                )
            if is_seeded_row(next(csv.reader([first]), [])):
                return _seeded_rows(path)
            return _header_rows(path, first, file)
    except UnicodeDecodeError:
        raise CrashDataError(f"{path}: not a text (UTF-8) CSV file") from None
    except OSError as error:
        raise CrashDataError(f"{path}: cannot be read: {error.strerror or error}") from None


def _seeded_rows(path: Path) -> _Rows:
    gathered, name = _Rows(), file_bookmaker(path)
    for published in read_seeded(path):
        started = _time(path, published.line, f"{published.date} {published.time}")
        gathered.add(name, published.multiplier, started, False, None)
    return gathered


@dataclass(frozen=True)
class _Layout:
    """Where a headed CSV keeps each column (None: it has no such column)."""

    width: int
    crash: int
    time: int | None
    bookmaker: int | None
    backfilled: int | None
    server_group: int | None

    @classmethod
    def of(cls, path: Path, header: list[str]) -> _Layout:
        names = [name.strip().lower() for name in header]
        crash = next((names.index(c) for c in CRASH_COLUMNS if c in names), None)
        if crash is None:
            raise CrashDataError(
                f"{path}: no crash column: the header names {', '.join(map(repr, header))}; "
                f"name the crash column one of {', '.join(CRASH_COLUMNS)}"
            )
        time = next((names.index(t) for t in TIME_COLUMNS if t in names), None)
        where = {
            name: names.index(name) for name in ("bookmaker", "backfilled", "server_group") if name in names
        }
        return cls(
            len(names),
            crash,
            time,
            where.get("bookmaker"),
            where.get("backfilled"),
            where.get("server_group"),
        )


def _header_rows(path: Path, header_line: str, file: TextIO) -> _Rows:
    delimiter = "," if header_line.count(",") > header_line.count(";") else ";"
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    if not any(name.strip() for name in header):
        raise CrashDataError(f"{path}: empty: its first line must name the columns")
    layout, name, gathered = _Layout.of(path, header), file_bookmaker(path), _Rows()
    rows = csv.reader(file, delimiter=delimiter)
    for row in rows:
        line = rows.line_num + 1  # the header was line 1
        if not any(value.strip() for value in row):
            continue  # a blank line holds no round
        if len(row) != layout.width:
            raise CrashDataError(f"{path}:{line}: {len(row)} fields where the header has {layout.width}")
        _add_row(path, line, row, layout, name, gathered)
    return gathered


def _add_row(path: Path, line: int, row: list[str], layout: _Layout, name: str, gathered: _Rows) -> None:
    crash = crash_at(path, line, row[layout.crash])
    started = math.nan if layout.time is None else _time(path, line, row[layout.time])
    bookmaker = name if layout.bookmaker is None else row[layout.bookmaker].strip() or name
    backfilled = False if layout.backfilled is None else _flag(path, line, row[layout.backfilled])
    group = None if layout.server_group is None else row[layout.server_group].strip() or None
    gathered.add(bookmaker, crash, started, backfilled, group)


def _time(path: Path | str, line: int, text: str) -> float:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        where = f"{path}:{line}" if line else str(path)  # a database's rows have no line
        raise CrashDataError(
            f"{where}: {text.strip()!r} is not a date and time (write 2025-12-01 00:00:10 or ISO 8601)"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _flag(path: Path, line: int, text: str) -> bool:
    value = FLAGS.get(text.strip().lower())
    if value is None:
        raise CrashDataError(f"{path}:{line}: backfilled {text.strip()!r} is not True or False")
    return value


def file_bookmaker(path: Path) -> str:
    """The bookmaker a file without a bookmaker column stands for: its name, or its folder's where
    the name holds a digit (a date or a counter, one file per day or per run)."""
    return path.parent.resolve().name if DIGIT.search(path.stem) else path.stem


def _only(rounds: pd.DataFrame, bookmaker: str | None, server_group: str | None) -> pd.DataFrame:
    if bookmaker is None and server_group is None:
        return rounds
    keep = pd.Series(True, index=rounds.index)
    if bookmaker is not None:
        keep &= rounds["bookmaker"].str.casefold() == bookmaker.casefold()
    if server_group is not None:
        keep &= rounds["server_group"].fillna("").str.casefold() == server_group.casefold()
    if not keep.any():
        wanted = f"bookmaker {bookmaker}" if bookmaker is not None else f"server group {server_group}"
        raise CrashDataError(f"no rounds of {wanted}; the sources hold {_inventory(rounds)}")
    return rounds[keep].reset_index(drop=True)


def _inventory(rounds: pd.DataFrame) -> str:
    if rounds.empty:
        return "no rounds at all"
    names = ", ".join(sorted(rounds["bookmaker"].unique()))
    groups = ", ".join(sorted(g for g in rounds["server_group"].dropna().unique())) or "none"
    return f"bookmakers {names}; server groups {groups}"
