"""The provably fair check of rounds published with their seeds: every SHA-512 recomputed, and the
hash-to-multiplier formula checked where one holds on the data.

Spribe publishes, per round, the server seed, the client seeds of the first three bettors and
SHA-512(server_seed + client_seed_1 + client_seed_2 + client_seed_3). A file of such rounds (the
SportyBet file in `../shared/data/real/balojey-aviator/`) has no header and nine fields a row:
`round_id,date,time,server_seed,client_seed_1,client_seed_2,client_seed_3,sha512_hash,multiplier`.

The hash check is exact: a row whose seeds do not give its hash was changed (or mis-copied). The
multiplier check needs the formula the site really uses. Spribe's published formula (the first 13
hex digits of the hash as h, e = 2^52, max(1, floor((100e - h) / (e - h)) / 100)) agrees with 8
of the 1,664 real rounds, which is chance; the same hash put through the 0.97/x law (floor(97e /
(e - h)) / 100) agrees with 358 of them (21.5 %) and with none of the others (no correlation, no
shifted row). Neither holds, so on that file only the hashes are checked, and the summary says so.
A formula is taken to hold when it agrees with at least HOLDS_AT of the rows; its disagreements are
then mismatches like a wrong hash.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aviator.analysis.crash_data import CrashDataError, parse_multiplier

FIELDS = 9  # round_id, date, time, server seed, three client seeds, hash, multiplier
HASH_FIELD = 7
SHA512_HEX = re.compile(r"[0-9a-fA-F]{128}")
HOLDS_AT = 0.99  # below this share of agreeing rows a formula is not the site's: not checked
E = 2**52  # 13 hex digits of the hash: a uniform integer below 2^52


@dataclass(frozen=True)
class SeededRound:
    """One published round: what the site says it drew the crash from, and the crash it showed."""

    line: int
    round_id: str
    date: str
    time: str
    server_seed: str
    client_seeds: tuple[str, str, str]
    sha512: str
    multiplier: float


@dataclass(frozen=True)
class Formula:
    """A candidate mapping from the round's hash to its multiplier."""

    name: str
    expression: str
    multiplier: Callable[[str], float]


def _first_13(sha512: str) -> int:
    return int(sha512[:13], 16)


def spribe_published(sha512: str) -> float:
    """Spribe's published formula: max(1, floor((100e - h) / (e - h)) / 100)."""
    h = _first_13(sha512)
    return max(1.0, math.floor((100 * E - h) / (E - h)) / 100)


def law_of_hash(sha512: str) -> float:
    """The 0.97/x law applied to the hash: max(1, floor(97e / (e - h)) / 100)."""
    return max(1.0, math.floor(97 * E / (E - _first_13(sha512))) / 100)


FORMULAS = (
    Formula(
        "spribe",
        "max(1, floor((100e - h) / (e - h)) / 100), h = first 13 hex digits, e = 2^52",
        spribe_published,
    ),
    Formula("law-0.97", "max(1, floor(97e / (e - h)) / 100), h = first 13 hex digits, e = 2^52", law_of_hash),
)


@dataclass(frozen=True)
class FormulaResult:
    """How many rows one formula agrees with, and whether that makes it the site's formula."""

    name: str
    expression: str
    agree: int
    rows: int

    @property
    def holds(self) -> bool:
        return self.rows > 0 and self.agree >= HOLDS_AT * self.rows


@dataclass(frozen=True)
class FairnessReport:
    """The outcome of the check on one file: hashes, formulas and the rows that failed."""

    path: str
    rows: int
    hash_mismatches: list[int] = field(default_factory=list)  # file lines
    formulas: list[FormulaResult] = field(default_factory=list)
    multiplier_mismatches: list[int] = field(default_factory=list)  # lines, by the formula that holds

    @property
    def hashes_matched(self) -> int:
        return self.rows - len(self.hash_mismatches)

    @property
    def formula_checked(self) -> FormulaResult | None:
        return next((f for f in self.formulas if f.holds), None)

    @property
    def ok(self) -> bool:
        return not self.hash_mismatches and not self.multiplier_mismatches

    def as_json(self) -> dict[str, object]:
        checked = self.formula_checked
        return {
            "file": self.path,
            "rows": self.rows,
            "hashes_matched": self.hashes_matched,
            "hash_mismatch_lines": self.hash_mismatches,
            "formulas": [{**vars(f), "holds": f.holds} for f in self.formulas],
            "multiplier_checked_by": None if checked is None else checked.name,
            "multiplier_mismatch_lines": self.multiplier_mismatches,
            "ok": self.ok,
        }


def combined_hash(round_: SeededRound) -> str:
    """SHA-512 of the server seed and the three client seeds, concatenated, as lower-case hex."""
    text = round_.server_seed + "".join(round_.client_seeds)
    return hashlib.sha512(text.encode("utf-8")).hexdigest()


def is_seeded_row(row: Sequence[str]) -> bool:
    """Whether a CSV row looks like a published round (nine fields, the eighth a SHA-512)."""
    return len(row) == FIELDS and SHA512_HEX.fullmatch(row[HASH_FIELD].strip()) is not None


def read_seeded(path: Path) -> list[SeededRound]:
    """The published rounds of `path` in file order; any row that is not one stops the reading
    with the file and line."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = csv.reader(file)
            return [_seeded(path, rows.line_num, row) for row in rows if any(f.strip() for f in row)]
    except UnicodeDecodeError:
        raise CrashDataError(f"{path}: not a text (UTF-8) file") from None
    except OSError as error:
        raise CrashDataError(f"{path}: cannot be read: {error.strerror or error}") from None


def _seeded(path: Path, line: int, row: list[str]) -> SeededRound:
    if not is_seeded_row(row):
        raise CrashDataError(
            f"{path}:{line}: not a published round: expected {FIELDS} fields, round_id,date,time,"
            "server_seed,client_seed_1,client_seed_2,client_seed_3,sha512_hash,multiplier"
        )
    try:
        multiplier = parse_multiplier(row[8])
    except ValueError as error:
        raise CrashDataError(f"{path}:{line}: {error}") from None
    seeds = (row[4].strip(), row[5].strip(), row[6].strip())
    values = [value.strip() for value in row[:4]]
    return SeededRound(line, *values, seeds, row[HASH_FIELD].strip().lower(), multiplier)


def verify(path: Path, rounds: Sequence[SeededRound]) -> FairnessReport:
    """Every hash recomputed; the multipliers checked by the first formula that holds, if any."""
    hash_bad = [r.line for r in rounds if combined_hash(r) != r.sha512]
    agree = {f.name: [_agrees(f, r) for r in rounds] for f in FORMULAS}
    results = [FormulaResult(f.name, f.expression, sum(agree[f.name]), len(rounds)) for f in FORMULAS]
    holding = next((f for f in results if f.holds), None)
    multiplier_bad = (
        []
        if holding is None
        else [r.line for r, ok in zip(rounds, agree[holding.name], strict=True) if not ok]
    )
    return FairnessReport(str(path), len(rounds), hash_bad, results, multiplier_bad)


def _agrees(formula: Formula, round_: SeededRound) -> bool:
    # The site shows two decimals: a difference under half a cent is the same crash.
    return abs(formula.multiplier(round_.sha512) - round_.multiplier) < 0.005
