"""Who may open and change the monitoring pages and API: every page and endpoint, every role.

Everything here is internal to the program's partners: members of a partner read it; the
rest are sent to log in (anonymous) or refused (403), and the API shows them nothing.
"""

from __future__ import annotations

import copy
import logging

import pytest

from alianza.conftest import (
    COORDINATOR_ROLES,
    EDITOR_ROLES,
    PARTNER_ROLES,
    ROLES,
    build_cast,
    built_once,
)
from alianza.monitoring.tests.conftest import add_monitoring_records
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@built_once
def _world_once():
    cast = build_cast()
    cast.log_in_once()
    records = add_monitoring_records(cast)
    hidden = ProgramFactory(code="HIDDEN", is_public=False)
    PartnershipFactory(program=hidden, institution=cast.partner_a)
    return cast, records


@pytest.fixture
def world(_world_once, db):
    return copy.deepcopy(_world_once)


@pytest.fixture(autouse=True)
def _quiet_refusals(caplog):
    caplog.set_level(logging.ERROR, logger="django.request")


M = "/programs/TEST/monitoring"


def read_pages(r):
    return [
        f"{M}/",
        f"{M}/?period=2019-Q2",
        f"{M}/report/",
        f"{M}/reports/",
        f"{M}/settings/",
        "/programs/TEST/budget/",
        "/programs/TEST/budget/exchange-rates/",
        "/programs/TEST/consultancies/",
        f"/programs/TEST/consultancies/{r['contract'].pk}/",
        "/programs/TEST/risks/",
        "/programs/TEST/risks/1/",
        "/programs/TEST/disputes/",
        "/programs/TEST/disputes/1/",
        "/programs/TEST/board/",
        f"/programs/TEST/board/{r['meeting'].pk}/",
        "/programs/TEST/board/actions/",
        f"{M}/report/pdf/?period=2019",
    ]


def edit_pages(r):
    c = r["contract"].pk
    return [
        "/programs/TEST/consultancies/new/",
        f"/programs/TEST/consultancies/{c}/edit/",
        f"/programs/TEST/consultancies/{c}/deliverables/new/",
        f"/programs/TEST/consultancies/{c}/deliverables/1/",
        f"/programs/TEST/consultancies/{c}/deliverables/1/review/",
        f"/programs/TEST/consultancies/{c}/payments/new/",
        "/programs/TEST/budget/transactions/new/",
        f"/programs/TEST/budget/transactions/{r['transaction'].pk}/",
        "/programs/TEST/risks/new/",
        "/programs/TEST/risks/1/edit/",
        "/programs/TEST/risks/1/review/",
        "/programs/TEST/risks/1/actions/new/",
        "/programs/TEST/disputes/new/",
        "/programs/TEST/board/new/",
        f"/programs/TEST/board/{r['meeting'].pk}/edit/",
        "/programs/TEST/board/actions/new/",
        f"/programs/TEST/board/actions/{r['action'].pk}/",
    ]


def coordinator_pages(r):
    return [
        f"/programs/TEST/consultancies/{r['contract'].pk}/terminate/",
        "/programs/TEST/budget/lines/new/",
        f"/programs/TEST/budget/lines/{r['line'].pk}/",
    ]


#: The access matrix (core/tests/test_access_matrix.py) answers every page for anonymous,
#: outsider, viewer, editor and coordinator of partner A and the superuser; these page walks
#: add the roles it does not have: a focal point, and the second partner's members.
ROLES_BEYOND_THE_MATRIX = ["focal_a", "viewer_b", "editor_b", "coordinator_b"]


def refused(role):
    return 302 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ROLES_BEYOND_THE_MATRIX)
def test_monitoring_pages_are_for_partner_members_only(world, role):
    cast, records = world
    client = cast.client(role)
    for path in read_pages(records):
        status = client.get(path).status_code
        assert status == (200 if role in PARTNER_ROLES else refused(role)), path


