"""A program is numbered by its own report: PROCAP's "Figure 9" and "Table 7" are its data
(loaded from its reference files); another program's figures, pages and XLSX sheets keep
plain titles until its coordinator numbers them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.systematization import services
from alianza.systematization.models import ReportNumber

pytestmark = pytest.mark.django_db

PROCAP = "/programs/PROCAP/systematization/"
TEST = "/programs/TEST/systematization/"


def _sheets(client, base: str) -> list[str]:
    response = client.get(base + "report.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    return openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


def test_procap_keeps_its_reports_numbering_as_data(procap, cast):
    numbers = {n.figure: n.label for n in ReportNumber.objects.filter(program=procap)}
    assert numbers["criteria-matrix"] == "Figure 9"
    assert numbers["lessons-by-factor"] == "Table 7"
    client = cast.client("superuser")
    assert "(Figure 9)" in client.get(PROCAP, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    lessons = client.get(PROCAP + "lessons/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "(Tabla 7)" in lessons
    assert {"Figure 9", "Table 7", "Table 6"} <= set(_sheets(client, PROCAP))


def test_another_program_gets_plain_titles(cast, period):
    client = cast.client("superuser")
    for page in ("", "lessons/", "figures/"):
        html = client.get(TEST + page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-testid="report-number"' not in html
        assert "Figure 9" not in html and "Table 7" not in html
    sheets = _sheets(client, TEST)
    assert not any(s.startswith(("Figure", "Table", "criteria-")) for s in sheets)
    assert "Analysis matrix initiatives by" in sheets  # the plain title, cut to 31


def test_a_coordinator_numbers_the_programs_own_report(cast, period):
    services.report_number_upsert(
        program=cast.program,
        figure="criteria-matrix",
        values={"kind": "table", "number": 3, "title_en": "Rubric results"},
        actor=cast.users["coordinator_a"],
    )
    assert ChangeRecord.objects.filter(action="systematization.report_number.create").exists()
    client = cast.client("viewer_a")
    html = client.get(TEST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rubric results" in html and "(Table 3)" in html
    assert "Table 3" in _sheets(client, TEST)
    figures = client.get(TEST + "figures/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "(Tabla 3)" in figures


def test_only_a_coordinator_numbers_the_report_and_bad_input_saves_nothing(cast, period):
    with pytest.raises(PermissionDenied):
        services.report_number_upsert(
            program=cast.program,
            figure="criteria-matrix",
            values={"kind": "figure", "number": 1},
            actor=cast.users["editor_a"],
        )
    with pytest.raises(ValidationError) as caught:
        services.report_number_upsert(
            program=cast.program,
            figure="criteria-matrix",
            values={"kind": "chart", "number": 0},
            actor=cast.users["coordinator_a"],
        )
    assert {"kind", "number"} <= set(caught.value.message_dict)
    assert not ReportNumber.objects.filter(program=cast.program).exists()
