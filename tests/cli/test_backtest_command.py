"""`aviator backtest`, run as the user runs it: on a hand-written CSV whose result is worked out
below, on the real rounds with --monte-carlo, on a recorded database, and on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.analysis.test_crash_data import real_files
from tests.data.conftest import database_url, postgres_url, sqlite_url  # noqa: F401  (both backends)
from tests.data.records import round_at

from aviator.cli import main
from aviator.data.writers import RecordWriters

# Ten rounds, `;` and decimal commas as a European spreadsheet writes them.
HAND_CSV = "Timestamp;Multiplier\n" + "".join(
    f"2025-12-01 00:{i:02d}:00;{crash}\n"
    for i, crash in enumerate(
        ["1,50", "2,00", "1,00", "1,99", "2,99", "3,00", "1,20", "1,10", "1,05", "45,67"]
    )
)
LADDER = "stakes: [10, 20, 40]\ncashouts: [2.0, 2.0, 3.0]\n"
# The martingale on that ladder, by hand (step: stake at cash-out; crash; result; profit so far):
#   1. step 0: 10 at 2.0; 1.50: lost -10 -> -10    6. step 0: 10 at 2.0; 3.00: won +10 -> -50
#   2. step 1: 20 at 2.0; 2.00: won  +20 ->  10    7. step 0: 10 at 2.0; 1.20: lost -10 -> -60
#   3. step 0: 10 at 2.0; 1.00: lost -10 ->   0    8. step 1: 20 at 2.0; 1.10: lost -20 -> -80
#   4. step 1: 20 at 2.0; 1.99: lost -20 -> -20    9. step 2: 40 at 3.0; 1.05: lost -40 -> -120, cycle 2
#   5. step 2: 40 at 3.0; 2.99: lost -40 -> -60,  10. step 0: 10 at 2.0; 45.67: won +10 -> -110
#      the top step lost: lost cycle 1
# staked 10+20+10+20+40+10+10+20+40+10 = 190; wins 3 (rounds 2, 6, 10); profit -110 = -57.89 % of 190;
# the peak 10 after round 2, the low -120 after round 9: max drawdown 130; longest losing streak 3.
BY_HAND = {
    "rounds": 10,
    "bets": 10,
    "wins": 3,
    "staked": 190.0,
    "profit": -110.0,
    "max_drawdown": 130.0,
    "cycles_lost": 2,
    "longest_losing_streak": 3,
}
# With a bankroll of 100 the balance goes 90, 110, 100, 80, 40 (cycle 1), 50, 40, 20: round 9 asks 40
# of a balance of 20, refused, and so is round 10 (the same step, the same balance): 8 bets, 2 won
# (rounds 2 and 6), staked 10+20+10+20+40+10+10+20 = 140, profit -80, final balance 20, drawdown
# from 10 to -80 = 90, one lost cycle, longest streak 3 (rounds 3-5).
BY_HAND_WITH_100 = {
    "rounds": 10,
    "bets": 8,
    "wins": 2,
    "staked": 140.0,
    "profit": -80.0,
    "max_drawdown": 90.0,
    "cycles_lost": 1,
    "longest_losing_streak": 3,
    "final_balance": 20.0,
}


def aviator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aviator", "backtest", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def hand(tmp_path: Path) -> tuple[Path, Path]:
    crashes, params = tmp_path / "hand.csv", tmp_path / "ladder.yaml"
    crashes.write_text(HAND_CSV, encoding="utf-8")
    params.write_text(LADDER, encoding="utf-8")
    return crashes, params


def test_the_hand_worked_martingale(hand: tuple[Path, Path]) -> None:
    crashes, params = hand
    martingale = ["--strategy", "martingale", "--params", str(params), "--data", str(crashes), "--json"]
    done = aviator(*martingale)
    assert done.returncode == 0 and done.stderr == ""
    report = json.loads(done.stdout)  # the whole of stdout is one JSON object
    assert {key: report[key] for key in BY_HAND} == BY_HAND
    assert report["final_balance"] is None and report["house_edge"] == -0.03
    assert "independent" in report["note"]
    report = json.loads(aviator(*martingale, "--bankroll", "100").stdout)
    assert {key: report[key] for key in BY_HAND_WITH_100} == BY_HAND_WITH_100


def test_the_table_says_what_was_played_and_the_honest_line(hand: tuple[Path, Path]) -> None:
    crashes, params = hand
    done = aviator("--strategy", "martingale", "--params", str(params), "--data", str(crashes), str(crashes))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count(f"data: {crashes}: 10 rounds") == 2  # two sources, played one after the other
    assert "-220.00" in out and "380.00" in out  # twice the hand's profit and stakes: the state runs on
    assert "-57.89%" in out and "about -3%" in out
    honest = "Rounds are independent: no strategy changes the expected loss of about 3 % per unit staked."
    assert any(line.startswith(honest) for line in out.splitlines())


def test_monte_carlo_on_the_real_rounds(real_data: Path) -> None:
    files = [str(path) for path in real_files(real_data)]
    money = ["--bankroll", "1000", "--monte-carlo", "1000", "--seed", "3"]
    done = aviator("--strategy", "martingale", "--data", *files, *money, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rounds"] == 18_208 and report["seed"] == 3
    assert 0.0 <= report["ruin_probability"] <= 1.0
    percentiles = report["profit_percentiles"]
    assert list(percentiles) == ["5", "25", "50", "75", "95"]
    assert list(percentiles.values()) == sorted(percentiles.values())
    assert report["monte_carlo"]["paths"] == 1000 and report["monte_carlo"]["sequences"] == "resampled"
    assert report["monte_carlo"]["engine"] == "vectorised"


def test_generated_rounds_repeat_with_the_seed_and_ruin_needs_a_bankroll(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paroli = ["backtest", "--strategy", "paroli", "--generate", "3000", "--json"]
    reports = []
    for _ in range(2):
        assert main([*paroli, "--seed", "8", "--monte-carlo", "50"]) == 0
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1]
    assert reports[0]["ruin_probability"] is None and reports[0]["monte_carlo"]["sequences"] == "generated"
    assert main([*paroli, "--seed", "9"]) == 0
    assert json.loads(capsys.readouterr().out)["profit"] != reports[0]["profit"]


def test_a_recorded_database_by_bookmaker(
    database_url: str,  # noqa: F811  (the fixture: a SQLite file, then PostgreSQL)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    writers = RecordWriters(database_url, spill_dir=tmp_path)
    for i, (admiral, mozzart) in enumerate([(1.5, 9.0), (2.5, 9.0), (1.0, 9.0)]):
        writers.add(round_at(i, admiral, "Admiral"))
        writers.add(round_at(i, mozzart, "Mozzart"))
    writers.close()
    # flat 10 at 2.0 on Admiral's 1.5, 2.5, 1.0: -10 +10 -10 = -10 of 30 staked
    flat = ["backtest", "--strategy", "flat", "--json", "--data"]
    urls = [database_url] + ([f"sqlite:///{database_url}"] if "://" not in database_url else [])
    for url in urls:
        assert main([*flat, url, "--bookmaker", "Admiral"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert (report["rounds"], report["wins"], report["staked"], report["profit"]) == (3, 1, 30.0, -10.0)
    assert main([*flat, database_url]) == 0
    assert "6 rounds, of 2 bookmakers by start time" in json.loads(capsys.readouterr().out)["sources"][0]


def test_a_users_strategy_runs_backtests_per_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "steady.py").write_text(
        "from aviator.strategies.base import Decision, Strategy\n\n\n"
        "class Steady(Strategy):\n"
        "    name = 'steady'\n\n"
        "    def decide(self, history, state):\n"
        "        return Decision(10.0, 2.0)\n",
        encoding="utf-8",
    )
    reports = []
    for name in ("steady", "flat"):  # the same bet every round: the same figures by either engine
        args = ["--strategy", name, "--strategies", str(folder), "--generate", "200", "--seed", "1"]
        assert main(["backtest", *args, "--monte-carlo", "5", "--bankroll", "50", "--json"]) == 0
        captured = capsys.readouterr()
        reports.append(json.loads(captured.out))
        assert ("not a ladder" in captured.err) is (name == "steady")
    engines = [report.pop("monte_carlo").pop("engine") for report in reports]
    assert engines == ["backtest per path", "vectorised"]
    for report in reports:
        report.pop("strategy"), report.pop("params")
    assert reports[0] == reports[1]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "missing.csv: cannot be read: No such file or directory"),
        ("no crash column", "no crash column: the header names 'Timestamp', 'Value'"),
        ("bad value", "bad.csv:3: '1.5.7' is not a crash multiplier"),
        ("bad params key", "ladder.yaml:2: stakez: unknown key 'stakez': did you mean 'stakes'?"),
        ("bad params value", "ladder.yaml:1: cashouts.1: 0.5: input should be greater than or equal to 1.01"),
        ("unknown strategy", "no strategy named 'martingal' among the built-ins"),
        ("bookmaker of generated rounds", "--bookmaker chooses among the rounds of --data"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str, expected: str) -> None:
    (tmp_path / "nocolumn.csv").write_text("Timestamp;Value\n2025-12-01;1,5\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("crash\n1.5\n1.5.7\n", encoding="utf-8")
    (tmp_path / "ladder.yaml").write_text(
        "cashouts: [2.0, 0.5]\nstakez: [1, 2]\n"
        if case == "bad params value"
        else "stakes: [1]\nstakez: [1]\n",
        encoding="utf-8",
    )
    args = {
        "missing": ["--data", str(tmp_path / "missing.csv")],
        "no crash column": ["--data", str(tmp_path / "nocolumn.csv")],
        "bad value": ["--data", str(tmp_path / "bad.csv")],
        "bad params key": ["--params", str(tmp_path / "ladder.yaml"), "--generate", "10"],
        "bad params value": ["--params", str(tmp_path / "ladder.yaml"), "--generate", "10"],
        "unknown strategy": ["--generate", "10"],
        "bookmaker of generated rounds": ["--generate", "10", "--bookmaker", "Admiral"],
    }[case]
    name = "martingal" if case == "unknown strategy" else "martingale"
    done = aviator("--strategy", name, *args)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert "Traceback" not in done.stderr
    assert lines[0].startswith("aviator backtest: ") and expected in lines[0], done.stderr
    assert len(lines) == (2 if case == "bad params value" else 1)  # one line per problem in the file
