"""The input lock: one owner of the mouse and keyboard across processes."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from aviator.core.input.lock import InputBusy, InputLock, lock_path

CONTEXT = mp.get_context("spawn")


def _hold(path: Path, holding: mp.Event, release: mp.Event) -> None:
    with InputLock(path).hold(timeout=5):
        holding.set()
        release.wait(30)


def test_another_process_waits_while_one_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "input.lock"
    holding, release = CONTEXT.Event(), CONTEXT.Event()
    owner = CONTEXT.Process(target=_hold, args=(path, holding, release))
    owner.start()
    try:
        assert holding.wait(30)
        with pytest.raises(InputBusy), InputLock(path).hold(timeout=0.05):
            pass
    finally:
        release.set()
        owner.join(30)
    with InputLock(path).hold(timeout=5):
        assert owner.exitcode == 0


def test_the_lock_file_is_named_after_the_display() -> None:
    assert lock_path(":7") != lock_path(":8")
    assert lock_path(":7").name == "aviator-input_7.lock"
