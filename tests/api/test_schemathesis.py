"""Property-based fuzzing of the whole API against its own OpenAPI document: every operation,
as a platform admin with a real token, must answer within its declared statuses and shapes
and never with a server error.

Each operation is one test; hypothesis runs its examples inside that test's transaction, over
the personas' data. Schemathesis's coverage phase adds the boundary cases (empty and over-long
strings, the largest integers, wrong types, unexpected methods) to the random ones."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from wushe.wsgi import application

# Writes check rules a schema cannot state (a USCC's check character, whether a place exists),
# so schema-valid data may still be refused, field by field, with 422.
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-method": ["POST", "PUT", "PATCH"],
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}
                },
            }
        ]
    }
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@pytest.fixture
def admin_headers(personas, token_for) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(personas.alice_admin, 'schemathesis')}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_it_answers_every_request_within_its_schema(case, admin_headers, shared_connection):
    case.call_and_validate(headers=admin_headers)
