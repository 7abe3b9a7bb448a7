"""schemathesis against the live API's own OpenAPI schema, over a demo collector: generated requests
to every route (valid and not) never get a 5xx, and every response has a documented status and the
documented shape. Control routes are called without the token (401, documented): a generated
request must not pause, restart or stop the collector."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.live_api import LiveApi

EXAMPLES = 25  # per route: enough to reach every parameter's edges, in seconds


def test_every_route_keeps_its_contract(api: LiveApi) -> None:
    schema = schemathesis.openapi.from_url(f"{api.url}/openapi.json")
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
    assert api.demo.app.betting is not None and not api.demo.app.betting.status()["stopped"]
