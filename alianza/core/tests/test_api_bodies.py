"""What the API does with a body that is not what its schema says, on every write route:
a clear 400, never a server error; and the schema documents the error answers."""

from __future__ import annotations

import pytest

from alianza.accounts.tests.factories import UserFactory
from alianza.core.tests import matrix

pytestmark = pytest.mark.django_db

NOT_OBJECTS = ["false", "[]", "[{}]", "3", '"text"', "null"]


def _write_routes() -> list[str]:
    """Every API list route that takes a POST (no path parameter to fill)."""
    return sorted(
        matrix.build_url(route, {})
        for route in matrix.routes().values()
        if route.is_api and "post" in route.write_methods() and not route.kwargs
    )


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_body_that_is_not_a_json_object_is_refused_with_400_on_every_write_route(client, body):
    client.force_login(UserFactory(username="root", is_superuser=True))
    answers = {}
    for url in _write_routes():
        answer = client.post(url, body, content_type="application/json")
        answers[url] = answer.status_code
    assert answers and all(status in (400, 405, 415) for status in answers.values()), answers


def test_the_schema_documents_the_error_answers_of_every_operation(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    missing = [
        f"{method.upper()} {path}: {code}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code in (("400", "403", "404", "412") if method in ("put", "patch") else ("403", "404"))
        if code not in operation["responses"]
    ]
    assert not missing, missing[:10]
    assert schema["components"]["schemas"]["Error"]["type"] == "object"
