"""The statistics tab: the recorded rounds beside the crash law, in five charts (pyqtgraph), for all
games, one bookmaker or one server group.

The UI thread never reads the database: each refresh (the button, the chooser, a timer every
10 s) runs on the tab's own thread pool, which opens its own connection (SQLite connections belong
to one thread), reads, computes the charts' arrays, closes it and hands them back as a signal.
One refresh runs at a time; asking for another meanwhile runs it once the first is done.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aviator.analysis.statistics import (
    CHART_NOTE,
    HONEST_CAPTION,
    P_TWO_X,
    Curve,
    Rolling,
    RoundsPerHour,
    Streaks,
    crossing_rates,
    rolling_share,
    rounds_per_hour,
    streaks,
    survival,
)
from aviator.data.backends import open_database
from aviator.data.readers.rounds import ALL, RecordedRounds, Scope, Sources, read_scope, scopes

log = logging.getLogger(__name__)

REFRESH_MS = 10_000
ROLLING_WINDOW = 100  # rounds: fewer recorded, one window of all of them
COLUMNS = 3
CAPTIONS = {
    "survival": "P(M >= x) recorded (dots) and the law 0.97/x (line), log-log.",
    "rolling": "Share of rounds >= 2x over a sliding window; the law's 0.485 and, dashed, where chance "
    "alone keeps about 95 % of windows.",
    "streaks": "Runs of consecutive rounds under 2x by length (bars) and the law's count (dots): "
    "each further round is under 2x with p = 0.515, whatever the run so far.",
    "crossings": "Share of rounds that crossed each threshold (dots) and the law 0.97/threshold (line).",
    "per_hour": "Rounds per hour while recording (pauses over 5 min left out); 'all' adds the games up.",
}


@dataclass(frozen=True)
class Snapshot:
    """One refresh: what was read and the charts' arrays, computed off the UI thread."""

    scope: Scope
    scopes: list[Scope]  # what the chooser offers now
    sources: Sources  # whose rows were read
    rounds: int
    survival: Curve
    rolling: Rolling
    streaks: Streaks
    crossings: Curve
    per_hour: RoundsPerHour


Loader = Callable[[str | Path, Scope], Snapshot]


def compute(recorded: RecordedRounds, offered: list[Scope]) -> Snapshot:
    """The charts' arrays for `recorded`."""
    crashes = recorded.crashes
    return Snapshot(
        recorded.scope,
        offered,
        recorded.sources,
        crashes.size,
        survival(crashes),
        rolling_share(crashes, min(ROLLING_WINDOW, max(crashes.size, 1))),
        streaks(crashes),
        crossing_rates(recorded.thresholds, recorded.crossed, crashes.size),
        rounds_per_hour(recorded.starts),
    )


def load_snapshot(db: str | Path, scope: Scope) -> Snapshot:
    """Reads `scope` on a connection of the calling thread, closed before returning."""
    with open_database(db, must_exist=True) as database:  # a mistyped path must not look empty
        recorded, offered = read_scope(database, scope), scopes(database)
    return compute(recorded, offered)


def describe(s: Snapshot) -> str:
    """How many rounds, and whose rows stand for a server group."""
    readers = ", ".join(bookmaker for _, bookmaker in s.sources)
    if s.scope.kind == "group" and readers:
        return f"{s.rounds} rounds, read from {readers} (the group's bookmaker with the most rounds)"
    if s.scope.kind == "all" and readers:
        return f"{s.rounds} rounds, read from {readers} (one bookmaker per server group)"
    return f"{s.rounds} rounds"


def _chart(grid: QGridLayout, captions: list[QLabel], title: str, caption: str, log_xy: bool) -> pg.PlotItem:
    """A plot with its caption under it, in the grid's next cell; every caption carries the honest note."""
    widget = pg.PlotWidget(title=title)
    plot = widget.getPlotItem()
    plot.setLogMode(x=log_xy, y=log_xy)
    plot.showGrid(x=True, y=True, alpha=0.2)
    label = QLabel(f"{caption} {CHART_NOTE}")
    label.setWordWrap(True)
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    layout.addWidget(label)
    grid.addWidget(box, len(captions) // COLUMNS, len(captions) % COLUMNS)
    captions.append(label)
    return plot


def _dots(plot: pg.PlotItem, colour: str) -> pg.PlotDataItem:
    return plot.plot([], [], pen=None, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None)


def _law(plot: pg.PlotItem) -> pg.PlotDataItem:
    return plot.plot([], [], pen=pg.mkPen("#ffb300", width=2))


def _level(plot: pg.PlotItem, value: float, dashed: bool = False) -> pg.InfiniteLine:
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen("#ffb300", width=1, style=style))
    plot.addItem(line)
    return line


