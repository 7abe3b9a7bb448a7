"""The control panel against a real demo collector, tab by tab (in order; the last one closes it):
its buttons act on real worker processes, its kill switch on the real ledger, and closing it
leaves every round recorded."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aviator.analysis.phase_classifier import PhaseClassifier
from aviator.analysis.truth_compare import compare
from aviator.core.communication.messages import WorkerStatus
from aviator.data.backends import open_database
from aviator.data.export import iter_rounds
from aviator.gui.main_window import MainWindow
from aviator.orchestration.health_monitor import Lifecycle
from aviator.sim.truth_log import read_truth

LEFT = Qt.MouseButton.LeftButton
WAIT = 120_000  # ms: a busy machine starts six processes slowly


def test_the_grid_shows_each_bookmakers_rounds_as_they_are_recorded(panel: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: panel.host.started.is_set(), timeout=WAIT)
    assert panel.host.error is None
    names = panel.host.app.state.names()
    assert list(panel.bookmakers.cards) == names and len(names) == 2
    card = panel.bookmakers.cards[names[0]]
    qtbot.waitUntil(lambda: len(card.bubbles.crashes) >= 2, timeout=WAIT)
    recorded = [crash for crash, _ in panel.bridge.recent[names[0]]]
    assert card.bubbles.crashes == recorded  # the bubbles are the crashes the worker recorded
    assert card.rounds.text().startswith(f"{panel.host.app.state.get(names[0]).rounds}")
    assert "per hour" in card.rounds.text() and card.worker.text() == "Running"


def test_pause_and_resume_act_on_the_real_worker(panel: MainWindow, qtbot: QtBot) -> None:
    name = panel.host.app.state.names()[1]
    card, looks = panel.bookmakers.cards[name], []
    panel.host.app.bus.subscribe(
        WorkerStatus, lambda s: looks.append(s.looks) if s.bookmaker == name else None
    )
    qtbot.mouseClick(card.pause, LEFT)
    assert panel.host.app.monitor.state(name) is Lifecycle.PAUSED
    looks.clear()
    qtbot.waitUntil(lambda: len(looks) >= 3, timeout=WAIT)  # heartbeats of the paused worker
    assert looks[-1] == looks[-2]  # it takes no look while paused
    qtbot.waitUntil(lambda: card.resume.isEnabled() and not card.pause.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(card.resume, LEFT)
    looks.clear()
    qtbot.waitUntil(lambda: len(looks) >= 2 and looks[-1] > looks[0], timeout=WAIT)  # looking again
    assert panel.host.app.monitor.state(name) is Lifecycle.RUNNING


def test_the_betting_tab_shows_the_bets_and_its_kill_switch_stops_the_ledger(
    panel: MainWindow, qtbot: QtBot
) -> None:
    tab = panel.betting
    qtbot.waitUntil(
        lambda: any(" placed " in tab.steps.item(i).text() for i in range(tab.steps.count())), timeout=WAIT
    )
    assert tab.summary.text().startswith("paper betting by flat: profit")
    qtbot.mouseClick(tab.kill, LEFT)
    qtbot.waitUntil(lambda: panel.host.app.betting.ledger.stopped is not None, timeout=WAIT)
    assert panel.host.app.betting.ledger.stopped == "the control panel's kill switch"
    qtbot.waitUntil(lambda: "STOPPED" in tab.summary.text(), timeout=WAIT)


def test_the_log_view_shows_lines_at_the_chosen_level(panel: MainWindow, qtbot: QtBot) -> None:
    log = logging.getLogger("aviator.test_gui")
    log.addHandler(panel.log_bridge)
    try:
        log.warning("a warning for the log view")
        qtbot.waitUntil(lambda: "a warning for the log view" in panel.log.view.toPlainText(), timeout=WAIT)
        panel.log.level.setCurrentText("error")
        assert "a warning for the log view" not in panel.log.view.toPlainText()
        panel.log.level.setCurrentText("debug")
        assert "a warning for the log view" in panel.log.view.toPlainText()  # kept, shown again
    finally:
        log.removeHandler(panel.log_bridge)


def test_the_tools_tab_shows_every_worker_the_writers_and_reads_an_image(
    panel: MainWindow, qtbot: QtBot, real_data: Path
) -> None:
    tools = panel.tools
    names = panel.host.app.state.names()
    looks = lambda: [int(tools.workers.item(row, 4).text()) for row in range(tools.workers.rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: tools.workers.rowCount() == 2 and min(looks()) > 0, timeout=WAIT)
    assert [tools.workers.item(row, 0).text() for row in range(2)] == names
    qtbot.waitUntil(lambda: tools.writers.rowCount() > 0, timeout=WAIT)  # the first health check: 10 s
    assert "database reachable" in tools.system.text()
    tables = {tools.writers.item(row, 0).text(): row for row in range(tools.writers.rowCount())}
    # the health checks come every 10 s: one comes after the first round was written
    qtbot.waitUntil(lambda: int(tools.writers.item(tables["rounds"], 2).text()) > 0, timeout=WAIT)
    crop = real_data / "UVuruna-Robin" / "knowledge" / "Game Phase - 4 Score Low.png"  # a real 1.70x
    tools.choose_file = lambda: str(crop)
    tools.kind.setCurrentText("multiplier")
    qtbot.mouseClick(tools.read_button, LEFT)
    qtbot.waitUntil(lambda: "= 1.7 " in tools.reading.text(), timeout=WAIT)


def test_the_tools_tab_trains_the_phase_classifier_on_the_recorded_colours(
    panel: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    training = panel.tools.training
    training.model = tmp_path / "phase.npz"
    qtbot.mouseClick(training.button, LEFT)
    assert not training.button.isEnabled()  # one training at a time
    qtbot.waitUntil(lambda: training.button.isEnabled(), timeout=WAIT)  # the process ended
    assert training.output.text().startswith("trained on "), training.output.text()
    assert "held out:" in training.output.text()
    classifier = PhaseClassifier.load(training.model)
    assert len(classifier.centroids) > 0


def test_the_statistics_and_setup_tabs_show_the_live_demo(panel: MainWindow, qtbot: QtBot) -> None:
    panel.tabs.setCurrentWidget(panel.statistics)
    recorded = lambda: sum(s.rounds for s in panel.host.app.state.snapshot())  # noqa: E731
    qtbot.waitUntil(
        lambda: panel.statistics.shown is not None and panel.statistics.shown.rounds > 0, timeout=WAIT
    )
    assert 0 < panel.statistics.shown.rounds <= recorded()  # read from the demo's database
    panel.tabs.setCurrentWidget(panel.setup_tab)
    visualizer = panel.setup_tab.visualizer
    panel.setup_tab.tabs.setCurrentWidget(visualizer)
    multiplier = panel.host.setup.game_regions(panel.host.setup.bookmakers[0]).multiplier
    image = visualizer.grid.images["multiplier"]
    qtbot.waitUntil(lambda: image.pixmap() is not None and not image.pixmap().isNull(), timeout=WAIT)
    assert (image.pixmap().width(), image.pixmap().height()) == (multiplier.width, multiplier.height)


def test_closing_the_window_leaves_every_round_recorded(panel: MainWindow, qtbot: QtBot) -> None:
    panel.close()
    assert panel.isVisible()  # it waits for the collector to stop and write everything
    qtbot.waitUntil(lambda: panel.done and not panel.isVisible(), timeout=WAIT)
    options = panel.host.options
    database = open_database(options.db)
    try:
        recorded = list(iter_rounds(database))
    finally:
        database.close()
    comparison = compare(read_truth(options.truth_path), recorded)
    assert (
        comparison.total("truth") > 0
        and comparison.percent("exact") == 100.0
        and comparison.total("extra") == 0
    )
