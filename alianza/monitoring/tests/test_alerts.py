"""send_alerts: what needs attention reaches the responsible people of both partners, once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory
from alianza.governance.tests.factories import ActionItemFactory, DisputeFactory
from alianza.monitoring.models import Notification
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def run(day):
    call_command("send_alerts", date=day, verbosity=0)


def mails_about(text):
    return sorted(m.to[0] for m in mail.outbox if text in m.body)


def test_a_late_deliverable_reaches_both_partners_coordinators_once(cast):
    contract = ContractFactory(program=cast.program, reference="IC-9")
    DeliverableFactory(contract=contract, number=1, planned_date=D(2019, 3, 1))
    run("2019-03-20")
    assert mails_about("contract IC-9") == [
        "coordinator_a@example.org",
        "coordinator_b@example.org",
    ]
    assert "19 days late" in mail.outbox[0].body
    run("2019-03-21")
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="deliverable_late").count() == 2


def test_a_new_planned_date_raises_a_new_alert(cast):
    deliverable = DeliverableFactory(
        contract=ContractFactory(program=cast.program), planned_date=D(2019, 3, 1)
    )
    run("2019-03-20")
    deliverable.planned_date = D(2019, 3, 10)
    deliverable.save()
    run("2019-03-21")
    assert len(mail.outbox) == 4


def test_a_deliverable_due_within_the_programs_horizon_is_announced(cast):
    DeliverableFactory(
        contract=ContractFactory(program=cast.program, reference="IC-5"),
        planned_date=D(2019, 3, 25),
    )
    run("2019-03-17")
    assert mail.outbox == []
    run("2019-03-18")
    assert "is due on 2019-03-25" in mail.outbox[0].body


def test_reviews_overdue_actions_and_waiting_disputes_are_alerted(cast):
    RiskFactory(program=cast.program, next_review_on=D(2019, 6, 2))
    ActionItemFactory(
        program=cast.program,
        owner_institution=cast.partner_b,
        owner=cast.users["editor_b"],
        due_on=D(2019, 5, 1),
    )
    DisputeFactory(program=cast.program, opened_by_institution=cast.partner_a)
    run("2019-06-01")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"risk_review_due", "action_overdue", "dispute_waiting"}
    assert "editor_b@example.org" in mails_about("was due on 2019-05-01")


def test_in_app_notifications_are_each_persons_own(cast):
    DeliverableFactory(contract=ContractFactory(program=cast.program), planned_date=D(2019, 3, 1))
    run("2019-03-20")
    mine = cast.client("coordinator_a").get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert "days late" in mine.content.decode()
    assert "days late" not in cast.client("viewer_a").get("/notifications/").content.decode()
    api = cast.client("coordinator_b").get("/api/v1/notifications/").json()
    assert api["count"] == 1
    notification = Notification.objects.get(user=cast.users["coordinator_b"])
    cast.client("coordinator_b").post(f"/api/v1/notifications/{notification.pk}/read/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_alert_whose_email_fails_is_retried_on_the_next_run(cast, monkeypatch, caplog):
    from alianza.monitoring import alerts

    DeliverableFactory(contract=ContractFactory(program=cast.program), planned_date=D(2019, 3, 1))

    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(alerts, "send_mail", down)
    run("2019-03-20")
    assert not Notification.objects.exists()
    monkeypatch.undo()
    run("2019-03-21")
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


def test_a_service_contract_ending_without_a_renewal_decision_reaches_hr_and_coordinators(cast):
    from alianza.specialists import services as staff
    from alianza.specialists.tests.factories import ServiceContractFactory

    contract = ServiceContractFactory(
        program=cast.program,
        reference="SC-77",
        holder=cast.partner_b,
        start_date=D(2019, 1, 1),
        end_date=D(2019, 6, 30),
    )
    run("2019-04-15")  # 76 days before the end: not yet
    assert not Notification.objects.filter(kind="contract_ending").exists()
    run("2019-05-10")  # 51 days before the end
    assert mails_about("SC-77") == [
        "coordinator_a@example.org",
        "coordinator_b@example.org",
        "focal_a@example.org",
    ]
    assert contract.specialist.full_name not in mail.outbox[-1].body
    run("2019-05-11")
    assert Notification.objects.filter(kind="contract_ending").count() == 3
    from alianza.monitoring.alerts import collect_alerts

    ending = [a.key for a in collect_alerts(cast.program, today=D(2019, 5, 13))]
    assert f"contract_ending:{contract.pk}:2019-06-30" in ending
    staff.contract_renewal_decide(
        contract=contract,
        decision="not_renew",
        decided_on=D(2019, 5, 12),
        actor=cast.users["focal_a"],
    )
    kinds = [a.kind for a in collect_alerts(cast.program, today=D(2019, 5, 13))]
    assert "contract_ending" not in kinds
