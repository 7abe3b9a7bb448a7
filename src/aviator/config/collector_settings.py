"""CollectorSettings: how a setup's collector runs, beside where its games are: looks per second,
the thresholds each flight records, the database and where learnt fonts are kept.

A setup file's optional `settings:` section; `aviator run` and `aviator gui --config` use it, the
control panel's Settings tab edits it (checked by this same model), and a command-line option
given on purpose (`--db`, `--learned-templates`) wins over it for that run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aviator.config.settings import DEFAULT_THRESHOLDS, LEARNED_TEMPLATES, LOOKS_PER_SECOND

DEFAULT_DATABASE = "storage/aviator.db"
MAX_LOOKS_PER_SECOND = 30.0  # a flight's multiplier changes about every 0.1 s: 30 looks see every step
MAX_THRESHOLD = 10_000.0
# A database value: a path (SQLite), sqlite:///PATH or postgresql://… (postgres:// too)
DATABASE_URL = re.compile(r"(?i)(postgresql|postgres)://\S+|sqlite:///\S+")


class CollectorSettings(BaseModel):
    """The `settings:` of a setup file: unknown keys are errors, as in the rest of the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    looks_per_second: Annotated[float, Field(gt=0.0, le=MAX_LOOKS_PER_SECOND)] = LOOKS_PER_SECOND
    thresholds: Annotated[tuple[float, ...], Field(min_length=1, max_length=30)] = DEFAULT_THRESHOLDS
    database: str = DEFAULT_DATABASE
    learned_templates: Path = LEARNED_TEMPLATES

    @field_validator("thresholds")
    @classmethod
    def _thresholds(cls, values: tuple[float, ...]) -> tuple[float, ...]:
        """Ascending and each once: a crossing is recorded per threshold and flight."""
        wrong = [v for v in values if not 1.0 < v <= MAX_THRESHOLD]
        if wrong:
            raise ValueError(f"{wrong[0]:g} is not a multiplier above 1 and up to {MAX_THRESHOLD:,.0f}")
        if len(set(values)) != len(values):
            raise ValueError("a threshold is given twice")
        return tuple(sorted(values))

    @field_validator("database")
    @classmethod
    def _database(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("name a database: a file path, sqlite:///PATH or postgresql://USER@HOST/NAME")
        if "://" in value and not DATABASE_URL.fullmatch(value):
            raise ValueError(f"{value!r} is neither a file path nor sqlite:///PATH or postgresql://…")
        return value
