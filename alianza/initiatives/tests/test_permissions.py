"""Who may read, create, change, publish and delete initiatives: pages and API, every role.

Deny by default: a public initiative of a public program is readable by everyone; an
internal one only by partner members (404 for the rest, never a hint it exists).
Editing roles of a partner create and change; coordinators publish and delete.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from alianza.conftest import COORDINATOR_ROLES, EDITOR_ROLES, PARTNER_ROLES, ROLES
from alianza.core.tests.matrix import assert_access, assert_answer, expected_answer, page_numbers
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.factories import InitiativeFactory, SchemeFactory, TermFactory
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/initiatives/"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


# --- helpers ------------------------------------------------------------------------------


def csv_numbers(response) -> list[int]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [int(row[0]) for row in rows[1:]]


def xlsx_numbers(response) -> list[int]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [int(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def api_numbers(response) -> list[int]:
    return [item["number"] for item in response.json()["results"]]


def form_data(initiative: Initiative | None = None, **changes) -> dict:
    """What the initiative form posts: the record's own fields, with `changes` applied.

    Its collections (periods, costs...) go empty: these tests are about who may save, not
    what (test_views.py covers the collections)."""
    data = {
        "number": initiative.number if initiative else 50,
        "title_en": initiative.title_en if initiative else "Made on the page",
        "title_es": initiative.title_es if initiative else "",
        "phase": initiative.phase_id or "" if initiative else "",
        "description_en": initiative.description_en if initiative else "",
        "scheme_incidence_level": "systemic",
    }
    if initiative is not None and initiative.is_public:
        data["is_public"] = "on"
    for key in ("periods", "costs", "involvements", "key_figures"):
        data[f"{key}-TOTAL_FORMS"] = "0"
        data[f"{key}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def hidden(cast):
    """A non-public program the cast's two partners run, with a 'public' initiative."""
    program = ProgramFactory(code="HIDDEN", is_public=False)
    PartnershipFactory(program=program, institution=cast.partner_a)
    PartnershipFactory(program=program, institution=cast.partner_b)
    InitiativeFactory(program=program, number=1, title_en="Hidden work", is_public=True)
    SchemeFactory(program=program, code="incidence_level")
    return program


@pytest.fixture
def foreign(cast):
    """A public program the cast's partners have no part in, run by the outsider."""
    program = ProgramFactory(code="FOREIGN", is_public=True)
    PartnershipFactory(program=program, institution=cast.outsider_institution)
    InitiativeFactory(program=program, number=1, title_en="Foreign work", is_public=True)
    return program


