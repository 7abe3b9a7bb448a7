"""The statistics tab on a SQLite database of known rounds: the charts' arrays against the same
statistics computed here by plain loops, the chooser's scopes, refreshes (button, chooser, timer)
that read on a worker thread, and honest captions."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import astuple, fields
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aviator.data.backends import open_database
from aviator.data.models import Round, ThresholdCrossing
from aviator.data.readers.rounds import ALL, Scope
from aviator.gui.statistics_tab import Snapshot, StatisticsTab, load_snapshot
from tests.data.records import stamp

WAIT = 30_000  # ms
NEVER = 3_600_000  # ms: a timer period no test lives to see
T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC).timestamp()  # tests/data/records.py's START


def law(n: int, seed: int) -> list[float]:
    """The crash law written out: M = max(1.00, floor(97 / U) / 100), U uniform on (0, 1]."""
    u = 1.0 - np.random.default_rng(seed).random(n)
    return [max(1.0, float(np.floor(97 / x)) / 100) for x in u]


ADMIRAL = law(300, seed=1)  # rounds 22 s apart from T0: 12:00 to 13:49
SOCCER = law(50, seed=2)  # its own server, 11 s after Admiral's rounds


def game(bookmaker: str, crashes: list[float], group: str | None, offset: float = 0.0) -> list[Round]:
    return [
        Round(bookmaker, m, stamp(22 * i + offset), stamp(22 * i + offset + 10), group)
        for i, m in enumerate(crashes)
    ]


def insert(db: Path, records: list) -> None:
    record_type = type(records[0])
    with open_database(db) as database:
        database.insert_many(
            record_type.TABLE, [f.name for f in fields(record_type)], [astuple(r) for r in records]
        )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Admiral and Meridian share a server (Meridian saw the first 250 rounds); Soccer has none.
    Admiral's rounds 0 and 1 crossed 1.5x, round 1 also 2x."""
    path = tmp_path / "run.db"
    insert(path, [*game("Admiral", ADMIRAL, "admiral"), *game("Meridian", ADMIRAL[:250], "admiral")])
    insert(path, game("Soccer", SOCCER, None, offset=11))
    crossings = [(0, 1.5), (1, 1.5), (1, 2.0)]
    insert(path, [ThresholdCrossing("Admiral", stamp(22 * i), t, stamp(22 * i + 3)) for i, t in crossings])
    return path


class Recorder:
    """The real loader, noting the thread each read runs on."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def __call__(self, db: str | Path, scope: Scope) -> Snapshot:
        self.threads.append(threading.current_thread())
        return load_snapshot(db, scope)


@pytest.fixture
def loader() -> Recorder:
    return Recorder()


def make_tab(qtbot: QtBot, db: Path, loader: Recorder, refresh_ms: int = NEVER) -> StatisticsTab:
    tab = StatisticsTab(db, refresh_ms=refresh_ms, loader=loader)
    qtbot.addWidget(tab)
    return tab


@pytest.fixture
def tab(qtbot: QtBot, db: Path, loader: Recorder) -> Iterator[StatisticsTab]:
    tab = make_tab(qtbot, db, loader)
    qtbot.waitUntil(lambda: tab.shown is not None, timeout=WAIT)
    yield tab
    tab.timer.stop()
    tab.pool.waitForDone()


def choose(qtbot: QtBot, tab: StatisticsTab, label: str) -> None:
    with qtbot.waitSignal(tab.drawn, timeout=WAIT):
        tab.chooser.setCurrentText(label)
    assert tab.shown is not None and tab.shown.scope.label == label


def data(item: object) -> tuple[list[float], list[float]]:
    """A PlotDataItem's shown x and y; it gives None for an empty item."""
    x, y = item.getData()  # type: ignore[attr-defined]
    return list(x if x is not None else []), list(y if y is not None else [])


def assert_charts_show(tab: StatisticsTab, crashes: list[float]) -> None:
    """Every chart's arrays against plain loops over `crashes` (in order of start)."""
    n = len(crashes)
    x, y = data(tab.survival_observed)  # log-log axes: the item gives log10 of its data
    grid = [round(10**v, 2) for v in x]
    assert grid[0] == 1.01 and grid[-1] == max(crashes) and grid == sorted(set(grid))
    assert y == pytest.approx([np.log10(sum(m >= g for m in crashes) / n) for g in grid])
    assert data(tab.survival_law)[1] == pytest.approx([np.log10(0.97 / g) for g in grid])
    window = min(100, n)
    shares = [sum(m >= 2 for m in crashes[end - window : end]) / window for end in range(window, n + 1)]
    assert data(tab.rolling_observed) == (pytest.approx(list(range(window, n + 1))), pytest.approx(shares))
    assert tab.rolling_law.value() == pytest.approx(0.485)
    band = 2 * np.sqrt(0.485 * 0.515 / window)
    assert sorted(line.value() for line in tab.rolling_band) == pytest.approx([0.485 - band, 0.485 + band])
    runs = [len(list(run)) for under, run in itertools.groupby(crashes, key=lambda m: m < 2) if under]
    lengths = list(range(1, max(runs) + 1))
    assert list(tab.streak_bars.opts["x"]) == lengths
    assert list(tab.streak_bars.opts["height"]) == [runs.count(k) for k in lengths]
    expected = [len(runs) * 0.515 ** (k - 1) * 0.485 for k in lengths]
    assert data(tab.streak_law) == (pytest.approx(lengths), pytest.approx(expected))