@pytest.mark.parametrize("role", ROLES_BEYOND_THE_MATRIX)
def test_monitoring_forms_are_for_editing_roles_of_a_partner(world, role):
    cast, records = world
    client = cast.client(role)
    for path in edit_pages(records):
        status = client.get(path).status_code
        assert status == (200 if role in EDITOR_ROLES else refused(role)), path


@pytest.mark.parametrize("role", ROLES_BEYOND_THE_MATRIX)
def test_budget_lines_and_terminations_are_for_coordinators(world, role):
    cast, records = world
    client = cast.client(role)
    for path in coordinator_pages(records):
        status = client.get(path).status_code
        assert status == (200 if role in COORDINATOR_ROLES else refused(role)), path


@pytest.mark.parametrize("role", ROLES)
def test_a_non_public_programs_monitoring_is_404_for_non_partners(world, role):
    cast, _records = world
    status = cast.client(role).get("/programs/HIDDEN/monitoring/").status_code
    expected = (
        200 if role in {"viewer_a", "editor_a", "focal_a", "coordinator_a", "superuser"} else 404
    )
    assert status == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_monitoring_tab_shows_to_partners_only(world, role):
    cast, _records = world
    page = cast.client(role).get("/programs/TEST/").content.decode()
    assert ('href="/programs/TEST/monitoring/"' in page) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_posting_a_risk_needs_an_editing_role(world, role):
    cast, _records = world
    response = cast.client(role).post(
        "/programs/TEST/risks/new/",
        {"title_es": "Nuevo", "category": "financial", "status": "open"},
    )
    expected = 302 if role in EDITOR_ROLES else refused(role)
    assert response.status_code == expected


API_LISTS = [
    "exchange-rates",
    "budget-lines",
    "transactions",
    "contracts",
    "deliverables",
    "deliverable-reviews",
    "risks",
    "risk-actions",
    "board-meetings",
    "action-items",
    "disputes",
    "period-reports",
]
INTERNAL_LISTS = [name for name in API_LISTS if name != "exchange-rates"]


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_show_internal_records_to_partner_members_only(world, role):
    cast, _records = world
    client = cast.client(role)
    for name in INTERNAL_LISTS:
        response = client.get(
            f"/api/v1/{name}/?program=TEST" if name != "deliverable-reviews" else f"/api/v1/{name}/"
        )
        assert response.status_code == 200, name
        assert (response.json()["count"] > 0) == (role in PARTNER_ROLES), name


@pytest.mark.parametrize("role", ROLES)
def test_api_record_of_another_partnership_is_404(world, role):
    cast, records = world
    response = cast.client(role).get(f"/api/v1/contracts/{records['contract'].pk}/")
    assert response.status_code == (200 if role in PARTNER_ROLES else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_dashboard_is_for_partner_members(world, role):
    cast, _records = world
    response = cast.client(role).get("/api/v1/dashboard/?program=TEST&period=2019")
    assert response.status_code == (200 if role in PARTNER_ROLES else 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_need_an_editing_role_of_a_partner(world, role):
    cast, _records = world
    response = cast.client(role).post(
        "/api/v1/risks/",
        {"program": "TEST", "title_es": "API", "category": "political"},
        content_type="application/json",
    )
    if role in EDITOR_ROLES:
        assert response.status_code == 201
    else:
        assert response.status_code in (400, 403)  # unknown program for outsiders: 400
        assert response.status_code == (403 if role in PARTNER_ROLES | {"anonymous"} else 400)


@pytest.mark.parametrize("role", ROLES)
def test_api_sign_off_is_for_coordinators(world, role):
    cast, _records = world
    response = cast.client(role).post(
        "/api/v1/period-reports/sign/",
        {"program": "TEST", "start": "2019-01-01", "end": "2019-12-31"},
        content_type="application/json",
    )
    if role in {"coordinator_a", "coordinator_b"}:
        assert response.status_code == 201
    elif role == "anonymous":
        assert response.status_code == 403
    elif role in PARTNER_ROLES:
        assert response.status_code == 400 and "signed_by" in response.json()
    else:
        assert response.status_code == 400 and "program" in response.json()
