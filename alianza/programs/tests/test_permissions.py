"""Who may see a program and its records: the predicates, every page and every API list.

A public program's overview, documents, comparison and classification tables are for
everyone; its general revisions, funding sources and history for partner members only.
A non-public program does not exist for anyone else (404, absent from lists).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from alianza.conftest import COORDINATOR_ROLES, EDITOR_ROLES, PARTNER_ROLES, ROLES
from alianza.core.tests.matrix import assert_access
from alianza.initiatives.tests.factories import InitiativeFactory, SchemeFactory, TermFactory
from alianza.programs.permissions import (
    can_edit_program_records,
    can_manage_program,
    can_view_internal,
    can_view_program,
    is_partner_member,
)
from alianza.programs.tests.factories import (
    ComponentFactory,
    DocumentVersionFactory,
    ExpectedResultFactory,
    FundingSourceFactory,
    GeneralRevisionFactory,
    PartnershipFactory,
    PhaseFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/programs/TEST/",
    "/programs/TEST/documents/",
    "/programs/TEST/documents/compare/",
    "/programs/TEST/documents/compare/?from=original&to=revision_1",
    "/programs/TEST/documents/original/",
    "/programs/TEST/initiatives/",
    "/programs/TEST/initiatives/by/incidence_level/",
    "/programs/TEST/initiatives/1/",
]
HIDDEN_PAGES = [
    "/programs/HIDDEN/",
    "/programs/HIDDEN/documents/",
    "/programs/HIDDEN/documents/compare/",
    "/programs/HIDDEN/documents/original/",
    "/programs/HIDDEN/initiatives/",
    "/programs/HIDDEN/initiatives/by/incidence_level/",
    "/programs/HIDDEN/initiatives/1/",
    "/programs/HIDDEN/initiatives/?export=csv",
    "/programs/HIDDEN/history/",
]
READ_ONLY_ENDPOINTS = [
    "phases",
    "components",
    "document-versions",
    "general-revisions",
    "funding-sources",
]


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


@pytest.fixture
def second_version(cast):
    """A revision of TEST's project document, so that there is something to compare."""
    version = DocumentVersionFactory(
        program=cast.program,
        code="revision_1",
        sequence=2,
        kind="substantive_revision",
        revision_number=1,
    )
    ExpectedResultFactory(version=version, number=1, title_en="Capacities")
    return version


@pytest.fixture
def hidden(cast):
    """A non-public program of the cast's two partners, with one record of each kind."""
    program = ProgramFactory(code="HIDDEN", is_public=False)
    PartnershipFactory(program=program, institution=cast.partner_a)
    PartnershipFactory(program=program, institution=cast.partner_b)
    PhaseFactory(program=program, number=1)
    ComponentFactory(program=program, number=1)
    DocumentVersionFactory(program=program, code="original", sequence=1)
    DocumentVersionFactory(program=program, code="revision", sequence=2)
    FundingSourceFactory(program=program, code="hidden_money", institution=cast.partner_a)
    GeneralRevisionFactory(program=program, number=1)
    scheme = SchemeFactory(program=program, code="incidence_level")
    TermFactory(scheme=scheme, code="systemic")
    InitiativeFactory(program=program, number=1, title_en="Hidden work", is_public=True)
    return program


def user_of(cast, role):
    return cast.users[role] or AnonymousUser()


def results(response) -> list[dict]:
    assert response.status_code == 200
    return response.json()["results"]


# --- the predicates -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_can_view_program_is_true_for_everyone_on_a_public_program(cast, role):
    assert can_view_program(user_of(cast, role), cast.program)


