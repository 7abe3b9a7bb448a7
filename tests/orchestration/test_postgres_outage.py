"""PostgreSQL out of reach for 30 s in the middle of a demo run: the writers keep what arrives in memory,
retry, and write all of it once the server is back; nothing is lost or written twice, and the main
process's memory stays bounded meanwhile."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from aviator.data.backends import open_database
from aviator.data.export import iter_rounds
from tests.api.tcp_proxy import TcpProxy
from tests.e2e.lines import Lines
from tests.orchestration.truth_checks import assert_rounds_exactly, truth_rounds

OUTAGE = 30.0  # seconds the server is down: the scenario itself, not a wait for work
# Three bookmakers at speed 10 crash a round every ~2.5 s each: about a dozen each during the
# outage. The demo runs until stopped (Ctrl-C) once each has recorded AFTER rounds more after it.
ARGS = ("--bookmakers", "3", "--speed", "10", "--seed", "7")
AFTER = 2
RSS_GROWTH_MB = 30.0  # the backlog of 30 s is a few thousand small records: well under this
SAMPLE_EVERY = 0.5  # seconds between RSS samples during the outage


@dataclass(frozen=True)
class Server:
    """The local PostgreSQL as this test's demo reaches it: through a TCP forwarder that the test
    cuts (every connection ended, every new one closed at once: to the demo the server is down) and
    restores. Stopping the cluster itself would end every other test's connections too, and those
    of anyone else using the machine's PostgreSQL."""

    proxy: TcpProxy
    url: str  # this test's own schema, through the forwarder

    def stop(self) -> None:
        self.proxy.cut()

    def start(self) -> None:
        self.proxy.restore()


@pytest.fixture
def server(postgres_url: str) -> Iterator[Server]:
    proxy = TcpProxy(("127.0.0.1", 5432))
    try:
        yield Server(proxy, postgres_url.replace(":5432/", f":{proxy.port}/"))
    finally:
        proxy.close()


def _start_demo(tmp_path: Path, url: str) -> subprocess.Popen[str]:
    # Run in tmp_path: a PostgreSQL writer's spill files go under ./storage/spill of the process.
    files = ("--db", url, "--truth", str(tmp_path / "truth.jsonl"))
    command = [sys.executable, "-m", "aviator", "demo", *files, *ARGS]
    with (tmp_path / "stderr.txt").open("w") as stderr:  # the child keeps its own copy of the file
        return subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=stderr, text=True)


def _rounds(lines: list[str]) -> Counter[str]:
    """Rounds per bookmaker in the demo's 'round NAME VALUE ended AT' lines."""
    return Counter(line.split()[1] for line in lines if line.startswith("round "))


def _every_bookmaker(rounds: Counter[str], at_least: int) -> bool:
    return len(rounds) == 3 and min(rounds.values()) >= at_least


def _said(lines: list[str], text: str) -> bool:
    """Whether `text` was printed. Not only at a line's start: the demo's threads print alerts at
    the same time, and two of them can share a line."""
    return any(text in line for line in lines)


def _peak_rss_mb(pid: int, seconds: float) -> float:
    """The process's highest resident memory, sampled for `seconds`."""
    process, peak = psutil.Process(pid), 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        peak = max(peak, process.memory_info().rss / 2**20)
        time.sleep(SAMPLE_EVERY)
    return peak


def _outage(server: Server, demo: subprocess.Popen[str], out: Lines) -> tuple[list[str], float, float]:
    """Stops the server for OUTAGE seconds while the games go on; returns what the demo printed
    meanwhile, its RSS (MB) just before and its peak during the outage."""
    before = psutil.Process(demo.pid).memory_info().rss / 2**20
    start = len(out.seen)  # before the stop: the writers fail while pg_ctl still waits for the server's exit
    server.stop()
    try:
        peak = _peak_rss_mb(demo.pid, OUTAGE)
    finally:
        server.start()
    return out.since(start), before, peak


def test_nothing_is_lost_while_postgres_is_down(tmp_path: Path, server: Server, busy_cpus: object) -> None:
    """Beside two processes keeping both cores busy, as a user's browsers do."""
    demo = _start_demo(tmp_path, server.url)
    out = Lines(demo)
    try:
        out.expect("started ", timeout=120)
        # Sync point: every bookmaker's rounds are being recorded before the server goes away.
        out.until(lambda seen: _every_bookmaker(_rounds(seen), 2), 120, "two rounds of each bookmaker")
        during, before, peak = _outage(server, demo, out)
        # Sync point: the rounds writer committed again (its retries back off to at most 5 s).
        out.until(lambda seen: _said(seen, "alert writer rounds: recovered"), 60, "recovered rounds writer")
        back = len(out.seen)
        out.until(lambda seen: _every_bookmaker(_rounds(seen[back:]), AFTER), 60, "rounds after the outage")
        demo.send_signal(signal.SIGINT)  # the demo stops the games first: every crash gets recorded
        assert demo.wait(120) == 0, (tmp_path / "stderr.txt").read_text()
    finally:
        if demo.poll() is None:
            demo.kill()
    _check_outage(during, before, peak)
    _check_nothing_spilled(out.seen, tmp_path / "storage" / "spill")
    with open_database(server.url) as database:
        recorded = list(iter_rounds(database))
    assert_rounds_exactly(truth_rounds(tmp_path / "truth.jsonl"), recorded)


def _check_outage(during: list[str], before: float, peak: float) -> None:
    assert _every_bookmaker(_rounds(during), 5), during  # rounds crashed while the server was down
    assert _said(during, "alert writer rounds: failing"), during
    assert _said(during, "alert database: the database does not answer"), during  # the health monitor's probe
    assert peak - before < RSS_GROWTH_MB, f"RSS grew from {before:.1f} MB to {peak:.1f} MB"


def _check_nothing_spilled(lines: list[str], spill_dir: Path) -> None:
    """A 30 s backlog stays in memory (far below the writers' backlog cap): nothing went to disk,
    nothing was refused."""
    assert not _said(lines, ": spilled:") and not _said(lines, ": rejected:")
    leftovers = [p for p in spill_dir.glob("*") if p.stat().st_size > 0] if spill_dir.exists() else []
    assert leftovers == []
