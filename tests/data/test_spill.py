"""The spill file: records survive on disk by field name; a torn line is kept aside, not guessed."""

from __future__ import annotations

import json
from pathlib import Path

from aviator.data.models import Round
from aviator.data.spill import SpillFile
from tests.data.records import round_at


def test_records_come_back_in_order_until_done(tmp_path: Path) -> None:
    spill = SpillFile(tmp_path / "rounds.jsonl", Round)
    records = [round_at(i, 1.0 + i, players=i) for i in range(3)]
    spill.append(records)
    assert spill.take() == records
    assert spill.take() == records  # taken but not confirmed: still there after a crash
    spill.done()
    assert not spill.pending() and spill.take() == []


def test_a_line_written_before_a_field_existed_replays_with_its_default(tmp_path: Path) -> None:
    path = tmp_path / "rounds.jsonl"
    old = {"bookmaker": "Admiral", "final_score": 2.0, "started_at": "s", "ended_at": "e"}
    path.write_text(json.dumps(old) + "\n")
    assert SpillFile(path, Round).take() == [Round("Admiral", 2.0, "s", "e")]


def test_a_torn_line_is_kept_in_the_rejected_file(tmp_path: Path) -> None:
    path = tmp_path / "rounds.jsonl"
    spill = SpillFile(path, Round)
    spill.append([round_at(0, 1.5)])
    with path.open("a") as out:
        out.write('{"bookmaker": "Admi')  # the process died mid-write
    assert spill.take() == [round_at(0, 1.5)]
    (kept,) = spill.rejected.read_text().splitlines()
    assert json.loads(kept)["line"] == '{"bookmaker": "Admi'
