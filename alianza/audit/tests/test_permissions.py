"""Who may read the audit trail: /changes/, one change, a record's history, /api/v1/changes/.

Partner members read the changes of the programs they are partners in; a change to a record
of no program (an account, a membership, an institution, a reference list) is for
administrators and the members of the institution it concerns, so that one program's
partners never read another's people; anonymous visitors are sent to log in (pages) or
refused (API); outsiders see no record of a program they have no part in.
"""

from __future__ import annotations

import pytest

from alianza.audit.models import ChangeRecord
from alianza.conftest import PARTNER_ROLES, ROLES
from alianza.core.tests.matrix import assert_answer
from alianza.initiatives import services as initiatives
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory

pytestmark = pytest.mark.django_db

#: Members of partner A, the only partner of program SOLO.
SOLO_ROLES = {"viewer_a", "editor_a", "focal_a", "coordinator_a", "superuser"}
MEMBER_ROLES = [role for role in ROLES if role != "anonymous"]
API = "/api/v1/changes/"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


@pytest.fixture
def test_change(cast) -> ChangeRecord:
    """A change to TEST's internal initiative, made by partner A's coordinator."""
    initiatives.initiative_update(
        initiative=cast.internal_initiative,
        data={"title_en": "Internal work, renamed"},
        actor=cast.users["coordinator_a"],
    )
    return ChangeRecord.objects.get(
        object_id=str(cast.internal_initiative.pk), action="initiatives.initiative.update"
    )


@pytest.fixture
def solo_change(cast) -> ChangeRecord:
    """A change in program SOLO, whose only partner is institution A."""
    program = ProgramFactory(code="SOLO", is_public=True)
    PartnershipFactory(program=program, institution=cast.partner_a)
    initiative = initiatives.initiative_create(
        program=program, data={"number": 1, "title_en": "Solo work"}, actor=cast.users["editor_a"]
    )
    return ChangeRecord.objects.get(object_id=str(initiative.pk))


@pytest.fixture
def reference_change(cast) -> ChangeRecord:
    """A change to the shared policy framework: it belongs to no program."""
    initiatives.policy_instrument_upsert(
        code="lcid",
        values={"kind": "law", "name_en": "LCID"},
        provisions=[],
        actor=cast.users["superuser"],
    )
    return ChangeRecord.objects.get(action="initiatives.policy_instrument.create")


def api_ids(response) -> set[int]:
    assert response.status_code == 200
    return {record["id"] for record in response.json()["results"]}


# --- the changes pages ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_change_list_page_lists_program_changes_for_partner_members_only(cast, test_change, role):
    response = cast.client(role).get("/changes/")
    if role == "anonymous":
        assert_answer(response, "login")
        return
    assert response.status_code == 200
    listed = f'href="/changes/{test_change.pk}/"' in response.content.decode()
    assert listed == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_change_list_page_filtered_by_program_shows_outsiders_nothing(cast, test_change, role):
    response = cast.client(role).get("/changes/", {"program": "TEST"})
    if role == "anonymous":
        assert_answer(response, "login")
        return
    listed = f'href="/changes/{test_change.pk}/"' in response.content.decode()
    assert listed == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_change_detail_page_shows_before_and_after_to_partner_members(cast, test_change, role):
    response = cast.client(role).get(f"/changes/{test_change.pk}/")
    html = response.content.decode()
    shown = ">Internal work</pre>" in html and ">Internal work, renamed</pre>" in html
    assert shown == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_change_detail_page_of_a_program_is_404_for_other_partners(cast, solo_change, role):
    response = cast.client(role).get(f"/changes/{solo_change.pk}/")
    if role == "anonymous":
        assert_answer(response, "login")
    else:
        assert response.status_code == (200 if role in SOLO_ROLES else 404)


