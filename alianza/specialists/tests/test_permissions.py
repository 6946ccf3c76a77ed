"""The permission matrix of personal data: only the human-resources focal point of the
institution holding the contract (hr_b) and the person (specialist) read them; every other
role gets the pages without the fields, and 403 from the personal-data endpoint."""

import pytest
from django.urls import reverse

from alianza.specialists.models import PersonalDataRead
from alianza.specialists.permissions import (
    can_edit_personal_data,
    can_manage_staff,
    can_read_personal_data,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "viewer_a",
    "editor_a",
    "focal_a",
    "coordinator_a",
    "viewer_b",
    "editor_b",
    "coordinator_b",
    "superuser",
    "hr_b",
    "specialist",
]
READERS = {"hr_b", "specialist"}
#: Who answers the personal-data endpoint with what.
API_ANSWER = {"anonymous": 404, "outsider": 404} | dict.fromkeys(READERS, 200)
#: Who sees the specialist's page (without the fields unless a reader).
PAGE_ANSWER = {"anonymous": 302, "outsider": 403}


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_personal_data(staff, role):
    user = staff.cast.users[role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert can_read_personal_data(user, staff.specialist) == (role in READERS)
    assert can_edit_personal_data(user, staff.specialist) == (role == "hr_b")


@pytest.mark.parametrize("role", ROLES)
def test_who_manages_the_staff(staff, role):
    user = staff.cast.users[role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    managers = {"focal_a", "coordinator_a", "coordinator_b", "superuser", "hr_b"}
    assert can_manage_staff(user, staff.program) == (role in managers)


@pytest.mark.parametrize("role", ROLES)
def test_the_specialist_page_shows_personal_data_only_to_readers(staff, role):
    url = reverse(
        "specialists:specialist_detail",
        kwargs={"code": staff.program.code, "pk": staff.specialist.pk},
    )
    response = staff.cast.client(role).get(url)
    assert response.status_code == PAGE_ANSWER.get(role, 200)
    body = response.content.decode()
    shown = "PEAA850314MDF" in body
    assert shown == (role in READERS)
    if response.status_code == 200:
        assert ("USD 3" in body) == (role in READERS)
    logged = PersonalDataRead.objects.filter(reader__username=role).count()
    assert logged == (1 if role in READERS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_personal_data_endpoint_answers_403_to_others(staff, role):
    url = f"/api/v1/specialists/{staff.specialist.pk}/personal-data/"
    response = staff.cast.client(role).get(url)
    assert response.status_code == API_ANSWER.get(role, 403)
    if role in READERS:
        assert response.json()["identity_document"] == "PEAA850314MDF"
    else:
        assert "PEAA850314MDF" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_personal_fields_and_salaries_only_to_readers(staff, role):
    client = staff.cast.client(role)
    detail = client.get(f"/api/v1/specialists/{staff.specialist.pk}/")
    contract = client.get(f"/api/v1/service-contracts/{staff.contract.pk}/")
    if role in ("anonymous", "outsider"):
        assert detail.status_code == contract.status_code == 404
        return
    assert detail.status_code == contract.status_code == 200
    personal = detail.json()["personal_data"]
    cost = contract.json()["monthly_cost"]
    if role in READERS:
        assert personal["identity_document"] == "PEAA850314MDF"
        assert cost == "3100.00"
    else:
        assert personal is None and cost is None


def test_an_hr_focal_point_of_another_partner_does_not_read_them(staff):
    """focal_a is a human-resources focal point, of partner A: the contract is B's."""
    client = staff.cast.client("focal_a")
    url = f"/api/v1/specialists/{staff.specialist.pk}/personal-data/"
    assert client.get(url).status_code == 403
    assert client.patch(url, {"phone": "1"}, content_type="application/json").status_code == 403
