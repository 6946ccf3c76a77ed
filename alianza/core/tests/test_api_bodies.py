"""What the API does with a body that is not what its schema says, on every write route:
a clear 400, never a server error; and the schema documents the error answers."""

from __future__ import annotations

import json
import re

import pytest
from django.db import transaction
from django.test import Client

from alianza.accounts.tests.factories import UserFactory
from alianza.audit.models import ChangeRecord
from alianza.conftest import built_once
from alianza.core.tests import matrix
from alianza.core.tests.matrix_world import World, build_world, kwargs_for

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


# --- fields a write does not take -----------------------------------------------------------

UNKNOWN = "no_such_field"


@built_once
def body_world() -> World:
    """One record of every kind (the access matrix's world), built once for the module."""
    return build_world()


def _body_writes(world: World, schema: dict) -> list[tuple[str, str, dict | None]]:
    """(method, URL, its operation in the schema) of every API route that takes a body:
    POST, PUT, PATCH. A method a route turns away (405) has no operation."""
    paths = {re.sub(r"{\w+}", "{}", path): ops for path, ops in schema["paths"].items()}
    writes = []
    for _name, route in sorted(matrix.routes().items()):
        if not route.is_api:
            continue
        url = matrix.build_url(route, kwargs_for(route, world))
        pattern = re.sub(r"\(\?P<\w+>[^)]*\)", "{}", route.route.replace("^", ""))
        operations = paths.get("/" + pattern.rstrip("$"), {})
        for method in route.write_methods():
            if method != "delete":
                writes.append((method, url, operations.get(method)))
    return writes


def _write(client, method: str, url: str, body: dict, operation: dict | None):
    """The answer to one write (as JSON, or as a form where the operation takes only
    forms), and whether it left a change record; rolled back."""
    content = (operation or {}).get("requestBody", {}).get("content", {"application/json": 0})
    with transaction.atomic():
        before = ChangeRecord.objects.count()
        answer = None
        if "application/json" in content:
            answer = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        if answer is None or answer.status_code == 415:
            answer = getattr(client, method)(url, body)
        recorded = ChangeRecord.objects.count() != before
        transaction.set_rollback(True)
    return answer, recorded


@pytest.fixture
def root(body_world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(body_world.user("superuser"))
    return client


def test_every_write_route_refuses_an_unknown_field_naming_it_and_writes_nothing(
    body_world, root, quiet_refusals
):
    schema = root.get("/api/v1/schema/?format=json").json()
    writes = _body_writes(body_world, schema)
    assert len(writes) > 100
    wrong = []
    for method, url, operation in writes:
        answer, recorded = _write(root, method, url, {UNKNOWN: "x"}, operation)
        if operation is None and answer.status_code == 405:
            continue  # a method the route turns away (and the schema does not list)
        body = answer.json() if answer.status_code == 400 else {}
        if body.get(UNKNOWN) != ["Unknown field."] or recorded:
            wrong.append(f"{method.upper()} {url}: {answer.status_code} {body}")
    assert not wrong, "\n".join(wrong)


def _read_only_field(schema: dict, operation: dict) -> str | None:
    """A field the operation's answer shows and its request body does not take."""
    components = schema["components"]["schemas"]

    def properties(content: dict) -> set[str]:
        ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        return set(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))

    taken = properties(operation["requestBody"]["content"])
    answer = next((r for code, r in operation["responses"].items() if code.startswith("2")), {})
    shown = properties(answer.get("content", {})) - taken
    return min(shown) if shown else None


def test_every_change_of_a_record_refuses_a_field_its_answer_only_shows(
    body_world, root, quiet_refusals
):
    """PUT and PATCH of a record: sending back a field of the answer that the request does
    not take (its id, a computed total, a title in the request's language) is refused."""
    schema = root.get("/api/v1/schema/?format=json").json()
    wrong, checked = [], 0
    for method, url, operation in _body_writes(body_world, schema):
        if method not in ("put", "patch") or operation is None or "requestBody" not in operation:
            continue
        field = _read_only_field(schema, operation)
        if field is None:
            continue
        checked += 1
        answer, recorded = _write(root, method, url, {field: "x"}, operation)
        body = answer.json() if answer.status_code == 400 else {}
        if body.get(field) != ["This field is read-only."] or recorded:
            wrong.append(f"{method.upper()} {url} {field!r}: {answer.status_code} {body}")
    assert checked > 40
    assert not wrong, "\n".join(wrong)
