"""The API keeps its contract: Schemathesis reads the OpenAPI schema and calls every
operation in-process (WSGI) as a program coordinator, with a few generated requests each
(a bounded, deterministic run): no answer is a server error, every status is one the
operation documents, every body matches its documented schema. Path parameters name real
records (the access matrix's world), so details and their writes answer with their bodies.

`manage.py spectacular --validate --fail-on-warn` is clean as well.

Select with `pytest -m contract`; it runs in every `make test`. One test walks the
operations and runs Hypothesis on each itself (Schemathesis' own pytest integration,
`from_fixture(...).parametrize()`, sets a node attribute pytest 9 no longer has), each
operation in a savepoint rolled back after it, so that a DELETE leaves the records for the
next operation; failures are listed together, one line each."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from alianza.conftest import built_once
from alianza.core.tests import matrix
from alianza.core.tests.matrix_world import World, build_world, kwargs_for

pytestmark = [pytest.mark.contract, pytest.mark.django_db]

#: Generated requests per operation: enough to vary bodies and filters, few enough that the
#: whole API costs about a minute on each engine.
EXAMPLES = 3
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@built_once
def contract_world() -> tuple[World, str]:
    """One record of every kind, and an API token of partner A's coordinator."""
    from alianza.accounts.services import api_token_create

    world = build_world()
    coordinator = world.user("coordinator")
    _token, key = api_token_create(user=coordinator, name="contract", actor=coordinator)
    return world, key


def _records(world: World) -> dict[str, list]:
    """Path parameters naming the world's records, by the schema's path."""
    found = {}
    for route in matrix.routes().values():
        if not route.is_api or not route.kwargs:
            continue
        template = re.sub(r"\(\?P<\w+>[^)]*\)", "{}", route.route.replace("^", "")).rstrip("$")
        values = kwargs_for(route, world)
        found["/" + template] = [values[name] for name in route.kwargs]
    return found


def _contract_schema():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def wsgi_requests_keep_the_test_transaction():
    """As Django's test client does: a request's end must not close the connection that
    holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _keeps_its_contract(operation, path_parameters: dict, headers: dict) -> str | None:
    """The first way `operation` breaks its contract in a few generated requests, or None."""

    @given(case=operation.as_strategy(path_parameters=path_parameters or None))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
        report_multiple_bugs=False,
    )
    def check(case):
        case.call_and_validate(base_url="http://testserver", headers=headers, checks=CHECKS)

    try:
        check()
    except (Exception, BaseExceptionGroup) as exc:  # every failure, named by its operation
        return f"{operation.label}: " + "; ".join(_describe(exc))
    return None


def _describe(exc) -> list[str]:
    """One line per distinct failure: what, where in the body, against which schema."""
    if isinstance(exc, BaseExceptionGroup):
        return [line for inner in exc.exceptions for line in _describe(inner)]
    where = "/".join(map(str, getattr(exc, "instance_path", []) or []))
    schema_path = "/".join(map(str, getattr(exc, "schema_path", []) or []))
    # A schema violation's own one-line message; other failures print theirs.
    first = str(getattr(exc, "_raw_message", "") or exc).strip().splitlines()[0][:300]
    return [f"{type(exc).__name__} at {where or '-'} ({schema_path}): {first}"]


def test_every_operation_keeps_its_contract(
    contract_world, wsgi_requests_keep_the_test_transaction, quiet_refusals
):
    world, key = contract_world
    headers = {"Authorization": f"Token {key}", "Accept-Language": "en"}
    records = _records(world)
    broken, operations = [], 0
    for result in _contract_schema().get_all_operations():
        operation = result.ok()
        names = re.findall(r"{(\w+)}", operation.path)
        values = records.get(re.sub(r"{\w+}", "{}", operation.path), [])
        operations += 1
        with transaction.atomic():  # each operation finds the world as built
            failure = _keeps_its_contract(
                operation, dict(zip(names, values, strict=False)), headers
            )
            transaction.set_rollback(True)
        if failure:
            broken.append(failure)
    assert operations > 200
    assert not broken, f"{len(broken)} of {operations} operations:\n" + "\n\n".join(broken)


@pytest.fixture
def fresh_schema_generation(monkeypatch):
    """The schema generated anew (the session caches it, and with it its warnings)."""
    uncached = getattr(SchemaGenerator.get_schema, "uncached", None)
    if uncached is not None:
        monkeypatch.setattr(SchemaGenerator, "get_schema", uncached)


def test_the_schema_validates_without_warnings(fresh_schema_generation, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
