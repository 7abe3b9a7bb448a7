"""The PostgreSQL fixture of the data tests serves the collection tests too."""

from tests.data.conftest import postgres_url  # noqa: F401  (a fixture, used by name)
from tests.orchestration.watch import monitored  # noqa: F401  (a fixture, used by name)
