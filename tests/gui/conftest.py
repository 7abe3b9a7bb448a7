"""The control panel's tests: Qt's offscreen platform, and a real demo collector behind the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from aviator.config.betting import BettingConfig
from aviator.gui.bridge import LogBridge
from aviator.gui.host import DemoHost
from aviator.gui.main_window import MainWindow
from aviator.orchestration.demo import DemoOptions


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["tests", "-platform", "offscreen"]  # pytest-qt's QApplication: no display needed


@pytest.fixture(scope="module")
def panel(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    """The window on two simulated bookmakers betting flat on paper: real worker processes, a
    real simulator process, SQLite. Its tests run in order; the last closes it."""
    folder = tmp_path_factory.mktemp("panel")
    options = DemoOptions(
        bookmakers=2,
        rounds=6,
        speed=10,
        seed=4,
        db=folder / "run.db",
        truth=folder / "truth.jsonl",
        betting=BettingConfig(strategy="flat"),
        betting_state=folder / "betting.json",
    )
    window = MainWindow(DemoHost(options), LogBridge())
    window.show()
    window.start()
    yield window
    if not window.done:
        window.host.stop()
    window.host.close()
