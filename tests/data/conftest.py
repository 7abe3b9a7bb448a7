"""Real databases for the data tests: SQLite files under tmp_path and the local PostgreSQL server.

Each PostgreSQL test gets its own schema (dropped afterwards), chosen through the URL's
search_path, so concurrent test runs never see each other's tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import psycopg
import pytest

from aviator.data.backends import Database, open_database

POSTGRES = os.environ.get("AVIATOR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    schema = f"aviator_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        # application_name tags this test's connections, so a test can drop exactly those
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}&application_name={schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "run.db")


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """The same test on both backends."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    with open_database(database_url) as db:
        yield db


def application_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["application_name"][0]


def drop_connections(application: str) -> None:
    """Ends this test's server connections, as a server restart would; returns once they are gone."""
    with psycopg.connect(POSTGRES, autocommit=True) as admin:  # the timeout makes each call wait for the end
        admin.execute(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE application_name = %s",
            (application,),
        )


@pytest.fixture
def own_role(postgres_url: str) -> Iterator[str]:
    """`postgres_url` as a role of this test alone, which the test can shut out of the server."""
    schema = application_of(postgres_url)
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {schema} LOGIN")
        admin.execute(f"GRANT ALL ON SCHEMA {schema} TO {schema}")
    try:
        parts = urlsplit(postgres_url)
        yield urlunsplit(parts._replace(netloc=f"{schema}@{parts.hostname}:{parts.port or 5432}"))
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"ALTER ROLE {schema} NOLOGIN")
            drop_connections(schema)
            admin.execute(f"DROP OWNED BY {schema}")
            admin.execute(f"DROP ROLE {schema}")
