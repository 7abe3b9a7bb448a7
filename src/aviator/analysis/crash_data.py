"""Crash sequences for backtests, oldest first: read from CSV files or a recorded database, or drawn
from the crash law.

A CSV file names its crash column in its header, case-insensitively one of CRASH_COLUMNS (the
first found wins): `final_score` as `aviator export rounds` writes it, `crash`, `multiplier` or
`score`. Its delimiter is `,` or `;`, whichever the header uses more; a value may be written with a
decimal comma (`1,57`), thousands separators (`3,281.54`, `3.281,54`) or a trailing `x`. Rows are
taken in the file's order and none is skipped: a value that is not a crash stops the reading with
the file, line and value, so that a backtest never runs on part of a file without saying so.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import numpy as np

from aviator.config.settings import RTP
from aviator.data.backends import Database

CRASH_COLUMNS = ("final_score", "crash", "multiplier", "score")  # in order of preference
BOOKMAKER_COLUMN = "bookmaker"
SQLITE_MAGIC = b"SQLite format 3\x00"  # the first bytes of every SQLite database file
DATABASE_URLS = ("postgresql://", "postgres://", "sqlite:///")
PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
AMBIGUOUS_COMMA = re.compile(r"\d{1,3},\d{3}")  # 1,234: a thousands separator or a decimal comma?


class CrashDataError(ValueError):
    """Crash data that cannot be used as it is: the message names the file (and line) and what to fix."""


def is_database(source: str) -> bool:
    """Whether a --data source is a database: a PostgreSQL or SQLite URL, or a SQLite file (told by
    its first bytes, whatever its name)."""
    if source.lower().startswith(DATABASE_URLS):
        return True
    try:
        with Path(source).open("rb") as file:
            return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False  # a missing file is named by read_csv


def read_csv(path: Path, bookmaker: str | None = None) -> np.ndarray:
    """The crashes of a CSV file in the order of its rows; with `bookmaker`, only that bookmaker's
    rows (the file then needs a `bookmaker` column)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return np.asarray(list(_crashes(path, file, bookmaker)), dtype=float)
    except UnicodeDecodeError:
        raise CrashDataError(f"{path}: not a text (UTF-8) CSV file") from None
    except OSError as error:
        raise CrashDataError(f"{path}: cannot be read: {error.strerror or error}") from None


def _crashes(path: Path, file: TextIO, bookmaker: str | None) -> Iterator[float]:
    header_line = file.readline()
    delimiter = "," if header_line.count(",") > header_line.count(";") else ";"
    header = [name.strip() for name in next(csv.reader([header_line], delimiter=delimiter), [])]
    if not any(header):
        raise CrashDataError(f"{path}: empty: its first line must name the columns")
    column = _column(path, header)
    only = None if bookmaker is None else _bookmaker_column(path, header)
    rows = csv.reader(file, delimiter=delimiter)
    for row in rows:
        line = rows.line_num + 1  # the header was line 1
        if not any(field.strip() for field in row):
            continue  # a blank line holds no round
        if len(row) != len(header):
            raise CrashDataError(f"{path}:{line}: {len(row)} fields where the header has {len(header)}")
        if only is None or row[only].strip() == bookmaker:
            yield crash_at(path, line, row[column])


def _column(path: Path, header: list[str]) -> int:
    names = [name.lower() for name in header]
    for wanted in CRASH_COLUMNS:
        if wanted in names:
            return names.index(wanted)
    raise CrashDataError(
        f"{path}: no crash column: the header names {', '.join(map(repr, header))}; "
        f"name the crash column one of {', '.join(CRASH_COLUMNS)}"
    )


def _bookmaker_column(path: Path, header: list[str]) -> int:
    names = [name.lower() for name in header]
    if BOOKMAKER_COLUMN not in names:
        raise CrashDataError(f"{path}: --bookmaker needs a {BOOKMAKER_COLUMN} column, and this file has none")
    return names.index(BOOKMAKER_COLUMN)


def crash_at(path: Path, line: int, text: str) -> float:
    """The crash written `text` at `path`:`line`; CrashDataError naming both when it is none."""
    try:
        value = parse_multiplier(text)
    except ValueError as error:
        raise CrashDataError(f"{path}:{line}: {error}") from None
    if value < 1.0:
        raise CrashDataError(f"{path}:{line}: crash {text.strip()!r} is below 1.00, the lowest crash")
    return value


def parse_multiplier(text: str) -> float:
    """A crash multiplier as sites and exports write it: 1.57, 1,57, 3,281.54, 3.281,54, 2.00x."""
    number = text.strip().removesuffix("x").removesuffix("X").strip()
    if AMBIGUOUS_COMMA.fullmatch(number):
        raise ValueError(
            f"{text.strip()!r} is ambiguous (a thousands or a decimal comma?): write 1234 or 1.234"
        )
    if "," in number and "." in number:  # 3,281.54 or 3.281,54: the last mark is the decimal one
        number = number.replace("," if number.rfind(",") < number.rfind(".") else ".", "")
    number = number.replace(",", ".")
    if not PLAIN_NUMBER.fullmatch(number):
        raise ValueError(f"{text.strip()!r} is not a crash multiplier (write one like 1.57)")
    return float(number)


def read_rounds(database: Database, bookmaker: str | None = None) -> np.ndarray:
    """The recorded crashes in order of their rounds' start (then of recording), of every bookmaker
    or only `bookmaker`; with the game's two decimals, as `aviator export rounds` writes them."""
    where, params = ("WHERE bookmaker = ?", (bookmaker,)) if bookmaker else ("", ())
    rows = database.query(f"SELECT final_score FROM rounds {where} ORDER BY started_at, id", params)
    return np.round(np.asarray([row[0] for row in rows], dtype=float), 2)


def recorded_bookmakers(database: Database) -> list[str]:
    """The bookmakers with rounds in `database`: several, unfiltered, make one interleaved sequence."""
    return [row[0] for row in database.query("SELECT DISTINCT bookmaker FROM rounds ORDER BY bookmaker")]


def law_crashes(rng: np.random.Generator, shape: int | tuple[int, ...]) -> np.ndarray:
    """Crashes drawn from the law measured on real rounds: M = max(1.00, floor(97 / U) / 100), U
    uniform on (0, 1]; P(M >= x) = 0.97 / x for x on the game's cent grid."""
    u = 1.0 - rng.random(shape)  # random() is on [0, 1): this is on (0, 1], never a division by 0
    return np.maximum(1.0, np.floor(RTP * 100 / u) / 100)


def generate(n: int, seed: int | None = None) -> np.ndarray:
    """`n` independent crashes from the law; the same seed gives the same crashes."""
    return law_crashes(np.random.default_rng(seed), n)
