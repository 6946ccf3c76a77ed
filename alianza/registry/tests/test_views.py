"""Registry pages and API: filters, totals from the records, query counts that do not grow
with rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.registry.tests.factories import make_activity
from alianza.registry.text import narratives

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/registry/", "/api/v1/activities/", "/registry/map/", "/registry/network/"]
)
def test_query_count_does_not_grow_with_activities(cast, url):
    client = cast.client("editor_a")
    make_activity(cast.program, "XM-TEST-1")
    few = _queries(client, url)
    for n in range(2, 8):
        make_activity(cast.program, f"XM-TEST-{n}")
    assert _queries(client, url) == few


def _api(cast, query: str) -> list[str]:
    response = cast.client("editor_a").get("/api/v1/activities/?" + query)
    assert response.status_code == 200, response.content
    return [a["iati_identifier"] for a in response.json()["results"]]


@pytest.fixture
def three(cast):
    make_activity(cast.program, "XM-A")
    make_activity(
        cast.program,
        "XM-B",
        recipient_countries=[{"code": "HN", "percentage": "100"}],
        locations=[{"ref": "MX-INEGI-27004"}],
        sectors=[{"vocabulary": "1", "code": "43010", "percentage": "100"}],
        modality="triangular",
        country_role="recipient",
        activity_dates=[{"type": "2", "iso_date": "2021-03-01"}],
        transactions=[],
    )
    make_activity(cast.program, "XM-C", reporting_org_ref="XM-DAC-41114", participating_orgs=[])
    return cast


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=HN", ["XM-B"]),
        ("country=gt", ["XM-A", "XM-C"]),
        ("subdivision=MX-TAB", ["XM-B"]),
        ("subdivision=MX-CHP", ["XM-A", "XM-C"]),
        ("municipality=27004", ["XM-B"]),
        ("sector=430", ["XM-B"]),
        ("sector=15110", ["XM-A", "XM-C"]),
        ("modality=triangular", ["XM-B"]),
        ("role=recipient", ["XM-B"]),
        ("organisation=GT-TEST-ORG", ["XM-A", "XM-B"]),
        ("organisation=XM-DAC-41114", ["XM-C"]),
        ("year=2018", ["XM-A", "XM-C"]),
        ("year=2021", ["XM-B"]),
        ("transaction_date_after=2018-05-01&transaction_date_before=2018-07-01", ["XM-A", "XM-C"]),
        ("transaction_date_after=2019-01-01", []),
        ("q=XM-B", ["XM-B"]),
    ],
)
def test_api_filters(three, query, expected):
    assert _api(three, query) == expected


def test_api_reporting_org_lists_a_publishers_activities_with_transaction_counts(three):
    response = three.client("anonymous").get("/api/v1/activities/?reporting_org=MX-TEST-ORG")
    rows = {a["iati_identifier"]: a["transactions_count"] for a in response.json()["results"]}
    assert rows == {"XM-A": 1, "XM-B": 0}


def test_api_activity_detail_has_transactions_and_narratives(cast):
    activity = make_activity(cast.program, title=narratives(es="Hola", fr="Bonjour"))
    data = cast.client("anonymous").get(f"/api/v1/activities/{activity.pk}/").json()
    assert data["transactions"][0]["value"] == "1000.5000"
    assert {n["lang"] for n in data["title"]} == {"es", "fr"}


def test_api_by_subdivision_totals_come_from_the_records(three):
    rows = three.client("editor_a").get("/api/v1/activities/by-subdivision/").json()
    chiapas = next(r for r in rows if r["subdivision"] == "MX-CHP")
    tabasco = next(r for r in rows if r["subdivision"] == "MX-TAB")
    assert (chiapas["national_code"], tabasco["national_code"]) == ("07", "27")
    assert (chiapas["activities"], chiapas["amount"]) == (2, "2001.00")
    assert (tabasco["activities"], tabasco["amount"]) == (1, "0.00")


def test_map_page_links_a_state_to_its_activities(three):
    response = three.client("editor_a").get("/registry/map/?modality=triangular")
    text = response.content.decode()
    assert 'href="/registry/?modality=triangular&amp;subdivision=MX-TAB"' in text
    listed = three.client("editor_a").get("/registry/?modality=triangular&subdivision=MX-TAB")
    assert 'data-identifier="XM-B"' in listed.content.decode()


def test_map_page_colours_states_by_amount(three):
    text = three.client("editor_a").get("/registry/map/?measure=amount").content.decode()
    assert 'data-subdivision="MX-CHP"><path' in text and 'data-amount="2001.00"' in text


def test_network_links_organisations_that_share_activities(three):
    graph = three.client("editor_a").get("/api/v1/activities/network/").json()
    links = {(link["source"], link["target"]): link["activities"] for link in graph["links"]}
    assert links[("GT-TEST-ORG", "MX-TEST-ORG")] == 2


def test_countries_include_organisation_countries(three):
    rows = three.client("editor_a").get("/api/v1/activities/by-country/").json()
    assert {r["country"]: r["activities"] for r in rows} == {"GT": 3, "HN": 1, "MX": 2}


def test_initiative_page_shows_linked_activities(cast):
    from alianza.registry import services

    activity = make_activity(cast.program)
    services.initiative_link_set(
        initiative=cast.public_initiative,
        activity=activity,
        relation="served",
        actor=cast.users["editor_a"],
    )
    page = cast.client("anonymous").get("/programs/TEST/initiatives/1/").content.decode()
    assert "XM-TEST-1" in page
    api = cast.client("anonymous").get("/api/v1/initiatives/?program=TEST").json()
    assert api["results"][0]["registry_activities"] == ["XM-TEST-1"]


def test_vocabulary_page_lists_codes(cast):
    text = cast.client("anonymous").get("/registry/vocabularies/ssc-mexico-role/").content.decode()
    assert "second_provider" in text
