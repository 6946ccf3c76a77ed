"""Systematization pages: the PROCAP matrix and figures from the records, downloads in
every format and both languages, the report, bad input, and query counts that do not
grow with the rows."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.initiatives.tests.factories import (
    ClassificationFactory,
    CostFactory,
    InitiativeFactory,
)
from alianza.systematization import services
from alianza.systematization.models import Assessment

pytestmark = pytest.mark.django_db

PROCAP = "/programs/PROCAP/systematization/"
TEST = "/programs/TEST/systematization/"


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def admin_client(cast):
    return cast.client("superuser")


def test_matrix_page_marks_the_three_flagships_and_the_counts(procap, admin_client):
    html = admin_client.get(PROCAP, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    flagged = sorted(
        int(n)
        for n in __import__("re").findall(
            r'data-number="(\d+)" class="table-warning" data-flagship="1"', html
        )
    )
    assert flagged == [4, 5, 8]
    assert 'data-criteria-met="15"' in html and 'data-criteria-met="5"' in html
    assert 'data-testid="flagship-count">3<' in html


def test_matrix_page_shows_the_coverage_of_support_dimensions(procap, admin_client):
    html = admin_client.get(PROCAP, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        'data-term="staff_training"><td>Training of personnel</td>'
        '<td class="num">4</td><td>5, 8</td>' in html
    )


@pytest.mark.parametrize("lang,title", [("en", "Initiatives by"), ("es", "Iniciativas por")])
def test_figure_csv_follows_the_language_asked_for(procap, admin_client, lang, title):
    response = admin_client.get(PROCAP + "figures/scheme-incidence_level.csv", {"lang": lang})
    rows = _csv(response)
    assert rows[0][0] == (
        "Level of potential incidence" if lang == "en" else "Nivel de incidencia potencial"
    )


def test_figure_6_counts_come_from_the_records(procap, admin_client):
    rows = _csv(admin_client.get(PROCAP + "figures/scheme-incidence_level.csv", {"lang": "en"}))
    assert {r[0]: int(r[1]) for r in rows[1:]} == {
        "Systemic": 4,
        "Political": 4,
        "Organizational": 4,
        "Individual": 2,
        "Operative": 2,
    }


def test_dissemination_scope_shows_the_records_16_not_the_texts_17(procap, admin_client):
    rows = _csv(admin_client.get(PROCAP + "figures/scheme-dissemination_scope.csv", {"lang": "en"}))
    assert sum(int(r[1]) for r in rows[1:]) == 16


def test_figure_7_is_sorted_and_totals_the_reports_sum(procap, admin_client):
    rows = _csv(admin_client.get(PROCAP + "figures/cost-by-initiative.csv", {"lang": "en"}))
    numbers = [int(r[0]) for r in rows[1:-1]]
    assert numbers[:5] == [13, 5, 16, 9, 2] and len(numbers) == 15
    assert rows[-1][2] == "543288.01"


def test_figure_8_cost_by_dimension_adds_up_to_the_total(procap, admin_client):
    rows = _csv(admin_client.get(PROCAP + "figures/cost-by-support_dimension.csv", {"lang": "en"}))
    assert sum(float(r[2] or 0) for r in rows[1:]) == pytest.approx(543288.01)


def test_figure_9_data_has_the_flagships(procap, admin_client):
    rows = _csv(admin_client.get(PROCAP + "figures/criteria-matrix.csv", {"lang": "en"}))
    flagships = [int(r[0]) for r in rows[1:] if r[-2] == "yes"]
    assert flagships == [4, 5, 8]


@pytest.mark.parametrize("fmt,start", [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_figures_download_as_images(procap, admin_client, fmt, start):
    response = admin_client.get(PROCAP + f"figures/criteria-matrix.{fmt}", {"download": 1})
    assert response.content.startswith(start)
    assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_svg_figure_speaks_the_language_asked_for(procap, admin_client):
    svg = admin_client.get(
        PROCAP + "figures/cost-by-initiative.svg", {"lang": "es"}
    ).content.decode()
    assert "Mapeo de proyectos" in svg


def test_unknown_figure_is_404(procap, admin_client):
    assert admin_client.get(PROCAP + "figures/nothing.svg").status_code == 404
    assert admin_client.get(PROCAP + "figures/criteria-matrix.gif").status_code == 404


def test_lessons_page_is_table_7(procap, admin_client):
    html = admin_client.get(PROCAP + "lessons/").content.decode()
    assert html.count('data-kind="lesson_learned"') + html.count('data-kind="good_practice"') == 38


def test_report_pdf_renders_with_its_figures(procap, admin_client):
    response = admin_client.get(PROCAP + "report.pdf")
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Subtype /Image") >= 6


def test_report_xlsx_has_the_inventory_and_the_matrix(procap, admin_client):
    response = admin_client.get(PROCAP + "report.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(list(book["Inventory"].iter_rows(min_row=2))) == 16
    matrix = next(s for s in book.worksheets if s.title == "Figure 9")
    assert matrix.max_row == 17


def test_report_xlsx_speaks_spanish_by_default(procap, admin_client):
    book = openpyxl.load_workbook(io.BytesIO(admin_client.get(PROCAP + "report.xlsx").content))
    assert "Inventario" in book.sheetnames


def test_report_of_an_empty_window_is_honest_and_empty(procap, admin_client):
    html = admin_client.get(PROCAP + "report.html", {"from": "2030", "to": "2031"}).content.decode()
    assert 'data-testid="empty-report"' in html
    assert admin_client.get(
        PROCAP + "report.pdf", {"from": "2030", "to": "2031"}
    ).content.startswith(b"%PDF")
    assert (
        admin_client.get(PROCAP + "report.xlsx", {"from": "2030", "to": "2031"}).status_code == 200
    )


def test_report_window_ending_before_it_starts_is_a_clear_400(procap, admin_client):
    response = admin_client.get(PROCAP + "report.html", {"from": "2019", "to": "2015"})
    assert response.status_code == 400


def test_report_of_a_program_without_period_is_honest(cast, admin_client):
    from alianza.programs.tests.factories import ProgramFactory

    ProgramFactory(code="BARE", is_public=True)
    html = admin_client.get("/programs/BARE/systematization/report.html").content.decode()
    assert 'data-testid="no-period"' in html
    assert admin_client.get("/programs/BARE/systematization/").status_code == 200


def test_unknown_period_is_404(procap, admin_client):
    assert admin_client.get(PROCAP, {"period": "1999"}).status_code == 404


def test_assessment_form_refuses_a_bad_link_and_keeps_nothing(cast, period):
    response = cast.client("editor_a").post(
        TEST + "assess/1/", {"value_need": "met", "links_need": "nope"}
    )
    assert response.status_code == 400
    assert "nope" in response.content.decode()
    assert not Assessment.objects.filter(initiative=cast.public_initiative).exists()


def test_htmx_settle_returns_the_row(cast, period):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met"}},
        actor=cast.users["editor_a"],
    )
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "not_met"}},
        actor=cast.users["editor_b"],
    )
    services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    response = cast.client("coordinator_b").post(
        TEST + "consolidate/1/settle/",
        {"criterion": "need", "value": "met", "reason": "Minutes of the board"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<tr") and "Minutes of the board" in html


def test_htmx_settle_without_reason_says_why(cast, period):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met"}},
        actor=cast.users["editor_a"],
    )
    services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    response = cast.client("coordinator_a").post(
        TEST + "consolidate/1/settle/",
        {"criterion": "need", "value": "not_met"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and 'data-testid="settle-error"' in response.content.decode()


def test_initiative_page_shows_its_criteria_result(procap, admin_client):
    html = admin_client.get(
        "/programs/PROCAP/initiatives/8/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="panel-count">15 of 16 criteria met' in html
    unassessed = admin_client.get("/programs/PROCAP/initiatives/2/").content.decode()
    assert 'data-testid="not-assessed"' in unassessed


def _add_assessed_initiatives(cast, period, n, start):
    scheme_term = cast.public_initiative.classifications.first().term
    for number in range(start, start + n):
        initiative = InitiativeFactory(program=cast.program, number=number, is_public=True)
        ClassificationFactory(initiative=initiative, term=scheme_term)
        CostFactory(initiative=initiative)
        services.assessment_save(
            period=period,
            initiative=initiative,
            items={"need": {"value": "met"}},
            actor=cast.users["editor_a"],
        )
        services.consolidated_result_create(
            period=period, initiative=initiative, actor=cast.users["coordinator_a"]
        )


@pytest.mark.parametrize(
    "path", ["", "figures/criteria-matrix.csv", "lessons/", "recommendations/"]
)
def test_page_queries_do_not_grow_with_rows(cast, period, path):
    client = cast.client("coordinator_a")
    _add_assessed_initiatives(cast, period, 1, 10)
    client.get(TEST + path)
    with CaptureQueriesContext(connection) as few:
        client.get(TEST + path)
    _add_assessed_initiatives(cast, period, 4, 20)
    with CaptureQueriesContext(connection) as many:
        client.get(TEST + path)
    assert len(many) == len(few)
