"""The risk register through the API: owners per institution, reviews that re-score."""

from __future__ import annotations

import pytest

from alianza.risks.models import Risk
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_risk_with_its_owner_in_each_institution(cast):
    response = cast.client("editor_a").post(
        "/api/v1/risks/",
        {
            "program": "TEST",
            "title_es": "Recorte",
            "category": "financial",
            "likelihood": 3,
            "impact": 5,
            "owners": [
                {"institution": "agency_a", "user": "coordinator_a"},
                {"institution": "undp_b", "name": "Oficial de programa"},
            ],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["significance"], body["significance_level"]) == (15, "high")
    assert sorted(o["institution"] for o in body["owners"]) == ["agency_a", "undp_b"]


def test_a_review_through_the_api_re_scores_the_risk(cast):
    risk = (
        cast.client("editor_a")
        .post(
            "/api/v1/risks/",
            {"program": "TEST", "title_es": "Rotación", "category": "organizational"},
            content_type=JSON,
        )
        .json()
    )
    assert risk["needs_assessment"] is True
    review = cast.client("editor_b").post(
        "/api/v1/risk-reviews/",
        {"risk": risk["id"], "reviewed_on": "2020-01-10", "likelihood": 2, "impact": 3},
        content_type=JSON,
    )
    assert review.status_code == 201 and review.json()["institution"] == "undp_b"
    assert Risk.objects.get(pk=risk["id"]).significance == 6


def test_risks_carry_their_significance(cast):
    RiskFactory(program=cast.program, number=1, likelihood=4, impact=5)
    (risk,) = cast.client("viewer_a").get("/api/v1/risks/?program=TEST").json()["results"]
    assert (risk["likelihood"], risk["impact"], risk["significance"]) == (4, 5, 20)


def test_api_refuses_a_risk_with_likelihood_7_naming_the_field(cast):
    response = cast.client("editor_a").post(
        "/api/v1/risks/",
        {"program": "TEST", "title_es": "X", "category": "financial", "likelihood": 7, "impact": 2},
        content_type=JSON,
    )
    assert response.status_code == 400 and "likelihood" in response.json()
    assert not Risk.objects.exists()
