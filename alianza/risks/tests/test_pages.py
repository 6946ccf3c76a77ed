"""The risk register's pages live under the program (`/programs/<code>/risks/`) and show
the Monitoring tab with the Risks pill; their forms use the shared form page."""

from __future__ import annotations

import re

import pytest

from alianza.risks.models import Risk
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


def active_pill(page: str) -> str:
    found = re.search(r'data-testid="monitoring-nav".*?aria-current="page">([^<]+)<', page, re.S)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("path", ["/programs/TEST/risks/", "/programs/TEST/risks/1/", "new"])
def test_risk_pages_show_the_monitoring_tab_and_the_risks_pill(cast, path):
    RiskFactory(program=cast.program, number=1)
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    page = client.get("/programs/TEST/risks/new/" if path == "new" else path).content.decode()
    assert active_pill(page) == "Risks"


def test_a_viewer_may_not_open_the_risk_form(cast):
    assert cast.client("viewer_a").get("/programs/TEST/risks/new/").status_code == 403


def test_the_risk_form_adds_a_risk_to_the_register(cast):
    response = cast.client("editor_a").post(
        "/programs/TEST/risks/new/",
        {"title_es": "Rotación", "category": "organizational", "status": "open"},
    )
    risk = Risk.objects.get(program=cast.program)
    assert response.status_code == 302 and response.url == risk.get_absolute_url()
    assert risk.get_absolute_url() == f"/programs/TEST/risks/{risk.number}/"