class StatisticsTab(QWidget):
    """Five charts of the recorded rounds beside the crash law, for a scope chosen above them.

    `db` is a SQLite path or a database URL, opened anew (must exist) on a worker thread for each
    refresh. `loader` reads and computes one refresh (tests wrap it). The timer (`refresh_ms`)
    refreshes only while the tab is visible; showing it refreshes at once.
    """

    loaded = Signal(object)  # a Snapshot, or the exception that stopped the refresh; from the pool's thread
    drawn = Signal()  # the charts show a new Snapshot (`shown`)

    def __init__(self, db: str | Path, refresh_ms: int = REFRESH_MS, loader: Loader = load_snapshot) -> None:
        super().__init__()
        self.db, self.loader = db, loader
        self.shown: Snapshot | None = None
        self.busy = self.again = False  # a refresh runs; another was asked for meanwhile
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.chooser = QComboBox()
        self.chooser.addItem(ALL.label, ALL)
        self.refresh_button, self.status = QPushButton("Refresh"), QLabel("reading the database…")
        layout = QVBoxLayout(self)
        layout.addLayout(self._controls())
        layout.addWidget(QLabel(HONEST_CAPTION))
        layout.addLayout(self._charts())
        self.loaded.connect(self._on_loaded)
        self.chooser.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(refresh_ms)
        self.refresh()

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in (QLabel("rounds of"), self.chooser, self.refresh_button):
            row.addWidget(widget)
        row.addWidget(self.status, 1)  # the rest of the row: it names whose rows were read
        return row

    def _charts(self) -> QGridLayout:
        grid, self.captions = QGridLayout(), []
        chart = partial(_chart, grid, self.captions)
        self.survival_plot = chart("distribution of crashes: P(M >= x)", CAPTIONS["survival"], True)
        self.rolling_plot = chart("rolling P(>= 2x)", CAPTIONS["rolling"], False)
        self.streaks_plot = chart("runs under 2x", CAPTIONS["streaks"], False)
        self.crossings_plot = chart("threshold crossing rate", CAPTIONS["crossings"], True)
        self.per_hour_plot = chart("rounds per hour", CAPTIONS["per_hour"], False)
        self.per_hour_plot.setAxisItems({"bottom": pg.DateAxisItem()})
        self._items()
        return grid

    def _items(self) -> None:
        self.survival_observed = _dots(self.survival_plot, "#34b4ff")
        self.survival_law = _law(self.survival_plot)
        self.rolling_observed = self.rolling_plot.plot([], [], pen=pg.mkPen("#34b4ff", width=1))
        self.rolling_law = _level(self.rolling_plot, P_TWO_X)
        self.rolling_band = (
            _level(self.rolling_plot, P_TWO_X, True),
            _level(self.rolling_plot, P_TWO_X, True),
        )
        self.streak_bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#34b4ff")
        self.streaks_plot.addItem(self.streak_bars)
        self.streak_law = _dots(self.streaks_plot, "#ffb300")
        self.crossing_observed = _dots(self.crossings_plot, "#913ef8")
        self.crossing_law = _law(self.crossings_plot)
        self.per_hour_observed = self.per_hour_plot.plot([], [], pen="#34b4ff", symbol="o", symbolSize=5)
        self.per_hour_overall = _level(self.per_hour_plot, 0.0, True)
        self.per_hour_overall.setVisible(False)  # until a rate is known

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # the timer skipped it while hidden: show the latest at once

    def _tick(self) -> None:
        if self.isVisible():  # while another tab is shown, nobody looks: spare the database
            self.refresh()

    def scope(self) -> Scope:
        """The chosen scope."""
        return self.chooser.currentData() or ALL

    def refresh(self) -> None:
        """Reads and computes on the pool's thread; the charts follow when it is done."""
        if self.busy:
            self.again = True
            return
        self.busy = True
        scope = self.scope()
        self.pool.start(lambda: self._load(scope))

    def _load(self, scope: Scope) -> None:  # on the pool's thread
        try:
            result: Snapshot | Exception = self.loader(self.db, scope)
        except Exception as error:  # shown in the status line; the next refresh tries again
            log.warning("statistics of %s: %s", scope.label, error, exc_info=True)
            result = error
        with contextlib.suppress(RuntimeError):  # the tab is gone (closing): nowhere to show it
            self.loaded.emit(result)

    def _on_loaded(self, result: Snapshot | Exception) -> None:
        self.busy = False
        if isinstance(result, Exception):
            self.status.setText(f"cannot read the statistics: {result}")
        else:
            self._offer(result.scopes)
            if result.scope == self.scope():  # else the chooser moved on: its refresh follows
                self._draw(result)
        if self.again:
            self.again = False
            self.refresh()

    def _offer(self, offered: list[Scope]) -> None:
        current = [self.chooser.itemData(i) for i in range(self.chooser.count())]
        if current == offered:
            return
        chosen = self.scope()
        self.chooser.blockSignals(True)  # the same choice, offered again: no refresh
        self.chooser.clear()
        for scope in offered if chosen in offered else [*offered, chosen]:
            self.chooser.addItem(scope.label, scope)
        self.chooser.setCurrentIndex(self.chooser.findText(chosen.label))
        self.chooser.blockSignals(False)

    def _draw(self, s: Snapshot) -> None:
        self.survival_observed.setData(s.survival.x, s.survival.observed)
        self.survival_law.setData(s.survival.x, s.survival.expected)
        self.rolling_observed.setData(s.rolling.round_number, s.rolling.share)
        self.rolling_plot.setTitle(f"rolling P(>= 2x), {s.rolling.window}-round window")
        for line, sign in zip(self.rolling_band, (1, -1), strict=True):
            line.setValue(P_TWO_X + sign * s.rolling.band)
        self.streak_bars.setOpts(x=s.streaks.length, height=s.streaks.observed)
        self.streak_law.setData(s.streaks.length, s.streaks.expected)
        self.crossing_observed.setData(s.crossings.x, s.crossings.observed)
        self.crossing_law.setData(s.crossings.x, s.crossings.expected)
        self.per_hour_observed.setData(s.per_hour.at, s.per_hour.rate)
        self.per_hour_overall.setVisible(s.per_hour.overall is not None)
        self.per_hour_overall.setValue(s.per_hour.overall or 0.0)
        self.status.setText(f"{describe(s)}; read at {time.strftime('%H:%M:%S')}")
        self.shown = s
        self.drawn.emit()
