"""Pictures of the control panel for the README: every tab of `aviator gui --demo` with six live
simulated bookmakers betting Martingale on paper, drawn by Qt itself (offscreen: no display needed).

    .venv/bin/python docs/make_pictures.py [--out docs] [--rounds 4]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: pictures need no display

from PySide6.QtWidgets import QApplication

from aviator.config.betting import BettingConfig
from aviator.gui.bridge import LogBridge
from aviator.gui.host import DemoHost
from aviator.gui.main_window import MainWindow
from aviator.orchestration.demo import DemoOptions

SIZE = (1500, 950)


def wait_for(qt: QApplication, done: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        qt.processEvents()
        time.sleep(0.05)  # a picture script, not a test: polls the live window for its content
    if not done():
        raise SystemExit(f"the demo did not get there in {timeout:.0f} s")


def pictures(out: Path, rounds: int) -> list[Path]:
    qt = QApplication.instance() or QApplication(["make_pictures"])
    with tempfile.TemporaryDirectory() as folder:
        options = DemoOptions(
            bookmakers=6, speed=5, seed=7, db=Path(folder) / "run.db", truth=Path(folder) / "truth.jsonl",
            betting=BettingConfig(strategy="martingale"), betting_state=Path(folder) / "betting.json",
        )  # fmt: skip
        window = MainWindow(DemoHost(options), LogBridge())
        window.resize(*SIZE)
        window.show()
        window.start()
        state = window.host.app.state
        wait_for(qt, lambda: min(s.rounds for s in state.snapshot()) >= rounds, timeout=600)
        written = []
        window.setup_tab.screenshot_button.click()  # the games as they are now, under the editor
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            for _ in range(20):
                qt.processEvents()
            path = out / f"gui-{window.tabs.tabText(index).lower()}.png"
            window.grab().save(str(path))
            written.append(path)
        window.host.stop()
        window.host.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    for path in pictures(args.out, args.rounds):
        print(path)


if __name__ == "__main__":
    main()
