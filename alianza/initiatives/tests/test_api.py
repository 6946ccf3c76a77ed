"""/api/v1/initiatives/: the shape of an item, the filters the list page takes, writes
through the services (each one audited), refusal of bad input, and query counts."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.audit.models import ChangeRecord
from alianza.core.tests.matrix import page_numbers
from alianza.initiatives.models import (
    Classification,
    CostRecord,
    ExecutionPeriod,
    Initiative,
)
from alianza.initiatives.tests.factories import (
    ClassificationFactory,
    CostFactory,
    InitiativeFactory,
    PeriodFactory,
    SchemeFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/initiatives/"
CHANGES = "/api/v1/changes/"
JSON = "application/json"
EN = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


def numbers(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["results"]]


def item(client, initiative, **headers) -> dict:
    response = client.get(f"{API}{initiative.pk}/", headers=headers)
    assert response.status_code == 200
    return response.json()


def history(client, pk) -> list[dict]:
    response = client.get(CHANGES, {"model": "initiatives.initiative", "object_id": pk})
    assert response.status_code == 200
    return response.json()["results"]


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Initiative, Classification, ExecutionPeriod, CostRecord, ChangeRecord)
    }


# --- the shape of an item -------------------------------------------------------------------


def test_api_initiative_item_carries_number_and_titles(cast):
    data = item(cast.client("anonymous"), cast.public_initiative)
    assert (data["number"], data["title_en"], data["program"]) == (1, "Public work", "TEST")


def test_api_initiative_item_carries_each_scheme_as_a_key(cast):
    data = item(cast.client("anonymous"), cast.public_initiative)
    assert data["incidence_level"] == "systemic"


def test_api_initiative_item_carries_its_publication_status(cast):
    assert item(cast.client("viewer_a"), cast.internal_initiative)["is_public"] is False


def test_api_initiative_item_lists_its_classifications(cast):
    data = item(cast.client("anonymous"), cast.public_initiative)
    assert [(c["scheme"], c["term"]) for c in data["classifications"]] == [
        ("incidence_level", "systemic")
    ]


def test_api_initiative_item_key_is_null_when_the_scheme_is_not_used(cast):
    scheme = SchemeFactory(program=cast.program, code="dissemination_scope")
    TermFactory(scheme=scheme, code="public")
    assert item(cast.client("anonymous"), cast.public_initiative)["dissemination_scope"] is None


def test_api_initiative_item_key_is_a_list_when_the_scheme_allows_several_terms(cast):
    scheme = SchemeFactory(program=cast.program, code="audience", allows_multiple=True)
    for code in ("youth", "women"):
        ClassificationFactory(
            initiative=cast.public_initiative, term=TermFactory(scheme=scheme, code=code)
        )
    data = item(cast.client("anonymous"), cast.public_initiative)
    assert sorted(data["audience"]) == ["women", "youth"]


def test_api_initiative_cost_is_a_decimal_string(cast):
    assert item(cast.client("anonymous"), cast.public_initiative)["cost"] == "100.50"


def test_api_initiative_cost_sums_the_records_in_the_program_currency(cast):
    CostFactory(initiative=cast.public_initiative, amount=Decimal("0.25"))
    data = item(cast.client("anonymous"), cast.public_initiative)
    assert (data["cost"], data["cost_currency"], data["cost_note"]) == ("100.75", "USD", "")


def test_api_initiative_cost_in_another_currency_without_a_date_is_named_not_zero(cast):
    CostFactory(initiative=cast.public_initiative, amount=Decimal("999.00"), currency="MXN")
    data = item(cast.client("anonymous"), cast.public_initiative)
    assert data["cost"] is None
    assert "MXN" in data["cost_note"] and "USD" in data["cost_note"]


def test_api_initiative_cost_is_null_without_cost_records(cast):
    initiative = InitiativeFactory(program=cast.program, number=9, is_public=True)
    assert item(cast.client("anonymous"), initiative)["cost"] is None


def test_api_initiative_periods_give_dates_as_precise_as_recorded(cast):
    period = item(cast.client("anonymous"), cast.public_initiative)["periods"][0]
    assert (period["start"], period["end"]) == ("2018", "2019")
    assert (period["start_date"], period["end_date"]) == ("2018-01-01", "2019-12-31")


def test_api_initiative_title_follows_the_request_language(cast):
    client = cast.client("anonymous")
    english = item(client, cast.public_initiative, accept_language="en")["title"]
    spanish = item(client, cast.public_initiative, accept_language="es")["title"]
    assert (english, spanish) == ("Public work", cast.public_initiative.title_es)


def test_api_initiative_list_is_paginated_with_a_count(inventory):
    response = inventory.client("superuser").get(API, {"program": "TEST", "page_size": 2})
    body = response.json()
    assert (body["count"], len(body["results"]), body["next"] is not None) == (5, 2, True)


# --- filters: the same as the list page -----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"incidence_level": "systemic"}, [1, 2]),
        ({"incidence_level": "political"}, [3, 4]),
        ({"incidence_level": ["systemic", "political"]}, [1, 2, 3, 4]),
        ({"classification": "incidence_level:political"}, [3, 4]),
        ({"year": "2018"}, [1, 2]),
        ({"year": "2016"}, [3]),
        ({"active_to": "2016-06-30"}, [3]),
        ({"active_from": "2020-06-30", "active_to": "2020-12-31"}, [4]),
        ({"phase": "1"}, [1, 2, 5]),
        ({"phase": "2"}, [3]),
        ({"q": "water"}, [3]),
        ({"q": "DRINKING"}, [3]),
        ({"q": "budget training"}, [4]),
        ({"ordering": "-number"}, [5, 4, 3, 2, 1]),
        ({"ordering": "-cost"}, [3, 1, 2, 5, 4]),
        ({"ordering": "cost"}, [5, 1, 2, 3, 4]),
        ({"ordering": "start"}, [3, 1, 2, 4, 5]),
        ({"ordering": "title"}, [5, 4, 2, 1, 3]),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else None,
)
def test_api_initiative_list_filters_and_sorts_like_the_list_page(inventory, query, expected):
    response = inventory.client("superuser").get(
        API, {"program": "TEST", **query}, headers={"accept-language": "en"}
    )
    assert numbers(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "incidence_level=political",
        "year=2018",
        "phase=1",
        "q=work",
        "ordering=-cost",
        "ordering=title",
        "ordering=start",
        "classification=incidence_level:systemic",
        "active_from=2019-01-01",
        "incidence_level=systemic&ordering=-number",
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "viewer_b", "superuser"])
def test_api_initiative_list_returns_the_rows_of_the_list_page(inventory, role, query):
    client = inventory.client(role)
    api = client.get(f"{API}?program=TEST&{query}")
    page = client.get(f"/programs/TEST/initiatives/?{query}")
    assert numbers(api) == page_numbers(page)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("incidence_level=bogus", "incidence_level"),
        ("phase=first", "phase"),
        ("year=someday", "year"),
        ("active_from=yesterday", "active_from"),
        ("active_to=2019-02-31", "active_to"),
        ("ordering=colour", "ordering"),
    ],
)
def test_api_initiative_list_refuses_a_bad_filter_value_naming_the_parameter(
    cast, query, parameter
):
    response = cast.client("superuser").get(f"{API}?program=TEST&{query}")
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize(
    "value", ["incidence_level:bogus", "no_such_scheme:systemic", "incidence_level"]
)
def test_api_initiative_list_refuses_an_unknown_classification_naming_the_parameter(cast, value):
    response = cast.client("superuser").get(API, {"program": "TEST", "classification": value})
    assert response.status_code == 400
    assert "classification" in response.json()


def test_api_initiative_list_active_from_leaves_out_initiatives_without_periods(inventory):
    response = inventory.client("superuser").get(
        API, {"program": "TEST", "active_from": "2019-01-01"}
    )
    assert numbers(response) == [1, 2, 4]


def test_api_initiative_list_active_window_needs_one_period_inside_it(inventory):
    PeriodFactory(
        initiative=inventory.internal_initiative,
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 12, 31),
    )
    response = inventory.client("superuser").get(
        API, {"program": "TEST", "active_from": "2020-01-01", "active_to": "2020-12-31"}
    )
    assert numbers(response) == [4]


# --- PROCAP ---------------------------------------------------------------------------------


class TestProcap:
    """The 16 initiatives of PROCAP's systematization report, read through the API."""

    def test_api_procap_lists_its_16_initiatives_to_anyone(self, cast, procap):
        response = cast.client("anonymous").get(API, {"program": "PROCAP"})
        assert numbers(response) == list(range(1, 17))

    def test_api_procap_items_carry_the_four_schemes_as_keys(self, cast, procap):
        results = cast.client("anonymous").get(API, {"program": "PROCAP"}).json()["results"]
        schemes = {"support_dimension", "incidence_level", "dissemination_scope", "status"}
        assert all(schemes <= set(result) for result in results)
        assert {result["status"] for result in results} == {"executed"}

    def test_api_procap_incidence_levels_count_as_in_the_report(self, cast, procap):
        results = cast.client("anonymous").get(API, {"program": "PROCAP"}).json()["results"]
        assert Counter(result["incidence_level"] for result in results) == {
            "systemic": 4,
            "political": 4,
            "organizational": 4,
            "individual": 2,
            "operative": 2,
        }

    def test_api_procap_costs_add_up_to_the_report_total(self, cast, procap):
        results = cast.client("anonymous").get(API, {"program": "PROCAP"}).json()["results"]
        costs = [result["cost"] for result in results if result["cost"] is not None]
        assert (len(costs), sum(Decimal(c) for c in costs)) == (15, Decimal("543288.01"))

    def test_api_procap_costs_are_strings_with_two_decimals(self, cast, procap):
        results = cast.client("anonymous").get(API, {"program": "PROCAP"}).json()["results"]
        costs = [result["cost"] for result in results if result["cost"] is not None]
        assert all(re.fullmatch(r"\d+\.\d\d", cost) for cost in costs)

    @pytest.mark.parametrize(
        ("term", "expected"),
        [
            ("institutional_operational_development", list(range(1, 11))),
            ("staff_training", [5, 6, 7, 8]),
            ("forum_positioning", [14, 15, 16]),
            ("network_facilitation", []),
        ],
    )
    def test_api_procap_support_dimension_filter_includes_sub_dimensions(
        self, cast, procap, term, expected
    ):
        response = cast.client("anonymous").get(
            API, {"program": "PROCAP", "support_dimension": term}
        )
        assert numbers(response) == expected

    def test_api_procap_sorted_by_cost_puts_the_costliest_first(self, cast, procap):
        response = cast.client("anonymous").get(API, {"program": "PROCAP", "ordering": "-cost"})
        costs = [r["cost"] for r in response.json()["results"]]
        known = [Decimal(c) for c in costs if c is not None]
        assert known == sorted(known, reverse=True) and costs[-1] is None


