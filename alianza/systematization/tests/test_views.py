"""Systematization pages: the PROCAP matrix and figures from the records, downloads in
every format and both languages, the report, bad input, and query counts that do not
grow with the rows."""

from __future__ import annotations

import csv
import io
import re

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
from alianza.systematization.models import Assessment, AssessmentItem, Excerpt, Interview
from alianza.systematization.tests.factories import code_interviews

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


def test_figures_page_draws_each_figure_in_the_page_with_its_data_and_downloads(
    procap, admin_client
):
    html = admin_client.get(PROCAP + "figures/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cards = re.findall(r'<section class="card mb-4 figure-card".*?</section>', html, re.S)
    assert len(cards) >= 7
    for card in cards:
        key = re.search(r'id="([^"]+)"', card).group(1)
        chart = card.split('data-testid="figure-chart">')[1].split("</svg>")[0]
        assert chart.startswith("<svg") and 'role="img"' in chart and "<text" in chart
        # Nothing the Content-Security-Policy refuses in a page, and ids of its own.
        assert "style=" not in chart and "<style" not in chart and "<metadata" not in chart
        assert all(i.startswith(key + "-") for i in re.findall(r' id="([^"]+)"', chart))
        assert "<details" not in card and 'data-testid="figure-data"' in card
        downloads = card.split('data-testid="figure-downloads"')[1].split("</div>")[0]
        for fmt in ("svg", "png", "csv", "xlsx"):
            assert f"figures/{key}.{fmt}" in downloads
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    matrix = html.split('data-testid="figure-criteria-matrix"')[1]
    assert "Analysis matrix" in matrix.split("</svg>")[0]


def test_figure_data_downloads_as_xlsx(procap, admin_client):
    response = admin_client.get(PROCAP + "figures/cost-by-initiative.xlsx", {"lang": "en"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert response["Content-Disposition"].endswith('cost-by-initiative.xlsx"')
    assert [c.value for c in sheet[1]] == ["Number", "Initiative", "Cost (USD)"]
    rows = _csv(admin_client.get(PROCAP + "figures/cost-by-initiative.csv", {"lang": "en"}))
    assert sheet.max_row == len(rows) > 10


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
    assert not [name for name in book.sheetnames if name.startswith(("scheme-", "cost-by-"))]
    matrix = next(s for s in book.worksheets if s.title == "Figura 9")
    values = {cell.value for row in matrix.iter_rows(min_row=2, min_col=3) for cell in row}
    assert {"Cumple", "No cumple"} <= values, values
    assert not values & {"met", "not_met", "not_assessable"}


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


# --- interviews and coded evidence ----------------------------------------------------------


@pytest.fixture
def coded(cast, period):
    return code_interviews(cast, period)


def _interviews_shown(html: str) -> list[int]:
    return sorted(int(n) for n in re.findall(r'data-interview="(\d+)"', html))


def _groups(html: str) -> dict[str, list[int]]:
    """{group: excerpt ids} of the evidence page."""
    return {
        group: sorted(int(pk) for pk in re.findall(r'data-excerpt="(\d+)"', body))
        for group, body in re.findall(r'data-group="([^"]+)">(.*?)</section>', html, re.S)
    }


@pytest.mark.parametrize(
    "query,expected",
    [
        ({}, [1, 2]),
        ({"category": "added_value"}, [2]),
        ({"category": "incentives"}, [1]),
        ({"initiative": 1}, [1]),
        ({"initiative": 2}, [2]),
        ({"factor": "strategy"}, [1]),
        ({"case_type": "b"}, [2]),
        ({"institution": "agency_a"}, [1]),
        ({"informant": "i02"}, [2]),
        ({"held_from": "2019-03-02"}, [2]),
    ],
)
def test_interview_list_filters_by_informant_and_by_what_excerpts_are_coded_to(
    cast, coded, query, expected
):
    html = cast.client("viewer_b").get(TEST + "interviews/", query).content.decode()
    assert _interviews_shown(html) == expected


def test_interview_list_shows_informants_by_code_with_their_excerpt_count(cast, coded):
    html = cast.client("viewer_a").get(TEST + "interviews/").content.decode()
    row = re.search(r'<tr data-interview="1">(.*?)</tr>', html, re.S).group(1)
    assert "i01" in row and "Leaders" in row and "AGA" in row and "2019-03-01" in row
    assert 'data-excerpts="1"' in row


def test_interview_list_htmx_filter_returns_the_table_only(cast, coded):
    response = cast.client("viewer_a").get(
        TEST + "interviews/",
        {"initiative": 2},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="interview-results",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-testid="interview-table"' in html and _interviews_shown(html) == [2]


def test_interview_list_with_an_unknown_category_says_so_and_shows_nothing(cast, coded):
    response = cast.client("viewer_a").get(TEST + "interviews/", {"category": "nope"})
    html = response.content.decode()
    assert response.status_code == 400 and _interviews_shown(html) == []
    assert 'data-field="category"' in html


def test_record_an_interview_button_is_for_editing_roles(cast, coded):
    assert 'data-testid="record-interview"' in (
        cast.client("editor_b").get(TEST + "interviews/").content.decode()
    )
    assert 'data-testid="record-interview"' not in (
        cast.client("viewer_a").get(TEST + "interviews/").content.decode()
    )


def test_informants_page_links_each_informant_to_their_interviews(cast, coded):
    html = cast.client("viewer_a").get(TEST + "informants/").content.decode()
    assert "interviews/?period=2018-2019&amp;informant=i02" in html


def test_evidence_page_groups_the_excerpts_by_each_code(cast, coded):
    client = cast.client("editor_b")
    first, second = coded.first.pk, coded.second.pk
    by_category = _groups(client.get(TEST + "evidence/").content.decode())
    assert by_category == {"incentives": [first], "added_value": [second]}
    by_initiative = _groups(client.get(TEST + "evidence/", {"by": "initiative"}).content.decode())
    assert by_initiative == {"1": [first], "2": [second]}
    by_factor = _groups(client.get(TEST + "evidence/", {"by": "factor"}).content.decode())
    assert by_factor == {"strategy": [first], "none": [second]}


def test_evidence_page_narrowed_by_a_filter_lists_the_codes_left_without_evidence(cast, coded):
    html = (
        cast.client("viewer_a")
        .get(TEST + "evidence/", {"by": "category", "initiative": 2}, HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert _groups(html) == {"added_value": [coded.second.pk]}
    missing = html.split('data-testid="without-evidence"')[1].split("</details>")[0]
    assert "Incentives of each counterpart" in missing
    assert f"/interviews/{coded.interviews[1].pk}/#excerpt-{coded.second.pk}" in html


def test_evidence_page_text_search(cast, coded):
    html = cast.client("viewer_a").get(TEST + "evidence/", {"q": "procurement"}).content.decode()
    assert _groups(html) == {"added_value": [coded.second.pk]}


def test_interview_page_shows_the_excerpts_codes_and_where_they_are_cited(cast, period, coded):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met", "excerpts": [coded.first.pk]}},
        actor=cast.users["editor_a"],
    )
    path = TEST + f"interviews/{coded.interviews[0].pk}/"
    html = cast.client("editor_b").get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = html.split(f'id="excerpt-{coded.first.pk}"')[1].split("</article>")[0]
    assert 'data-category="incentives"' in card and 'data-initiative="1"' in card
    assert 'data-factor="strategy"' in card and "What was the need?" in card
    assert "the assessment of initiative 1 (need, editor_a)" in card
    assert 'data-testid="excerpt-form"' in html and 'data-testid="edit-excerpt"' in html
    viewer = cast.client("viewer_b").get(path).content.decode()
    assert 'data-testid="excerpt-form"' not in viewer and 'data-testid="edit-excerpt"' not in viewer


def test_htmx_excerpt_create_returns_the_new_card_and_a_blank_form(cast, coded):
    interview = coded.interviews[1]
    response = cast.client("editor_a").post(
        TEST + f"interviews/{interview.pk}/excerpts/new/",
        {
            "text_en": "Procurement was slow at first.",
            "categories": [coded.categories["incentives"].pk],
            "initiatives": [cast.public_initiative.pk],
            "factors": [coded.factor.pk],
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    excerpt = Excerpt.objects.get(text_en="Procurement was slow at first.")
    assert response.status_code == 200 and "<html" not in html
    assert excerpt.interview == interview
    assert [c.code for c in excerpt.categories.all()] == ["incentives"]
    appended = html.split('id="excerpt-list" hx-swap-oob="beforeend">')[1]
    assert f'id="excerpt-{excerpt.pk}"' in appended and 'data-initiative="1"' in appended
    blank_form = html.split("</form>")[0]
    assert 'id="excerpt-form"' in blank_form and "Procurement was slow" not in blank_form
    assert 'id="no-excerpts"' not in html


def test_htmx_first_excerpt_of_an_interview_removes_the_empty_notice(cast, coded):
    interview = services.interview_create(
        period=coded.interviews[0].period,
        values={"informant": coded.informants["i01"]},
        actor=cast.users["editor_a"],
    )
    client = cast.client("editor_a")
    page = client.get(TEST + f"interviews/{interview.pk}/").content.decode()
    assert 'id="no-excerpts"' in page
    html = client.post(
        TEST + f"interviews/{interview.pk}/excerpts/new/",
        {"text_es": "Primera cita."},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<p id="no-excerpts" hx-swap-oob="delete">' in html


def test_htmx_excerpt_without_text_is_a_400_with_the_field_error(cast, coded):
    interview = coded.interviews[1]
    response = cast.client("editor_a").post(
        TEST + f"interviews/{interview.pk}/excerpts/new/",
        {"categories": [coded.categories["incentives"].pk]},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = response.content.decode()
    assert response.status_code == 400 and "<html" not in html
    assert 'data-field="text_en"' in html and "An excerpt needs its text." in html
    assert interview.excerpts.count() == 1


def test_excerpt_form_page_refuses_a_question_of_another_program(cast, coded):
    from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory

    other = ProgramFactory(code="OTHER")
    PartnershipFactory(program=other, institution=cast.partner_a)
    scope = services.analysis_scope_upsert(
        program=other,
        code="elsewhere",
        values={"name_en": "Elsewhere"},
        categories=[],
        questions=[{"number": 1, "text_en": "Elsewhere?"}],
        actor=cast.users["coordinator_a"],
    )
    response = cast.client("editor_a").post(
        TEST + f"excerpts/{coded.first.pk}/edit/",
        {"text_en": "Changed", "question": scope.questions.get().pk},
    )
    assert response.status_code == 400 and 'data-field="question"' in response.content.decode()
    assert Excerpt.objects.get(pk=coded.first.pk).text_en.startswith("The agency")


def test_htmx_excerpt_update_returns_the_card(cast, coded):
    response = cast.client("editor_b").post(
        TEST + f"excerpts/{coded.first.pk}/edit/",
        {"text_en": "The agency wanted its staff trained at home.", "factors": []},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<article")
    assert "trained at home" in html and "data-factor=" not in html
    assert not Excerpt.objects.get(pk=coded.first.pk).factors.exists()


def test_htmx_delete_refuses_a_cited_excerpt_and_removes_an_uncited_one(cast, period, coded):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met", "excerpts": [coded.first.pk]}},
        actor=cast.users["editor_a"],
    )
    client = cast.client("editor_a")
    refused = client.post(
        TEST + f"excerpts/{coded.first.pk}/delete/",
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert 'data-testid="excerpt-error"' in refused.content.decode()
    assert Excerpt.objects.filter(pk=coded.first.pk).exists()
    removed = client.post(TEST + f"excerpts/{coded.second.pk}/delete/", HTTP_HX_REQUEST="true")
    assert removed.status_code == 200 and removed.content == b""
    assert not Excerpt.objects.filter(pk=coded.second.pk).exists()


def test_delete_page_warns_of_citations_and_deletes_then_returns_to_the_interview(cast, coded):
    client = cast.client("editor_a")
    page = client.get(TEST + f"excerpts/{coded.second.pk}/delete/").content.decode()
    assert 'data-testid="delete-form"' in page and 'data-testid="cited-warning"' not in page
    response = client.post(TEST + f"excerpts/{coded.second.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/interviews/{coded.interviews[1].pk}/")
    assert not Excerpt.objects.filter(pk=coded.second.pk).exists()


def test_interview_form_records_the_next_one_and_refuses_a_number_in_use(cast, coded):
    client = cast.client("editor_b")
    informant = coded.informants["i01"]
    refused = client.post(
        TEST + "interviews/new/",
        {"number": 2, "informant": informant.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400 and 'data-field="number"' in refused.content.decode()
    created = client.post(
        TEST + "interviews/new/", {"informant": informant.pk, "held_on": "2019-04-01"}
    )
    interview = Interview.objects.get(period=coded.interviews[0].period, number=3)
    assert created.status_code == 302
    assert created["Location"].endswith(f"/interviews/{interview.pk}/")
    assert interview.informant == informant and str(interview.held_on) == "2019-04-01"


def test_interview_form_preselects_the_informant_asked_for(cast, coded):
    html = (
        cast.client("editor_a").get(TEST + "interviews/new/", {"informant": "i02"}).content.decode()
    )
    assert re.search(rf'<option value="{coded.informants["i02"].pk}" selected>', html), (
        "informant i02 should be chosen"
    )


def test_interview_edit_changes_the_notes(cast, coded):
    interview = coded.interviews[0]
    response = cast.client("editor_a").post(
        TEST + f"interviews/{interview.pk}/edit/",
        {"informant": interview.informant_id, "notes_en": "Recorded by phone."},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.notes_en == "Recorded by phone." and interview.number == 1


def test_assessment_page_offers_the_excerpts_about_the_initiative_first(cast, coded):
    html = cast.client("editor_a").get(TEST + "assess/2/").content.decode()
    offered = html.split('data-testid="excerpts-need"')[1].split("</details>")[0]
    assert offered.index(f'value="{coded.second.pk}"') < offered.index(f'value="{coded.first.pk}"')


def test_assessment_page_saves_the_excerpts_each_criterion_cites(cast, coded):
    client = cast.client("editor_a")
    response = client.post(
        TEST + "assess/1/",
        {"value_need": "met", "excerpts_need": [coded.first.pk], "value_impact": "not_met"},
    )
    assert response.status_code == 302
    items = AssessmentItem.objects.filter(assessment__initiative=cast.public_initiative)
    need, impact = items.get(criterion__code="need"), items.get(criterion__code="impact")
    assert list(need.excerpts.all()) == [coded.first] and not impact.excerpts.exists()
    html = client.get(TEST + "assess/1/").content.decode()
    checked = re.findall(
        r'<input type="checkbox" name="(excerpts_\w+)" value="(\d+)"[^>]*checked', html
    )
    assert checked == [("excerpts_need", str(coded.first.pk))]


def test_assessment_page_refuses_an_unknown_excerpt(cast, coded):
    response = cast.client("editor_a").post(
        TEST + "assess/1/", {"value_need": "met", "excerpts_need": ["999999"]}
    )
    assert response.status_code == 400
    assert not Assessment.objects.filter(initiative=cast.public_initiative).exists()


def _more_coded_interviews(cast, coded, n):
    period = coded.interviews[0].period
    for index in range(n):
        interview = services.interview_create(
            period=period,
            values={"informant": coded.informants["i01" if index % 2 else "i02"]},
            actor=cast.users["editor_a"],
        )
        for text in ("One thing.", "Another thing."):
            services.excerpt_save(
                interview=interview,
                values={"text_en": f"{text} {index}", "question": coded.question},
                categories=list(coded.categories.values()),
                initiatives=[1, 2],
                factors=[coded.factor],
                actor=cast.users["editor_a"],
            )


@pytest.mark.parametrize(
    "path",
    [
        "interviews/",
        "interviews/?category=incentives",
        "evidence/",
        "evidence/?by=initiative",
        "evidence/?by=factor&initiative=1",
    ],
)
def test_interview_and_evidence_queries_do_not_grow_with_rows(cast, coded, path):
    client = cast.client("coordinator_a")
    client.get(TEST + path)
    with CaptureQueriesContext(connection) as few:
        client.get(TEST + path)
    _more_coded_interviews(cast, coded, 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(TEST + path)
    assert response.status_code == 200
    assert len(many) == len(few)


def test_interview_page_queries_do_not_grow_with_its_excerpts(cast, period, coded):
    client = cast.client("editor_a")
    interview = coded.interviews[0]
    path = TEST + f"interviews/{interview.pk}/"
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for number in range(3):
        excerpt = services.excerpt_save(
            interview=interview,
            values={"text_en": f"More {number}", "question": coded.question},
            categories=list(coded.categories.values()),
            initiatives=[1, 2],
            factors=[coded.factor],
            actor=cast.users["editor_a"],
        )
        services.assessment_save(
            period=period,
            initiative=cast.public_initiative,
            items={"need": {"value": "met", "excerpts": [excerpt.pk]}},
            actor=cast.users["editor_a"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)


def test_assessment_page_queries_do_not_grow_with_the_excerpts(cast, coded):
    client = cast.client("editor_a")
    client.post(TEST + "assess/1/", {"value_need": "met", "excerpts_need": [coded.first.pk]})
    with CaptureQueriesContext(connection) as few:
        client.get(TEST + "assess/1/")
    _more_coded_interviews(cast, coded, 3)
    with CaptureQueriesContext(connection) as many:
        client.get(TEST + "assess/1/")
    assert len(many) == len(few)


def test_htmx_excerpt_edit_form_replaces_the_card_filled_in(cast, coded):
    html = (
        cast.client("editor_a")
        .get(TEST + f"excerpts/{coded.first.pk}/edit/", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert html.startswith(f'<form id="excerpt-{coded.first.pk}"')
    assert f'<option value="{coded.question.pk}" selected>' in html
    incentives = coded.categories["incentives"].pk
    assert re.search(rf'name="categories" value="{incentives}"[^>]*checked', html)
    assert f'id="id_excerpt-{coded.first.pk}_text_en"' in html
