"""Initiative pages: the list (filters, sorting, CSV/XLSX), the tables by classification
(Table 6), one initiative, and the form (create, edit, delete, bad input), in both languages."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from alianza.audit.models import ChangeRecord
from alianza.core.tests.matrix import page_numbers
from alianza.initiatives import services
from alianza.initiatives.models import (
    Classification,
    CostRecord,
    ExecutionPeriod,
    Initiative,
)
from alianza.initiatives.tests.factories import (
    ClassificationFactory,
    CostFactory,
    InitiativeFactory,
    PeriodFactory,
)
from alianza.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

LIST = "/programs/TEST/initiatives/"
NEW = "/programs/TEST/initiatives/new/"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


def english(client):
    client.cookies["django_language"] = "en"
    return client


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def export_numbers(response, kind: str) -> list[int]:
    rows = csv_rows(response) if kind == "csv" else xlsx_rows(response)
    return [int(row[0]) for row in rows[1:]]


def table_counts(response) -> dict[str, int]:
    """{term code: count} from a classification table page."""
    assert response.status_code == 200
    return {
        term: int(count)
        for term, count in re.findall(
            r'<tr data-term="([a-z_]+)">.*?data-count="(\d+)"', response.content.decode(), re.S
        )
    }


def form_data(initiative: Initiative | None = None, **changes) -> dict:
    """What the initiative form posts: the record as it is (or a new one), with `changes`."""
    if initiative is None:
        data = {
            "number": "7",
            "title_en": "Made on the page",
            "title_es": "Hecha en la página",
            "scheme_incidence_level": "political",
            "costs": [{"amount": "250.75", "currency": "USD"}],
        }
    else:
        terms = {c.scheme.code: c.term.code for c in initiative.classifications.all()}
        data = {
            "number": str(initiative.number),
            "title_en": initiative.title_en,
            "title_es": initiative.title_es,
            "phase": initiative.phase_id or "",
            "description_en": initiative.description_en,
            "description_es": initiative.description_es,
            "scheme_incidence_level": terms.get("incidence_level", ""),
            "periods": [
                {"start": str(p.start_date.year), "end": str(p.end_date.year)}
                for p in initiative.periods.all()
            ],
            "costs": [
                {"amount": str(c.amount), "currency": c.currency} for c in initiative.costs.all()
            ],
        }
        if initiative.is_public:
            data["is_public"] = "on"
    data.update(changes)
    post = {k: v for k, v in data.items() if k not in ("periods", "costs") and v is not None}
    for key in ("periods", "costs", "involvements", "key_figures"):
        rows = data.get(key, [])
        post[f"{key}-TOTAL_FORMS"] = str(len(rows))
        post[f"{key}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for field, value in row.items():
                post[f"{key}-{index}-{field}"] = value
    return post


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Initiative, Classification, ExecutionPeriod, CostRecord, ChangeRecord)
    }


def history(client, pk) -> list[dict]:
    response = client.get("/api/v1/changes/", {"model": "initiatives.initiative", "object_id": pk})
    assert response.status_code == 200
    return response.json()["results"]


# --- the list: filters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [1, 2, 3, 4, 5]),
        ({"incidence_level": "systemic"}, [1, 2]),
        ({"incidence_level": "political"}, [3, 4]),
        ({"incidence_level": ["systemic", "political"]}, [1, 2, 3, 4]),
        ({"classification": "incidence_level:systemic"}, [1, 2]),
        ({"phase": "1"}, [1, 2, 5]),
        ({"phase": "2"}, [3]),
        ({"year": "2016"}, [3]),
        ({"year": "2019"}, [1, 2]),
        ({"year": "2021"}, [4]),
        ({"active_to": "2017-12-31"}, [3]),
        ({"active_from": "2019-01-01"}, [1, 2, 4]),
        ({"active_from": "2019-06-01", "active_to": "2020-06-01"}, [1, 2, 4]),
        ({"q": "survey"}, [3]),
        ({"q": "drinking WATER"}, [3]),
        ({"q": "work"}, [1, 2]),
        ({"q": "nothing like this"}, []),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else None,
)
def test_initiative_list_filters(inventory, query, expected):
    assert page_numbers(inventory.client("superuser").get(LIST, query)) == expected


def test_initiative_list_filter_by_spanish_words(inventory):
    assert page_numbers(inventory.client("superuser").get(LIST, {"q": "presupuestaria"})) == [4]


def test_initiative_list_combines_filters(inventory):
    response = inventory.client("superuser").get(
        LIST, {"incidence_level": "systemic", "phase": "1", "year": "2018"}
    )
    assert page_numbers(response) == [1, 2]


def test_initiative_list_filter_form_offers_every_scheme_phase_and_period(inventory):
    html = inventory.client("anonymous").get(LIST).content.decode()
    for name in ("incidence_level", "phase", "year", "active_from", "active_to", "q"):
        assert f'name="{name}"' in html


def test_initiative_list_with_a_bad_filter_shows_no_rows_and_the_message(inventory):
    response = english(inventory.client("superuser")).get(LIST, {"incidence_level": "bogus"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<tr data-number=" not in html
    assert "Select a valid choice" in html and "The filters are not valid" in html


def test_initiative_list_counts_the_initiatives_shown(inventory):
    response = english(inventory.client("anonymous")).get(LIST, {"incidence_level": "political"})
    count = re.search(r'data-testid="result-count">\s*(\d+) initiatives', response.content.decode())
    assert count.group(1) == "2"


def test_initiative_list_totals_the_cost_of_the_initiatives_shown(inventory):
    response = english(inventory.client("superuser")).get(LIST, {"phase": "1"})
    assert 'data-testid="total-cost">USD 221.00<' in response.content.decode()


def test_initiative_list_htmx_request_gets_only_the_table(inventory):
    response = inventory.client("anonymous").get(
        LIST,
        {"incidence_level": "political"},
        headers={"hx-request": "true", "hx-target": "initiative-results"},
    )
    html = response.content.decode()
    assert "<html" not in html and page_numbers(response) == [3, 4]


# --- the list: sorting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("number", [1, 2, 3, 4, 5]),
        ("-number", [5, 4, 3, 2, 1]),
        ("title", [5, 4, 2, 1, 3]),
        ("-title", [3, 1, 2, 4, 5]),
        ("cost", [5, 1, 2, 3, 4]),
        ("-cost", [3, 1, 2, 5, 4]),
        ("start", [3, 1, 2, 4, 5]),
        ("-start", [4, 1, 2, 3, 5]),
    ],
)
def test_initiative_list_sorts(inventory, ordering, expected):
    response = english(inventory.client("superuser")).get(LIST, {"ordering": ordering})
    assert page_numbers(response) == expected


def test_initiative_list_sorts_titles_in_the_page_language(inventory):
    response = inventory.client("superuser").get(
        LIST, {"ordering": "title"}, headers={"accept-language": "es"}
    )
    titles = [
        Initiative.objects.get(program=inventory.program, number=n).title_es
        for n in page_numbers(response)
    ]
    assert titles == sorted(titles, key=str.lower)


# --- the list: CSV and XLSX exports ---------------------------------------------------------


EXPORT_QUERIES = [
    "",
    "incidence_level=political",
    "phase=1",
    "year=2018",
    "q=work",
    "ordering=-cost",
    "ordering=title",
    "ordering=start&phase=1",
    "classification=incidence_level:systemic",
    "active_from=2020-01-01",
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("query", EXPORT_QUERIES)
@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_initiative_export_has_the_rows_of_the_page_in_its_order(inventory, role, query, kind):
    client = english(inventory.client(role))
    page = client.get(f"{LIST}?{query}")
    export = client.get(f"{LIST}?{query}&export={kind}")
    assert export_numbers(export, kind) == page_numbers(page)


def test_initiative_csv_export_is_an_attachment_named_after_the_program(inventory):
    response = inventory.client("anonymous").get(LIST, {"export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="test-initiatives.csv"'


def test_initiative_csv_export_has_a_column_per_scheme(inventory):
    response = english(inventory.client("anonymous")).get(LIST, {"export": "csv"})
    header, *rows = csv_rows(response)
    column = header.index("Incidence")
    assert [row[column] for row in rows] == ["Systemic", "Political", "Political", ""]


def test_initiative_csv_export_gives_titles_periods_and_costs(inventory):
    response = english(inventory.client("anonymous")).get(LIST, {"export": "csv", "q": "survey"})
    header, row = csv_rows(response)
    assert (row[1], row[-2], Decimal(row[-1])) == ("Water survey", "2016", Decimal("5000"))


def test_initiative_csv_export_writes_costs_with_two_decimals(cast):
    response = english(cast.client("anonymous")).get(LIST, {"export": "csv"})
    assert csv_rows(response)[1][-1] == "100.50"


def test_initiative_xlsx_export_keeps_costs_as_numbers(inventory):
    response = inventory.client("anonymous").get(LIST, {"export": "xlsx", "q": "survey"})
    header, row = xlsx_rows(response)
    assert row[-1] == 5000 and not isinstance(row[-1], str)


def test_initiative_csv_export_neutralises_spreadsheet_formulas(cast):
    InitiativeFactory(
        program=cast.program, number=9, title_en='=HYPERLINK("x")', title_es="", is_public=True
    )
    response = english(cast.client("anonymous")).get(LIST, {"export": "csv", "number": "9"})
    assert csv_rows(response)[1][1] == '\'=HYPERLINK("x")'


def test_initiative_export_headers_follow_the_page_language(inventory):
    spanish = csv_rows(
        inventory.client("anonymous").get(
            LIST, {"export": "csv"}, headers={"accept-language": "es"}
        )
    )[0]
    english_ = csv_rows(english(inventory.client("anonymous")).get(LIST, {"export": "csv"}))[0]
    scheme = inventory.program.classification_schemes.get()
    assert scheme.name_es in spanish and scheme.name_en in english_


# --- the list: queries do not grow with rows ------------------------------------------------


def add_initiatives(program, numbers):
    scheme = program.classification_schemes.get(code="incidence_level")
    terms = list(scheme.terms.all())
    phase = program.phases.first()
    for number in numbers:
        initiative = InitiativeFactory(program=program, number=number, is_public=True, phase=phase)
        ClassificationFactory(initiative=initiative, term=terms[number % len(terms)])
        PeriodFactory(initiative=initiative)
        PeriodFactory(initiative=initiative, start_date=datetime.date(2020, 1, 1), end_date=None)
        CostFactory(initiative=initiative, amount=Decimal(number))


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        LIST,
        f"{LIST}?export=csv",
        f"{LIST}?export=xlsx",
        f"{LIST}?incidence_level=systemic&ordering=-cost",
        "/programs/TEST/initiatives/by/incidence_level/",
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "editor_a"])
def test_initiative_list_queries_do_not_grow_with_rows(cast, role, path):
    client = cast.client(role)
    client.get(path)  # session, content types and the like, cached once
    add_initiatives(cast.program, range(10, 13))
    with_three = count_queries(client, path)
    add_initiatives(cast.program, range(13, 40))
    assert count_queries(client, path) == with_three


@pytest.mark.parametrize("path", [LIST, f"{LIST}?export=csv"])
def test_initiative_list_queries_stay_bounded(cast, path):
    client = cast.client("editor_a")
    add_initiatives(cast.program, range(10, 40))
    assert count_queries(client, path) <= 20


# --- the tables by classification (Table 6) -------------------------------------------------


def test_classification_table_counts_from_the_records(inventory):
    response = inventory.client("superuser").get("/programs/TEST/initiatives/by/incidence_level/")
    assert table_counts(response) == {"political": 2, "systemic": 2}


def test_classification_table_follows_a_new_classification(inventory):
    services.initiative_update(
        initiative=inventory.public_initiative,
        data={"classifications": {"incidence_level": "political"}},
        actor=inventory.users["editor_a"],
    )
    response = inventory.client("superuser").get("/programs/TEST/initiatives/by/incidence_level/")
    assert table_counts(response) == {"political": 3, "systemic": 1}


def test_classification_table_lists_unclassified_initiatives(inventory):
    response = english(inventory.client("superuser")).get(
        "/programs/TEST/initiatives/by/incidence_level/"
    )
    html = response.content.decode()
    assert "Not classified" in html and 'href="/programs/TEST/initiatives/5/"' in html


def test_classification_table_of_an_unknown_scheme_is_404(cast):
    response = cast.client("superuser").get("/programs/TEST/initiatives/by/colour/")
    assert response.status_code == 404


def test_classification_index_opens_the_programs_first_scheme(cast):
    response = cast.client("anonymous").get("/programs/TEST/initiatives/by/")
    assert response.status_code == 302
    assert response["Location"] == "/programs/TEST/initiatives/by/incidence_level/"


def test_classification_index_of_a_program_without_schemes_says_so(cast):
    ProgramFactory(code="BARE", is_public=True)
    response = english(cast.client("anonymous")).get("/programs/BARE/initiatives/by/")
    assert response.status_code == 200
    assert "This program has no classification schemes yet." in response.content.decode()


class TestProcapTables:
    """Table 6 of PROCAP's report and its companions, counted from the loaded records."""

    URL = "/programs/PROCAP/initiatives/by/{}/"

    def test_classification_table_support_dimension_reproduces_table_6(self, cast, procap):
        counts_ = table_counts(cast.client("anonymous").get(self.URL.format("support_dimension")))
        assert counts_ == {
            "institutional_operational_development": 10,
            "instruments_methodologies": 4,
            "staff_training": 4,
            "operational_support": 2,
            "good_practices_systematization": 3,
            "network_facilitation": 0,
            "direct_support": 0,
            "forum_positioning": 3,
        }

    def test_classification_table_parent_row_includes_its_sub_terms(self, cast, procap):
        counts_ = table_counts(cast.client("anonymous").get(self.URL.format("support_dimension")))
        children = ("instruments_methodologies", "staff_training", "operational_support")
        assert counts_["institutional_operational_development"] == sum(counts_[c] for c in children)

    def test_classification_table_shows_dimensions_without_initiatives(self, cast, procap):
        response = english(cast.client("anonymous")).get(self.URL.format("support_dimension"))
        row = re.search(
            r'<tr data-term="network_facilitation">.*?</tr>', response.content.decode(), re.S
        ).group(0)
        assert 'data-count="0"' in row and "No initiative identified" in row

    def test_classification_table_counts_each_initiative_once(self, cast, procap):
        response = cast.client("anonymous").get(self.URL.format("support_dimension"))
        total = re.search(r'data-testid="classified-total">(\d+)<', response.content.decode())
        assert total.group(1) == "16"

    def test_classification_table_incidence_level_counts(self, cast, procap):
        counts_ = table_counts(cast.client("anonymous").get(self.URL.format("incidence_level")))
        assert counts_ == {
            "systemic": 4,
            "political": 4,
            "organizational": 4,
            "individual": 2,
            "operative": 2,
        }

    def test_classification_table_csv_has_the_rows_of_the_page(self, cast, procap):
        client = english(cast.client("anonymous"))
        page = table_counts(client.get(self.URL.format("support_dimension")))
        rows = csv_rows(client.get(self.URL.format("support_dimension"), {"export": "csv"}))
        assert [int(row[2]) for row in rows[1:]] == list(page.values())

    def test_initiative_list_procap_filters_by_sub_dimension(self, cast, procap):
        response = cast.client("anonymous").get(
            "/programs/PROCAP/initiatives/", {"support_dimension": "staff_training"}
        )
        assert page_numbers(response) == [5, 6, 7, 8]

    def test_initiative_list_procap_totals_the_report_cost(self, cast, procap):
        response = english(cast.client("anonymous")).get("/programs/PROCAP/initiatives/")
        assert 'data-testid="total-cost">USD 543,288.01<' in response.content.decode()