def test_all_games_count_each_server_group_once(tab: StatisticsTab, loader: Recorder) -> None:
    assert [tab.chooser.itemText(i) for i in range(tab.chooser.count())] == [
        ALL.label,
        "bookmaker: Admiral",
        "bookmaker: Meridian",
        "bookmaker: Soccer",
        "server group: admiral",
    ]
    assert tab.shown is not None and tab.shown.rounds == 350  # Meridian's 250 copies are not counted
    starts = [(22 * i, m) for i, m in enumerate(ADMIRAL)] + [(22 * i + 11, m) for i, m in enumerate(SOCCER)]
    assert_charts_show(tab, [m for _, m in sorted(starts)])
    assert "read from Admiral, Soccer" in tab.status.text()
    # both rounds that crossed 1.5x, one of them 2x, among 350
    assert data(tab.crossing_observed) == (
        pytest.approx(np.log10([1.5, 2.0])),
        pytest.approx(np.log10([2 / 350, 1 / 350])),
    )
    assert data(tab.crossing_law)[1] == pytest.approx(np.log10([0.97 / 1.5, 0.97 / 2]))
    assert threading.current_thread() is threading.main_thread()  # the UI thread
    assert loader.threads and all(t is not threading.main_thread() for t in loader.threads)


def test_one_bookmaker_shows_only_its_rounds(tab: StatisticsTab, qtbot: QtBot, loader: Recorder) -> None:
    choose(qtbot, tab, "bookmaker: Soccer")
    assert tab.shown is not None and tab.shown.rounds == 50
    assert_charts_show(tab, SOCCER)
    assert data(tab.crossing_observed) == ([], [])  # Admiral's crossings are not Soccer's
    # 50 rounds 22 s apart from 12:00:11: all in the 12 o'clock hour
    assert data(tab.per_hour_observed) == (pytest.approx([T0]), pytest.approx([3600 / 22]))
    assert tab.per_hour_overall.value() == pytest.approx(3600 / 22) and tab.per_hour_overall.isVisible()
    assert len(loader.threads) == 2 and threading.main_thread() not in loader.threads


def test_a_server_group_is_read_from_its_bookmaker_with_the_most_rounds(
    tab: StatisticsTab, qtbot: QtBot
) -> None:
    choose(qtbot, tab, "server group: admiral")
    assert tab.shown is not None and tab.shown.rounds == 300  # Admiral's rows; not 300 + 250
    assert_charts_show(tab, ADMIRAL)
    assert "read from Admiral (the group's bookmaker with the most rounds)" in tab.status.text()
    # 300 rounds from 12:00:00, the last at 13:49:38: 163 intervals end in the first hour, 136 in the second
    assert data(tab.per_hour_observed) == (pytest.approx([T0, T0 + 3600]), pytest.approx([3600 / 22] * 2))


def test_refresh_reads_new_rounds_and_keeps_the_choice(tab: StatisticsTab, qtbot: QtBot, db: Path) -> None:
    choose(qtbot, tab, "bookmaker: Soccer")
    more = law(30, seed=3)
    insert(db, game("Soccer", more, None, offset=11 + 22 * 50))
    insert(db, game("BalkanBet", [1.5], None))
    with qtbot.waitSignal(tab.drawn, timeout=WAIT):
        qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    assert tab.shown is not None and tab.shown.rounds == 80
    assert_charts_show(tab, SOCCER + more)
    assert tab.chooser.currentText() == "bookmaker: Soccer"  # a new bookmaker joined the list
    assert tab.chooser.findText("bookmaker: BalkanBet") == 2


def test_the_timer_refreshes_a_visible_tab_without_a_click(qtbot: QtBot, db: Path, loader: Recorder) -> None:
    tab = make_tab(qtbot, db, loader, refresh_ms=50)
    try:
        qtbot.waitUntil(lambda: tab.shown is not None and tab.shown.rounds == 350, timeout=WAIT)
        tab._tick()  # the timer's tick while the tab is hidden: nobody looks, nothing is read
        assert not tab.busy and len(loader.threads) == 1
        tab.show()  # refreshes at once, and the timer's ticks now read
        qtbot.waitUntil(lambda: not tab.busy and len(loader.threads) >= 2, timeout=WAIT)
        reads = len(loader.threads)
        insert(db, game("Soccer", [2.5, 1.2], None, offset=11 + 22 * 50))
        qtbot.waitUntil(lambda: tab.shown is not None and tab.shown.rounds == 352, timeout=WAIT)
        assert len(loader.threads) > reads  # only the timer asked for a read since
    finally:
        tab.timer.stop()
        tab.pool.waitForDone()
    assert all(t is not threading.main_thread() for t in loader.threads)


def test_a_missing_database_is_named_and_not_created(qtbot: QtBot, tmp_path: Path, loader: Recorder) -> None:
    missing = tmp_path / "typo.db"
    tab = make_tab(qtbot, missing, loader)
    qtbot.waitUntil(lambda: "no database at" in tab.status.text(), timeout=WAIT)
    assert not missing.exists() and tab.shown is None
    tab.pool.waitForDone()


def test_every_caption_is_honest(tab: StatisticsTab) -> None:
    assert len(tab.captions) == 5
    for caption in tab.captions:
        text = caption.text()
        assert "independent" in text and "0.97/x" in text and "3 %" in text


def test_only_the_gui_imports_pyqtgraph() -> None:
    script = (
        "import sys\n"
        "import aviator.cli, aviator.orchestration.bookmaker_worker, aviator.analysis.statistics\n"
        "import aviator.data.readers.rounds\n"
        "assert 'pyqtgraph' not in sys.modules, 'pyqtgraph imported outside the GUI'\n"
        "import aviator.gui.statistics_tab\n"
        "assert 'pyqtgraph' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
