"""`aviator verify-fair FILE`: the real SportyBet file passes on its hashes and says the formula was
not checked; a changed copy fails with exit code 1; a wrong file is one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aviator.cli import main

SPORTY = "balojey-aviator/sporty_aviator_data.csv"


def test_the_real_file_passes_on_its_hashes(real_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-fair", str(real_data / SPORTY)]) == 0
    out = capsys.readouterr().out
    assert "1664 of 1664 match" in out
    assert "not checked: no published formula holds" in out
    assert "passed: hashes" in out


def test_json_says_what_was_checked(real_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-fair", "--json", str(real_data / SPORTY)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 1664 and result["hashes_matched"] == 1664 and result["ok"] is True
    assert result["multiplier_checked_by"] is None
    assert [f["holds"] for f in result["formulas"]] == [False, False]


def test_a_tampered_copy_fails(real_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = (real_data / SPORTY).read_text(encoding="utf-8").splitlines()
    fields = lines[9].split(",")
    fields[4] = fields[4].swapcase()  # client seed 1 of line 10
    lines[9] = ",".join(fields)
    tampered = tmp_path / "tampered.csv"
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["verify-fair", "--json", str(tampered)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (
        result["hash_mismatch_lines"] == [10] and result["hashes_matched"] == 1663 and result["ok"] is False
    )
    assert main(["verify-fair", str(tampered)]) == 1
    out = capsys.readouterr().out
    assert "1663 of 1664 match; mismatching lines: 10" in out and "MISMATCH" in out


@pytest.mark.parametrize("name", ["UVuruna-gmbl/csv/Admiral.csv", "no-such-file.csv"])
def test_a_wrong_file_is_one_line_and_exit_2(
    real_data: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-fair", str(real_data / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aviator verify-fair: ") and err.count("\n") == 1 and name in err
