import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alianza.specialists.models import NoticeReceipt, PersonalDataRead, ServiceContract
from alianza.specialists.tests.factories import (
    HeadcountRecordFactory,
    NoticeFactory,
    QuestionFactory,
    ServiceContractFactory,
    SpecialistFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def _url(staff, name, **kwargs):
    return reverse(f"specialists:{name}", kwargs={"code": staff.program.code, **kwargs})


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_page_answers_in_both_languages(staff, language):
    notice = NoticeFactory(program=staff.program)
    question = QuestionFactory(program=staff.program, specialist=staff.specialist)
    client = staff.cast.client("hr_b")
    client.cookies["django_language"] = language
    pages = [
        _url(staff, "staffing"),
        _url(staff, "position_list"),
        _url(staff, "position_detail", pk=staff.position.pk),
        _url(staff, "specialist_list"),
        _url(staff, "specialist_detail", pk=staff.specialist.pk),
        _url(staff, "contract_list"),
        _url(staff, "contract_detail", pk=staff.contract.pk),
        _url(staff, "notice_list"),
        _url(staff, "notice_detail", pk=notice.pk),
        _url(staff, "question_detail", pk=question.pk),
        _url(staff, "position_create"),
        _url(staff, "contract_create"),
        _url(staff, "contract_decide", pk=staff.contract.pk),
        _url(staff, "contract_renew", pk=staff.contract.pk),
        _url(staff, "personal_data_update", pk=staff.specialist.pk),
        _url(staff, "notice_create"),
        _url(staff, "question_answer", pk=question.pk),
        _url(staff, "headcount_create"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()[:200]


def test_the_staffing_page_counts_from_records_and_contracts(staff):
    HeadcountRecordFactory(program=staff.program, year=2013, headcount=40)
    response = staff.cast.client("viewer_b").get(_url(staff, "staffing"))
    rows = {r.year: r for r in response.context["chart"]["rows"]}
    assert rows[2013].headcount == 40 and rows[2013].source == "record"
    assert rows[2019].headcount == 1 and rows[2019].source == "contracts"
    assert rows[2019].cost == Decimal("37200.00")
    assert 'data-testid="headcount-chart"' in response.content.decode()


def test_a_contract_form_refuses_an_end_before_the_start_and_saves_nothing(staff):
    client = staff.cast.client("hr_b")
    response = client.post(
        _url(staff, "contract_create"),
        {
            "reference": "SC-0009",
            "specialist": staff.specialist.pk,
            "position": staff.position.pk,
            "holder": staff.cast.partner_b.pk,
            "start_date": "2021-06-01",
            "end_date": "2021-01-01",
            "monthly_cost": "3000",
            "currency": "USD",
        },
    )
    assert response.status_code == 400
    assert "SC-0009" in str(response.context["form"].errors["end_date"])
    assert not ServiceContract.objects.filter(reference="SC-0009").exists()


def test_opening_a_notice_is_the_specialists_read_receipt(staff):
    notice = NoticeFactory(program=staff.program)
    staff.cast.client("coordinator_a").get(_url(staff, "notice_detail", pk=notice.pk))
    assert not NoticeReceipt.objects.exists()
    staff.cast.client("specialist").get(_url(staff, "notice_detail", pk=notice.pk))
    assert NoticeReceipt.objects.get().specialist == staff.specialist
    page = staff.cast.client("hr_b").get(_url(staff, "notice_detail", pk=notice.pk))
    assert [r.specialist for r in page.context["receipts"]] == [staff.specialist]


def test_a_specialist_asks_and_sees_only_their_questions(staff):
    other = SpecialistFactory(program=staff.program, full_name="Luis")
    QuestionFactory(program=staff.program, specialist=other, text="Someone else's")
    client = staff.cast.client("specialist")
    response = client.post(_url(staff, "question_create"), {"text": "Is my insurance valid?"})
    assert response.status_code == 302
    page = client.get(_url(staff, "notice_list"))
    texts = [q.text for q in page.context["questions"]]
    assert texts == ["Is my insurance valid?"]
    others = staff.cast.users["viewer_a"]
    assert others is not None
    assert staff.cast.client("viewer_a").get(_url(staff, "question_create")).status_code == 403


def test_the_hr_workbook_has_personal_columns_only_for_the_readers_people(staff):
    stranger = SpecialistFactory(program=staff.program, full_name="Held by A")
    ServiceContractFactory(
        program=staff.program, specialist=stranger, holder=staff.cast.partner_a, reference="SC-A"
    )
    response = staff.cast.client("hr_b").get(_url(staff, "staff_export"))
    sheet = load_workbook(filename=__import__("io").BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["SC-0001"][10] == 3100 and rows["SC-0001"][12] == "PEAA850314MDF"
    assert rows["SC-A"][10] is None and rows["SC-A"][12] is None
    assert PersonalDataRead.objects.filter(channel="export").count() == 1
    assert staff.cast.client("viewer_a").get(_url(staff, "staff_export")).status_code == 403


def test_lists_ask_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    for n in range(5):
        person = SpecialistFactory(program=staff.program)
        ServiceContractFactory(program=staff.program, specialist=person, reference=f"SC-X{n}")
    client = staff.cast.client("hr_b")
    for name in ("specialist_list", "contract_list", "position_list", "staffing"):
        with django_assert_max_num_queries(25):
            assert client.get(_url(staff, name)).status_code == 200


def test_the_breakdown_by_area_and_function_follows_the_year_asked(staff):
    from alianza.specialists.tests.factories import PositionFactory

    other = PositionFactory(
        program=staff.program, code="P-002", area_en="Planning", function_en="Evaluation"
    )
    person = SpecialistFactory(program=staff.program)
    ServiceContractFactory(
        program=staff.program,
        specialist=person,
        position=other,
        reference="SC-2020",
        start_date=D(2020, 1, 1),
        end_date=D(2020, 12, 31),
    )
    client = staff.cast.client("viewer_a")
    client.cookies["django_language"] = "en"
    in_2019 = client.get(_url(staff, "staffing"), {"year": 2019}).context["breakdown"]
    in_2020 = client.get(_url(staff, "staffing"), {"year": 2020}).context["breakdown"]
    assert [(b.label, b.headcount) for b in in_2019["function"]] == [("Project management", 1)]
    assert [(b.label, b.headcount) for b in in_2020["area"]] == [("Planning", 1)]
    assert client.get(_url(staff, "staffing"), {"year": "abc"}).status_code == 400


def test_new_figures_for_a_year_that_has_them_are_refused(staff):
    HeadcountRecordFactory(program=staff.program, year=2013, headcount=40)
    response = staff.cast.client("hr_b").post(
        _url(staff, "headcount_create"), {"year": 2013, "headcount": 41}
    )
    assert response.status_code == 400 and "year" in response.context["form"].errors
    assert staff.program.headcount_records.get(year=2013).headcount == 40
    saved = staff.cast.client("hr_b").post(
        _url(staff, "headcount_update", year=2013), {"year": 2013, "headcount": 42}
    )
    assert saved.status_code == 302
    assert staff.program.headcount_records.get(year=2013).headcount == 42


def test_the_person_sees_who_read_their_data(staff):
    url = _url(staff, "specialist_detail", pk=staff.specialist.pk)
    staff.cast.client("hr_b").get(url)
    page = staff.cast.client("specialist").get(url)
    assert [r.reader.username for r in page.context["reads"]] == ["specialist", "hr_b"]