# --- reading: pages -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_public_initiative_page_is_readable_by_everyone_with_links_by_role(cast, role):
    """Everyone reads it; the edit link is for editing roles, the delete link for
    coordinators, the history tab for partner members."""
    response = cast.client(role).get("/programs/TEST/initiatives/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Public work" in html
    assert ('href="/programs/TEST/initiatives/1/edit/"' in html) == (role in EDITOR_ROLES)
    assert ('href="/programs/TEST/initiatives/1/delete/"' in html) == (role in COORDINATOR_ROLES)
    assert ('data-testid="history-section"' in html) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_initiative_list_and_exports_show_internal_initiatives_to_partner_members_only(cast, role):
    """The page (with its new-initiative link for editing roles), its CSV and XLSX."""
    client = cast.client(role)
    expected = [1, 2] if role in PARTNER_ROLES else [1]
    response = client.get("/programs/TEST/initiatives/")
    assert page_numbers(response) == expected
    html = response.content.decode()
    assert ('href="/programs/TEST/initiatives/new/"' in html) == (role in EDITOR_ROLES)
    response = client.get("/programs/TEST/initiatives/?export=csv")
    assert response.status_code == 200
    assert csv_numbers(response) == expected
    response = client.get("/programs/TEST/initiatives/?export=xlsx")
    assert response.status_code == 200
    assert xlsx_numbers(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_classification_table_counts_internal_initiatives_for_partner_members_only(cast, role):
    """The table, and its CSV."""
    client = cast.client(role)
    response = client.get("/programs/TEST/initiatives/by/incidence_level/")
    assert response.status_code == 200
    count = re.search(
        r'data-term="systemic">.*?data-count="(\d+)"', response.content.decode(), re.S
    ).group(1)
    assert int(count) == (2 if role in PARTNER_ROLES else 1)
    response = client.get(
        "/programs/TEST/initiatives/by/incidence_level/?export=csv", HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    systemic = next(row for row in rows[1:] if row[0].strip() == "Systemic")
    assert ("Internal work" in systemic[1]) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_non_public_program_initiatives_are_404_for_non_partners(cast, hidden, role):
    """Its pages, its classification index, and (through the API) its public initiatives."""
    client = cast.client(role)
    partner = role in PARTNER_ROLES
    for path in [
        "/programs/HIDDEN/initiatives/",
        "/programs/HIDDEN/initiatives/1/",
        "/programs/HIDDEN/initiatives/?export=csv",
    ]:
        assert_access(client, path, "ok" if partner else "404")
    assert_access(client, "/programs/HIDDEN/initiatives/by/", "redirect" if partner else "404")
    response = client.get(API_LIST, {"program": "HIDDEN"})
    assert api_numbers(response) == ([1] if partner else [])


# --- reading: API ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_list_shows_internal_initiatives_to_partners_and_the_public_one_to_all(cast, role):
    client = cast.client(role)
    response = client.get(API_LIST, {"program": "TEST"})
    assert response.status_code == 200
    assert api_numbers(response) == ([1, 2] if role in PARTNER_ROLES else [1])
    response = client.get(f"{API_LIST}{cast.public_initiative.pk}/")
    assert response.status_code == 200
    assert response.json()["number"] == 1


# --- creating -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_create_page_post_saves_for_editing_roles_only(cast, role):
    response = cast.client(role).post("/programs/TEST/initiatives/new/", form_data())
    created = Initiative.objects.filter(program=cast.program, number=50).exists()
    assert created == (role in EDITOR_ROLES)
    assert_answer(response, expected_answer(role, EDITOR_ROLES, ok="redirect"))


@pytest.mark.parametrize("role", ROLES)
def test_api_create_is_for_editing_roles_only(cast, role):
    response = cast.client(role).post(
        API_LIST,
        {"program": "TEST", "number": 50, "title_en": "Made by the API"},
        content_type=JSON,
    )
    created = Initiative.objects.filter(program=cast.program, number=50).exists()
    assert created == (role in EDITOR_ROLES)
    assert_answer(response, expected_answer(role, EDITOR_ROLES, anonymous="401|403"))


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES - {"superuser"}))
def test_api_create_is_refused_in_a_program_the_user_is_no_partner_of(cast, foreign, role):
    response = cast.client(role).post(
        API_LIST, {"program": "FOREIGN", "number": 50, "title_en": "Intruder"}, content_type=JSON
    )
    assert response.status_code == 403
    assert not Initiative.objects.filter(program=foreign, number=50).exists()


@pytest.mark.parametrize("role", ["outsider", "editor_b", "coordinator_b"])
def test_api_create_in_a_program_the_user_cannot_see_saves_nothing(cast, role):
    program = ProgramFactory(code="SECRET", is_public=False)
    PartnershipFactory(program=program, institution=cast.partner_a)
    response = cast.client(role).post(
        API_LIST, {"program": "SECRET", "number": 50, "title_en": "Intruder"}, content_type=JSON
    )
    assert response.status_code in (400, 403, 404)
    assert not Initiative.objects.filter(program=program).exists()


@pytest.mark.parametrize("role", ["editor_a", "focal_a", "coordinator_a"])
def test_create_page_is_403_in_a_program_the_user_is_no_partner_of(cast, foreign, role):
    response = cast.client(role).get("/programs/FOREIGN/initiatives/new/")
    assert response.status_code == 403


# --- changing -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_edit_page_opens_and_saves_for_editing_roles_only(cast, role):
    client = cast.client(role)
    assert_access(client, "/programs/TEST/initiatives/1/edit/", expected_answer(role, EDITOR_ROLES))
    initiative = cast.public_initiative
    response = client.post(
        "/programs/TEST/initiatives/1/edit/", form_data(initiative, title_en="Renamed")
    )
    initiative.refresh_from_db()
    assert (initiative.title_en == "Renamed") == (role in EDITOR_ROLES)
    assert_answer(response, expected_answer(role, EDITOR_ROLES, ok="redirect"))


@pytest.mark.parametrize("role", ROLES)
def test_edit_page_post_on_internal_initiative_saves_for_editing_roles_only(cast, role):
    initiative = cast.internal_initiative
    response = cast.client(role).post(
        "/programs/TEST/initiatives/2/edit/", form_data(initiative, title_en="Renamed")
    )
    initiative.refresh_from_db()
    assert (initiative.title_en == "Renamed") == (role in EDITOR_ROLES)
    expected = 302 if role in EDITOR_ROLES else 403 if role in PARTNER_ROLES else 404
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["editor_a", "focal_a", "coordinator_a"])
def test_edit_page_is_403_in_a_program_the_user_is_no_partner_of(cast, foreign, role):
    response = cast.client(role).post(
        "/programs/FOREIGN/initiatives/1/edit/",
        form_data(foreign.initiatives.get(), title_en="Renamed"),
    )
    assert response.status_code == 403
    assert foreign.initiatives.get().title_en == "Foreign work"


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("role", ROLES)
def test_api_change_of_public_initiative_is_for_editing_roles_only(cast, role, method):
    initiative = cast.public_initiative
    response = getattr(cast.client(role), method)(
        f"{API_LIST}{initiative.pk}/", {"title_en": "Renamed"}, content_type=JSON
    )
    initiative.refresh_from_db()
    assert (initiative.title_en == "Renamed") == (role in EDITOR_ROLES)
    assert_answer(response, expected_answer(role, EDITOR_ROLES, anonymous="401|403"))


