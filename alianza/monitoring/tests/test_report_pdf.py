"""The period report's PDF keeps the product's stylesheet: the heat map is drawn in colour."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from alianza.accounts.tests.factories import UserFactory
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

#: `.heat-high` in static/css/alianza.css (#f5c2c7), as PDF fill components.
HEAT_HIGH = (245 / 255, 194 / 255, 199 / 255)


def filled_rectangles(pdf: bytes, colour: tuple[float, float, float]) -> list[tuple[float, ...]]:
    """(x, y, width, height) of every rectangle the PDF fills with `colour` (RGB, 0 to 1)."""
    reader = PdfReader(io.BytesIO(pdf))
    found, current = [], None
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"rg":
                current = tuple(float(v) for v in operands)
            elif (
                operator == b"re"
                and current
                and all(abs(a - b) < 0.005 for a, b in zip(current, colour, strict=True))
            ):
                found.append(tuple(float(v) for v in operands))
    return found


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_period_report_pdf_draws_the_heat_map_in_colour(procap, client, caplog, language):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    RiskFactory(program=procap, number=100, likelihood=5, impact=5)
    client.force_login(UserFactory(username="pdf-root", is_superuser=True, is_staff=True))
    response = client.get(
        "/programs/PROCAP/monitoring/report/pdf/?period=2019", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    cells = [r for r in filled_rectangles(response.content, HEAT_HIGH) if min(r[2:]) > 20]
    assert cells, "no heat-map cell is filled with the 'high' colour"
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert not [w for w in warnings if "stylesheet" in w.lower()], warnings
