"""schemathesis against the live API's own OpenAPI schema, over a demo collector: generated requests
to every route (valid and not) never get a 5xx, and every response has a documented status and the
documented shape. Control routes are called without the token (401, documented): a generated
request must not pause, restart or stop the collector."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.live_api import LiveApi, live_api

EXAMPLES = 25  # per route: enough to reach every parameter's edges, in seconds


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    with live_api(tmp_path_factory.mktemp("contract"), seed=11) as api:
        yield api


def test_every_route_keeps_its_contract(served: LiveApi) -> None:
    schema = schemathesis.openapi.from_url(f"{served.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {(o.method.upper(), o.path) for o in operations} >= {("GET", "/rounds"), ("POST", "/betting/stop")}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def keeps_its_contract(case: schemathesis.Case) -> None:
            case.call_and_validate(timeout=30)

        keeps_its_contract()
    assert served.demo.app.betting is not None and not served.demo.app.betting.status()["stopped"]
