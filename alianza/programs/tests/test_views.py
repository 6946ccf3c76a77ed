"""Program pages: the overview, project document versions and their comparison, the
program's history, in Spanish and in English."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from alianza.initiatives import services as initiatives
from alianza.programs.tests.factories import (
    DocumentVersionFactory,
    ExpectedProductFactory,
    ExpectedResultFactory,
)

pytestmark = pytest.mark.django_db

COMPARE = "/programs/PROCAP/documents/compare/?from=original_2013&to=revision_3"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


@pytest.fixture
def revision(cast):
    """A first revision of TEST's document: the result renumbered, one product reworded,
    one removed, one added, and a new result."""
    version = DocumentVersionFactory(
        program=cast.program,
        code="revision_1",
        sequence=2,
        kind="substantive_revision",
        revision_number=1,
        label_en="First revision",
    )
    original = cast.program.document_versions.get(code="original")
    ExpectedProductFactory(result=original.results.get(), order=2, title_en="A training course")
    renumbered = ExpectedResultFactory(version=version, number=2, title_en="Capacities")
    ExpectedProductFactory(result=renumbered, order=1, title_en="A manual (2nd ed.)")
    ExpectedProductFactory(result=renumbered, order=2, title_en="An online platform")
    new = ExpectedResultFactory(version=version, number=1, title_en="Knowledge networks")
    ExpectedProductFactory(result=new, order=1, title_en="A network of experts")
    return version


def english(client):
    client.cookies["django_language"] = "en"
    return client


def statuses(html: str) -> list[str]:
    return re.findall(r'data-status="(\w+)"', html)


# --- the overview ---------------------------------------------------------------------------


def test_program_overview_shows_partners_phases_components_and_versions(cast):
    html = english(cast.client("anonymous")).get("/programs/TEST/").content.decode()
    assert "AGA" in html and "UNB" in html
    assert "Phase 1" in html and "Component 1" in html
    assert 'href="/programs/TEST/documents/original/"' in html


def test_program_overview_shows_revision_and_funding_details_to_partners(cast):
    html = english(cast.client("viewer_b")).get("/programs/TEST/").content.decode()
    revisions = re.search(r'data-testid="revisions".*?</table>', html, re.S).group(0)
    assert "Adjust the budget" in revisions and "USD 1,000.00" in revisions


TIMELINE_BAR = r'class="timeline-bar phase-1 at-\d{1,3} span-\d{1,3}"'


def test_program_overview_draws_the_phases_on_a_timeline(cast):
    html = english(cast.client("anonymous")).get("/programs/TEST/").content.decode()
    assert re.search(TIMELINE_BAR, html)


def test_program_overview_timeline_css_is_valid_in_spanish(cast):
    html = (
        cast.client("anonymous")
        .get("/programs/TEST/", headers={"accept-language": "es"})
        .content.decode()
    )
    assert re.search(TIMELINE_BAR, html)


def test_program_nav_by_classification_tab_opens_for_every_program(cast):
    html = cast.client("anonymous").get("/programs/TEST/").content.decode()
    link = re.search(r'href="(/programs/TEST/initiatives/by/[^"]*)"', html).group(1)
    response = cast.client("anonymous").get(link, follow=True)
    assert response.status_code == 200
    assert response.context["scheme"].code == "incidence_level"


# --- project documents ----------------------------------------------------------------------


def test_document_list_shows_each_version_with_its_number_of_results(cast, revision):
    response = english(cast.client("anonymous")).get("/programs/TEST/documents/")
    html = response.content.decode()
    assert 'href="/programs/TEST/documents/revision_1/"' in html
    assert [len(v.results.all()) for v in response.context["versions"]] == [1, 2]


def test_document_detail_shows_results_and_products(cast):
    html = english(cast.client("anonymous")).get("/programs/TEST/documents/original/")
    assert "Result 1. Capacities" in html.content.decode()
    assert "A manual" in html.content.decode()


def test_document_compare_with_a_single_version_says_two_are_needed(cast):
    html = english(cast.client("anonymous")).get("/programs/TEST/documents/compare/")
    assert "At least two document versions are needed" in html.content.decode()


def test_document_compare_without_choice_compares_the_last_two_versions(cast, revision):
    response = cast.client("anonymous").get("/programs/TEST/documents/compare/")
    assert (response.context["old"].code, response.context["new"].code) == (
        "original",
        "revision_1",
    )


def test_document_compare_matches_a_renumbered_result_by_what_it_says(cast, revision):
    response = cast.client("anonymous").get("/programs/TEST/documents/compare/")
    [change] = [c for c in response.context["changes"] if c.title_after == "Capacities"]
    assert (change.status, change.number_before, change.number_after) == ("changed", 1, 2)


def test_document_compare_shows_products_reworded_added_and_removed(cast, revision):
    response = cast.client("anonymous").get("/programs/TEST/documents/compare/")
    [change] = [c for c in response.context["changes"] if c.title_after == "Capacities"]
    assert sorted((p.status, p.before, p.after) for p in change.products) == [
        ("added", "", "An online platform"),
        ("removed", "A training course", ""),
        ("reworded", "A manual", "A manual (2nd ed.)"),
    ]


def test_document_compare_shows_a_new_result(cast, revision):
    html = english(cast.client("anonymous")).get("/programs/TEST/documents/compare/")
    assert re.search(r"New result</span> 1\. Knowledge networks", html.content.decode())


def test_document_compare_htmx_request_gets_only_the_changes(cast, revision):
    response = cast.client("anonymous").get(
        "/programs/TEST/documents/compare/", headers={"hx-request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and "Knowledge networks" in html


def test_document_compare_ignores_unknown_version_codes(cast, revision):
    response = cast.client("anonymous").get(
        "/programs/TEST/documents/compare/", {"from": "nope", "to": "nothing"}
    )
    assert (response.status_code, response.context["new"].code) == (200, "revision_1")


class TestProcap:
    """PROCAP's pages; the comparison is the original 2013 project document against the third
    substantive revision (Annex 2)."""

    def test_program_overview_of_procap_lists_its_three_phases(self, cast, procap):
        response = cast.client("anonymous").get("/programs/PROCAP/")
        assert [phase.number for phase in response.context["phases"]] == [1, 2, 3]

    def test_document_compare_procap_labels_versions_in_the_page_language(self, cast, procap):
        client = cast.client("anonymous")
        client.cookies["django_language"] = "es"
        html = client.get(COMPARE).content.decode()
        assert "Documento de proyecto original" in html and "Tercera revisión sustantiva" in html

    def test_document_compare_procap_shows_a_result_whose_number_changed(self, cast, procap):
        response = english(cast.client("anonymous")).get(COMPARE)
        html = response.content.decode()
        assert (response.context["old"].code, response.context["new"].code) == (
            "original_2013",
            "revision_3",
        )
        assert re.search(r"was 3\. Systematization of policies and practices", html)
        assert re.search(r"2\. Systematization of Mexican policies", html)

    def test_document_compare_procap_shows_products_added_and_removed(self, cast, procap):
        html = cast.client("anonymous").get(COMPARE).content.decode()
        found = statuses(html)
        assert "added" in found and "removed" in found
        assert re.search(
            r'class="diff-removed" data-status="removed">\s*Instrumentos para medir', html
        )

    def test_document_compare_procap_first_result_keeps_one_product(self, cast, procap):
        response = cast.client("anonymous").get(COMPARE)
        first = next(c for c in response.context["changes"] if c.number_after == 1)
        assert first.counts == {"added": 3, "unchanged": 1, "removed": 2}

    def test_document_compare_procap_matches_the_coe_result_from_2_to_3(self, cast, procap):
        response = cast.client("anonymous").get(COMPARE)
        coe = next(c for c in response.context["changes"] if c.number_before == 2)
        assert (coe.status, coe.number_after) == ("changed", 3)


# --- the program's history ------------------------------------------------------------------


def test_program_history_lists_who_changed_what_from_which_institution(cast):
    initiatives.initiative_update(
        initiative=cast.public_initiative,
        data={"title_en": "Public work, revised"},
        actor=cast.users["coordinator_b"],
    )
    html = english(cast.client("viewer_a")).get("/programs/TEST/history/").content.decode()
    history = re.search(r'data-testid="history".*?</table>', html, re.S).group(0)
    assert "coordinator_b" in history and "UNB" in history and "Title (English)" in history


def test_program_history_is_empty_before_any_change(cast):
    html = english(cast.client("viewer_a")).get("/programs/TEST/history/").content.decode()
    assert "No recorded changes you may see." in html


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/programs/TEST/", "/programs/TEST/documents/", "/programs/TEST/documents/original/"]
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_program_pages_render_in_the_cookie_language(cast, path, language):
    client = cast.client("anonymous")
    client.cookies["django_language"] = language
    html = client.get(path).content.decode()
    name = {"es": cast.program.name_es, "en": cast.program.name_en}[language]
    assert f'<html lang="{language}">' in html and name in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_program_overview_translates_its_labels(cast, language):
    client = cast.client("anonymous")
    client.cookies["django_language"] = language
    html = client.get("/programs/TEST/").content.decode()
    with translation.override(language):
        label = translation.gettext("Compare versions")
    assert f">{label}</a>" in html


def test_program_overview_follows_the_browser_language(cast):
    html = (
        cast.client("anonymous")
        .get("/programs/TEST/", headers={"accept-language": "en"})
        .content.decode()
    )
    assert '<html lang="en">' in html and cast.program.name_es not in html


def test_program_overview_speaks_spanish_by_default(cast):
    html = cast.client("anonymous").get("/programs/TEST/").content.decode()
    assert '<html lang="es">' in html and cast.program.name_es in html
