"""Who may add and change institutions, which every program shares."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from alianza.accounts import services
from alianza.accounts.choices import Role
from alianza.accounts.models import Institution, User
from alianza.accounts.permissions import can_change_institution, can_create_institution
from alianza.accounts.tests.factories import InstitutionFactory, member
from alianza.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return InstitutionFactory(code="agency_a", name_en="Agency A"), InstitutionFactory(
        code="agency_b", name_en="Agency B"
    )


def test_any_coordinator_adds_an_institution(agencies):
    coordinator = member("coord_b", agencies[1], Role.COORDINATOR)
    assert can_create_institution(coordinator)
    services.institution_create(code="new_ngo", values={"name_en": "New NGO"}, actor=coordinator)
    assert Institution.objects.filter(code="new_ngo").exists()


def test_editors_and_viewers_add_no_institution(agencies):
    for role in (Role.EDITOR, Role.VIEWER):
        user = member(f"u_{role}", agencies[0], role)
        assert not can_create_institution(user)
        with pytest.raises(PermissionDenied):
            services.institution_create(code=f"x_{role}", values={"name_en": "X"}, actor=user)
    assert not Institution.objects.filter(code__startswith="x_").exists()


def test_a_coordinator_changes_their_own_institution(agencies):
    coordinator = member("coord_a", agencies[0], Role.COORDINATOR)
    services.institution_upsert(code="agency_a", values={"name_en": "Agency A2"}, actor=coordinator)
    assert Institution.objects.get(code="agency_a").name_en == "Agency A2"


def test_another_institutions_coordinator_cannot_change_it(agencies):
    """Coordinator of another program's partner: refused, nothing written, no record."""
    coordinator = member("coord_b", agencies[1], Role.COORDINATOR)
    records = ChangeRecord.objects.count()
    assert not can_change_institution(coordinator, agencies[0])
    with pytest.raises(PermissionDenied, match="agency_a"):
        services.institution_upsert(
            code="agency_a", values={"name_en": "Renamed"}, actor=coordinator
        )
    assert Institution.objects.get(code="agency_a").name_en == "Agency A"
    assert ChangeRecord.objects.count() == records


def test_keepers_of_the_shared_lists_change_any_institution(agencies):
    keeper = member("keeper", agencies[1], Role.VIEWER)
    keeper.user_permissions.add(Permission.objects.get(codename="change_institution"))
    keeper = User.objects.get(pk=keeper.pk)  # permissions are cached per instance
    assert can_change_institution(keeper, agencies[0])
    services.institution_upsert(code="agency_a", values={"country": "DE"}, actor=keeper)
    assert Institution.objects.get(code="agency_a").country == "DE"
