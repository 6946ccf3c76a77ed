"""The program API, read-only: programs, phases, components, project document versions,
general revisions, funding sources and classification schemes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from alianza.initiatives.tests.factories import TermFactory
from alianza.programs.models import RevisionAmount
from alianza.programs.tests.factories import ComponentFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


def get(cast, path, role="superuser", **params):
    """The API's answer to `role`, as JSON."""
    response = cast.client(role).get(path, params)
    assert response.status_code == 200, response.status_code
    return response.json()


# --- programs -------------------------------------------------------------------------------


def test_api_program_item_carries_code_names_and_partners(cast):
    [program] = get(cast, "/api/v1/programs/", "anonymous")["results"]
    assert (program["code"], program["is_public"]) == ("TEST", True)
    assert [p["institution"] for p in program["partners"]] == ["agency_a", "undp_b"]


def test_api_program_item_gives_dates_as_precise_as_recorded(cast):
    program = get(cast, "/api/v1/programs/TEST/", "anonymous")
    assert (program["start"], program["end"]) == ("2013-01-01", "2025-12-31")


def test_api_program_detail_of_an_unknown_code_is_404(cast):
    assert cast.client("superuser").get("/api/v1/programs/NOPE/").status_code == 404


def test_api_root_lists_the_collections(cast):
    links = get(cast, "/api/v1/", "anonymous")
    for name in (
        "programs",
        "phases",
        "components",
        "document-versions",
        "general-revisions",
        "funding-sources",
        "classification-schemes",
        "initiatives",
        "changes",
    ):
        assert links[name] == f"http://testserver/api/v1/{name}/"


def test_api_schema_describes_the_initiatives_endpoint(cast):
    response = cast.client("anonymous").get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/initiatives/" in response.json()["paths"]


# --- structure ------------------------------------------------------------------------------


def test_api_phase_item_carries_number_and_dates(cast):
    [phase] = get(cast, "/api/v1/phases/", "anonymous", program="TEST")["results"]
    assert (phase["program"], phase["number"], phase["start_date"]) == ("TEST", 1, "2013-01-01")


def test_api_component_item_carries_number_and_names(cast):
    [component] = get(cast, "/api/v1/components/", "anonymous", program="TEST")["results"]
    assert (component["program"], component["number"], component["name_en"]) == (
        "TEST",
        1,
        "Component 1",
    )


def test_api_program_filter_ignores_case(cast):
    assert get(cast, "/api/v1/components/", "anonymous", program="test")["count"] == 1


def test_api_program_filter_with_an_unknown_code_lists_nothing(cast):
    assert get(cast, "/api/v1/components/", "anonymous", program="NOPE")["count"] == 0


def test_api_program_filter_keeps_other_programs_out(cast):
    ComponentFactory(program=ProgramFactory(code="OTHER", is_public=True), number=1)
    listed = get(cast, "/api/v1/components/", "anonymous", program="OTHER")["results"]
    assert [c["program"] for c in listed] == ["OTHER"]


def test_api_document_version_lists_results_with_products(cast):
    [version] = get(cast, "/api/v1/document-versions/", "anonymous", program="TEST")["results"]
    assert version["results"][0]["title_en"] == "Capacities"
    assert [p["title_en"] for p in version["results"][0]["products"]] == ["A manual"]


def test_api_classification_scheme_lists_its_terms(cast):
    [scheme] = get(
        cast, "/api/v1/classification-schemes/", "anonymous", program__code__iexact="TEST"
    )["results"]
    assert (scheme["code"], [t["code"] for t in scheme["terms"]]) == (
        "incidence_level",
        ["political", "systemic"],
    )


def test_api_classification_scheme_gives_each_terms_parent(cast):
    scheme = cast.program.classification_schemes.get()
    TermFactory(scheme=scheme, code="national", parent=scheme.terms.get(code="political"))
    [listed] = get(
        cast, "/api/v1/classification-schemes/", "anonymous", program__code__iexact="TEST"
    )["results"]
    assert {t["code"]: t["parent"] for t in listed["terms"]}["national"] == "political"


# --- internal records -----------------------------------------------------------------------


def test_api_funding_source_carries_its_institution_by_code(cast):
    [source] = get(cast, "/api/v1/funding-sources/", "viewer_a", program="TEST")["results"]
    assert (source["code"], source["institution"], source["program"]) == (
        "agency_a_contribution",
        "agency_a",
        "TEST",
    )


def test_api_general_revision_carries_its_amounts_by_source(cast):
    revision = cast.program.general_revisions.get()
    source = cast.program.funding_sources.get()
    RevisionAmount.objects.create(revision=revision, source=source, amount=Decimal("1000.00"))
    [listed] = get(cast, "/api/v1/general-revisions/", "viewer_b")["results"]
    assert (listed["number"], listed["award_change"]) == (1, "1000.00")
    assert listed["amounts"] == [
        {
            "source": "agency_a_contribution",
            "amount": "1000.00",
            "currency": "USD",
            "note_en": "",
            "note_es": "",
        }
    ]


def test_api_general_revision_gives_its_date(cast):
    [listed] = get(cast, "/api/v1/general-revisions/", "viewer_b")["results"]
    assert listed["date"] == datetime.date(2014, 1, 1).isoformat()


# --- PROCAP ---------------------------------------------------------------------------------


class TestProcap:
    """PROCAP's structure and money, as its reference data records them."""

    def test_api_procap_has_two_components(self, cast, procap):
        listed = get(cast, "/api/v1/components/", "anonymous", program="PROCAP")["results"]
        assert [c["number"] for c in listed] == [1, 2]

    def test_api_procap_funding_sources_are_six(self, cast, procap):
        assert get(cast, "/api/v1/funding-sources/", "superuser", program="PROCAP")["count"] == 6

    def test_api_procap_funding_sources_are_hidden_from_anonymous_visitors(self, cast, procap):
        assert get(cast, "/api/v1/funding-sources/", "anonymous", program="PROCAP")["count"] == 0

    def test_api_procap_schemes_are_the_four_of_the_report(self, cast, procap):
        listed = get(
            cast, "/api/v1/classification-schemes/", "anonymous", program__code__iexact="PROCAP"
        )["results"]
        assert [s["code"] for s in listed] == [
            "support_dimension",
            "incidence_level",
            "dissemination_scope",
            "status",
        ]

    def test_api_procap_document_versions_run_from_the_original(self, cast, procap):
        listed = get(cast, "/api/v1/document-versions/", "anonymous", program="PROCAP")["results"]
        assert listed[0]["code"] == "original_2013"
        assert [r["number"] for r in listed[0]["results"]] == [1, 2, 3]

    def test_api_procap_policy_instrument_lists_its_provisions(self, cast, procap):
        instrument = get(cast, "/api/v1/policy-instruments/lcid/", "anonymous")
        assert instrument["short_name"] == "LCID"
        assert "art_10" in [p["code"] for p in instrument["provisions"]]
