"""Staffing scenarios through the API: the plan computed, saved by codes with a note, and a
negative budget refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alianza.specialists.choices import Priority
from alianza.specialists.tests.factories import PositionFactory
from alianza.staffing_plans.models import Scenario

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_scenario_and_its_plan_through_the_api(cast):
    PositionFactory(
        program=cast.program, code="E1", priority=Priority.ESSENTIAL, monthly_cost=Decimal("1000")
    )
    PositionFactory(
        program=cast.program, code="I1", priority=Priority.IMPORTANT, monthly_cost=Decimal("500")
    )
    client = cast.client("coordinator_a")
    created = client.post(
        "/api/v1/staffing-scenarios/",
        {
            "program": "TEST",
            "code": "B",
            "name_en": "Cut",
            "kind": "cut",
            "year": 2020,
            "base_budget": "20000",
            "currency": "USD",
            "cut_percent": "50",
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    plan = created.json()["plan"]
    assert plan["available_budget"] == "10000.00"
    assert [p["position"] for p in plan["positions"] if p["kept"]] == ["I1"]
    assert [p["position"] for p in plan["uncovered_essential"]] == ["E1"]
    assert plan["cost_gap"] == "8000.00"
    saved = client.post(
        f"/api/v1/staffing-scenarios/{created.json()['id']}/plan/",
        {"kept": ["E1"], "note": "The fund first."},
        content_type=JSON,
    )
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    assert body["plan"]["saved"] is True and body["plan_note"] == "The fund first."
    assert [p["position"] for p in body["plan"]["positions"] if p["kept"]] == ["E1"]
    assert body["plan"]["overspent"] == "2000.00"


def test_an_unknown_position_code_is_refused(cast):
    client = cast.client("coordinator_a")
    created = client.post(
        "/api/v1/staffing-scenarios/",
        {
            "program": "TEST",
            "code": "A",
            "name_en": "Now",
            "kind": "current",
            "year": 2020,
            "base_budget": "1000",
            "currency": "USD",
        },
        content_type=JSON,
    ).json()
    response = client.post(
        f"/api/v1/staffing-scenarios/{created['id']}/plan/",
        {"kept": ["NOPE"], "note": "x"},
        content_type=JSON,
    )
    assert response.status_code == 400 and "kept" in response.json()


def test_a_negative_budget_is_refused_naming_the_field(cast):
    response = cast.client("coordinator_a").post(
        "/api/v1/staffing-scenarios/",
        {
            "program": "TEST",
            "code": "A",
            "name_en": "Now",
            "kind": "current",
            "year": 2020,
            "base_budget": "-1",
            "currency": "USD",
        },
        content_type=JSON,
    )
    assert response.status_code == 400 and "base_budget" in response.json()
    assert not Scenario.objects.exists()


def test_an_editor_may_read_but_not_define_scenarios(cast):
    client = cast.client("editor_a")
    assert client.get("/api/v1/staffing-scenarios/?program=TEST").status_code == 200
    response = client.post(
        "/api/v1/staffing-scenarios/",
        {
            "program": "TEST",
            "code": "A",
            "name_en": "Now",
            "kind": "current",
            "year": 2020,
            "base_budget": "1",
            "currency": "USD",
        },
        content_type=JSON,
    )
    assert response.status_code == 403
