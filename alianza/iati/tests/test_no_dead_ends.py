"""The registry's tabs lead somewhere: an export with nothing in it says what to do first,
in the reader's language, and the spreadsheets page is offered only to who may use it."""

from __future__ import annotations

from alianza.registry.tests.factories import make_activity

EXPORT = "/iati/export/activities.xml"


def test_export_of_an_empty_registry_says_to_import_first(cast):
    response = cast.client("editor_a").get(EXPORT, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "El registro aún no tiene actividades" in page
    assert 'data-testid="import-iati"' in page and 'data-testid="import-spreadsheet"' in page


def test_export_of_an_empty_registry_for_a_visitor_offers_no_import(cast):
    response = cast.client("anonymous").get(EXPORT, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The registry has no activity yet" in page
    assert 'data-testid="import-spreadsheet"' not in page
    assert 'data-testid="spreadsheets-tab"' not in page


def test_export_matching_nothing_says_to_change_the_filters(cast):
    make_activity(cast.program, "XM-A")
    response = cast.client("anonymous").get(
        EXPORT, {"identifier": "XM-NONE"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "No activity matches these filters" in response.content.decode()


def test_export_with_activities_still_serves_the_file(cast):
    make_activity(cast.program, "XM-A")
    response = cast.client("anonymous").get(EXPORT)
    assert response["Content-Type"] == "application/xml"


def test_spreadsheets_tab_is_offered_to_editors_only(cast):
    def tab(role: str) -> bool:
        page = cast.client(role).get("/registry/").content.decode()
        return 'data-testid="spreadsheets-tab"' in page

    assert tab("editor_a") and tab("coordinator_a") and tab("superuser")
    assert not tab("viewer_a") and not tab("outsider") and not tab("anonymous")
    for role in ("viewer_a", "outsider"):
        assert cast.client(role).get("/registry/spreadsheets/").status_code == 403