# --- one initiative -------------------------------------------------------------------------


def test_initiative_page_shows_classification_period_and_cost(cast):
    html = english(cast.client("anonymous")).get("/programs/TEST/initiatives/1/").content.decode()
    assert re.search(r'data-scheme="incidence_level">\s*Systemic', html)
    assert "2018 – 2019" in html
    assert 'data-testid="cost">USD 100.50' in html


def test_initiative_page_of_an_unknown_number_is_404(cast):
    assert cast.client("superuser").get("/programs/TEST/initiatives/99/").status_code == 404


# --- creating, editing and deleting through the form ----------------------------------------


@pytest.fixture
def plain(cast):
    """A public initiative of TEST with a classification and a cost but no period."""
    initiative = InitiativeFactory(
        program=cast.program,
        number=8,
        title_en="Plain work",
        title_es="Trabajo sencillo",
        is_public=True,
    )
    ClassificationFactory(
        initiative=initiative,
        term=cast.program.classification_schemes.get().terms.get(code="systemic"),
    )
    CostFactory(initiative=initiative, amount=Decimal("10.00"))
    return initiative


def test_create_page_saves_the_initiative_and_goes_to_it(cast):
    response = cast.client("editor_a").post(NEW, form_data())
    assert response.status_code == 302
    assert response["Location"] == "/programs/TEST/initiatives/7/"


