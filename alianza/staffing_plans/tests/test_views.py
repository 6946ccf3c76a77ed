"""Staffing scenario pages: the plan of scenario C with its uncovered essential functions
and cost gap, the plan saved from the page, two scenarios side by side, the spreadsheet,
and the scenarios on the page of the risk they plan for."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from alianza.risks.tests.factories import RiskFactory
from alianza.specialists.choices import Priority
from alianza.specialists.tests.factories import PositionFactory
from alianza.staffing_plans.choices import ScenarioKind
from alianza.staffing_plans.models import Scenario
from alianza.staffing_plans.tests.factories import ScenarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    essential = PositionFactory(
        program=cast.program,
        code="E1",
        priority=Priority.ESSENTIAL,
        monthly_cost=Decimal("1000"),
        function_en="Coordination of the regional fund",
    )
    supporting = PositionFactory(
        program=cast.program,
        code="S1",
        priority=Priority.SUPPORTING,
        monthly_cost=Decimal("100"),
        function_en="Archive",
    )
    risk = RiskFactory(program=cast.program, title_en="Dependence on hired specialists")
    a = ScenarioFactory(program=cast.program, code="A", base_budget=Decimal("20000"), risk=risk)
    c = ScenarioFactory(
        program=cast.program,
        code="C",
        kind=ScenarioKind.ENDS,
        base_budget=Decimal("20000"),
        ends_on=datetime.date(2019, 12, 31),
        risk=risk,
    )
    return {"essential": essential, "supporting": supporting, "risk": risk, "a": a, "c": c}


def test_scenario_c_s_page_lists_the_uncovered_essential_function_and_the_gap(cast, world):
    page = cast.client("viewer_a").get(
        f"/programs/TEST/staffing-scenarios/{world['c'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    text = page.content.decode()
    uncovered = text.split('data-testid="uncovered"')[1].split("</ul>")[0]
    assert "Coordination of the regional fund" in uncovered
    gap = text.split('data-testid="cost-gap">')[1].split("</dd>")[0]
    assert "12,000.00" in gap
    assert "Adjust and save the plan" not in text  # a viewer does not adjust it


def test_a_coordinator_saves_the_adjusted_plan_from_the_page(cast, world):
    response = cast.client("coordinator_a").post(
        f"/programs/TEST/staffing-scenarios/{world['a'].pk}/plan/",
        {"kept": [world["supporting"].pk], "note": "Only the archive this year."},
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(pk=world["a"].pk)
    assert {c.position.code: c.keep for c in scenario.choices.all()} == {"E1": False, "S1": True}


def test_a_plan_without_a_note_is_refused_on_the_page(cast, world):
    response = cast.client("coordinator_a").post(
        f"/programs/TEST/staffing-scenarios/{world['a'].pk}/plan/",
        {"kept": [world["supporting"].pk], "note": ""},
    )
    assert response.status_code == 400
    assert not Scenario.objects.get(pk=world["a"].pk).choices.exists()


def test_an_editor_may_not_save_a_plan(cast, world):
    response = cast.client("editor_a").post(
        f"/programs/TEST/staffing-scenarios/{world['a'].pk}/plan/", {"note": "x"}
    )
    assert response.status_code == 403


def test_the_new_scenario_form_refuses_a_negative_budget(cast):
    response = cast.client("coordinator_a").post(
        "/programs/TEST/staffing-scenarios/new/",
        {
            "code": "B",
            "name_es": "Recorte",
            "kind": "current",
            "year": "2020",
            "base_budget": "-5",
            "currency": "USD",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "cannot be negative" in response.content.decode()
    assert not Scenario.objects.exists()


def test_two_scenarios_side_by_side(cast, world):
    page = cast.client("viewer_a").get(
        "/programs/TEST/staffing-scenarios/compare/",
        {"a": world["a"].pk, "b": world["c"].pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    totals = page.content.decode().split('data-testid="compare-totals"')[1].split("</table>")[0]
    assert "Scenario A" in totals and "Scenario C" in totals
    assert "20,000.00" in totals and "0.00 USD" in totals


def test_the_plan_as_a_spreadsheet(cast, world):
    response = cast.client("viewer_a").get(
        f"/programs/TEST/staffing-scenarios/{world['c'].pk}/plan.xlsx", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cargo"
    assert [r[0] for r in rows[1:3]] == ["E1", "S1"]
    assert rows[-1][5] == 12000


def test_the_risk_page_shows_the_scenarios_planned_for_it(cast, world):
    page = cast.client("viewer_a").get(f"/programs/TEST/risks/{world['risk'].number}/")
    panel = page.content.decode().split('data-testid="risk-staffing-scenarios"')[1]
    assert world["a"].get_absolute_url() in panel and world["c"].get_absolute_url() in panel


def test_the_scenario_page_links_back_to_its_risk(cast, world):
    page = cast.client("viewer_a").get(world["a"].get_absolute_url())
    assert world["risk"].get_absolute_url() in page.content.decode()


def test_another_program_s_scenario_does_not_exist_for_its_outsiders(cast):
    from alianza.core.tests.other_program import build_other_program

    hidden = ScenarioFactory(program=build_other_program().program)
    for role in ("coordinator_a", "outsider"):
        assert (
            cast.client(role).get(f"/programs/OTHER/staffing-scenarios/{hidden.pk}/").status_code
            == 404
        )
        assert cast.client(role).get(f"/api/v1/staffing-scenarios/{hidden.pk}/").status_code == 404


def test_a_risk_without_scenarios_offers_coordinators_a_new_one_for_it(cast):
    risk = RiskFactory(program=cast.program)
    coordinator_page = cast.client("coordinator_a").get(risk.get_absolute_url()).content.decode()
    assert f"/staffing-scenarios/new/?risk={risk.number}" in coordinator_page
    viewer_page = cast.client("viewer_a").get(risk.get_absolute_url()).content.decode()
    assert 'data-testid="risk-staffing-scenarios"' not in viewer_page
    form = cast.client("coordinator_a").get(
        f"/programs/TEST/staffing-scenarios/new/?risk={risk.number}"
    )
    assert f'<option value="{risk.pk}" selected>' in form.content.decode()


def test_a_plan_saved_from_an_older_page_is_refused(cast, world):
    client = cast.client("coordinator_a")
    page = client.get(world["a"].get_absolute_url()).content.decode()
    version = page.split('name="record_version" value="')[1].split('"')[0]
    first = client.post(
        f"/programs/TEST/staffing-scenarios/{world['a'].pk}/plan/",
        {"kept": [world["essential"].pk], "note": "First.", "record_version": version},
    )
    assert first.status_code == 302
    stale = client.post(
        f"/programs/TEST/staffing-scenarios/{world['a'].pk}/plan/",
        {"kept": [world["supporting"].pk], "note": "Second.", "record_version": version},
    )
    assert stale.status_code == 400
    assert Scenario.objects.get(pk=world["a"].pk).plan_note == "First."
