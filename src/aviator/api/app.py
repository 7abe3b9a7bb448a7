"""The FastAPI application over one collector: the REST routes, the WebSocket, the dashboard's
static page at `/`, and errors as JSON bodies that name what is wrong."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from aviator import __version__
from aviator.api import routes, websocket
from aviator.api.context import ApiContext

DASHBOARD = Path(str(files("aviator.api").joinpath("dashboard")))
DESCRIPTION = (
    "Read and control one aviator collector. Rounds are independent and the house edge is about 3 %: "
    "nothing here predicts a round. Control routes and /ws need the token (`aviator api token`)."
)


def build_app(context: ApiContext) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context.stream.bind(asyncio.get_running_loop())  # events reach the clients from now on
        yield

    app = FastAPI(title="aviator", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.context = context
    app.include_router(routes.read)
    app.include_router(routes.control)
    app.include_router(websocket.router)
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]  # 404 and 405 too
    app.mount("/", StaticFiles(directory=DASHBOARD, html=True), name="dashboard")
    return app


async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    """422 naming each bad parameter and why, in one sentence."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {problem.get('msg', 'not valid')}")
    return JSONResponse({"error": "; ".join(parts)}, status_code=422)


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    return JSONResponse({"error": str(error.detail)}, status_code=error.status_code, headers=error.headers)
