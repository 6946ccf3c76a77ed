"""The monitoring pages: both languages, links to the records, the settings, and query
counts that do not grow with rows. Each capability's own pages (contracts, finance, risks)
are tested in its app's tests/test_views.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory
from alianza.governance.tests.factories import ActionItemFactory, DisputeFactory
from alianza.monitoring.tests.conftest import add_monitoring_records
from alianza.risks.tests.factories import RiskActionFactory, RiskFactory

pytestmark = pytest.mark.django_db
D = datetime.date
M = "/programs/TEST/monitoring"


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def grow(cast, start):
    for n in range(start, start + 8):
        contract = ContractFactory(program=cast.program, initiative=cast.internal_initiative)
        DeliverableFactory(contract=contract, planned_date=D(2019, 2, n))
        risk = RiskFactory(program=cast.program, number=n)
        RiskActionFactory(risk=risk, owner_institution=cast.partner_a, due_on=D(2019, 1, n))
        ActionItemFactory(
            program=cast.program, owner_institution=cast.partner_b, due_on=D(2019, 1, n)
        )
        DisputeFactory(program=cast.program, number=n, opened_by_institution=cast.partner_a)


@pytest.mark.parametrize(
    "path",
    [
        f"{M}/?period=2019",
        f"{M}/report/?period=2019",
        "/programs/TEST/consultancies/",
        "/programs/TEST/risks/",
        "/programs/TEST/disputes/",
        "/programs/TEST/board/",
        "/programs/TEST/board/actions/",
        "/programs/TEST/budget/",
    ],
)
def test_pages_keep_their_query_count_as_records_grow(cast, path):
    client = cast.client("editor_b")
    add_monitoring_records(cast)
    grow(cast, 2)
    before = count(client, path)
    grow(cast, 12)
    assert count(client, path) == before


def test_dashboard_links_each_item_to_its_record(cast):
    records = add_monitoring_records(cast)
    page = cast.client("viewer_a").get(f"{M}/?period=2019").content.decode()
    assert records["contract"].get_absolute_url() in page
    assert records["risk"].get_absolute_url() in page
    assert records["dispute"].get_absolute_url() in page
    assert "/programs/TEST/board/actions/" in page


def test_dashboard_speaks_both_languages(cast):
    add_monitoring_records(cast)
    english = cast.client("viewer_a").get(f"{M}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Joint monitoring dashboard" in english
    spanish = cast.client("viewer_a").get(f"{M}/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200 and '<html lang="es">' in spanish.content.decode()


def test_the_initiative_page_shows_its_spending_pace_to_partners(procap):
    from django.test import Client

    from alianza.accounts.choices import Role
    from alianza.accounts.models import Institution
    from alianza.accounts.tests.factories import member

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member("undp", Institution.objects.get(code="undp_mexico"), Role.VIEWER))
    page = client.get("/programs/PROCAP/initiatives/9/").content.decode()
    assert 'data-testid="spending-panel"' in page and "Spending ahead" in page
    assert "reconstructed" in page
    public = Client().get("/programs/PROCAP/initiatives/9/").content.decode()
    assert 'data-testid="spending-panel"' not in public


def test_settings_are_edited_by_coordinators_and_change_the_rule(cast):
    response = cast.client("coordinator_b").post(
        f"{M}/settings/",
        {
            "pace_rate_ratio": "4.00",
            "pace_min_months": "2",
            "pace_min_initiatives": "3",
            "pace_ahead_margin": "0.30",
            "pace_behind_margin": "0.50",
            "due_soon_days": "10",
        },
    )
    assert response.status_code == 302
    assert cast.program.monitoring_settings.pace_min_months == 2
    refused = cast.client("editor_a").post(f"{M}/settings/", {"pace_rate_ratio": "9"})
    assert refused.status_code == 403


def test_dashboard_opens_on_the_latest_year_with_data(procap, cast):
    """PROCAP's records end in 2019 (its spending reconstructed from the report): the
    dashboard opens there, not on an empty current year; a chosen period still wins."""
    from alianza.finance.models import Transaction

    last = Transaction.objects.filter(initiative__program=procap).latest("date").date
    client = cast.client("superuser")
    page = client.get("/programs/PROCAP/monitoring/", HTTP_ACCEPT_LANGUAGE="en")
    assert f'name="start" value="{last.year}-01-01"' in page.content.decode()
    chosen = client.get("/programs/PROCAP/monitoring/?period=2015", HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="start" value="2015-01-01"' in chosen.content.decode()


def test_dashboard_without_records_opens_on_the_current_year(cast):
    from django.utils import timezone

    page = cast.client("viewer_a").get(f"{M}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'name="start" value="{timezone.localdate().year}-01-01"' in page


def test_the_reconstructed_mark_is_explained_on_the_page_not_only_on_hover(procap, cast):
    """The "R" beside a spending pace says in words what it means, to a screen reader (its
    accessible name) and to everyone (a legend under the table), in both languages."""
    client = cast.client("superuser")
    english = client.get("/programs/PROCAP/monitoring/?period=2019", HTTP_ACCEPT_LANGUAGE="en")
    page = english.content.decode()
    assert 'data-testid="reconstructed-badge"' in page
    assert '<span class="visually-hidden">from reconstructed transactions</span>' in page
    assert 'data-testid="reconstructed-legend"' in page
    assert "Counts reconstructed transactions" in page
    client.cookies["django_language"] = "es"
    spanish = client.get("/programs/PROCAP/monitoring/?period=2019").content.decode()
    assert "Cuenta transacciones reconstruidas" in spanish
