"""`aviator report` as the user runs it: over the real rounds (the HTML, the PNGs, and the figures
the data's README states), and on bad input one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.analysis.sequences import fair
from tests.data.conftest import sqlite_url  # noqa: F401  (the fixture)
from tests.data.records import round_at

from aviator.cli import main
from aviator.data.writers import RecordWriters


def real_sources(real_data: Path) -> list[str]:
    return [
        str(real_data / "UVuruna-gmbl" / "csv"),
        str(real_data / "thiagosvl-aviator-risk-analyzer" / "GRAFOS_CSV"),
        str(real_data / "devMukeshK-4raBet-Predict"),
        str(real_data / "balojey-aviator"),
    ]


def test_the_report_over_the_real_rounds(
    real_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert main(["report", "--data", *real_sources(real_data), "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rounds"] == 19_872  # every Aviator round of the README's table
    figures = result["figures"]
    assert figures["P(>= 2x)"]["observed"] == pytest.approx(0.48, abs=0.01)
    assert figures["median"]["observed"] == pytest.approx(1.91, abs=0.02)
    assert figures["P(1.00x)"]["observed"] == pytest.approx(0.04, abs=0.005)
    assert figures["P(>= 10x)"]["observed"] == pytest.approx(0.10, abs=0.01)
    assert abs(result["lag1_autocorrelation"]) < 0.02
    assert result["house_edge"]["interval"][0] < 0.03 < result["house_edge"]["interval"][1]
    grafos = result["cycle_fits"]["GRAFOS_CSV"]
    assert grafos["base"] == pytest.approx(12.6, abs=0.3) and grafos["per_ln"] == pytest.approx(12.0, abs=0.3)
    tests = result["tests"]
    assert all(set(t) == {"name", "statistic", "p_value", "verdict"} for t in tests)
    assert {t["verdict"] for t in tests} == {"pass"}  # no detectable dependence, the law holds
    assert (out / "report.html").stat().st_size > 100_000  # the plots are inside
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == 8 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_one_server_group(real_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = str(real_data / "UVuruna-gmbl" / "csv")
    assert main(["report", "--data", csv, "--server-group", "mozzart", "--out", str(tmp_path)]) == 0
    assert "1,810 rounds" in capsys.readouterr().out  # Merkur's file: the only one of that group


def test_a_recorded_database_shows_a_server_group_once(
    sqlite_url: str,  # noqa: F811  (the fixture: a SQLite file)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    writers = RecordWriters(sqlite_url, spill_dir=tmp_path)
    crashes = fair(300, seed=31)
    for i, crash in enumerate(crashes):  # one server, two bookmakers: MaxBet joined late, 10 backfilled
        writers.add(round_at(i, float(crash), "Merkur", server_group="mozzart"))
        if i >= 50:
            writers.add(round_at(i, float(crash), "MaxBet", server_group="mozzart", backfilled=i < 60))
    writers.close()
    out = tmp_path / "report"
    assert main(["report", "--db", sqlite_url, "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["rounds"], result["all_rounds"]) == (300, 550)  # Merkur's rounds stand for the group
    page = (out / "report.html").read_text()
    assert "Bookmakers of one server group share 100%-100% of their rounds" in page
    assert "540 rounds recorded live, 10 backfilled" in page


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "give the rounds"),
        (["--data", "/nonexistent/rounds.csv"], "rounds.csv"),
        (["--data", "{csv}", "--bookmaker", "Nobody"], "no rounds of bookmaker Nobody"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    arguments: list[str], message: str, real_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = str(real_data / "UVuruna-gmbl" / "csv" / "Admiral.csv")
    argv = ["report", *[a.format(csv=csv) for a in arguments], "--out", str(tmp_path)]
    assert main(argv) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("aviator report: ") and message in error and "\n" not in error