def test_create_page_saves_classification_and_cost(cast):
    cast.client("editor_a").post(NEW, form_data())
    initiative = Initiative.objects.get(program=cast.program, number=7)
    assert [c.term.code for c in initiative.classifications.all()] == ["political"]
    assert [c.amount for c in initiative.costs.all()] == [Decimal("250.75")]


def test_create_page_saves_periods_with_their_precision(cast):
    cast.client("editor_a").post(NEW, form_data(periods=[{"start": "2019-03", "end": "2019-08"}]))
    period = Initiative.objects.get(program=cast.program, number=7).periods.get()
    assert (period.start_date, period.end_date, period.end_precision) == (
        datetime.date(2019, 3, 1),
        datetime.date(2019, 8, 31),
        "month",
    )


def test_create_page_write_is_recorded_with_user_institution_and_after(cast):
    client = cast.client("editor_b")
    client.post(NEW, form_data())
    pk = Initiative.objects.get(program=cast.program, number=7).pk
    [change] = history(client, pk)
    assert (change["operation"], change["user"], change["institution"], change["source"]) == (
        "create",
        "editor_b",
        "undp_b",
        "web",
    )
    assert change["before"] is None
    assert (change["after"]["title_en"], change["after"]["classifications"]) == (
        "Made on the page",
        {"incidence_level": ["political"]},
    )
    assert change["after"]["costs"][0]["amount"] == "250.75"


