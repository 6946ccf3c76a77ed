"""Signing a period report asks for confirmation: the report's button opens a confirmation
page that signs nothing; only its own button signs."""

from __future__ import annotations

import re

import pytest

from alianza.monitoring.models import Signature

pytestmark = pytest.mark.django_db

REPORT = "/programs/TEST/monitoring/report/?period=2019"
SIGN = "/programs/TEST/monitoring/report/sign/"


def test_the_first_click_opens_a_confirmation_and_signs_nothing(cast):
    client = cast.client("coordinator_a")
    client.cookies["django_language"] = "es"
    report = client.get(REPORT).content.decode()
    start = report.split('data-testid="sign-form"')[0].rsplit("<form", 1)[1]
    assert 'method="get"' in start and f'action="{SIGN}"' in start
    query = dict(re.findall(r'name="(start|end)" value="([^"]+)"', report))
    assert query == {"start": "2019-01-01", "end": "2019-12-31"}

    confirmation = client.get(SIGN, query)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Está a punto de firmar el informe de seguimiento conjunto" in page
    assert 'data-testid="confirm-sign"' in page and "Confirmar y firmar" in page
    assert not Signature.objects.exists()

    signed = client.post(SIGN, query)
    assert signed.status_code == 302
    signature = Signature.objects.get()
    assert signature.institution == cast.partner_a
    assert (signature.report.start.isoformat(), signature.report.end.isoformat()) == (
        "2019-01-01",
        "2019-12-31",
    )


@pytest.mark.parametrize("role", ["viewer_a", "editor_a", "focal_a", "superuser"])
def test_only_a_partners_coordinator_reaches_the_confirmation(cast, role):
    response = cast.client(role).get(SIGN, {"start": "2019-01-01", "end": "2019-12-31"})
    assert response.status_code in (403, 404)
    assert not Signature.objects.exists()