@pytest.mark.parametrize("role", ROLES)
def test_can_view_program_is_for_partner_members_on_a_non_public_program(cast, hidden, role):
    assert can_view_program(user_of(cast, role), hidden) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_is_partner_member_holds_for_partner_institutions_and_superusers(cast, role):
    assert is_partner_member(user_of(cast, role), cast.program) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_can_view_internal_is_for_partner_members_only(cast, role):
    assert can_view_internal(user_of(cast, role), cast.program) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_can_edit_program_records_is_for_editing_roles_of_partners(cast, role):
    assert can_edit_program_records(user_of(cast, role), cast.program) == (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_can_manage_program_is_for_coordinators_of_partners(cast, role):
    assert can_manage_program(user_of(cast, role), cast.program) == (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", sorted(PARTNER_ROLES - {"superuser"}))
def test_partner_roles_give_nothing_in_a_program_the_institution_is_no_partner_of(cast, role):
    program = ProgramFactory(code="ELSEWHERE", is_public=True)
    PartnershipFactory(program=program, institution=cast.outsider_institution)
    user = user_of(cast, role)
    assert not (
        can_view_internal(user, program)
        or can_edit_program_records(user, program)
        or can_manage_program(user, program)
    )


@pytest.mark.parametrize("role", ["viewer_a", "editor_a", "focal_a", "coordinator_a"])
def test_an_inactive_membership_gives_no_partner_rights(cast, role):
    user = cast.users[role]
    user.membership.is_active = False
    user.membership.save()
    user.refresh_from_db()
    assert not (
        is_partner_member(user, cast.program)
        or can_view_internal(user, cast.program)
        or can_edit_program_records(user, cast.program)
        or can_manage_program(user, cast.program)
    )


# --- pages of a public program --------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_program_page_is_readable_without_signing_in(cast, second_version, path):
    """Every role's answer is the access matrix's; here, each page with its own query."""
    assert_access(cast.client("anonymous"), path, "ok")


@pytest.mark.parametrize("role", ROLES)
def test_overview_shows_general_revisions_to_partner_members_only(cast, role):
    html = cast.client(role).get("/programs/TEST/").content.decode()
    assert ('data-testid="revisions"' in html) == (role in PARTNER_ROLES)
    assert ("Adjust the budget" in html) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_overview_shows_funding_sources_to_partner_members_only(cast, role):
    html = cast.client(role).get("/programs/TEST/").content.decode()
    source = cast.program.funding_sources.get()
    assert ('data-testid="funding-sources"' in html) == (role in PARTNER_ROLES)
    assert (source.name_en in html) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_overview_offers_the_history_tab_to_partner_members_only(cast, role):
    html = cast.client(role).get("/programs/TEST/").content.decode()
    assert ('href="/programs/TEST/history/"' in html) == (role in PARTNER_ROLES)


def test_unknown_document_version_is_404(cast):
    assert cast.client("superuser").get("/programs/TEST/documents/nope/").status_code == 404


def test_unknown_program_is_404(cast):
    assert cast.client("superuser").get("/programs/NOPE/").status_code == 404


# --- pages of a non-public program ----------------------------------------------------------


@pytest.mark.parametrize("path", HIDDEN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_non_public_program_pages_are_404_for_non_partners(cast, hidden, role, path):
    response = cast.client(role).get(path)
    assert response.status_code == (200 if role in PARTNER_ROLES else 404)


@pytest.mark.parametrize("role", ["viewer_b", "editor_b", "coordinator_b"])
def test_non_public_program_is_404_for_members_of_a_non_partner_institution(cast, role):
    program = ProgramFactory(code="ONLY_A", is_public=False)
    PartnershipFactory(program=program, institution=cast.partner_a)
    assert cast.client(role).get("/programs/ONLY_A/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_home_page_lists_a_non_public_program_for_partner_members_only(cast, hidden, role):
    html = cast.client(role).get("/").content.decode()
    assert ("/programs/HIDDEN/" in html) == (role in PARTNER_ROLES)


# --- the API --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_program_list_shows_a_non_public_program_to_partner_members_only(cast, hidden, role):
    codes = [p["code"] for p in results(cast.client(role).get("/api/v1/programs/"))]
    assert codes == (["HIDDEN", "TEST"] if role in PARTNER_ROLES else ["TEST"])


@pytest.mark.parametrize("role", ROLES)
def test_api_program_list_leaves_out_non_public_programs_for_non_partners(cast, hidden, role):
    cast.program.is_public = False
    cast.program.save()
    codes = [p["code"] for p in results(cast.client(role).get("/api/v1/programs/"))]
    assert codes == (["HIDDEN", "TEST"] if role in PARTNER_ROLES else [])


@pytest.mark.parametrize("role", ROLES)
def test_api_non_public_program_detail_is_404_for_non_partners(cast, hidden, role):
    response = cast.client(role).get("/api/v1/programs/HIDDEN/")
    assert response.status_code == (200 if role in PARTNER_ROLES else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_public_program_detail_is_readable_by_everyone(cast, role):
    response = cast.client(role).get("/api/v1/programs/TEST/")
    assert response.status_code == 200
    assert response.json()["code"] == "TEST"


@pytest.mark.parametrize("role", ROLES)
def test_api_general_revisions_are_listed_for_partner_members_only(cast, role):
    listed = results(cast.client(role).get("/api/v1/general-revisions/"))
    assert [r["program"] for r in listed] == (["TEST"] if role in PARTNER_ROLES else [])


@pytest.mark.parametrize("role", ROLES)
def test_api_funding_sources_are_listed_for_partner_members_only(cast, role):
    listed = results(cast.client(role).get("/api/v1/funding-sources/"))
    expected = ["agency_a_contribution"] if role in PARTNER_ROLES else []
    assert [s["code"] for s in listed] == expected


@pytest.mark.parametrize("role", ROLES)
def test_api_internal_records_of_a_non_public_program_are_for_its_partners_only(cast, hidden, role):
    listed = results(cast.client(role).get("/api/v1/funding-sources/", {"program": "HIDDEN"}))
    assert len(listed) == (1 if role in PARTNER_ROLES else 0)


@pytest.mark.parametrize("endpoint", ["phases", "components", "document-versions"])
@pytest.mark.parametrize("role", ROLES)
def test_api_structure_of_a_public_program_is_listed_for_everyone(cast, role, endpoint):
    listed = results(cast.client(role).get(f"/api/v1/{endpoint}/", {"program": "TEST"}))
    assert len(listed) == 1


@pytest.mark.parametrize("endpoint", ["phases", "components", "document-versions"])
@pytest.mark.parametrize("role", ROLES)
def test_api_structure_of_a_non_public_program_is_for_its_partners_only(
    cast, hidden, role, endpoint
):
    listed = results(cast.client(role).get(f"/api/v1/{endpoint}/", {"program": "HIDDEN"}))
    assert bool(listed) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_api_classification_schemes_of_a_non_public_program_are_for_its_partners_only(
    cast, hidden, role
):
    listed = results(cast.client(role).get("/api/v1/classification-schemes/"))
    programs = sorted({s["program"] for s in listed})
    assert programs == (["HIDDEN", "TEST"] if role in PARTNER_ROLES else ["TEST"])


@pytest.mark.parametrize("endpoint", READ_ONLY_ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_api_program_structure_is_read_only_for_every_role(cast, role, endpoint):
    response = cast.client(role).post(
        f"/api/v1/{endpoint}/", {"code": "NEW"}, content_type="application/json"
    )
    assert response.status_code in (401, 403, 405)


@pytest.mark.parametrize("role", ROLES)
def test_api_program_is_deleted_by_administrators_only(cast, role):
    """A program holding its partners' joint work is not deleted even by an administrator
    (refused, naming what refers to it); others are refused outright."""
    response = cast.client(role).delete("/api/v1/programs/TEST/")
    assert response.status_code == (400 if role == "superuser" else 403)
    assert cast.program.__class__.objects.filter(code="TEST").exists()


@pytest.mark.parametrize("endpoint", ["programs", "classification-schemes"])
@pytest.mark.parametrize("role", ROLES)
def test_api_setup_writes_are_refused_to_those_who_may_not(cast, role, endpoint):
    """A complete body that only an administrator (programs) or a coordinator (schemes)
    may write: everyone else is refused and nothing is saved."""
    body = {"code": "NEW", "name_en": "New"}
    if endpoint == "classification-schemes":
        body["program"] = "TEST"
    response = cast.client(role).post(f"/api/v1/{endpoint}/", body, content_type="application/json")
    allowed = role == "superuser" or (
        endpoint == "classification-schemes" and role in COORDINATOR_ROLES
    )
    if allowed:
        assert response.status_code in (201, 400), response.content
    else:
        assert response.status_code in (401, 403)
        assert not cast.program.__class__.objects.filter(code="NEW").exists()
