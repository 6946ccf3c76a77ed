"""Money in the program's currency: any ISO 4217 code, costs and figures in the program's
currency, conversions between any pair (direct, inverse, through another currency) with
the path shown, a missing rate named, and rates kept by administrators only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.accounts.choices import Role
from alianza.accounts.tests.factories import InstitutionFactory, member
from alianza.core.money import MissingRate, RateTable
from alianza.finance import services
from alianza.finance.models import ExchangeRate, Transaction
from alianza.finance.tests.factories import ExchangeRateFactory
from alianza.initiatives import services as initiative_services
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.factories import CostFactory, InitiativeFactory, PeriodFactory
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
Y2021 = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
ON = datetime.date(2021, 3, 1)


# --- conversions between any pair ----------------------------------------------------------


def _table(*rows):
    return RateTable.from_rows([(base, quote, *Y2021, Decimal(rate)) for base, quote, rate in rows])


def test_a_direct_rate_multiplies_and_its_inverse_divides():
    table = _table(("EUR", "CLP", "900"))
    direct = table.conversion(Decimal("10"), "EUR", "CLP", on=ON)
    inverse = table.conversion(Decimal("9000"), "CLP", "EUR", on=ON)
    assert (direct.amount, direct.path) == (Decimal("9000.00"), ["EUR", "CLP"])
    assert (inverse.amount, inverse.path) == (Decimal("10.00"), ["CLP", "EUR"])
    assert inverse.steps[0].inverse and not direct.steps[0].inverse


def test_a_pair_without_a_rate_goes_through_a_common_currency_and_shows_the_path():
    table = _table(("EUR", "USD", "1.2"), ("USD", "CLP", "800"), ("PYG", "EUR", "0.0001"))
    conversion = table.conversion(Decimal("100"), "EUR", "CLP", on=ON)
    assert conversion.amount == Decimal("96000.00")
    assert conversion.path == ["EUR", "USD", "CLP"]
    assert conversion.path_display == "EUR → USD → CLP, rates of 2021-03-01"
    # Two hops: PYG → EUR → USD (1 000 000 PYG = 100 EUR = 120 USD).
    assert table.convert(Decimal("1000000"), "PYG", "USD", on=ON) == Decimal("120.00")


def test_the_fewest_steps_win_and_a_direct_rate_is_preferred():
    table = _table(("EUR", "USD", "1.25"), ("USD", "CLP", "800"), ("EUR", "CLP", "990"))
    assert table.conversion(Decimal("1"), "EUR", "CLP", on=ON).path == ["EUR", "CLP"]


def test_a_missing_rate_names_the_pair_and_the_date_never_zero():
    table = _table(("EUR", "USD", "1.2"))
    with pytest.raises(MissingRate) as missing:
        table.convert(Decimal("5"), "EUR", "CLP", on=ON)
    assert all(part in str(missing.value) for part in ("EUR", "CLP", "2021-03-01"))
    with pytest.raises(MissingRate):
        table.convert(Decimal("5"), "EUR", "USD", on=datetime.date(2022, 1, 1))
    assert table.convert(Decimal("5"), "CLP", "CLP", on=ON) == Decimal("5")


# --- bad codes and rates ---------------------------------------------------------------------


def _rate(**changes):
    data = {
        "base_currency": "EUR",
        "currency": "CLP",
        "valid_from": Y2021[0],
        "valid_to": Y2021[1],
        "rate": Decimal("900"),
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rate": Decimal("0")}, "rate"),
        ({"rate": Decimal("-1")}, "rate"),
        ({"currency": "XXY"}, "currency"),
        ({"base_currency": "EU"}, "base_currency"),
        ({"currency": "EUR"}, "currency"),
    ],
)
def test_a_rate_of_zero_a_negative_rate_or_a_bad_code_is_refused_naming_the_field(
    cast, changes, field
):
    with pytest.raises(ValidationError) as refused:
        services.exchange_rate_create(data=_rate(**changes), actor=cast.users["superuser"])
    assert field in refused.value.message_dict
    assert not ExchangeRate.objects.exists()


def test_an_inverse_pair_cannot_overlap_a_rate_of_the_same_two_currencies(cast):
    services.exchange_rate_create(data=_rate(), actor=cast.users["superuser"])
    with pytest.raises(ValidationError) as refused:
        services.exchange_rate_create(
            data=_rate(base_currency="CLP", currency="EUR", rate=Decimal("0.0011")),
            actor=cast.users["superuser"],
        )
    assert "EUR/CLP" in refused.value.message_dict["valid_from"][0]


def test_a_currency_not_on_the_iso_list_is_refused_naming_the_field(cast):
    before = Transaction.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.transaction_create(
            initiative=cast.public_initiative,
            data={"kind": "expenditure", "date": ON, "amount": Decimal("5"), "currency": "ABC"},
            actor=cast.users["editor_a"],
        )
    assert "ABC" in refused.value.message_dict["currency"][0]
    assert Transaction.objects.count() == before
    with pytest.raises(ValidationError) as refused:
        initiative_services.initiative_update(
            initiative=cast.public_initiative,
            data={"costs": [{"amount": "5", "currency": "QQQ"}]},
            actor=cast.users["editor_a"],
        )
    assert "QQQ" in " ".join(refused.value.message_dict["costs"])


# --- a EUR program and a CLP program -------------------------------------------------------


@pytest.fixture
def eur_program(db):
    """Three partners (Chile, Paraguay, Germany), costs in EUR, no rate at all."""
    program = ProgramFactory(code="TRIAN", currency="EUR", is_public=True)
    partners = [
        InstitutionFactory(code=code, acronym_en=code.upper(), acronym_es=code.upper())
        for code in ("cl", "py", "de")
    ]
    for partner in partners:
        PartnershipFactory(program=program, institution=partner)
    coordinator = member("trian_coordinator", partners[0], Role.COORDINATOR)
    first = InitiativeFactory(program=program, number=1, is_public=True, title_en="Water")
    second = InitiativeFactory(program=program, number=2, is_public=True, title_en="Roads")
    PeriodFactory(initiative=first, start_date=Y2021[0], end_date=Y2021[1])
    CostFactory(initiative=first, amount=Decimal("1500.00"), currency="EUR")
    CostFactory(initiative=second, amount=Decimal("250.50"), currency="EUR")
    return program, coordinator


def test_a_eur_program_records_eur_transactions_without_any_usd_rate(eur_program):
    program, coordinator = eur_program
    assert not ExchangeRate.objects.exists()
    item = services.transaction_create(
        initiative=program.initiatives.get(number=1),
        data={"kind": "expenditure", "date": ON, "amount": Decimal("700"), "currency": "EUR"},
        actor=coordinator,
    )
    assert item.pk and item.currency == "EUR"
    with pytest.raises(ValidationError) as refused:
        services.transaction_create(
            initiative=program.initiatives.get(number=1),
            data={"kind": "expenditure", "date": ON, "amount": Decimal("7"), "currency": "USD"},
            actor=coordinator,
        )
    assert "USD" in refused.value.message_dict["currency"][0]


def test_a_eur_program_shows_eur_costs_everywhere_and_no_usd(eur_program, client):
    program, coordinator = eur_program
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    base = f"/programs/{program.code}"
    page = client.get(f"{base}/initiatives/1/").content.decode()
    assert "EUR 1,500.00" in page and "USD" not in page
    listing = client.get(f"{base}/initiatives/").content.decode()
    assert "EUR 1,750.50" in listing and "USD" not in listing
    api = client.get("/api/v1/initiatives/", {"program": program.code, "ordering": "-cost"})
    rows = api.json()["results"]
    assert [(r["number"], r["cost"], r["cost_currency"]) for r in rows] == [
        (1, "1500.00", "EUR"),
        (2, "250.50", "EUR"),
    ]
    assert "USD" not in api.content.decode()
    csv = client.get(f"{base}/initiatives/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "(EUR)" in csv and "USD" not in csv
    figures = client.get(f"{base}/systematization/figures/").content.decode()
    assert "EUR" in figures and "USD" not in figures
    data = client.get(f"{base}/systematization/figures/cost-by-initiative.csv").content
    assert b"EUR" in data and b"USD" not in data and b"1500.00" in data
    report = client.get(f"{base}/systematization/report.html").content.decode()
    assert "EUR 1,750.50" in report and "USD" not in report
    dashboard = client.get(f"{base}/monitoring/").content.decode()
    assert "EUR" in dashboard and "USD" not in dashboard
    budget = client.get(f"{base}/budget/").content.decode()
    assert "EUR" in budget and "USD" not in budget


def test_a_eur_programs_report_workbook_is_in_eur(eur_program, client):
    import io

    from openpyxl import load_workbook

    program, coordinator = eur_program
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    content = client.get(f"/programs/{program.code}/systematization/report.xlsx").content
    cells = [
        str(cell)
        for sheet in load_workbook(io.BytesIO(content), read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert "Cost (EUR)" in cells and not any("USD" in cell for cell in cells)


def test_a_clp_program_converts_a_eur_cost_through_the_dollar_with_the_path(db, client):
    program = ProgramFactory(code="CHILE", currency="CLP", is_public=True)
    span = {"valid_from": Y2021[0], "valid_to": Y2021[1]}
    ExchangeRateFactory(base_currency="EUR", currency="USD", rate="1.2", **span)
    ExchangeRateFactory(base_currency="USD", currency="CLP", rate="800", **span)
    initiative = InitiativeFactory(program=program, number=1, is_public=True)
    admin = member("chile_admin", InstitutionFactory(code="chl"), Role.VIEWER)
    admin.is_superuser = True
    admin.save()
    initiative_services.initiative_update(
        initiative=initiative,
        data={
            "costs": [
                {"amount": "10000", "currency": "CLP"},
                {"amount": "100", "currency": "EUR", "value_date": ON},
            ]
        },
        actor=admin,
    )
    cost = Initiative.objects.with_cost().get(pk=initiative.pk)
    assert (cost.cost, cost.cost_currency) == (Decimal("106000.00"), "CLP")
    assert cost.cost_paths == ["EUR → USD → CLP, rates of 2021-03-01"]
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    page = client.get("/programs/CHILE/initiatives/1/").content.decode()
    assert "CLP 106,000.00" in page and "EUR → USD → CLP" in page


def test_a_cost_whose_rate_is_missing_is_named_not_counted_as_zero(db, client):
    program = ProgramFactory(code="CHILE", currency="CLP", is_public=True)
    initiative = InitiativeFactory(program=program, number=1, is_public=True)
    CostFactory(initiative=initiative, amount=Decimal("100"), currency="CLP")
    # A rate removed after the record was kept (the service refuses it without one).
    CostFactory(initiative=initiative, amount=Decimal("50"), currency="PYG", value_date=ON)
    answer = client.get("/api/v1/initiatives/", {"program": "CHILE"}).json()["results"][0]
    assert answer["cost"] is None
    assert all(part in answer["cost_note"] for part in ("PYG", "CLP", "2021-03-01"))
    page = client.get("/programs/CHILE/initiatives/1/").content.decode()
    assert 'data-testid="cost-missing"' in page and "PYG" in page
    listing = client.get("/programs/CHILE/initiatives/").content.decode()
    assert "CLP 0.00" not in listing and "2021-03-01" in listing


def test_a_cost_in_another_currency_needs_a_value_date_and_a_rate(eur_program):
    program, coordinator = eur_program
    initiative = program.initiatives.get(number=2)
    for cost, field in (
        ({"amount": "10", "currency": "CLP"}, "value_date"),
        ({"amount": "10", "currency": "CLP", "value_date": ON}, "currency"),
    ):
        with pytest.raises(ValidationError) as refused:
            initiative_services.initiative_update(
                initiative=initiative, data={"costs": [cost]}, actor=coordinator
            )
        assert f"({field})" in " ".join(refused.value.message_dict["costs"])
    assert initiative.costs.get().currency == "EUR"


# --- who keeps the rates: administrators, across programs ----------------------------------


@pytest.mark.usefixtures("quiet_refusals")
def test_no_programs_coordinator_changes_the_rates_another_program_converts_with(cast, eur_program):
    program, eur_coordinator = eur_program
    rate = ExchangeRateFactory(base_currency="EUR", currency="CLP", rate="900")
    for user in (eur_coordinator, cast.users["coordinator_a"]):
        with pytest.raises(PermissionDenied):
            services.exchange_rate_update(rate=rate, data={"rate": Decimal("1")}, actor=user)
        with pytest.raises(PermissionDenied):
            services.exchange_rate_delete(rate=rate, actor=user)
    for code, client in (("TRIAN", None), ("TEST", cast.client("coordinator_a"))):
        if client is None:
            client = cast.client("anonymous")
            client.force_login(eur_coordinator)
        page = client.get(f"/programs/{code}/budget/exchange-rates/").content.decode()
        assert 'data-testid="rates"' in page and 'name="base_currency"' not in page
        refused = client.patch(
            f"/api/v1/exchange-rates/{rate.pk}/", {"rate": "1"}, content_type=JSON
        )
        assert refused.status_code == 403
    rate.refresh_from_db()
    assert rate.rate == Decimal("900")
    services.exchange_rate_update(
        rate=rate, data={"rate": Decimal("905")}, actor=cast.users["superuser"]
    )
    rate.refresh_from_db()
    assert rate.rate == Decimal("905")


def test_the_rates_page_converts_an_amount_and_names_a_missing_rate(cast):
    ExchangeRateFactory(base_currency="EUR", currency="USD", rate="1.2")
    client = cast.client("viewer_a")
    client.cookies["django_language"] = "en"
    url = "/programs/TEST/budget/exchange-rates/"
    found = client.get(url, {"amount": "100", "from": "USD", "to": "EUR", "on": "2019-06-01"})
    html = found.content.decode()
    assert 'data-testid="conversion"' in html and "EUR 83.33" in html
    missing = client.get(url, {"amount": "1", "from": "EUR", "to": "CLP", "on": "2019-06-01"})
    assert 'data-testid="conversion-error"' in missing.content.decode()


def test_a_program_reports_in_any_iso_currency_and_refuses_a_code_not_on_the_list(cast):
    from alianza.programs import services as program_services

    program_services.program_update(
        program=cast.program, data={"currency": "PYG"}, actor=cast.users["coordinator_a"]
    )
    cast.program.refresh_from_db()
    assert cast.program.currency == "PYG"
    with pytest.raises(ValidationError) as refused:
        program_services.program_update(
            program=cast.program, data={"currency": "ZZZ"}, actor=cast.users["coordinator_a"]
        )
    assert "ZZZ" in refused.value.message_dict["currency"][0]


def test_currency_forms_offer_the_codelist_with_names_in_the_readers_language():
    from django.utils import translation

    from alianza.finance.forms import ExchangeRateForm

    with translation.override("es"):
        choices = dict(ExchangeRateForm().fields["currency"].choices)
        assert choices["CLP"] == "CLP – Peso chileno" and "PYG" in choices
    with translation.override("en"):
        assert dict(ExchangeRateForm().fields["currency"].choices)["CLP"] == "CLP – Chilean Peso"


def test_the_budget_page_reports_in_any_currency_with_the_path_and_names_a_missing_rate(cast):
    from alianza.finance.tests.factories import TransactionFactory

    ExchangeRateFactory(base_currency="USD", currency="MXN", rate="20")
    ExchangeRateFactory(base_currency="EUR", currency="USD", rate="1.25")
    TransactionFactory(initiative=cast.internal_initiative, currency="MXN", amount="2000")
    client = cast.client("viewer_a")
    client.cookies["django_language"] = "en"
    page = client.get("/programs/TEST/budget/", {"currency": "EUR"}).content.decode()
    assert "EUR 80.00" in page and "MXN → USD → EUR" in page
    missing = client.get("/programs/TEST/budget/", {"currency": "CLP"}).content.decode()
    assert 'data-testid="missing-rate"' in missing and "MXN to CLP" in missing


def test_sorting_by_cost_counts_the_converted_amounts(db, client):
    program = ProgramFactory(code="CHILE", currency="CLP", is_public=True)
    span = {"valid_from": Y2021[0], "valid_to": Y2021[1]}
    ExchangeRateFactory(base_currency="EUR", currency="USD", rate="1.2", **span)
    ExchangeRateFactory(base_currency="USD", currency="CLP", rate="800", **span)
    for number, amount, currency in ((1, "100000", "CLP"), (2, "200", "EUR"), (3, "5", "CLP")):
        initiative = InitiativeFactory(program=program, number=number, is_public=True)
        CostFactory(initiative=initiative, amount=Decimal(amount), currency=currency, value_date=ON)
    answer = client.get("/api/v1/initiatives/", {"program": "CHILE", "ordering": "-cost"}).json()
    assert [(r["number"], r["cost"]) for r in answer["results"]] == [
        (2, "192000.00"),
        (1, "100000.00"),
        (3, "5.00"),
    ]
    assert "EUR → USD → CLP" in answer["results"][0]["cost_note"]
    listing = client.get("/programs/CHILE/initiatives/", {"ordering": "-cost"}).content.decode()
    assert listing.index('data-number="2"') < listing.index('data-number="1"')


def test_a_new_cost_record_on_the_form_is_in_the_programs_currency(eur_program, client):
    program, coordinator = eur_program
    client.force_login(coordinator)
    page = client.get(f"/programs/{program.code}/initiatives/new/").content.decode()
    assert '<option value="EUR" selected>EUR – Euro</option>' in page
    assert 'name="costs-0-value_date"' in page
