"""Which backend a --db value opens, and the messages for values that name none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aviator.data.backends import DatabaseError, open_database
from aviator.data.backends.postgres import PostgresDatabase
from aviator.data.backends.sqlite import SQLiteDatabase


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path) -> None:
    with open_database(tmp_path / "a.db") as db:
        assert isinstance(db, SQLiteDatabase)
    assert (tmp_path / "a.db").is_file()


def test_sqlite_urls_are_relative_with_three_slashes_absolute_with_four(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    open_database("sqlite:///relative.db").close()
    open_database(f"sqlite:///{tmp_path}/absolute.db").close()
    assert (tmp_path / "relative.db").is_file() and (tmp_path / "absolute.db").is_file()


def test_a_postgresql_url_opens_postgresql(postgres_url: str) -> None:
    with open_database(postgres_url) as db:
        assert isinstance(db, PostgresDatabase)
        assert db.query("SELECT current_database()") == [("test",)]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("mysql://user@host/db", "unsupported database URL mysql://user@host/db"),
        ("sqlite://host/run.db", "bad SQLite URL sqlite://host/run.db"),
        ("sqlite:///", "bad SQLite URL sqlite:///"),
    ],
)
def test_a_url_naming_no_backend_is_refused_by_name(target: str, reason: str) -> None:
    with pytest.raises(DatabaseError, match=reason):
        open_database(target)


def test_a_url_passed_through_a_path_is_refused_not_made_a_file(tmp_path: Path) -> None:
    mangled = Path("postgresql://postgres@127.0.0.1:5432/test")  # Path collapses "//" to "/"
    with pytest.raises(
        DatabaseError, match=re.escape("postgresql:/postgres@127.0.0.1:5432/test looks like a database URL")
    ):
        open_database(mangled)
    assert not Path("postgresql:").exists()


def test_must_exist_refuses_to_create_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=f"no database at {tmp_path / 'typo.db'}"):
        open_database(tmp_path / "typo.db", must_exist=True)
    assert not (tmp_path / "typo.db").exists()
