"""The issue's 'done when', end to end: PROCAP's data, consultancies entered through the
pages, the joint dashboard, both coordinators' sign-off and the PDF, and the alerts."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.contracts.models import Contract, Payment
from alianza.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

BASE = "/programs/PROCAP/monitoring"


def _user(username, institution, role, area="", first="", last=""):
    user = member(username, institution, role, area)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def people(procap):
    amexcid = Institution.objects.get(code="amexcid")
    undp = Institution.objects.get(code="undp_mexico")
    return {
        "amexcid_coordinator": _user(
            "amx-coord", amexcid, Role.COORDINATOR, first="Alma", last="Reyes"
        ),
        "undp_coordinator": _user("undp-coord", undp, Role.COORDINATOR, first="Bruno", last="Soto"),
        "amexcid_editor": _user("amx-editor", amexcid, Role.EDITOR),
        "undp_editor": _user("undp-editor", undp, Role.EDITOR),
        "amexcid_finance": _user(
            "amx-finance", amexcid, Role.FOCAL_POINT, FocalArea.FINANCIAL_CONTROL
        ),
        "undp_technical": _user(
            "undp-tech", undp, Role.FOCAL_POINT, FocalArea.TECHNICAL_SUBSTANTIVE
        ),
    }


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def post(client, path, data, expect=302):
    response = client.post(path, data)
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def enter_consultancy(people, procap):
    """What the partners type into the pages: a contract, two deliverables, reviews by both
    partners, a payment, a dispute and an assessed risk."""
    amx, undp = client_for(people["amexcid_editor"]), client_for(people["undp_editor"])
    training = Initiative.objects.get(program=procap, number=5)
    post(
        amx,
        "/programs/PROCAP/consultancies/new/",
        {
            "reference": "IC-2019-01",
            "kind": "individual",
            "title_es": "Diseño del curso virtual",
            "title_en": "Design of the virtual course",
            "contractor_name": "Consultora Ejemplo",
            "contractor_kind": "firm",
            "initiative": training.pk,
            "amount": "20000.00",
            "currency": "USD",
            "start_date": "2019-01-15",
            "end_date": "2019-12-31",
            "data_ownership": "partners_jointly",
            "data_ownership_clause_es": "Los datos y productos pertenecen a ambos socios.",
        },
    )
    contract = Contract.objects.get(program=procap, reference="IC-2019-01")
    base = f"/programs/PROCAP/consultancies/{contract.pk}"
    post(
        amx,
        f"{base}/deliverables/new/",
        {
            "title_es": "Programa del curso",
            "planned_date": "2019-03-01",
            "delivered_date": "2019-04-15",
            "amount": "8000.00",
        },
    )
    post(
        amx,
        f"{base}/deliverables/new/",
        {
            "title_es": "Módulos en línea",
            "planned_date": "2019-06-30",
            "amount": "12000.00",
        },
    )
    post(
        amx, f"{base}/deliverables/1/review/", {"decision": "accepted", "reviewed_on": "2019-04-20"}
    )
    post(
        undp,
        f"{base}/deliverables/1/review/",
        {"decision": "returned", "reviewed_on": "2019-04-20", "comments": "Falta la bibliografía."},
    )
    post(
        undp,
        f"{base}/deliverables/1/review/",
        {"decision": "accepted", "reviewed_on": "2019-05-02"},
    )
    post(
        undp,
        f"{base}/payments/new/",
        {
            "deliverable": contract.deliverables.get(number=1).pk,
            "paid_on": "2019-05-10",
            "amount": "8000.00",
            "reference": "PO-1",
        },
    )
    post(
        amx,
        "/programs/PROCAP/disputes/new/",
        {
            "subject": "consultancy_quality",
            "contract": contract.pk,
            "title_es": "Calidad de los módulos",
            "opened_on": "2019-09-02",
            "criteria_es": "Dos devoluciones sin corregir las observaciones.",
        },
    )
    post(
        undp,
        "/programs/PROCAP/risks/new/",
        {
            "title_es": "Retraso de los módulos",
            "category": "operational",
            "likelihood": "4",
            "impact": "5",
            "status": "open",
            "next_review_on": "2020-01-15",
            f"owner_{people['undp_editor'].institution.pk}_name": "Coordinación del PROCAP",
        },
    )
    return contract


def test_procap_dashboard_report_signatures_and_alerts(procap, people):
    contract = enter_consultancy(people, procap)

    # A payment above what the accepted deliverable allows is refused and nothing is saved.
    undp = client_for(people["undp_editor"])
    response = post(
        undp,
        f"/programs/PROCAP/consultancies/{contract.pk}/payments/new/",
        {
            "deliverable": contract.deliverables.get(number=1).pk,
            "paid_on": "2019-06-01",
            "amount": "15000.00",
        },
        expect=400,
    )
    assert "above the contract amount" in response.content.decode()
    assert Payment.objects.filter(contract=contract).count() == 1

    page = client_for(people["amexcid_editor"]).get(f"{BASE}/?period=2019").content.decode()
    delays = re.findall(r'data-testid="delay-days">(\d+)<', page)
    assert delays == ["184", "45"]  # still due since 30 June; delivered 45 days late
    pdi = re.search(r'data-initiative="9" data-status="(\w*)"', page).group(1)
    assert pdi == "ahead"
    assert re.findall(r'data-status="ahead"', page) == ['data-status="ahead"']
    assert re.search(r'data-likelihood="4" data-impact="5" data-count="1"', page)
    assert "Calidad de los módulos" in page and 'data-testid="open-dispute"' in page

    # Sign-off: an editor may not sign; both coordinators do.
    sign = {"start": "2019-01-01", "end": "2019-12-31"}
    refused = post(client_for(people["amexcid_editor"]), f"{BASE}/report/sign/", sign, expect=400)
    assert "not the coordinator" in refused.content.decode()
    post(client_for(people["amexcid_coordinator"]), f"{BASE}/report/sign/", sign)
    post(client_for(people["undp_coordinator"]), f"{BASE}/report/sign/", sign)

    pdf = client_for(people["amexcid_editor"]).get(
        f"{BASE}/report/pdf/?start=2019-01-01&end=2019-12-31"
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Signed by Alma Reyes (AMEXCID)" in text
    assert "Signed by Bruno Soto (UNDP Mexico)" in text

    # The alerts reach the responsible people of both partners, once.
    call_command("send_alerts", date="2020-01-10", verbosity=0)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"amx-coord@example.org", "undp-coord@example.org"} <= recipients
    assert "amx-finance@example.org" in recipients  # the spending-pace flag
    assert "undp-tech@example.org" in recipients  # the late deliverable
    late = [m for m in mail.outbox if "deliverable 2 of contract IC-2019-01" in m.body]
    assert {m.to[0] for m in late} == {
        "amx-coord@example.org",
        "undp-coord@example.org",
        "undp-tech@example.org",
    }
    sent = len(mail.outbox)
    call_command("send_alerts", date="2020-01-11", verbosity=0)
    assert len(mail.outbox) == sent
