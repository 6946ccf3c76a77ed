"""Each alert reaches a person through one durable service: the notification and its email
commit together or not at all, and the email's time is written with its change record."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from alianza.audit.models import ChangeRecord
from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory
from alianza.monitoring import services
from alianza.monitoring.models import Notification

pytestmark = pytest.mark.django_db
D = datetime.date


def _late_deliverable(cast):
    DeliverableFactory(
        contract=ContractFactory(program=cast.program, reference="IC-7"),
        planned_date=D(2019, 3, 1),
    )


def test_each_email_sent_is_in_the_change_history(cast):
    _late_deliverable(cast)
    call_command("send_alerts", date="2019-03-20", verbosity=0)
    records = ChangeRecord.objects.filter(action="monitoring.notification.email")
    assert records.count() == len(mail.outbox) == 2
    assert {r.source for r in records} == {"send_alerts"}
    assert all(r.changed_fields == ["emailed_at"] for r in records)
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_a_failed_email_leaves_no_notification_and_the_next_run_sends_it(cast, monkeypatch):
    _late_deliverable(cast)

    def mail_server_down(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("alianza.monitoring.alerts.send_mail", mail_server_down)
    call_command("send_alerts", date="2019-03-20", verbosity=0)
    assert not Notification.objects.exists()
    monkeypatch.undo()
    call_command("send_alerts", date="2019-03-21", verbosity=0)
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
    assert len(mail.outbox) == 2


def test_an_alert_is_never_delivered_inside_a_callers_transaction(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.alert_deliver(
            user=cast.users["coordinator_a"],
            program=cast.program,
            kind="deliverable_late",
            key="deliverable_late:1:2019-03-01",
            params={"program": "TEST"},
        )
    assert not Notification.objects.exists()
