"""The REST API over a live demo collector: what it reads equals the database, its errors name the
bad parameter, and its control routes act on the real worker processes only with the token."""

from __future__ import annotations

import json
import statistics
from urllib.parse import quote

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from aviator.orchestration.health_monitor import Lifecycle
from tests.api.live_api import TOKEN, WAIT, LiveApi, wait_for


def test_health_names_every_worker_and_the_database(api: LiveApi) -> None:
    status, body = api.get("/health")
    assert status == 200 and body["healthy"] is True and body["database_reachable"] is True
    assert [w["bookmaker"] for w in body["workers"]] == api.demo.app.workers
    assert all(w["state"] == "Running" and w["last_look_seconds_ago"] < 30 for w in body["workers"])


def test_rounds_are_paged_by_cursor_in_stored_order_without_a_gap_or_a_repeat(api: LiveApi) -> None:
    stored = api.rows("SELECT id, bookmaker, final_score FROM rounds ORDER BY id")
    seen, cursor = [], ""
    while len(seen) < len(stored):
        status, page = api.get(f"/rounds?limit=2{cursor}")
        assert status == 200 and len(page["rounds"]) <= 2
        seen += [(r["id"], r["bookmaker"], r["final_score"]) for r in page["rounds"]]
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen[: len(stored)] == stored
    one = api.demo.app.workers[0]
    _, page = api.get(f"/rounds?bookmaker={one}&limit=1000")
    assert {r["bookmaker"] for r in page["rounds"]} == {one}


def test_rounds_by_time_window(api: LiveApi) -> None:
    first_end, first_id = api.rows("SELECT ended_at, id FROM rounds ORDER BY id LIMIT 1")[0]
    when = quote(first_end)
    _, before = api.get(f"/rounds?until={when}&limit=1000")
    assert all(r["ended_at"] < first_end for r in before["rounds"])
    _, after = api.get(f"/rounds?since={when}&limit=1000")
    assert after["rounds"][0]["id"] == first_id and all(r["ended_at"] >= first_end for r in after["rounds"])


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("/rounds?limit=0", "limit"),
        ("/rounds?limit=5000", "limit"),
        ("/rounds?cursor=abc", "cursor"),
        ("/rounds?since=yesterday", "since"),
        ("/bets?limit=-1", "limit"),
    ],
)
def test_a_bad_parameter_is_named_in_a_json_error(api: LiveApi, query: str, named: str) -> None:
    status, body = api.get(query)
    assert status == 422 and body["error"].startswith(f"{named}:")


def test_unknown_paths_and_bookmakers_are_json_errors(api: LiveApi) -> None:
    assert api.get("/nowhere") == (404, {"error": "Not Found"})
    status, body = api.post("/bookmakers/Nobody/pause")
    assert status == 404 and "Nobody" in body["error"]


def test_bookmakers_show_this_runs_rounds_and_the_recorded_last_crashes(api: LiveApi) -> None:
    status, listed = api.get("/bookmakers")
    assert status == 200 and [b["bookmaker"] for b in listed] == api.demo.app.workers
    for bookmaker in listed:
        newest = [
            row[0]
            for row in api.rows(
                "SELECT final_score FROM rounds WHERE bookmaker = ? AND id <= (SELECT MAX(id) FROM rounds) "
                "ORDER BY id DESC LIMIT 20",
                (bookmaker["bookmaker"],),
            )
        ]
        assert bookmaker["recent"] == newest[: len(bookmaker["recent"])]  # rows may have come since
        assert bookmaker["rounds_last_hour"] >= len(bookmaker["recent"])


def test_stats_filters_add_up(api: LiveApi) -> None:
    one = api.demo.app.workers[0]
    group = api.rows("SELECT server_group FROM rounds WHERE bookmaker = ? LIMIT 1", (one,))[0][0]
    assert api.get(f"/stats?bookmaker={one}&server_group={group}")[1]["rounds"] >= 2
    assert api.get(f"/stats?bookmaker={one}&server_group=not-{group}")[1]["rounds"] == 0


def test_stats_stand_beside_the_law(api: LiveApi) -> None:
    one = api.demo.app.workers[0]
    _, stats = api.get(f"/stats?bookmaker={one}")
    ordered = "SELECT final_score FROM rounds WHERE bookmaker = ? ORDER BY started_at, id"
    crashes = sorted(row[0] for row in api.rows(ordered, (one,))[: stats["rounds"]])  # rows may come since
    assert stats["rounds"] >= 2 and stats["median"] == pytest.approx(statistics.median(crashes))
    assert stats["share_2x"] == pytest.approx(sum(c >= 2 for c in crashes) / len(crashes))
    assert [p["law"] for p in stats["distribution"]] == [
        pytest.approx(0.97 / p["x"]) for p in stats["distribution"]
    ]
    assert "independent" in stats["note"]


