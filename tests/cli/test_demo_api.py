"""`aviator demo --api` as a user runs it: the API, the dashboard and the metrics answer on loopback
while the demo records, a token is made on the first run (0600, printed once), and the demo still
ends with every round recorded."""

from __future__ import annotations

import socket
import stat
import subprocess
from pathlib import Path

from tests.api.live_api import call, wait_for
from tests.e2e.lines import Lines
from tests.orchestration.demo_process import AVIATOR

from aviator.api.tokens import read_token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_demo_api_serves_health_metrics_rounds_and_the_dashboard(tmp_path: Path) -> None:
    port, token_file = free_port(), tmp_path / "api-token"
    command = [*AVIATOR, "demo", "--bookmakers", "2", "--rounds", "2", "--speed", "8"]
    command += ["--db", str(tmp_path / "run.db"), "--truth", str(tmp_path / "truth.jsonl")]
    command += ["--api", f"127.0.0.1:{port}", "--api-token-file", str(token_file)]
    with (tmp_path / "stderr.txt").open("w") as stderr:  # a file: a full pipe would stop the demo
        demo = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
    out, url = Lines(demo), f"http://127.0.0.1:{port}"
    try:
        out.expect("API and dashboard on", timeout=120)  # sync point: it serves before the workers start
        wait_for(lambda: call(f"{url}/health")[0] == 200, "every worker running: /health 200")
        status, rounds = call(f"{url}/rounds?limit=5")
        assert status == 200 and set(rounds) == {"rounds", "next_cursor"}
        status, metrics = call(f"{url}/metrics")
        assert status == 200 and 'uptime_seconds{node="' in metrics
        status, page = call(f"{url}/")
        assert status == 200 and "Kill switch" in page
        assert demo.wait(300) == 0, (tmp_path / "stderr.txt").read_text()
    finally:
        if demo.poll() is None:
            demo.kill()
    token = read_token(token_file)
    assert token and stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert sum(token in line for line in out.seen) == 1  # printed once, on the first run
    assert "captured 100.0 %, exact 100.0 %" in "\n".join(out.seen)
