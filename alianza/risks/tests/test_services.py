"""The risk register: scores 1-5 named when wrong, significance computed, reviews re-score,
the heat map counts assessed open risks, PROCAP's risks wait for a joint assessment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from alianza.audit.models import ChangeRecord
from alianza.risks import services
from alianza.risks.models import Risk
from alianza.risks.selectors import heat_map, top_risks
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


def risk_data(**changes):
    data = {"title_es": "Rotación", "category": "organizational", "likelihood": 3, "impact": 2}
    data.update(changes)
    return data


def test_a_risk_with_likelihood_7_is_refused_naming_the_field(cast):
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.risk_create(
            program=cast.program, data=risk_data(likelihood=7), actor=cast.users["editor_a"]
        )
    assert refused.value.message_dict["likelihood"] == [
        "Likelihood is scored from 1 to 5; 7 is out of range."
    ]
    assert not Risk.objects.exists() and ChangeRecord.objects.count() == before


def test_likelihood_without_impact_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        services.risk_create(
            program=cast.program, data=risk_data(impact=None), actor=cast.users["editor_a"]
        )
    assert "impact" in refused.value.message_dict


def test_significance_is_likelihood_times_impact(cast):
    risk = services.risk_create(
        program=cast.program, data=risk_data(likelihood=4, impact=5), actor=cast.users["editor_a"]
    )
    assert (risk.significance, risk.significance_level) == (20, "high")
    assert (
        RiskFactory(program=cast.program, number=50, likelihood=None, impact=None).significance
        is None
    )


def test_owners_are_one_per_partner_institution(cast):
    risk = services.risk_create(
        program=cast.program,
        data=risk_data(),
        actor=cast.users["editor_a"],
        owners=[
            {"institution": cast.partner_a, "user": cast.users["editor_a"], "name": ""},
            {"institution": cast.partner_b, "user": None, "name": "Coordinación"},
        ],
    )
    assert sorted(o.institution.code for o in risk.owners.all()) == ["agency_a", "undp_b"]
    with pytest.raises(ValidationError) as refused:
        services.risk_update(
            risk=risk,
            data={},
            actor=cast.users["editor_a"],
            owners=[{"institution": cast.outsider_institution, "user": None, "name": "X"}],
        )
    assert "owners" in refused.value.message_dict
    assert risk.owners.count() == 2


def test_a_review_re_scores_the_risk_and_keeps_its_history(cast):
    risk = RiskFactory(program=cast.program, likelihood=2, impact=2)
    services.risk_review_create(
        risk=risk,
        data={
            "reviewed_on": datetime.date(2020, 1, 10),
            "likelihood": 4,
            "impact": 4,
            "next_review_on": datetime.date(2020, 4, 10),
        },
        actor=cast.users["editor_b"],
    )
    risk.refresh_from_db()
    assert (risk.significance, risk.next_review_on) == (16, datetime.date(2020, 4, 10))
    assert risk.reviews.get().institution == cast.partner_b
    assert ChangeRecord.objects.filter(action="risks.risk.review").exists()


def test_heat_map_counts_open_assessed_risks_in_their_cell(cast):
    RiskFactory(program=cast.program, likelihood=4, impact=5)
    RiskFactory(program=cast.program, likelihood=4, impact=5)
    RiskFactory(program=cast.program, likelihood=1, impact=1, status="closed")
    RiskFactory(program=cast.program, likelihood=None, impact=None)
    grid = heat_map(Risk.objects.all())
    counts = {(c.likelihood, c.impact): c.count for row in grid for c in row if c.count}
    assert counts == {(4, 5): 2}
    assert [r.significance for r in top_risks(list(Risk.objects.all()))] == [20, 20]


def test_procap_risks_are_loaded_without_invented_scores(procap):
    risks = Risk.objects.filter(program=procap).order_by("number")
    assert [r.category for r in risks] == [
        "strategic",
        "financial",
        "organizational",
        "safety_security",
        "operational",
    ]
    assert all(r.needs_assessment for r in risks)
    assert "joint assessment" in risks[0].source_note_en
    assert risks.get(number=4).initiative.number == 9