@pytest.mark.parametrize("role", ROLES)
def test_change_detail_page_of_a_reference_list_is_for_administrators(cast, reference_change, role):
    response = cast.client(role).get(f"/changes/{reference_change.pk}/")
    if role == "anonymous":
        assert_answer(response, "login")
    else:
        assert response.status_code == (200 if role == "superuser" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_record_history_page_shows_the_change_to_partner_members_only(cast, test_change, role):
    pk = cast.internal_initiative.pk
    response = cast.client(role).get(f"/changes/history/initiatives/initiative/{pk}/")
    assert response.status_code == 200
    listed = f'href="/changes/{test_change.pk}/"' in response.content.decode()
    assert listed == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_program_history_page_lists_the_change_for_partner_members_only(cast, test_change, role):
    response = cast.client(role).get("/programs/TEST/history/")
    listed = f'href="/changes/{test_change.pk}/"' in response.content.decode()
    assert listed == (role in PARTNER_ROLES)
    assert (response.status_code == 200) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_program_history_page_leaves_out_other_programs_changes(
    cast, test_change, solo_change, role
):
    response = cast.client(role).get("/programs/TEST/history/")
    assert f'href="/changes/{solo_change.pk}/"' not in response.content.decode()


# --- /api/v1/changes/ -----------------------------------------------------------------------


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_api_change_list_shows_program_changes_to_partner_members_only(cast, test_change, role):
    assert (test_change.pk in api_ids(cast.client(role).get(API))) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_api_change_list_shows_a_programs_changes_to_its_own_partners_only(cast, solo_change, role):
    assert (solo_change.pk in api_ids(cast.client(role).get(API))) == (role in SOLO_ROLES)


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_api_change_list_shows_reference_list_changes_to_administrators(
    cast, reference_change, role
):
    assert (reference_change.pk in api_ids(cast.client(role).get(API))) == (role == "superuser")


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_api_change_list_filtered_by_program_shows_outsiders_nothing(cast, test_change, role):
    ids = api_ids(cast.client(role).get(API, {"program": "TEST"}))
    assert bool(ids) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_api_record_history_shows_outsiders_nothing(cast, test_change, role):
    ids = api_ids(
        cast.client(role).get(
            API, {"model": "initiatives.initiative", "object_id": cast.internal_initiative.pk}
        )
    )
    assert ids == ({test_change.pk} if role in PARTNER_ROLES else set())


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("role", ROLES)
def test_api_changes_are_read_only_for_every_role(cast, test_change, role, method):
    path = API if method == "post" else f"{API}{test_change.pk}/"
    response = getattr(cast.client(role), method)(
        path, {"action": "tampered"}, content_type="application/json"
    )
    assert response.status_code in (401, 403, 405)
    test_change.refresh_from_db()
    assert test_change.action == "initiatives.initiative.update"


@pytest.mark.parametrize("role", ["viewer_a", "editor_a", "coordinator_b"])
def test_api_change_list_shows_nothing_of_the_program_to_an_inactive_member(
    cast, test_change, role
):
    user = cast.users[role]
    user.membership.is_active = False
    user.membership.save()
    assert test_change.pk not in api_ids(cast.client(role).get(API))


# --- records of no program, across two programs ---------------------------------------------


@pytest.fixture
def shared_changes(cast):
    """Changes to records of no program, each concerning one institution: partner A's
    institution, a new account of partner A, and the account, membership and institution of
    the coordinator of program OTHER (whose only partner is another institution)."""
    from alianza.accounts import services as accounts
    from alianza.accounts.choices import Role
    from alianza.core.tests.other_program import build_other_program

    other = build_other_program()
    admin = cast.users["superuser"]
    accounts.institution_upsert(
        code=cast.partner_a.code, values={"website": "https://a.example.org"}, actor=admin
    )
    accounts.user_create(
        username="new_at_a", institution=cast.partner_a, password=None, actor=admin
    )
    accounts.membership_set(
        user=other.coordinator, institution=other.partner, role=Role.VIEWER, actor=admin
    )
    accounts.institution_upsert(
        code=other.partner.code, values={"website": "https://other.example.org"}, actor=admin
    )
    records = ChangeRecord.objects.filter(program_id__isnull=True)

    def pick(action, obj):
        return records.get(action=action, object_id=str(obj.pk)).pk

    return {
        "a": {
            pick("accounts.institution.update", cast.partner_a),
            records.get(action="accounts.user.create", object_repr="new_at_a").pk,
        },
        "other": {
            pick("accounts.user.set_membership", other.coordinator),
            pick("accounts.institution.update", other.partner),
        },
        "other_coordinator": other.coordinator,
    }


#: Members of partner A (the cast's other partner, B, is in the same program but is not
#: the institution these records concern).
A_MEMBERS = {"viewer_a", "editor_a", "focal_a", "coordinator_a"}


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_api_shows_a_record_of_no_program_to_its_institution_and_administrators(
    cast, shared_changes, role
):
    ids = api_ids(cast.client(role).get(API, {"page_size": 500}))
    assert (shared_changes["a"] <= ids) == (role in A_MEMBERS or role == "superuser")
    assert not (shared_changes["a"] & ids) or role in A_MEMBERS | {"superuser"}
    assert (shared_changes["other"] <= ids) == (role == "superuser")
    assert not (shared_changes["other"] & ids) or role == "superuser"


def test_another_programs_coordinator_reads_their_own_institutions_records_only(
    cast, shared_changes
):
    from django.test import Client

    client = Client()
    client.force_login(shared_changes["other_coordinator"])
    ids = api_ids(client.get(API, {"page_size": 500}))
    assert shared_changes["other"] <= ids
    assert not shared_changes["a"] & ids
    html = client.get("/changes/").content.decode()
    for pk in shared_changes["a"]:
        assert f'href="/changes/{pk}/"' not in html
        assert client.get(f"/changes/{pk}/").status_code == 404
    for pk in shared_changes["other"]:
        assert client.get(f"/changes/{pk}/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_change_pages_show_a_record_of_no_program_to_its_institution_only(
    cast, shared_changes, role
):
    client = cast.client(role)
    for pk in shared_changes["a"] | shared_changes["other"]:
        response = client.get(f"/changes/{pk}/")
        if role == "anonymous":
            assert_answer(response, "login")
            continue
        readers = A_MEMBERS | {"superuser"} if pk in shared_changes["a"] else {"superuser"}
        assert response.status_code == (200 if role in readers else 404)
    history = client.get(f"/changes/history/accounts/institution/{cast.partner_a.pk}/")
    listed = any(f'href="/changes/{pk}/"' in history.content.decode() for pk in shared_changes["a"])
    assert listed == (role in A_MEMBERS | {"superuser"})
