"""The annual activity report: figures computed from the records, public records named,
HTML and PDF in both languages, the button and the command."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from alianza.finance.tests.factories import TransactionFactory
from alianza.portal import annual

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_spending_counts_the_part_of_each_span_in_the_year(cast):
    component = cast.program.components.get()
    cast.public_initiative.component = component
    cast.public_initiative.save()
    TransactionFactory(initiative=cast.public_initiative, amount=Decimal("300.00"))
    # Spread over 2018-07-01..2019-06-30 (365 days): 181 of them in 2019.
    TransactionFactory(
        initiative=cast.internal_initiative,
        amount=Decimal("365.00"),
        period_start=datetime.date(2018, 7, 1),
        date=datetime.date(2019, 6, 30),
    )
    TransactionFactory(initiative=cast.public_initiative, date=datetime.date(2020, 1, 1))
    TransactionFactory(initiative=cast.public_initiative, kind="commitment")

    money = annual.spending(cast.program, 2019)

    assert money.by_component == [(component, Decimal("300.00")), (None, Decimal("181.00"))]
    assert money.total == Decimal("481.00")
    assert money.spread == 1
    assert money.by_initiative == {
        cast.public_initiative.pk: Decimal("300.00"),
        cast.internal_initiative.pk: Decimal("181.00"),
    }
    assert annual.spending(cast.program, 2018).total == Decimal("184.00")


def test_report_names_public_initiatives_and_counts_the_others(cast):
    TransactionFactory(initiative=cast.internal_initiative, amount=Decimal("50.00"))
    html = annual.build(program=cast.program, year=2019, fmt="html", language="en").decode()
    assert cast.public_initiative.title_en in html
    assert cast.internal_initiative.title_en not in html
    assert "2 initiatives were active in 2019" in html
    assert "1 of them is public and listed here" in html
    assert "Initiatives not published" in html  # its spending, unnamed
    assert "<svg" in html


def test_years_come_from_the_program_and_its_periods(cast):
    years = annual.report_years(cast.program)
    assert years[0] == cast.program.start_date.year
    assert 2019 in years
    assert years[-1] <= datetime.date.today().year


@pytest.mark.parametrize("language", ["es", "en"])
def test_command_writes_html_and_pdf_in_each_language(cast, tmp_path, language):
    html_file = tmp_path / f"report-{language}.html"
    pdf_file = tmp_path / f"report-{language}.pdf"
    code = cast.program.code
    call_command(
        "annual_report",
        program=code,
        year=2019,
        fmt="html",
        output=html_file,
        language=language,
        verbosity=0,
    )
    call_command(
        "annual_report",
        "--program",
        code,
        "--year",
        "2019",
        "--format",
        "pdf",
        "-o",
        str(pdf_file),
        "--language",
        language,
        verbosity=0,
    )
    heading = {"es": "Informe anual de actividades", "en": "Annual activity report"}[language]
    html = html_file.read_text()
    assert f'<html lang="{language}">' in html and heading in html
    reader, text = _pdf_text(pdf_file.read_bytes())
    assert heading in text
    assert len(reader.pages) >= 3


def test_command_refuses_an_unknown_program_or_year(cast, tmp_path):
    with pytest.raises(CommandError):
        call_command("annual_report", program="NOPE", year=2019, fmt="pdf", output=tmp_path / "x")
    with pytest.raises(CommandError):
        call_command(
            "annual_report", program=cast.program.code, year=1990, fmt="pdf", output=tmp_path / "x"
        )
    assert not (tmp_path / "x").exists()


def test_button_page_for_partner_members_leads_to_the_report(cast):
    code = cast.program.code
    page = reverse("portal:annual_report", kwargs={"code": code})
    response = cast.client("viewer_a").get(page)
    assert response.status_code == 200
    assert b'data-testid="annual-report-pdf"' in response.content
    chosen = cast.client("viewer_a").get(page, {"year": 2019, "format": "html", "language": "en"})
    target = reverse(
        "portal:annual_report_download", kwargs={"code": code, "year": 2019, "fmt": "html"}
    )
    assert chosen["Location"] == f"{target}?language=en"
    report = cast.client("viewer_a").get(chosen["Location"])
    assert report.status_code == 200 and b"Annual activity report" in report.content
    assert cast.client("outsider").get(page).status_code == 403
    assert cast.client("outsider").get(target).status_code == 403
    too_early = reverse(
        "portal:annual_report_download", kwargs={"code": code, "year": 1990, "fmt": "pdf"}
    )
    assert cast.client("viewer_a").get(too_early).status_code == 404


def test_procap_2019_pdf_renders_with_its_charts(procap):
    content = annual.build(program=procap, year=2019, fmt="pdf", language="es")
    reader, text = _pdf_text(content)
    assert len(reader.pages) >= 6
    # Cover, table of contents with page numbers, running page numbers.
    assert "Informe anual de actividades" in text and "2019" in text
    assert "Contenido" in text
    assert f"1 / {len(reader.pages)}" not in reader.pages[0].extract_text()  # the cover
    assert f"2 / {len(reader.pages)}" in reader.pages[1].extract_text()
    for partnership in procap.partnerships.select_related("institution"):
        assert partnership.institution.name_es in text
    # The charts: what was done, money spent, by initiative (PNG images in the PDF).
    images = {image.name for page in reader.pages for image in page.images}
    assert len(images) >= 3
    # Figures from the records: the year's flagship among the public initiatives.
    flagships = annual.report_context(program=procap, year=2019)["flagships"]
    assert flagships
    flowing = " ".join(text.split())
    for item in flagships:
        initiative = item["row"].initiative
        assert f"{initiative.number}. {initiative.title_es[:30]}" in flowing


def test_report_lists_the_public_products_of_the_year(cast):
    from alianza.knowledge.choices import DisseminationLevel
    from alianza.knowledge.tests.factories import ProductFactory

    ProductFactory(
        program=cast.program,
        number=1,
        title_en="Guide of the year",
        published_on=datetime.date(2019, 3, 1),
        kind="guide",
    )
    ProductFactory(
        program=cast.program,
        number=2,
        title_en="Guide of another year",
        published_on=datetime.date(2018, 3, 1),
    )
    ProductFactory(
        program=cast.program,
        number=3,
        title_en="Internal guide of the year",
        published_on=datetime.date(2019, 5, 1),
        dissemination=DisseminationLevel.INTERNAL,
    )
    context = annual.report_context(program=cast.program, year=2019)
    assert [p.title_en for p in context["products"]] == ["Guide of the year"]
    html = annual.build(program=cast.program, year=2019, fmt="html", language="en").decode()
    assert "Guide of the year" in html
    assert "Guide of another year" not in html and "Internal guide" not in html
