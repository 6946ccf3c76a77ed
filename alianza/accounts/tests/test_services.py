import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.accounts import services
from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import Institution, Membership, User
from alianza.accounts.tests.factories import InstitutionFactory, UserFactory, member
from alianza.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="root", is_superuser=True)


def test_system_user_is_a_superuser_that_cannot_sign_in():
    user = services.system_user()
    assert user.is_superuser and not user.is_active and not user.has_usable_password()
    assert services.system_user() == user  # created once


def test_user_create_gives_one_membership_and_audits_without_the_password(admin):
    agency = InstitutionFactory(code="agency")
    user = services.user_create(
        username="ana",
        institution=agency,
        role=Role.EDITOR,
        password="a-long-password-1",
        actor=admin,
    )
    assert user.check_password("a-long-password-1")
    assert (user.institution, user.role) == (agency, Role.EDITOR)
    record = ChangeRecord.objects.get(action="accounts.user.create")
    assert record.after["membership"] == {
        "institution": "agency",
        "role": "editor",
        "area": "",
        "is_active": True,
    }
    assert "password" not in record.after


def test_a_focal_point_needs_an_area_and_other_roles_have_none(admin):
    agency = InstitutionFactory()
    with pytest.raises(ValidationError) as error:
        services.user_create(
            username="fp", institution=agency, role=Role.FOCAL_POINT, password=None, actor=admin
        )
    assert "area" in error.value.message_dict
    assert not User.objects.filter(username="fp").exists()
    with pytest.raises(ValidationError):
        services.user_create(
            username="ed",
            institution=agency,
            role=Role.EDITOR,
            area=FocalArea.HUMAN_RESOURCES,
            password=None,
            actor=admin,
        )


def test_membership_set_moves_a_user_and_records_before_and_after(admin):
    first, second = InstitutionFactory(code="first"), InstitutionFactory(code="second")
    user = member("moving", first, Role.VIEWER)
    services.membership_set(
        user=user,
        institution=second,
        role=Role.FOCAL_POINT,
        area=FocalArea.FINANCIAL_CONTROL,
        actor=admin,
    )
    assert Membership.objects.get(user=user).institution == second
    record = ChangeRecord.objects.get(action="accounts.user.set_membership")
    assert record.before["membership"]["institution"] == "first"
    assert record.after["membership"]["area"] == "financial_control"


def test_only_administrators_create_users_and_change_memberships():
    coordinator = member("coord", InstitutionFactory(), Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.user_create(username="x", institution=None, password=None, actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.membership_set(
            user=coordinator,
            institution=coordinator.institution,
            role=Role.VIEWER,
            actor=coordinator,
        )


def test_institution_upsert_writes_only_what_differs(admin):
    values = {"acronym_en": "GIZ", "name_en": "German cooperation", "kind": "bilateral_agency"}
    services.institution_upsert(code="giz", values=values, actor=admin)
    services.institution_upsert(code="giz", values=values, actor=admin)
    assert ChangeRecord.objects.filter(content_type__model="institution").count() == 1
    services.institution_upsert(code="giz", values={**values, "country": "DE"}, actor=admin)
    assert Institution.objects.get(code="giz").country == "DE"
    assert ChangeRecord.objects.filter(content_type__model="institution").count() == 2


def test_viewers_cannot_change_institutions():
    viewer = member("v", InstitutionFactory(), Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.institution_upsert(code="new", values={"name_en": "New"}, actor=viewer)


def test_an_inactive_membership_gives_no_role():
    user = member("gone", InstitutionFactory(), Role.COORDINATOR)
    membership = user.membership
    membership.is_active = False
    membership.save()
    fresh = User.objects.get(pk=user.pk)
    assert fresh.role is None and fresh.institution is None and not fresh.can_edit_records