def test_edit_page_shows_the_current_values(cast):
    html = cast.client("editor_a").get("/programs/TEST/initiatives/1/edit/").content.decode()
    assert 'value="Public work"' in html
    assert 'name="periods-0-start"' in html and 'value="2018"' in html
    assert 'name="costs-0-amount"' in html and 'value="100.50"' in html


def test_edit_page_write_is_recorded_with_before_and_after(cast, plain):
    client = cast.client("focal_a")
    response = client.post(
        "/programs/TEST/initiatives/8/edit/", form_data(plain, title_en="Plain work, revised")
    )
    assert response.status_code == 302
    [change] = history(client, plain.pk)
    assert (change["operation"], change["user"], change["institution"]) == (
        "update",
        "focal_a",
        "agency_a",
    )
    assert (change["before"]["title_en"], change["after"]["title_en"]) == (
        "Plain work",
        "Plain work, revised",
    )
    assert change["changed_fields"] == ["title_en"]


def test_edit_page_change_of_classification_and_cost_is_recorded(cast, plain):
    client = cast.client("editor_a")
    client.post(
        "/programs/TEST/initiatives/8/edit/",
        form_data(
            plain,
            scheme_incidence_level="political",
            costs=[{"amount": "42.00", "currency": "USD"}],
        ),
    )
    [change] = history(client, plain.pk)
    assert (change["before"]["classifications"], change["after"]["classifications"]) == (
        {"incidence_level": ["systemic"]},
        {"incidence_level": ["political"]},
    )
    assert (change["before"]["costs"][0]["amount"], change["after"]["costs"][0]["amount"]) == (
        "10.00",
        "42.00",
    )


