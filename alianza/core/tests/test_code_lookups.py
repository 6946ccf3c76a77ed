"""Records named by code or number are looked up in the program being written: the same
code in two programs works for each, and another program's code answers exactly as an
unknown one (no 500, and nothing learnt about other programs)."""

from __future__ import annotations

import pytest
from django.test import Client

from alianza.core.tests.other_program import build_other_program
from alianza.finance.models import BudgetLine, Transaction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]
JSON = "application/json"


@pytest.fixture
def other(cast):
    return build_other_program()


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _swap(body: dict, old: str, new: str) -> dict:
    """The body with one value's mentions replaced, to compare two refusals."""
    import json

    return json.loads(json.dumps(body).replace(old, new))


def _transaction(initiative, **extra) -> dict:
    return {
        "initiative": initiative.pk,
        "kind": "disbursement",
        "date": "2019-05-01",
        "amount": "500.00",
        "currency": "USD",
        **extra,
    }


def test_a_funding_source_code_in_two_programs_works_for_each(cast, other):
    mine = _client(cast.users["editor_a"]).post(
        "/api/v1/transactions/",
        _transaction(cast.internal_initiative, funding_source="agency_a_contribution"),
        content_type=JSON,
    )
    theirs = _client(other.coordinator).post(
        "/api/v1/transactions/",
        _transaction(other.internal_initiative, funding_source="agency_a_contribution"),
        content_type=JSON,
    )
    assert mine.status_code == 201, mine.json()
    assert theirs.status_code == 201, theirs.json()
    programs = {
        t.funding_source.program.code: t.initiative.program.code
        for t in Transaction.objects.select_related("funding_source__program", "initiative")
    }
    assert programs == {"TEST": "TEST", "OTHER": "OTHER"}


def test_another_programs_funding_source_answers_as_an_unknown_one(cast, other):
    client = _client(cast.users["editor_a"])
    theirs = client.post(
        "/api/v1/transactions/",
        _transaction(cast.internal_initiative, funding_source="other_only"),
        content_type=JSON,
    )
    unknown = client.post(
        "/api/v1/transactions/",
        _transaction(cast.internal_initiative, funding_source="no_such_code"),
        content_type=JSON,
    )
    assert theirs.status_code == unknown.status_code == 400
    assert theirs.json() == {
        "funding_source": ["No funding source with code “other_only” in this program."]
    }
    assert _swap(theirs.json(), "other_only", "no_such_code") == unknown.json()
    assert not Transaction.objects.exists()


def test_the_refusal_speaks_spanish(cast, other):
    client = _client(cast.users["editor_a"])
    response = client.post(
        "/api/v1/transactions/",
        _transaction(cast.internal_initiative, funding_source="other_only"),
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.json() == {
        "funding_source": [
            "No hay fuente de financiamiento con código «other_only» en este programa."
        ]
    }


@pytest.mark.parametrize(
    ("field", "theirs", "unknown"),
    [
        ("funding_source", "other_only", "no_such_code"),
        ("component", 7, 8),
        ("initiative", 9, 10),
    ],
)
def test_budget_lines_scope_every_key_to_the_program(cast, other, field, theirs, unknown):
    client = _client(cast.users["coordinator_a"])

    def post(value):
        return client.post(
            "/api/v1/budget-lines/",
            {"program": "TEST", "year": 2019, "original_amount": "10.00", field: value},
            content_type=JSON,
        )

    first, second = post(theirs), post(unknown)
    assert first.status_code == second.status_code == 400
    assert list(first.json()) == [field]
    assert _swap(first.json(), str(theirs), str(unknown)) == second.json()
    same = client.post(
        "/api/v1/budget-lines/",
        {
            "program": "TEST",
            "year": 2019,
            "original_amount": "10.00",
            "funding_source": "agency_a_contribution",
            "component": 1,
        },
        content_type=JSON,
    )
    assert same.status_code == 201, same.json()
    assert BudgetLine.objects.get().funding_source.program.code == "TEST"


def test_a_program_one_may_not_see_answers_as_an_unknown_one(cast, other):
    client = _client(cast.users["coordinator_a"])

    def post(code):
        return client.post(
            "/api/v1/budget-lines/",
            {"program": code, "year": 2019, "original_amount": "10.00"},
            content_type=JSON,
        )

    hidden, unknown = post("OTHER"), post("NOPE")
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json() == {"program": ["No program with code “OTHER”."]}
    assert _swap(hidden.json(), "OTHER", "NOPE") == unknown.json()


@pytest.mark.parametrize(
    ("url", "payload", "field", "theirs", "unknown"),
    [
        (
            "/api/v1/risks/",
            {"program": "TEST", "title_en": "Turnover", "category": "organizational"},
            "initiative",
            9,
            10,
        ),
        (
            "/api/v1/contracts/",
            {"program": "TEST", "reference": "IC-9", "title_en": "A consultancy"},
            "initiative",
            9,
            10,
        ),
        (
            "/api/v1/disputes/",
            {"program": "TEST", "subject_en": "A dispute"},
            "contract",
            "OT-001",
            "OT-404",
        ),
    ],
)
def test_records_named_by_number_or_reference(cast, other, url, payload, field, theirs, unknown):
    client = _client(cast.users["coordinator_a"])
    first = client.post(url, {**payload, field: theirs}, content_type=JSON)
    second = client.post(url, {**payload, field: unknown}, content_type=JSON)
    assert first.status_code == second.status_code == 400
    assert field in first.json()
    assert first.json()[field] == _swap(second.json(), str(unknown), str(theirs))[field]
    assert "in this program" in first.json()[field][0]


def test_iati_import_into_a_hidden_program_answers_as_an_unknown_one(cast, other):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(cast.users["coordinator_a"])

    def post(code):
        upload = SimpleUploadedFile("a.xml", b"<iati-activities/>", content_type="text/xml")
        return client.post("/api/v1/iati-imports/", {"program": code, "file": upload})

    hidden, unknown = post("OTHER"), post("NOPE")
    assert hidden.status_code == unknown.status_code == 400
    assert _swap(hidden.json(), "OTHER", "NOPE") == unknown.json()


def test_initiatives_take_phases_of_their_program_only(cast, other):
    client = _client(cast.users["editor_a"])

    def post(component):
        return client.post(
            "/api/v1/initiatives/",
            {"program": "TEST", "number": 30, "title_en": "New", "component": component},
            content_type=JSON,
        )

    theirs, unknown = post(7), post(8)
    assert theirs.status_code == unknown.status_code == 400
    assert _swap(theirs.json(), "7", "8") == unknown.json()
    assert post(1).status_code == 201
