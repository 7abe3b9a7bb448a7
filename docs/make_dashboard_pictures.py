"""Pictures of the live web dashboard for the README: `aviator demo --api` with six simulated
bookmakers betting Martingale on paper, seen by Debian's headless chromium at a desktop's and at a
phone's size.

    .venv/bin/python docs/make_dashboard_pictures.py [--out docs] [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from aviator.api.addresses import Address
from aviator.api.context import ApiContext
from aviator.api.server import ApiServer
from aviator.config.betting import BettingConfig
from aviator.orchestration.demo import Demo, DemoOptions

TOKEN = "pictures"
SIZES = {
    "dashboard.png": {"width": 1280, "height": 860},
    "dashboard-phone.png": {"width": 390, "height": 844},
}


def wait_until_every_game_has(demo: Demo, rounds: int, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while min(s.rounds for s in demo.app.state.snapshot()) < rounds:
        if time.monotonic() > deadline:
            raise SystemExit(f"the demo did not record {rounds} rounds of each game in {timeout:.0f} s")
        time.sleep(0.2)  # a picture script, not a test: polls the live collector


def pictures(out: Path, rounds: int) -> list[Path]:
    with tempfile.TemporaryDirectory() as folder:
        options = DemoOptions(
            bookmakers=6,
            minutes=30,
            speed=5,
            seed=21,
            db=Path(folder) / "run.db",
            betting=BettingConfig(strategy="martingale"),
            betting_state=Path(folder) / "betting.json",
        )
        demo = Demo(options)
        server = ApiServer(ApiContext(demo.app, options.db, TOKEN, "collector-1"), Address("127.0.0.1", 0))
        server.start()
        try:
            demo.start()
            wait_until_every_game_has(demo, rounds)
            return shoot(server.url, out)
        finally:
            demo.stop()
            server.stop()
            demo.close()


def shoot(url: str, out: Path) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for name, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport)
            page.goto(f"{url}/#token={TOKEN}")
            page.wait_for_function("document.querySelector('#connection').textContent === 'live'")
            page.wait_for_function("document.querySelectorAll('.bubble').length > 0")
            page.screenshot(path=str(out / name), full_page=name.endswith("phone.png"))
            written.append(out / name)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for path in pictures(args.out, args.rounds):
        print(path)


if __name__ == "__main__":
    main()