@pytest.mark.parametrize("token", [None, "wrong", ""])
def test_control_needs_the_token(api: LiveApi, token: str | None) -> None:
    name = api.demo.app.workers[0]
    status, body = api.post(f"/bookmakers/{name}/pause", token=token)
    assert status == 401 and body["error"].startswith("token:")
    assert api.demo.app.monitor.state(name) is not Lifecycle.PAUSED


def test_pause_and_resume_act_on_the_worker(api: LiveApi) -> None:
    name = api.demo.app.workers[1]
    assert api.post(f"/bookmakers/{name}/pause") == (200, {"ok": True, "message": f"{name} paused"})
    wait_for(lambda: _state(api, name) == "Paused", f"{name} paused")
    assert api.get("/health")[0] == 200  # paused on purpose is healthy
    assert api.post(f"/bookmakers/{name}/resume")[0] == 200
    wait_for(lambda: _state(api, name) == "Running", f"{name} running again")


def test_restart_starts_a_new_process_that_records(api: LiveApi) -> None:
    name = api.demo.app.workers[0]
    pid = api.demo.app.manager.processes[name].process.pid
    before = len(api.rows("SELECT id FROM rounds WHERE bookmaker = ?", (name,)))
    assert api.post(f"/bookmakers/{name}/restart")[0] == 200
    wait_for(lambda: api.demo.app.manager.processes[name].process.pid != pid, f"a new process for {name}")
    wait_for(lambda: _state(api, name) == "Running", f"{name} running after the restart")
    assert api.demo.app.monitor.restarts(name) == 1
    wait_for(
        lambda: len(api.rows("SELECT id FROM rounds WHERE bookmaker = ?", (name,))) > before,
        "a round recorded by the new process",
    )


def test_metrics_count_the_recorded_rounds(api: LiveApi) -> None:
    name = api.demo.app.workers[0]
    status, text = api.get("/metrics")
    assert status == 200
    line = next(x for x in text.splitlines() if x.startswith("rounds_total{") and f'bookmaker="{name}"' in x)
    counted = float(line.rsplit(" ", 1)[1])
    recorded = len(api.rows("SELECT id FROM rounds WHERE bookmaker = ?", (name,)))
    assert counted > 0 and abs(counted - recorded) <= 1  # one round may be between bus and disk


def test_the_kill_switch_stops_betting(api: LiveApi) -> None:
    status, body = api.post("/betting/stop")
    assert (status, body) == (200, {"ok": True, "message": "betting stopped"})
    desk = api.demo.app.betting
    assert desk is not None and desk.status()["stopped"] == "kill switch (API)"
    _, alerts = api.get("/alerts")
    assert any(a["source"] == "betting" and "kill switch (API)" in a["message"] for a in alerts)


def _state(api: LiveApi, name: str) -> str:
    _, listed = api.get("/bookmakers")
    return next(b["state"] for b in listed if b["bookmaker"] == name)


def test_the_openapi_schema_is_served(api: LiveApi) -> None:
    status, schema = api.get("/openapi.json")
    assert status == 200
    assert {"/health", "/rounds", "/bookmakers/{name}/pause", "/betting/stop"} <= set(schema["paths"])


def test_the_dashboard_is_served_at_the_root(api: LiveApi) -> None:
    status, page = api.get("/")
    assert status == 200 and "Kill switch" in page and "house edge" in page


def events(api: LiveApi, query: str) -> ClientConnection:
    return connect(api.url.replace("http://", "ws://") + "/ws" + query, open_timeout=30)


@pytest.mark.parametrize("query", ["", "?token=wrong", f"?token={TOKEN}&kinds=round,gossip"])
def test_the_event_stream_refuses_without_the_token_or_with_an_unknown_filter(
    api: LiveApi, query: str
) -> None:
    with events(api, query) as socket, pytest.raises(ConnectionClosed) as closed:
        socket.recv(timeout=30)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008


def test_the_event_stream_sends_a_snapshot_then_the_filtered_events(api: LiveApi) -> None:
    name = api.demo.app.workers[1]
    with events(api, f"?token={TOKEN}&bookmaker={name}&kinds=round") as socket:
        snapshot = json.loads(socket.recv(timeout=30))
        assert snapshot["kind"] == "snapshot"
        assert [b["bookmaker"] for b in snapshot["data"]["bookmakers"]] == api.demo.app.workers
        got = [json.loads(socket.recv(timeout=WAIT)) for _ in range(2)]
    assert {(e["kind"], e["bookmaker"], e["node"]) for e in got} == {("round", name, "test-node")}
    for event in got:
        round_ = event["data"]
        wait_for(
            lambda r=round_: bool(
                api.rows(
                    "SELECT id FROM rounds WHERE bookmaker = ? AND started_at = ?", (name, r["started_at"])
                )
            ),
            "the round's row written",
        )
        stored = api.rows(
            "SELECT final_score, ended_at FROM rounds WHERE bookmaker = ? AND started_at = ?",
            (name, round_["started_at"]),
        )
        assert stored == [(round_["final_score"], round_["ended_at"])]
