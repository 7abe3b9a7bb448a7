"""`aviator sim --web` for real: Chromium windows on a private Xvfb display, read only through the
screen's pixels (the project's X capture) and driven only through XTest input events, against the
truth log the command writes."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psutil
import pytest
from Xlib import X
from Xlib import display as xdisplay

from aviator.cli.sim import clock_path
from aviator.core.capture.mss_screen import MssScreen
from aviator.core.capture.window_titles import window_titles
from aviator.core.communication.clock import ScaledClock
from aviator.core.input.driver import XTestDriver
from aviator.core.ocr.tesseract import TesseractOCR
from aviator.sim.private_display import private_display
from aviator.sim.renderer import format_multiplier
from aviator.sim.truth_log import read_truth
from tests.e2e.apps import App, start, stop
from tests.sim.web.screen_reading import (
    Window,
    active_tabs,
    crop,
    flight_share,
    green_buttons,
    parse_window,
    read_red_number,
)

LAYOUTS = ("official", "mobile", "strip-below", "flight-bar", "bare-strip")
SPEED = 4.0
SEED = "7"  # every site's longest flight of its two rounds lasts 5.3 s of game time or more
LAG = 0.5  # real seconds a page may take to show a change on this loaded machine
FLYING, STILL = 0.15, 0.02  # shares of a window in the flight's colours: flying, and surely not


@pytest.fixture
def web_sim(tmp_path: Path) -> Iterator[tuple[App, list[Window], str, Path]]:
    with private_display() as display:
        env = {**os.environ, "DISPLAY": display}
        truth = tmp_path / "truth.jsonl"
        layouts = [option for name in LAYOUTS for option in ("--layout", name)]
        args = ["sim", "--web", *layouts, "--hold", "--rounds", "2", "--speed", str(SPEED), "--seed", SEED]
        app = start([*args, "--truth", str(truth)], env)
        browsers: list[psutil.Process] = []
        try:
            app.out.expect("ready", timeout=240)  # every page connected and painted the game
            browsers = psutil.Process(app.process.pid).children(recursive=True)
            windows = [parse_window(line) for line in app.out.seen if line.startswith("window ")]
            yield app, windows, display, truth
        finally:
            assert stop(app) == 0
        assert psutil.wait_procs(browsers, timeout=10)[1] == []  # no browser process outlives it


def _bets(truth: Path, site: str) -> list[dict]:
    return [bet for bet in read_truth(truth, "bet_placed") if bet["bookmaker"] == site]


def _wait_for(condition, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.05)  # polling a file the simulator writes: its only output


def _place_bets(window: Window, display: str, screen: MssScreen, driver: XTestDriver, truth: Path) -> None:
    """Clicks the first panel's green button; types a stake of 2.5 into the second's, if any."""
    buttons = [b.offset(window.rect.left, window.rect.top) for b in green_buttons(screen.grab(window.rect))]
    assert len(buttons) == (2 if window.layout in ("official", "strip-below", "flight-bar") else 1), window
    first = buttons[0]
    driver.click(first.left + first.width // 2, first.top + first.height // 2)
    _wait_for(lambda: len(_bets(truth, window.site)) == 1, f"bet of {window.site}")
    if len(buttons) == 2:
        second = buttons[1]
        driver.click(second.left - 50, second.top + 36)  # the stake field left of the button
        _keyboard_follows_pointer(display)  # the pointer is on the field just clicked
        driver.key("ctrl+a")
        driver.type_text("2.5")
        driver.click(second.left + second.width // 2, second.top + second.height // 2)
        _wait_for(lambda: len(_bets(truth, window.site)) == 2, f"second bet of {window.site}")
    # The page shows each bet's button waiting (dark red) a frame or two later.
    _wait_for(lambda: not green_buttons(screen.grab(window.rect)), f"{window.site}'s buttons waiting", 5)


def _switch_to_auto(window: Window, screen: MssScreen, driver: XTestDriver) -> None:
    """A click on the first panel's Auto tab moves its highlight there (the page alone handles tabs)."""
    tabs = active_tabs(screen.grab(window.rect))
    assert len(tabs) == (2 if window.layout == "official" else 1), (window, tabs)
    bet = tabs[0]
    driver.click(window.rect.left + bet.right + bet.width // 2, window.rect.top + bet.top + bet.height // 2)
    moved = lambda: active_tabs(screen.grab(window.rect))[0].left >= bet.right  # noqa: E731
    _wait_for(moved, f"{window.site}'s Auto tab", 5)


def _keyboard_follows_pointer(display: str) -> None:
    """Gives the keyboard to whatever window is under the pointer, as a window manager's
    focus-follows-mouse does. Xvfb has no window manager, and Chromium takes the keyboard on a click
    only when it believes its window inactive: a window that had the focus at start and lost it to a
    later one without noticing never takes it back (measured: that window, every time)."""
    screen = xdisplay.Display(display)
    try:
        screen.set_input_focus(X.PointerRoot, X.RevertToPointerRoot, X.CurrentTime)
        screen.sync()
    finally:
        screen.close()


def _phase_at(rounds: list[dict], origin: datetime, t: float) -> str:
    """The phase the truth says a site was in at game second `t`, or "edge" within LAG of a change."""
    margin = LAG * SPEED
    for r in rounds:
        start, crash = (_seconds(r[key], origin) for key in ("started_at", "crashed_at"))
        if start + margin <= t <= crash - margin:
            return "playing"
        if start - margin < t < crash + margin:
            return "edge"
    return "still"


def _seconds(stamp: str, origin: datetime) -> float:
    return (datetime.fromisoformat(stamp.replace("Z", "+00:00")) - origin).total_seconds()


@pytest.mark.timeout(600)
def test_web_pages_show_the_truth_and_take_real_input(web_sim) -> None:
    app, windows, display, truth = web_sim
    assert [w.layout for w in windows] == list(LAYOUTS)
    titles = [title for _, title in window_titles(display)]
    assert titles.count("Aviator") == 2 and len({w.rect.width for w in windows}) == len(windows), titles
    screen, driver = MssScreen(display), XTestDriver(display)
    try:
        for window in windows:  # betting for round 1 while the clock is held
            assert flight_share(screen.grab(window.rect)) < STILL, window
            if window.layout in ("official", "bare-strip"):
                _switch_to_auto(window, screen, driver)
            _place_bets(window, display, screen, driver, truth)
    finally:
        driver.close()
    placed = read_truth(truth, "bet_placed")
    assert [(b["bookmaker"], b["round"], b["stake"]) for b in placed if b["panel"] == 2] == [
        (w.site, 1, 2.5) for w in windows if w.layout in ("official", "strip-below", "flight-bar")
    ]
    app.process.send_signal(signal.SIGUSR1)  # the games' clock starts
    _wait_for(lambda: clock_path(truth).exists(), "published clock")
    clock = ScaledClock.load(clock_path(truth))
    samples = _watch(app, screen, windows, clock)
    _check_phases(samples, windows, truth, clock)
    _check_crash_screens(screen, windows, truth)
    settled = read_truth(truth, "bet_settled")
    assert {(s["bookmaker"], s["round"]) for s in settled} >= {(b["bookmaker"], 1) for b in placed}


def _watch(app: App, screen: MssScreen, windows: list[Window], clock: ScaledClock) -> list[tuple]:
    """Grabs the screen until the command says every round crashed and was painted, and once more
    after that (the last crash is then on screen)."""
    samples: list[tuple] = []
    finished = False
    while not finished:
        finished = "finished" in app.out.seen
        before = clock.now()
        shot = screen.grab_all()
        after = clock.now()
        samples.append((before, after, [flight_share(crop(shot, w.rect)) for w in windows]))
        assert len(samples) < 3000, "the games did not finish"
    return samples


def _check_phases(samples: list[tuple], windows: list[Window], truth: Path, clock: ScaledClock) -> None:
    """A window is in the flight's colours whenever the truth says its plane flies, never when not."""
    rounds, origin = read_truth(truth), clock.origin_utc
    for index, window in enumerate(windows):
        mine = [r for r in rounds if r["bookmaker"] == window.site]
        assert [r["round"] for r in mine] == [1, 2], window
        phases = [
            (_phase_at(mine, origin, before), _phase_at(mine, origin, after), shares[index])
            for before, after, shares in samples
        ]
        flying = [share for a, b, share in phases if a == b == "playing"]
        still = [share for a, b, share in phases if a == b == "still"]
        assert flying and min(flying) > FLYING, (window, flying)
        assert still and max(still) < STILL, (window, max(still))
        _check_shown_at(mine, origin, [(b, a, shares[index]) for b, a, shares in samples])


def _check_shown_at(rounds: list[dict], origin: datetime, samples: list[tuple]) -> None:
    """The truth's shown_at is honest: every grab that starts after it, until the next take-off,
    shows no flight any more (a collector that looks then sees the crash)."""
    starts = [_seconds(r["started_at"], origin) for r in rounds[1:]] + [float("inf")]
    for r, next_start in zip(rounds, starts, strict=True):
        shown = _seconds(r["shown_at"], origin)
        after = [share for before, end, share in samples if before >= shown and end <= next_start]
        assert after and max(after) < STILL, (r, after)


def _check_crash_screens(screen: MssScreen, windows: list[Window], truth: Path) -> None:
    """Once finished, every game shows its last crash in red, as the truth log says."""
    shot = screen.grab_all()
    ocr = TesseractOCR()
    try:
        for window in windows:
            last = [r for r in read_truth(truth) if r["bookmaker"] == window.site][-1]
            pixels = crop(shot, window.rect)
            assert flight_share(pixels) < STILL
            assert read_red_number(pixels, ocr) == format_multiplier(last["crash"]), window
    finally:
        ocr.close()