def test_edit_page_saving_unchanged_values_leaves_no_record(cast, plain):
    client = cast.client("editor_a")
    response = client.post("/programs/TEST/initiatives/8/edit/", form_data(plain))
    assert response.status_code == 302
    assert history(client, plain.pk) == []


def test_edit_page_saves_an_initiative_that_has_periods(cast):
    response = cast.client("editor_a").post(
        "/programs/TEST/initiatives/1/edit/", form_data(cast.public_initiative, title_en="New")
    )
    assert response.status_code == 302


def test_edit_page_change_of_period_is_recorded_with_before_and_after(cast):
    client = cast.client("editor_a")
    initiative = cast.public_initiative
    client.post(
        "/programs/TEST/initiatives/1/edit/",
        form_data(initiative, periods=[{"start": "2017", "end": "2017"}]),
    )
    [change] = history(client, initiative.pk)
    assert (
        change["before"]["periods"][0]["start_date"],
        change["after"]["periods"][0]["start_date"],
    ) == ("2018-01-01", "2017-01-01")


def test_delete_page_write_is_recorded_with_the_last_state(cast):
    client = cast.client("coordinator_a")
    pk = cast.public_initiative.pk
    response = client.post("/programs/TEST/initiatives/1/delete/")
    assert response["Location"] == LIST
    [change] = history(client, pk)
    assert (change["operation"], change["user"], change["institution"]) == (
        "delete",
        "coordinator_a",
        "agency_a",
    )
    assert change["before"]["title_en"] == "Public work" and change["after"] is None


