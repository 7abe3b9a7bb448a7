"""PostgreSQL specifics: a lost connection is temporary and replaced; an unreachable server is named."""

from __future__ import annotations

from dataclasses import astuple, fields

import psycopg
import pytest

from aviator.data.backends import DatabaseError, TemporaryDatabaseError, open_database
from aviator.data.models import Round
from tests.data.conftest import POSTGRES, application_of, drop_connections
from tests.data.records import round_at

COLUMNS = [f.name for f in fields(Round)]


def test_a_connection_the_server_dropped_is_replaced_on_the_next_call(postgres_url: str) -> None:
    with open_database(postgres_url) as db:
        (pid,) = db.query("SELECT pg_backend_pid()")[0]
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,)).fetchone() == (True,)
        with pytest.raises(TemporaryDatabaseError):
            db.insert_many("rounds", COLUMNS, [astuple(round_at(0, 1.5))])
        db.insert_many("rounds", COLUMNS, [astuple(round_at(1, 2.5))])
        assert db.query("SELECT final_score FROM rounds") == [(2.5,)]
        assert db.query("SELECT pg_backend_pid()")[0][0] != pid


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(
        DatabaseError, match=r"postgresql://postgres:\*\*\*@127\.0\.0\.1:1/test.*refused"
    ) as caught:
        open_database("postgresql://postgres:secret@127.0.0.1:1/test")
    assert "secret" not in str(caught.value)


def test_reachable_replaces_a_dropped_connection(postgres_url: str) -> None:
    with open_database(postgres_url) as db:
        (pid,) = db.query("SELECT pg_backend_pid()")[0]
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,)).fetchone() == (True,)
        assert db.reachable()
        assert db.query("SELECT pg_backend_pid()")[0][0] != pid


def test_a_server_refusing_the_reconnect_is_a_temporary_error(own_role: str) -> None:
    role = application_of(own_role)
    with open_database(own_role) as db, psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {role} NOLOGIN")
        drop_connections(role)
        with pytest.raises(TemporaryDatabaseError, match="terminating connection"):
            db.insert_many("rounds", COLUMNS, [astuple(round_at(0, 1.5))])
        with pytest.raises(TemporaryDatabaseError, match="not permitted to log in"):
            db.insert_many("rounds", COLUMNS, [astuple(round_at(0, 1.5))])
        assert not db.reachable()
        admin.execute(f"ALTER ROLE {role} LOGIN")
        db.insert_many("rounds", COLUMNS, [astuple(round_at(0, 1.5))])
        assert db.query("SELECT COUNT(*) FROM rounds") == [(1,)]
