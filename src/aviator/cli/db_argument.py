"""The `--db PATH|URL` option shared by the commands that read recorded data."""

from __future__ import annotations

import argparse

from aviator.cli.preflight import require_postgres
from aviator.data.backends import Database, DatabaseError, open_database

DB_HELP = "the database: a file path (SQLite), sqlite:///PATH or postgresql://USER@HOST/NAME"


def add_db_argument(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    help_text = DB_HELP if default is None else f"{DB_HELP} (default: {default})"
    parser.add_argument("--db", default=default, required=default is None, metavar="PATH|URL", help=help_text)


def open_recorded(target: str) -> Database:
    """Opens an existing database for reading; a bad path or URL is a usage error naming it."""
    from aviator.cli import UsageError

    require_postgres(target)  # a server that does not answer is named with how to start one
    try:
        return open_database(target, must_exist=True)
    except DatabaseError as error:
        raise UsageError(str(error)) from error