# --- writes, and the audit trail they leave -------------------------------------------------


NEW = {
    "program": "TEST",
    "number": 7,
    "title_en": "Made by the API",
    "title_es": "Hecha",
    "incidence_level": "political",
    "phase": 1,
    "periods": [{"start": "2019-03", "end": "2019-08"}],
    "costs": [{"amount": "250.75"}],
}


def test_api_create_returns_the_new_initiative(cast):
    response = cast.client("editor_a").post(API, NEW, content_type=JSON)
    assert response.status_code == 201
    data = response.json()
    assert (data["number"], data["incidence_level"], data["cost"], data["phase"]) == (
        7,
        "political",
        "250.75",
        1,
    )


def test_api_create_saves_periods_with_their_precision(cast):
    cast.client("editor_a").post(API, NEW, content_type=JSON)
    period = ExecutionPeriod.objects.get(initiative__number=7)
    assert (period.start_date, period.end_date, period.start_precision) == (
        datetime.date(2019, 3, 1),
        datetime.date(2019, 8, 31),
        "month",
    )


def test_api_create_accepts_classifications_as_an_object(cast):
    payload = {**NEW, "classifications": {"incidence_level": "systemic"}}
    payload.pop("incidence_level")
    response = cast.client("editor_a").post(API, payload, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["incidence_level"] == "systemic"


def test_api_create_is_recorded_with_user_institution_and_after(cast):
    client = cast.client("editor_a")
    pk = client.post(API, NEW, content_type=JSON).json()["id"]
    [change] = history(client, pk)
    assert (change["operation"], change["user"], change["institution"]) == (
        "create",
        "editor_a",
        "agency_a",
    )
    assert change["before"] is None
    assert change["after"]["title_en"] == "Made by the API"
    assert change["after"]["classifications"] == {"incidence_level": ["political"]}
    assert change["after"]["costs"][0]["amount"] == "250.75"


def test_api_create_is_recorded_as_coming_from_the_api(cast):
    client = cast.client("editor_a")
    pk = client.post(API, NEW, content_type=JSON).json()["id"]
    assert history(client, pk)[0]["source"] == "api"


def test_api_put_is_recorded_with_before_and_after(cast):
    client = cast.client("focal_a")
    pk = cast.public_initiative.pk
    response = client.put(f"{API}{pk}/", {"title_en": "Public work, revised"}, content_type=JSON)
    assert response.status_code == 200
    [change] = history(client, pk)
    assert (change["user"], change["institution"], change["operation"]) == (
        "focal_a",
        "agency_a",
        "update",
    )
    assert (change["before"]["title_en"], change["after"]["title_en"]) == (
        "Public work",
        "Public work, revised",
    )
    assert change["changed_fields"] == ["title_en"]


def test_api_patch_of_periods_is_recorded_with_before_and_after(cast):
    client = cast.client("editor_b")
    pk = cast.internal_initiative.pk
    client.patch(f"{API}{pk}/", {"periods": [{"start": "2017", "end": "2017"}]}, content_type=JSON)
    [change] = history(client, pk)
    assert (change["user"], change["institution"]) == ("editor_b", "undp_b")
    assert change["before"]["periods"][0]["start_date"] == "2018-01-01"
    assert change["after"]["periods"][0]["start_date"] == "2017-01-01"


def test_api_patch_of_a_classification_is_recorded_with_before_and_after(cast):
    client = cast.client("coordinator_b")
    pk = cast.public_initiative.pk
    client.patch(f"{API}{pk}/", {"incidence_level": "political"}, content_type=JSON)
    [change] = history(client, pk)
    assert change["before"]["classifications"] == {"incidence_level": ["systemic"]}
    assert change["after"]["classifications"] == {"incidence_level": ["political"]}


def test_api_patch_of_costs_is_recorded_with_before_and_after(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    client.patch(
        f"{API}{pk}/", {"costs": [{"amount": "80.00"}, {"amount": "1.25"}]}, content_type=JSON
    )
    [change] = history(client, pk)
    assert [c["amount"] for c in change["before"]["costs"]] == ["100.50"]
    assert [c["amount"] for c in change["after"]["costs"]] == ["80.00", "1.25"]


def test_api_patch_that_changes_nothing_leaves_no_record(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    response = client.patch(f"{API}{pk}/", {"title_en": "Public work"}, content_type=JSON)
    assert response.status_code == 200
    assert history(client, pk) == []


def test_api_patch_of_the_read_only_title_is_refused_naming_it(cast):
    """`title` is the title in the request's language, shown, never written: the client
    that sends it learns so instead of a 200 that changes nothing."""
    client = cast.client("editor_a")
    initiative = cast.public_initiative
    before = counts()
    response = client.patch(
        f"{API}{initiative.pk}/", {"title": "Renamed"}, content_type=JSON, headers=EN
    )
    assert response.status_code == 400
    assert response.json() == {"title": ["This field is read-only."]}
    initiative.refresh_from_db()
    assert initiative.title_en == "Public work"
    assert counts() == before


def test_api_refusal_of_a_read_only_field_names_it_in_spanish(cast):
    response = cast.client("editor_a").patch(
        f"{API}{cast.public_initiative.pk}/",
        {"title": "Renamed", "cost": "5"},
        content_type=JSON,
        headers={"accept-language": "es"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "cost": ["Este campo es de solo lectura."],
        "title": ["Este campo es de solo lectura."],
    }


def test_api_write_with_an_unknown_key_inside_a_period_is_refused_naming_it(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    before = counts()
    response = client.patch(
        f"{API}{pk}/",
        {"title_en": "Changed", "periods": [{"start": "2017", "ends": "2018"}]},
        content_type=JSON,
        headers=EN,
    )
    assert response.status_code == 400
    assert response.json() == {"periods": {"0": {"ends": ["Unknown field."]}}}
    assert counts() == before
    assert history(client, pk) == []


def test_api_write_with_a_key_named_by_a_scheme_of_another_program_is_unknown(cast):
    response = cast.client("superuser").post(
        API,
        {**NEW, "number": 77, "no_such_scheme": "x"},
        content_type=JSON,
        headers=EN,
    )
    assert response.status_code == 400
    assert response.json() == {"no_such_scheme": ["Unknown field."]}


def test_api_publishing_is_recorded_with_before_and_after(cast):
    client = cast.client("coordinator_a")
    pk = cast.internal_initiative.pk
    client.patch(f"{API}{pk}/", {"is_public": True}, content_type=JSON)
    [change] = history(client, pk)
    assert (change["before"]["is_public"], change["after"]["is_public"]) == (False, True)


def test_api_delete_is_recorded_with_the_last_state(cast):
    client = cast.client("coordinator_b")
    pk = cast.public_initiative.pk
    assert client.delete(f"{API}{pk}/").status_code == 204
    [change] = history(client, pk)
    assert (change["operation"], change["user"], change["institution"]) == (
        "delete",
        "coordinator_b",
        "undp_b",
    )
    assert change["before"]["title_en"] == "Public work" and change["after"] is None


def test_api_delete_removes_what_the_initiative_owns(cast):
    pk = cast.public_initiative.pk
    cast.client("superuser").delete(f"{API}{pk}/")
    assert not (
        ExecutionPeriod.objects.filter(initiative_id=pk).exists()
        or CostRecord.objects.filter(initiative_id=pk).exists()
        or Classification.objects.filter(initiative_id=pk).exists()
    )


def test_api_write_by_a_superuser_is_recorded_without_institution(cast):
    client = cast.client("superuser")
    pk = cast.public_initiative.pk
    client.patch(f"{API}{pk}/", {"title_en": "Root was here"}, content_type=JSON)
    [change] = history(client, pk)
    assert (change["user"], change["institution"]) == ("root", None)


# --- bad input: refused with the field named, nothing saved ---------------------------------


BAD_CREATES = [
    ("periods", {"periods": [{"start": "2019-06-01", "end": "2019-01-31"}]}),
    ("periods", {"periods": [{"start": "2019-13"}]}),
    ("costs", {"costs": [{"amount": "-5.00"}]}),
    ("costs", {"costs": [{"amount": "lots"}]}),
    ("incidence_level", {"incidence_level": "galactic"}),
    ("classifications", {"classifications": {"no_such_scheme": "systemic"}}),
    ("number", {"number": 1}),
    ("number", {"number": 0}),
    ("title_en", {"title_en": "", "title_es": ""}),
    ("phase", {"phase": 9}),
    ("colour", {"colour": "blue"}),
]


@pytest.mark.parametrize(("field", "change"), BAD_CREATES, ids=[f for f, _ in BAD_CREATES])
def test_api_create_with_bad_input_is_400_naming_the_field(cast, field, change):
    response = cast.client("editor_a").post(API, {**NEW, **change}, content_type=JSON)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(("field", "change"), BAD_CREATES, ids=[f for f, _ in BAD_CREATES])
def test_api_create_with_bad_input_saves_nothing(cast, field, change):
    before = counts()
    cast.client("editor_a").post(API, {**NEW, **change}, content_type=JSON)
    assert counts() == before


BAD_UPDATES = [
    ("periods", {"periods": [{"start": "2019-06-01", "end": "2019-01-31"}]}),
    ("costs", {"costs": [{"amount": "-0.01"}]}),
    ("incidence_level", {"incidence_level": "galactic"}),
    ("number", {"number": 2}),
]


@pytest.mark.parametrize(("field", "change"), BAD_UPDATES, ids=[f for f, _ in BAD_UPDATES])
def test_api_update_with_bad_input_is_400_naming_the_field(cast, field, change):
    response = cast.client("editor_a").patch(
        f"{API}{cast.public_initiative.pk}/", {"title_en": "Renamed", **change}, content_type=JSON
    )
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(("field", "change"), BAD_UPDATES, ids=[f for f, _ in BAD_UPDATES])
def test_api_update_with_bad_input_changes_nothing(cast, field, change):
    before = counts()
    initiative = cast.public_initiative
    cast.client("editor_a").patch(
        f"{API}{initiative.pk}/", {"title_en": "Renamed", **change}, content_type=JSON
    )
    initiative.refresh_from_db()
    assert (counts(), initiative.title_en, initiative.number) == (before, "Public work", 1)


def test_api_bad_period_message_says_it_ends_before_it_starts(cast):
    payload = {**NEW, "periods": [{"start": "2019-06-01", "end": "2019-01-31"}]}
    response = cast.client("editor_a").post(
        API, payload, content_type=JSON, headers={"accept-language": "en"}
    )
    assert "before it starts" in " ".join(response.json()["periods"])


def test_api_duplicate_number_message_names_the_program_and_number(cast):
    response = cast.client("editor_a").post(
        API, {**NEW, "number": 2}, content_type=JSON, headers={"accept-language": "en"}
    )
    assert response.json()["number"] == ["Program TEST already has an initiative number 2."]


# --- queries do not grow with rows ----------------------------------------------------------


def add_initiatives(program, numbers_):
    scheme = program.classification_schemes.get(code="incidence_level")
    terms = list(scheme.terms.all())
    phase = program.phases.first()
    for number in numbers_:
        initiative = InitiativeFactory(program=program, number=number, is_public=True, phase=phase)
        ClassificationFactory(initiative=initiative, term=terms[number % len(terms)])
        PeriodFactory(initiative=initiative)
        PeriodFactory(initiative=initiative, start_date=datetime.date(2020, 1, 1), end_date=None)
        CostFactory(initiative=initiative, amount=Decimal(number))


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "editor_a", "superuser"])
def test_api_initiative_list_queries_do_not_grow_with_rows(cast, role):
    client = cast.client(role)
    client.get(API)  # session, content types and the like, cached once
    add_initiatives(cast.program, range(10, 13))
    with_three = count_queries(client, f"{API}?program=TEST")
    add_initiatives(cast.program, range(13, 40))
    assert count_queries(client, f"{API}?program=TEST") == with_three


def test_api_initiative_list_queries_stay_bounded(cast):
    client = cast.client("superuser")
    add_initiatives(cast.program, range(10, 40))
    assert count_queries(client, f"{API}?program=TEST&incidence_level=systemic") <= 20