@pytest.mark.parametrize("role", ROLES)
def test_api_change_of_internal_initiative_hides_it_from_non_partners(cast, role):
    initiative = cast.internal_initiative
    response = cast.client(role).patch(
        f"{API_LIST}{initiative.pk}/", {"title_en": "Renamed"}, content_type=JSON
    )
    initiative.refresh_from_db()
    assert (initiative.title_en == "Renamed") == (role in EDITOR_ROLES)
    assert_answer(response, expected_answer(role, EDITOR_ROLES, anonymous="401|403", other="404"))


@pytest.mark.parametrize("role", ["editor_a", "focal_a", "coordinator_a"])
def test_api_change_is_403_in_a_program_the_user_is_no_partner_of(cast, foreign, role):
    initiative = foreign.initiatives.get()
    response = cast.client(role).patch(
        f"{API_LIST}{initiative.pk}/", {"title_en": "Renamed"}, content_type=JSON
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.title_en == "Foreign work"


# --- publishing -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_publishing_an_initiative_is_for_coordinators_only(cast, role):
    initiative = cast.internal_initiative
    response = cast.client(role).patch(
        f"{API_LIST}{initiative.pk}/", {"is_public": True}, content_type=JSON
    )
    initiative.refresh_from_db()
    assert initiative.is_public == (role in COORDINATOR_ROLES)
    assert_answer(
        response, expected_answer(role, COORDINATOR_ROLES, anonymous="401|403", other="404")
    )


@pytest.mark.parametrize("role", ROLES)
def test_api_unpublishing_an_initiative_is_for_coordinators_only(cast, role):
    initiative = cast.public_initiative
    response = cast.client(role).patch(
        f"{API_LIST}{initiative.pk}/", {"is_public": False}, content_type=JSON
    )
    initiative.refresh_from_db()
    assert initiative.is_public == (role not in COORDINATOR_ROLES)
    assert_answer(response, expected_answer(role, COORDINATOR_ROLES, anonymous="401|403"))


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES))
def test_api_creating_a_public_initiative_is_for_coordinators_only(cast, role):
    response = cast.client(role).post(
        API_LIST,
        {"program": "TEST", "number": 50, "title_en": "Out at once", "is_public": True},
        content_type=JSON,
    )
    created = Initiative.objects.filter(program=cast.program, number=50).first()
    if role in COORDINATOR_ROLES:
        assert response.status_code == 201 and created.is_public
    else:
        assert response.status_code == 403 and created is None


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES))
def test_api_change_may_echo_is_public_unchanged_for_any_editing_role(cast, role):
    initiative = cast.public_initiative
    response = cast.client(role).patch(
        f"{API_LIST}{initiative.pk}/", {"title_en": "Renamed", "is_public": True}, content_type=JSON
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES))
def test_edit_page_publishes_only_for_coordinators(cast, role):
    initiative = cast.internal_initiative
    response = cast.client(role).post(
        "/programs/TEST/initiatives/2/edit/", form_data(initiative, is_public="on")
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.is_public == (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES))
def test_edit_page_unpublishes_only_for_coordinators(cast, role):
    initiative = cast.public_initiative
    response = cast.client(role).post(
        "/programs/TEST/initiatives/1/edit/", form_data(initiative, is_public=None)
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.is_public == (role not in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES))
def test_create_page_publishes_only_for_coordinators(cast, role):
    cast.client(role).post("/programs/TEST/initiatives/new/", form_data(is_public="on"))
    created = Initiative.objects.get(program=cast.program, number=50)
    assert created.is_public == (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", sorted(EDITOR_ROLES))
def test_edit_page_disables_the_public_box_for_non_coordinators(cast, role):
    html = cast.client(role).get("/programs/TEST/initiatives/2/edit/").content.decode()
    box = re.search(r'<input[^>]*name="is_public"[^>]*>', html).group(0)
    assert ("disabled" in box) == (role not in COORDINATOR_ROLES)


# --- deleting -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_delete_page_opens_and_deletes_for_coordinators_only(cast, role):
    client = cast.client(role)
    url = "/programs/TEST/initiatives/1/delete/"
    assert_access(client, url, expected_answer(role, COORDINATOR_ROLES))
    response = client.post(url)
    exists = Initiative.objects.filter(pk=cast.public_initiative.pk).exists()
    assert exists == (role not in COORDINATOR_ROLES)
    assert_answer(response, expected_answer(role, COORDINATOR_ROLES, ok="redirect"))


@pytest.mark.parametrize("role", ROLES)
def test_delete_page_of_internal_initiative_hides_it_from_non_partners(cast, role):
    response = cast.client(role).post("/programs/TEST/initiatives/2/delete/")
    exists = Initiative.objects.filter(pk=cast.internal_initiative.pk).exists()
    assert exists == (role not in COORDINATOR_ROLES)
    expected = 302 if role in COORDINATOR_ROLES else 403 if role in PARTNER_ROLES else 404
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_api_delete_is_for_coordinators_only(cast, role):
    response = cast.client(role).delete(f"{API_LIST}{cast.public_initiative.pk}/")
    exists = Initiative.objects.filter(pk=cast.public_initiative.pk).exists()
    assert exists == (role not in COORDINATOR_ROLES)
    assert_answer(response, expected_answer(role, COORDINATOR_ROLES, anonymous="401|403"))


@pytest.mark.parametrize("role", ROLES)
def test_api_delete_of_internal_initiative_hides_it_from_non_partners(cast, role):
    response = cast.client(role).delete(f"{API_LIST}{cast.internal_initiative.pk}/")
    exists = Initiative.objects.filter(pk=cast.internal_initiative.pk).exists()
    assert exists == (role not in COORDINATOR_ROLES)
    assert_answer(
        response, expected_answer(role, COORDINATOR_ROLES, anonymous="401|403", other="404")
    )


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_api_delete_is_403_for_a_coordinator_of_another_program(cast, foreign, role):
    initiative = foreign.initiatives.get()
    response = cast.client(role).delete(f"{API_LIST}{initiative.pk}/")
    assert response.status_code == 403
    assert Initiative.objects.filter(pk=initiative.pk).exists()


# --- what the API reveals about programs a user cannot see ----------------------------------


@pytest.fixture
def secret_scheme(cast):
    program = ProgramFactory(code="SECRET", is_public=False)
    PartnershipFactory(program=program, institution=cast.partner_a)
    scheme = SchemeFactory(program=program, code="secret_axis")
    TermFactory(scheme=scheme, code="classified")
    return scheme


def test_api_create_answers_the_same_for_a_hidden_program_and_a_missing_one(cast, secret_scheme):
    client = cast.client("outsider")
    hidden = client.post(
        API_LIST,
        {"program": "SECRET", "number": 5, "title_en": "x", "secret_axis": "classified"},
        content_type=JSON,
    )
    missing = client.post(
        API_LIST,
        {"program": "NOSUCH", "number": 5, "title_en": "x", "secret_axis": "classified"},
        content_type=JSON,
    )
    assert hidden.status_code == missing.status_code
    assert set(hidden.json()) == set(missing.json())


def test_api_filters_do_not_reveal_the_schemes_of_hidden_programs(cast, secret_scheme):
    client = cast.client("outsider")
    hidden = client.get(API_LIST, {"secret_axis": "nonsense"})
    missing = client.get(API_LIST, {"no_such_axis": "nonsense"})
    assert hidden.status_code == missing.status_code
