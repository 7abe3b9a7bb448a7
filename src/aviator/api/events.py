"""What the collector's events look like outside it: one JSON-ready dict per event, the same for
the WebSocket and MQTT.

Kinds: `round` (a recorded round), `phase` (a phase transition), `threshold` (a threshold crossed),
`bet` (a bet once it ended), `alert`, `state` (a worker's lifecycle changed) and `status` (a
worker's latest look: phase and live multiplier).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from aviator.core.communication.clock import iso
from aviator.core.communication.messages import RecordedBatch, RoundRecorded, WorkerStatus
from aviator.data.models import Bet, PhaseTransition, ThresholdCrossing, columns_of
from aviator.orchestration.health_monitor import Alert, WorkerStateChanged

RECORD_KINDS: dict[type, str] = {PhaseTransition: "phase", ThresholdCrossing: "threshold", Bet: "bet"}
KINDS = ("round", "phase", "threshold", "bet", "alert", "state", "status")


def now_iso() -> str:
    return iso(datetime.now(UTC))  # as every record writes its times


def record_bodies(batch: RecordedBatch) -> list[dict[str, Any]]:
    """A batch's records as dicts by column name."""
    columns = columns_of(batch.record_type)
    return [dict(zip(columns, row, strict=True)) for row in batch.rows]


def round_body(message: RoundRecorded) -> dict[str, Any]:
    return asdict(message.round)


def alert_body(alert: Alert) -> dict[str, Any]:
    return {"source": alert.source, "message": alert.message, "at": now_iso()}


def state_body(change: WorkerStateChanged) -> dict[str, Any]:
    return {"state": str(change.state), "restarts": change.restarts, "reason": change.reason}


def status_body(status: WorkerStatus) -> dict[str, Any]:
    return {"phase": str(status.phase), "multiplier": status.multiplier, "unreadable": status.unreadable}


def event(kind: str, bookmaker: str, body: dict[str, Any], node: str) -> dict[str, Any]:
    """One event as sent: its kind, node and bookmaker beside what it says, and when the collector
    sent it out (`sent_at`; a client's own clock tells how long it took to arrive)."""
    return {"kind": kind, "node": node, "bookmaker": bookmaker, "sent_at": now_iso(), "data": body}