# --- bad input through the form: 400, the message on the page, nothing saved ----------------


BAD_FORMS = [
    pytest.param(
        "periods-end",
        "before it starts",
        {"periods": [{"start": "2019-06", "end": "2019-01"}]},
        id="period-ends-before-it-starts",
    ),
    pytest.param(
        "periods-start",
        "YYYY",
        {"periods": [{"start": "June", "end": ""}]},
        id="period-start-not-a-date",
    ),
    pytest.param(
        "costs-amount",
        "greater than or equal to 0",
        {"costs": [{"amount": "-5", "currency": "USD"}]},
        id="negative-cost",
    ),
    pytest.param(
        "scheme_incidence_level",
        "Select a valid choice",
        {"scheme_incidence_level": "galactic"},
        id="unknown-term",
    ),
    pytest.param(
        "number", "already has an initiative number 2", {"number": "2"}, id="duplicate-number"
    ),
    pytest.param("number", "greater than or equal to 1", {"number": "0"}, id="number-zero"),
]


@pytest.mark.parametrize(("field", "message", "change"), BAD_FORMS)
def test_create_page_with_bad_input_is_400_with_the_message_by_the_field(
    cast, field, message, change
):
    response = english(cast.client("editor_a")).post(NEW, form_data(**change))
    assert response.status_code == 400
    errors = re.findall(rf'data-field="{field}">([^<]*)<', response.content.decode())
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize(("field", "message", "change"), BAD_FORMS)
def test_create_page_with_bad_input_saves_nothing(cast, field, message, change):
    before = counts()
    response = cast.client("editor_a").post(NEW, form_data(**change))
    assert (response.status_code, counts()) == (400, before)


