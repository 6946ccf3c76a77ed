import pytest

from alianza.specialists.models import Position, ServiceContract

pytestmark = pytest.mark.django_db


def test_procaps_headcount_comes_from_its_records(procap):
    from alianza.accounts.choices import Role
    from alianza.accounts.tests.factories import member

    partner = procap.partnerships.select_related("institution").first().institution
    viewer = member("procap_viewer", partner, Role.VIEWER)
    from django.test import Client

    client = Client()
    client.force_login(viewer)
    response = client.get("/api/v1/headcount/", {"program": procap.code})
    assert response.status_code == 200
    rows = {row["year"]: row for row in response.json()}
    assert rows[2013]["headcount"] == 40 and rows[2013]["source"] == "record"
    assert rows[2019]["headcount"] == 112
    assert rows[2019]["budget_share"] == "91.00"
    assert rows[2018]["authorized_places"] == 188 and rows[2018]["headcount"] is None
    assert list(rows) == sorted(rows)
    page = client.get(f"/programs/{procap.code}/specialists/")
    chart = {r.year: r.headcount for r in page.context["chart"]["rows"]}
    assert chart[2013] == 40 and chart[2019] == 112


def test_headcount_needs_a_program_of_ones_own(staff):
    client = staff.cast.client("outsider")
    assert client.get("/api/v1/headcount/", {"program": staff.program.code}).status_code == 403
    assert staff.cast.client("viewer_a").get("/api/v1/headcount/").status_code == 403
    rows = staff.cast.client("viewer_a").get("/api/v1/headcount/", {"program": "test"}).json()
    assert [(r["year"], r["headcount"], r["source"]) for r in rows] == [(2019, 1, "contracts")]


def test_positions_are_created_through_the_service(staff):
    client = staff.cast.client("hr_b")
    body = {
        "program": staff.program.code,
        "code": "P-002",
        "title_en": "Evaluation specialist",
        "function_en": "Evaluation",
        "host_institution": staff.cast.partner_a.code,
        "priority": "important",
        "monthly_cost": "2800.00",
    }
    response = client.post("/api/v1/positions/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Position.objects.get(code="P-002").currency == staff.program.currency
    refused = staff.cast.client("editor_a").post(
        "/api/v1/positions/", {**body, "code": "P-003"}, content_type="application/json"
    )
    assert refused.status_code == 403
    listed = staff.cast.client("viewer_b").get("/api/v1/positions/", {"priority": "important"})
    assert [p["code"] for p in listed.json()["results"]] == ["P-002"]


def test_an_overlapping_contract_is_refused_by_the_api_naming_the_field(staff):
    body = {
        "program": staff.program.code,
        "reference": "SC-0002",
        "specialist": staff.specialist.pk,
        "position": staff.position.code,
        "holder": staff.cast.partner_b.code,
        "start_date": "2019-06-01",
        "end_date": "2020-05-31",
        "monthly_cost": "3000.00",
    }
    client = staff.cast.client("hr_b")
    response = client.post("/api/v1/service-contracts/", body, content_type="application/json")
    assert response.status_code == 400
    assert "SC-0001" in str(response.json()["start_date"])
    assert not ServiceContract.objects.filter(reference="SC-0002").exists()
    body |= {"start_date": "2020-01-01", "end_date": "2020-12-31", "renews": "SC-0001"}
    created = client.post("/api/v1/service-contracts/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["monthly_cost"] == "3000.00"


def test_personal_data_are_written_by_the_holders_hr_focal_point(staff):
    url = f"/api/v1/specialists/{staff.specialist.pk}/personal-data/"
    response = staff.cast.client("hr_b").patch(
        url, {"phone": "+52 1"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["phone"] == "+52 1"
    bad = staff.cast.client("hr_b").patch(
        url,
        {"insurance_valid_from": "2020-01-01", "insurance_valid_until": "2019-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "insurance_valid_until" in bad.json()
    assert (
        staff.cast.client("specialist")
        .patch(url, {"phone": "2"}, content_type="application/json")
        .status_code
        == 403
    )


def test_the_budget_share_is_computed_from_the_budget_where_none_is_recorded(staff):
    from decimal import Decimal

    from alianza.finance.tests.factories import BudgetLineFactory

    BudgetLineFactory(program=staff.program, year=2019, original_amount=Decimal("74400.00"))
    rows = staff.cast.client("viewer_a").get("/api/v1/headcount/", {"program": "TEST"}).json()
    assert (rows[0]["cost"], rows[0]["budget_share"], rows[0]["budget_share_source"]) == (
        "37200.00",
        "50.00",
        "budget",
    )
