"""The risk pages: the form names what is wrong and saves nothing."""

from __future__ import annotations

import pytest

from alianza.risks.models import Risk

pytestmark = pytest.mark.django_db


def test_the_risk_form_shows_the_out_of_range_likelihood_and_saves_nothing(cast):
    response = cast.client("editor_a").post(
        "/programs/TEST/risks/new/",
        {
            "title_es": "Riesgo",
            "category": "financial",
            "likelihood": "7",
            "impact": "2",
            "status": "open",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "7 is out of range" in response.content.decode()
    assert not Risk.objects.exists()
