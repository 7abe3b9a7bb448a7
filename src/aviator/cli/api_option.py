"""`--api [HOST:PORT]`: the REST/WebSocket API, the dashboard and /metrics in the collector's main
process (default 127.0.0.1:8765). FastAPI and uvicorn are imported only when it is given."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from aviator.api.addresses import Address, parse_address
from aviator.api.tokens import TOKEN_FILE, create_token, read_token

if TYPE_CHECKING:
    from aviator.api.server import ApiServer
    from aviator.orchestration.collector_app import CollectorApp

API_PORT = 8765
LOCAL_API = Address("127.0.0.1", API_PORT)


def add_api_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        nargs="?",
        const=LOCAL_API,
        type=_address,
        metavar="HOST:PORT",
        help=f"serve the API, the live dashboard and /metrics (default {LOCAL_API}); another address than "
        "loopback needs a token made with `aviator api token`",
    )
    parser.add_argument(
        "--api-token-file",
        type=Path,
        default=TOKEN_FILE,
        metavar="FILE",
        help=f"the API's token (default {TOKEN_FILE})",
    )


def _address(text: str) -> Address:
    try:
        return parse_address(text, API_PORT)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def start_api(args: argparse.Namespace, app: CollectorApp, db: str | Path) -> ApiServer | None:
    """The API over `app`, serving before the workers start; None without `--api`. On loopback a
    token is made (and printed once) when there is none yet; elsewhere it must exist already."""
    if args.api is None:
        return None
    from aviator.api.context import ApiContext
    from aviator.api.metrics import CollectorMetrics, render
    from aviator.api.server import ApiRefused, ApiServer, is_loopback

    token = read_token(args.api_token_file)
    if token is None and is_loopback(args.api.host):
        token = create_token(args.api_token_file)
        print(f"API token (made now, kept in {args.api_token_file}): {token}", flush=True)
    name = app.node  # the name its records carry: --node, the setup's, else the host name
    metrics = CollectorMetrics(app.bus, app.state, name)
    context = ApiContext(app, db, token, name, lambda: render(metrics.registry), (metrics.close,))
    try:
        server = ApiServer(context, args.api)
    except ApiRefused as error:
        context.close()
        from aviator.cli import UsageError

        raise UsageError(str(error)) from None
    server.start()
    print(f"API and dashboard on {server.url}/ (metrics {server.url}/metrics)", flush=True)
    return server


def stop_api(server: ApiServer | None) -> None:
    if server is not None:
        server.stop()
