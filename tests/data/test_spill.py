"""The spill file: records survive on disk by field name, replay a chunk at a time from the last
confirmed chunk, and a torn line is kept aside, not guessed."""

from __future__ import annotations

import json
from dataclasses import astuple
from pathlib import Path

from aviator.data.models import Round
from aviator.data.spill import SpillFile
from tests.data.records import round_at


def test_records_come_back_in_chunks_resuming_after_the_last_confirmed(tmp_path: Path) -> None:
    spill = SpillFile(tmp_path / "rounds.jsonl", Round)
    records = [round_at(i, 1.0 + i, players=i) for i in range(5)]
    spill.append(records)
    chunks = list(spill.chunks(2))
    assert [records for records, _ in chunks] == [records[:2], records[2:4], records[4:]]
    spill.replayed(chunks[0][1])  # the first chunk was committed, then the process died
    spill.append([round_at(9, 9.0)])  # a later run spilled more: it waits for the next replay
    assert [records for records, _ in spill.chunks(2)] == [records[2:4], records[4:]]
    spill.done()
    assert [records for records, _ in spill.chunks(2)] == [[round_at(9, 9.0)]]
    spill.done()
    assert not spill.pending()


def test_a_line_written_before_a_field_existed_replays_with_its_default(tmp_path: Path) -> None:
    path = tmp_path / "rounds.jsonl"
    old = {"bookmaker": "Admiral", "final_score": 2.0, "started_at": "s", "ended_at": "e"}
    path.write_text(json.dumps(old) + "\n")
    assert [records for records, _ in SpillFile(path, Round).chunks(10)] == [
        [Round("Admiral", 2.0, "s", "e")]
    ]


def test_a_torn_line_is_kept_in_the_rejected_file(tmp_path: Path) -> None:
    path = tmp_path / "rounds.jsonl"
    spill = SpillFile(path, Round)
    spill.append([round_at(0, 1.5)])
    with path.open("a") as out:
        out.write('{"bookmaker": "Admi')  # the process died mid-write
    assert [records for records, _ in spill.chunks(10)] == [[round_at(0, 1.5)]]
    (kept,) = spill.rejected.read_text().splitlines()
    assert json.loads(kept)["line"] == '{"bookmaker": "Admi'


def test_rows_are_stored_by_field_name_like_records(tmp_path: Path) -> None:
    spill = SpillFile(tmp_path / "rounds.jsonl", Round)
    records = [round_at(i, 1.0 + i, players=i) for i in range(3)]
    spill.append_rows(astuple(r) for r in records[:2])
    spill.append(records[2:])
    lines = [json.loads(line) for line in spill.path.read_text().splitlines()]
    assert [line["players"] for line in lines] == [0, 1, 2]
    assert [records for records, _ in spill.chunks(10)] == [records]


def test_one_process_at_a_time_replays_a_shared_file(tmp_path: Path) -> None:
    # Two SpillFiles of one path stand for two processes: flock locks each open file apart.
    mine, theirs = SpillFile(tmp_path / "rounds.jsonl", Round), SpillFile(tmp_path / "rounds.jsonl", Round)
    mine.append([round_at(1, 1.5)])
    with mine.replay_claimed() as claimed:
        assert claimed
        with theirs.replay_claimed() as also:
            assert not also
    with theirs.replay_claimed() as claimed_later:
        assert claimed_later
