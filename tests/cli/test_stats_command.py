"""`aviator stats` and `aviator export rounds` on recorded databases, and on bad --db values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.data.conftest import postgres_url  # noqa: F401  (the real PostgreSQL fixture)
from tests.data.records import round_at

from aviator.cli import main
from aviator.data.backends import open_database
from aviator.data.writers import RecordWriters


def record(url: str, spill_dir: Path) -> None:
    writers = RecordWriters(url, spill_dir=spill_dir)
    for i, score in enumerate((1.5, 2.5, 12.0, 1.1)):
        writers.add(round_at(i, score, "Admiral"))
        writers.add(round_at(i, 1.3, "Mozzart"))
    writers.close()


@pytest.fixture
def recorded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/run.db"
    record(url, tmp_path)
    return url


def test_stats_prints_every_bookmaker_and_the_honest_note(
    recorded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--db", recorded]) == 0
    out = capsys.readouterr().out
    assert "Admiral" in out and "Mozzart" in out and "50.0%" in out
    assert "independent" in out and "0.97/x" in out and "house edge" in out


def test_stats_of_one_bookmaker(recorded: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", recorded, "--bookmaker", "Mozzart"]) == 0
    assert "Admiral" not in capsys.readouterr().out
    assert main(["stats", "--db", recorded, "--bookmaker", "Nobody"]) == 2
    assert "no rounds recorded for Nobody" in capsys.readouterr().err


def test_export_reads_postgresql(
    postgres_url: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record(postgres_url, tmp_path)
    assert main(["export", "rounds", "--db", postgres_url, "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 8


@pytest.mark.parametrize("command", [["stats"], ["export", "rounds"]])
def test_bad_databases_are_named_with_a_non_zero_exit(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database" * 100)
    for target, reason in (
        (str(tmp_path / "missing.db"), "no database at"),
        (str(corrupt), "not a database"),
        ("oracle://db", "unsupported database URL oracle://db"),
    ):
        assert main([*command, "--db", target]) == 2
        assert reason in capsys.readouterr().err
    assert corrupt.read_bytes() == b"not a database" * 100


def test_export_of_another_table(recorded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "phases.csv"
    assert main(["export", "phase_transitions", "--db", recorded, "--out", str(out)]) == 0
    assert out.read_text() == "bookmaker,phase,at,node\n"
    assert "0 phase_transitions written to" in capsys.readouterr().err


def test_export_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    url = str(tmp_path / "many.db")
    with open_database(url) as db:  # far more than a pipe buffers, so the reader leaves mid-export
        db.insert_many(
            "rounds", ["bookmaker", "final_score", "started_at", "ended_at"], [("A", 2.0, "s", "e")] * 20_000
        )
    export = subprocess.Popen(
        [sys.executable, "-m", "aviator", "export", "rounds", "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert export.stdout.readline().startswith(b"bookmaker,final_score")
    export.stdout.close()
    assert export.wait(timeout=60) == 0
    assert export.stderr.read() == b""


def test_stats_never_prints_a_password(
    postgres_url: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record(postgres_url, tmp_path)
    with_password = postgres_url.replace("postgres@", "postgres:hunter2@")  # trust auth ignores it
    assert main(["stats", "--db", with_password]) == 0
    out = capsys.readouterr().out
    assert "postgres:***@" in out and "hunter2" not in out


@pytest.fixture
def fleet(tmp_path: Path) -> str:
    """Node a watched Admiral; node b watched Meridian (Admiral's game server: its rounds) and Mozzart."""
    url = f"sqlite:///{tmp_path}/fleet.db"
    scores = (1.5, 2.5, 12.0, 1.1)
    for node, games in (("a", ["Admiral"]), ("b", ["Meridian", "Mozzart"])):
        writers = RecordWriters(url, spill_dir=tmp_path / node, node=node)
        for i, score in enumerate(scores):
            for game in games:
                group = None if game == "Mozzart" else "admiral"
                writers.add(round_at(i, score if group else 1.3, game, server_group=group))
        writers.close()
    return url


def rows_of(out: str, names: tuple[str, ...]) -> dict[str, list[str]]:
    """The first table's rows, by their first cell."""
    return {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line.split()[:1] in ([n] for n in names)
    }


def test_stats_by_node(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", fleet, "--by", "node"]) == 0
    out = capsys.readouterr().out
    table = rows_of(out.split("share of rounds")[0], ("a", "b"))
    assert table["a"][:2] == ["-", "4"] and table["b"][:2] == ["-", "8"]  # group, rounds
    assert table["a"][3] == "50.0%" and table["b"][3] == "25.0%"  # P(>=2x): 2 of 4, 2 of 8


def test_stats_by_server_group_counts_a_group_once(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", fleet, "--by", "server-group"]) == 0
    out = capsys.readouterr().out
    table = rows_of(out.split("share of rounds")[0], ("admiral", "Mozzart"))
    assert table["admiral"][1] == "4" and table["Mozzart"][1] == "4"  # not 8: Meridian's are Admiral's
    assert "server-group" in out  # the first column's title
