"""`--mqtt [HOST:PORT]` and `--node NAME` on `aviator demo` and `aviator run`, and the setup's `node:`."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from aviator.api.addresses import Address
from aviator.cli import build_parser
from aviator.cli.remote import start_mqtt, stop_mqtt
from aviator.config.loader import ConfigError, dump_setup, load_setup
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.shared_state import SharedGameState


@pytest.mark.parametrize("command", [["demo"], ["run", "--config", "setup.yaml"]])
def test_mqtt_defaults_to_the_local_broker_and_takes_an_address(command: list[str]) -> None:
    parse = build_parser().parse_args
    assert parse(command).mqtt is None  # no bridge unless asked for
    assert parse([*command, "--mqtt"]).mqtt == Address("127.0.0.1", 1883)
    assert parse([*command, "--mqtt", "broker.lan:1884"]).mqtt == Address("broker.lan", 1884)
    assert parse([*command, "--mqtt", "[::1]:1884", "--node", "lab"]).mqtt == Address("::1", 1884)
    assert parse([*command, "--mqtt", "--node", "lab"]).node == "lab"


def test_a_bad_broker_address_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["demo", "--mqtt", "broker:port"])
    assert exit_.value.code == 2
    assert "--mqtt: write HOST:PORT, for example 127.0.0.1:1883, not 'broker:port'" in capsys.readouterr().err


def test_the_node_is_the_options_then_the_setups_then_the_host_name() -> None:
    app = SimpleNamespace(bus=EventBus(), state=SharedGameState(["Admiral"]))  # what the bridge reads
    nodes = []
    with socket.socket() as reserved:  # a port nobody listens on: nothing reaches the shared broker
        reserved.bind(("127.0.0.1", 0))
        nowhere = f"127.0.0.1:{reserved.getsockname()[1]}"
        for given, setup in ((["--node", "cli-node"], "setup-node"), ([], "setup-node"), ([], None)):
            nodes.append(_node_of(build_parser().parse_args(["demo", "--mqtt", nowhere, *given]), app, setup))
    assert nodes[:2] == ["cli-node", "setup-node"]
    assert nodes[2] not in ("cli-node", "setup-node") and nodes[2]
    assert start_mqtt(build_parser().parse_args(["demo"]), app) is None  # type: ignore[arg-type]


def _node_of(args: argparse.Namespace, app: SimpleNamespace, setup: str | None) -> str:
    bridge = start_mqtt(args, app, setup)  # type: ignore[arg-type]
    assert bridge is not None
    stop_mqtt(bridge)
    return bridge.node


def test_the_setup_names_its_node(tmp_path: Path) -> None:
    entries = [BookmakerEntry(name="Admiral", offset=(0, 30))]
    setup = Setup(game=GameSize(width=616, height=496), regions=region_boxes(616, 496), bookmakers=entries)
    path = tmp_path / "setup.yaml"
    dump_setup(setup.model_copy(update={"node": "lab-1"}), path, "a named node")
    assert load_setup(path).node == "lab-1"
    dump_setup(setup, path, "no node: the host name")
    assert load_setup(path).node is None
    path.write_text(path.read_text() + "node: ''\n")
    with pytest.raises(ConfigError, match="node"):
        load_setup(path)