@pytest.mark.parametrize(("field", "message", "change"), BAD_FORMS)
def test_edit_page_with_bad_input_changes_nothing(cast, plain, field, message, change):
    before = counts()
    response = cast.client("editor_a").post(
        "/programs/TEST/initiatives/8/edit/", form_data(plain, title_en="Renamed", **change)
    )
    plain.refresh_from_db()
    assert (response.status_code, counts(), plain.title_en) == (400, before, "Plain work")


def test_create_page_with_bad_input_keeps_what_was_typed(cast):
    response = cast.client("editor_a").post(NEW, form_data(number="2"))
    assert 'value="Made on the page"' in response.content.decode()


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [LIST, "/programs/TEST/initiatives/1/", "/programs/TEST/initiatives/by/incidence_level/"],
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_initiative_pages_render_in_the_cookie_language(cast, path, language):
    client = cast.client("anonymous")
    client.cookies["django_language"] = language
    html = client.get(path).content.decode()
    title = {"es": cast.public_initiative.title_es, "en": "Public work"}[language]
    assert f'<html lang="{language}">' in html and title in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_initiative_list_renders_in_the_browser_language(cast, language):
    response = cast.client("anonymous").get(LIST, headers={"accept-language": language})
    other = {"es": "Public work", "en": cast.public_initiative.title_es}[language]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and other not in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_initiative_list_translates_its_labels(cast, language):
    client = cast.client("anonymous")
    client.cookies["django_language"] = language
    html = client.get(LIST).content.decode()
    with translation.override(language):
        label = translation.gettext("Filter")
    assert f'<h2 class="h6">{label}</h2>' in html


def test_initiative_list_speaks_spanish_by_default(cast):
    html = cast.client("anonymous").get(LIST).content.decode()
    assert '<html lang="es">' in html and cast.public_initiative.title_es in html


def test_initiative_page_falls_back_to_the_other_language_marked_as_such(cast):
    InitiativeFactory(
        program=cast.program, number=9, title_en="Only in English", title_es="", is_public=True
    )
    html = (
        cast.client("anonymous")
        .get("/programs/TEST/initiatives/9/", headers={"accept-language": "es"})
        .content.decode()
    )
    assert '<span lang="en" class="fallback-lang" title="EN">Only in English</span>' in html


def test_classification_table_term_names_follow_the_language(cast):
    term = cast.program.classification_schemes.get().terms.get(code="systemic")
    spanish = cast.client("anonymous").get(
        "/programs/TEST/initiatives/by/incidence_level/", headers={"accept-language": "es"}
    )
    english_ = english(cast.client("anonymous")).get(
        "/programs/TEST/initiatives/by/incidence_level/"
    )
    assert term.name_es in spanish.content.decode() and "Systemic" in english_.content.decode()


# --- translation marks ----------------------------------------------------------------------


def test_the_form_marks_a_spanish_text_as_a_translation_and_the_page_shows_it(cast):
    data = form_data(
        description_en="Written in English",
        description_es="Traducida al español",
        translated_fields=["description_es"],
    )
    response = cast.client("editor_a").post(NEW, data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(program=cast.program, number=7)
    assert initiative.translated_fields == ["description_es"]
    client = cast.client("editor_a")
    client.cookies["django_language"] = "es"
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert 'Traducida al español <small class="translation-mark"' in html
    client.cookies["django_language"] = "en"
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Written in English" in html and "translation-mark" not in html


def test_the_form_refuses_a_mark_on_a_text_it_does_not_have(cast):
    response = cast.client("editor_a").post(NEW, form_data(translated_fields=["number"]))
    assert response.status_code == 400
    assert not Initiative.objects.filter(program=cast.program, number=7).exists()
