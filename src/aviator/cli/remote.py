"""`--mqtt [HOST:PORT]`, `--api [HOST:PORT]` and `--node NAME`: a collector seen from elsewhere,
its live events out to an MQTT broker and its API, dashboard and metrics served (cli.api_option).

The bridge and paho-mqtt are imported only when `--mqtt` is given: every worker process imports
the commands' modules at its start, and must not load what only the main process uses.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aviator.api.addresses import Address, parse_address
from aviator.cli.api_option import add_api_argument, start_api, stop_api

if TYPE_CHECKING:
    from aviator.api.mqtt_bridge import MqttBridge
    from aviator.api.server import ApiServer
    from aviator.orchestration.collector_app import CollectorApp

MQTT_PORT = 1883
LOCAL_BROKER = Address("127.0.0.1", MQTT_PORT)


def add_mqtt_arguments(parser: argparse.ArgumentParser, node_default: str = "the host name") -> None:
    parser.add_argument(
        "--mqtt",
        nargs="?",
        const=LOCAL_BROKER,  # argparse hands `const` over as it is: already an Address
        type=_broker,
        metavar="HOST:PORT",
        help=f"publish rounds, phases, thresholds, bets, alerts and each bookmaker's state to an MQTT "
        f"broker (default {LOCAL_BROKER}) under aviator/NODE/BOOKMAKER/...; a broker that is away costs "
        "events, never rounds",
    )
    parser.add_argument(
        "--node",
        metavar="NAME",
        help=f"this machine's name in its records, MQTT topics and metrics (default: {node_default})",
    )


def _broker(text: str) -> Address:
    try:
        return parse_address(text, MQTT_PORT)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def start_mqtt(args: argparse.Namespace, app: CollectorApp, node: str | None = None) -> MqttBridge | None:
    """The bridge on `app`'s EventBus, connecting in the background; None without `--mqtt`.
    `--node` wins over `node` (the setup's), which wins over the host name."""
    if args.mqtt is None:
        return None
    from aviator.api.mqtt_bridge import MqttBridge

    bridge = MqttBridge(app.bus, app.state, args.mqtt, args.node or node)
    bridge.start()
    return bridge


def stop_mqtt(bridge: MqttBridge | None) -> None:
    """After the collector drained, so that its last events go out too."""
    if bridge is not None:
        bridge.close()


@dataclass
class Remote:
    """What a collector serves to elsewhere: its MQTT bridge and its API, each None when not asked for."""

    bridge: MqttBridge | None = None
    api: ApiServer | None = None

    def start(
        self, args: argparse.Namespace, app: CollectorApp, db: str | Path, node: str | None = None
    ) -> None:
        """Before the workers start, so that every event of theirs is seen; each part is kept as it
        starts, so that `close` ends the first when the second fails."""
        self.bridge = start_mqtt(args, app, node)
        self.api = start_api(args, app, db)

    def close(self) -> None:
        """After the collector drained, so that its last events go out too."""
        stop_api(self.api)
        stop_mqtt(self.bridge)


def add_remote_arguments(parser: argparse.ArgumentParser, node_default: str = "the host name") -> None:
    add_mqtt_arguments(parser, node_default)
    add_api_argument(parser)
