"""The API against its targets: with 100 WebSocket clients on a six-bookmaker demo, events reach
them within 50 ms at p99 and the API adds under 5 % of a core to the collector's main process; and
GET /rounds pages through 1,000,000 rows in PostgreSQL at under 20 ms a page at p99.

Delivery: each event carries the moment the collector sent it out (`sent_at`) and the moment its
worker saw it on the screen (`ended_at`, `at`; wall clock); the clients (a process of their own,
so that their work is not the API's) note when it arrived. CPU: the same demo (same seed, same
length) with and without --api and its clients; the main process's CPU time is compared, the
workers are the same in both. Both leave out the first WARM_UP seconds (imports, building the app,
100 clients connecting): the targets are about serving while the collector runs.

    .venv/bin/python -m benchmarks.bench_api [--seconds 120] [--clients 100] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from benchmarks.common import spread, write_result

from aviator.api.addresses import Address
from aviator.api.context import ApiContext
from aviator.api.server import ApiServer
from aviator.api.tokens import read_token
from aviator.data.backends import open_database
from aviator.orchestration.collector_app import CollectorApp

TARGETS = {"delivery_p99_ms": 50.0, "added_cpu_percent": 5.0, "page_p99_ms": 20.0}
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
PORT = 8791
PAGE_SIZES = (100, 1000)  # the API's default page, and its largest
TOKEN_FILE = "storage/bench-api-token"
WARM_UP = 15.0  # seconds of the demo's start (imports, the app's build, the clients connecting) not measured


def demo(seconds: float, api: bool) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "aviator", "demo", "--bookmakers", "6", "--speed", "1", "--seed", "3"]
    command += ["--minutes", str(seconds / 60), "--db", f"/tmp/bench-api-{api}.db"]
    command += ["--api", f"127.0.0.1:{PORT}", "--api-token-file", TOKEN_FILE] if api else []
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def main_cpu_seconds(process: subprocess.Popen[str], warm_up: float) -> float:
    """The demo's main process CPU time from `warm_up` seconds after its start until it ends (its
    children are the workers: not counted). The start (imports, the app's build) is left out: the
    target is what serving costs while it runs, the same window with and without the API."""
    watched, started = psutil.Process(process.pid), time.monotonic()
    at_warm_up, used = None, 0.0
    while process.poll() is None:
        try:
            times = watched.cpu_times()
        except psutil.NoSuchProcess:
            break
        used = times.user + times.system
        if at_warm_up is None and time.monotonic() - started >= warm_up:
            at_warm_up = used
        time.sleep(0.5)  # a benchmark's sampling, not a test's wait
    return used - (at_warm_up or 0.0)


def run_demo(seconds: float, clients: int) -> dict[str, Any]:
    process = demo(seconds + WARM_UP, api=clients > 0)
    listeners = None
    if clients:
        _wait_for_api()
        listeners = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_api",
                "--listen",
                str(clients),
                "--seconds",
                str(seconds + WARM_UP),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
    cpu = main_cpu_seconds(process, WARM_UP)
    delays = json.loads(listeners.communicate()[0]) if listeners else []
    return {"cpu_seconds": cpu, "delays": delays}


def _wait_for_api(timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the demo's API did not answer")


async def listen(clients: int, seconds: float) -> list[tuple[str, float]]:
    """`clients` WebSocket clients for `seconds`: each event's delay from the collector's moment."""
    import websockets

    token = read_token(Path(TOKEN_FILE))
    url = f"ws://127.0.0.1:{PORT}/ws?token={token}&kinds=round,phase"
    delays: list[tuple[str, float]] = []  # (kind, seconds)
    measured_from = time.time() + WARM_UP / 2  # the clients are connected and the API warm by then

    async def one() -> None:
        async with websockets.connect(url, max_queue=None) as socket:
            await socket.recv()  # the snapshot
            async for message in socket:
                arrived = time.time()
                if arrived < measured_from:
                    continue
                event = json.loads(message)
                seen = event["data"].get("ended_at") or event["data"].get("at")
                for since, moment in (("sent", event["sent_at"]), ("seen", seen)):
                    delays.append((f"{event['kind']} since {since}", arrived - _epoch(moment)))

    tasks = [asyncio.create_task(one()) for _ in range(clients)]
    await asyncio.sleep(seconds)
    for task in tasks:
        task.cancel()
    return delays


def _epoch(moment: str) -> float:
    return datetime.fromisoformat(moment).timestamp()


def paging(rows: int) -> dict[str, Any]:
    """GET /rounds over `rows` rows in a PostgreSQL schema of its own, page by page."""
    schema = f"bench_api_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    try:
        _fill(url, rows)
        return {f"pages_of_{limit}": _page_through(url, limit) for limit in PAGE_SIZES}
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _fill(url: str, rows: int) -> None:
    with open_database(url) as database:
        columns = ("bookmaker", "final_score", "started_at", "ended_at", "node")
        for chunk in range(0, rows, 100_000):
            batch = [
                (f"B{i % 6}", 1.0 + (i % 500) / 100, f"2026-01-01T00:00:{i % 60:02d}.000Z", "x", "bench")
                for i in range(chunk, min(rows, chunk + 100_000))
            ]
            database.insert_many("rounds", columns, batch)


def _page_through(url: str, limit: int) -> dict[str, Any]:
    """Every page of `limit` rows in turn; the milliseconds each took, client side."""
    app = CollectorApp(url, ["B0"])
    server = ApiServer(ApiContext(app, url, None, "bench"), Address("127.0.0.1", 0))
    server.start()
    seconds, cursor, pages = [], "", 0
    try:
        while True:
            started = time.perf_counter()
            with urllib.request.urlopen(f"{server.url}/rounds?limit={limit}{cursor}") as answer:
                page = json.loads(answer.read())
            seconds.append(time.perf_counter() - started)
            pages += 1
            if page["next_cursor"] is None:
                break
            cursor = f"&cursor={page['next_cursor']}"
    finally:
        server.stop()
        app.drain()
        app.close()
    return {"pages": pages, "page_ms": spread(seconds, 1000)}


def _delivery(delays: list[tuple[str, float]]) -> dict[str, Any] | None:
    """Milliseconds from the moment the collector sent an event out (`sent_at`) to its arrival: the
    API's delivery, the target's measure; and, by kind, from the moment the worker saw it on the
    screen (a crash is recorded at the look that confirms it, about one look later)."""
    if not delays:
        return None
    kinds = sorted({kind for kind, _ in delays})
    by_kind = {kind: spread([d for k, d in delays if k == kind], 1000) for kind in kinds}
    return {**spread([d for k, d in delays if k.endswith("since sent")], 1000), "by_kind": by_kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--listen", type=int, help=argparse.SUPPRESS)  # the clients' own process
    args = parser.parse_args()
    if args.listen:
        print(json.dumps(asyncio.run(listen(args.listen, args.seconds))))
        return
    with_api = run_demo(args.seconds, args.clients)
    without = run_demo(args.seconds, 0)
    added = 100 * (with_api["cpu_seconds"] - without["cpu_seconds"]) / args.seconds
    result = {
        "clients": args.clients,
        "seconds": args.seconds,
        "delivery_ms": _delivery(with_api["delays"]),
        "main_cpu_seconds": {
            "with_api": round(with_api["cpu_seconds"], 2),
            "without": round(without["cpu_seconds"], 2),
        },
        "added_cpu_percent": round(added, 2),
        "paging": paging(args.rows),
        "targets": TARGETS,
    }
    print(json.dumps(result, indent=2))
    print(write_result("api", result))


if __name__ == "__main__":
    main()
