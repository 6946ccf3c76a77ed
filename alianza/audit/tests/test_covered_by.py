"""`audit.covered_by`: an aggregate's rows may be written in bulk only under the aggregate's
own change record, in the same transaction; everywhere else bulk writes stay refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from alianza.accounts.services import system_user
from alianza.audit import services as audit
from alianza.audit.guard import AuditBypassError
from alianza.audit.models import ChangeRecord
from alianza.programs.tests.factories import ProgramFactory
from alianza.registry.models import Activity, ActivitySector, Organisation
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    created = make_activity(ProgramFactory(code="COV"), "XM-COV-1")
    return Activity.objects.get(pk=created.pk)  # as stored, its rows read back


def _sector(activity: Activity, code: str = "15110") -> ActivitySector:
    return ActivitySector(activity=activity, order=9, vocabulary="1", code=code,
                          percentage=Decimal("10"))  # fmt: skip


def _records(activity: Activity) -> int:
    return ChangeRecord.objects.filter(object_id=str(activity.pk)).count()


def test_a_child_row_written_in_bulk_outside_the_context_is_refused(activity):
    with pytest.raises(AuditBypassError), transaction.atomic():
        ActivitySector.objects.bulk_create([_sector(activity)])
    assert not activity.sectors.filter(order=9).exists()


def test_a_child_row_written_in_bulk_without_its_parents_record_is_refused(activity):
    """The rows were written, but the aggregate got no change record in the context: the
    context refuses when it closes and the transaction takes the rows back."""
    records = _records(activity)
    with (
        pytest.raises(AuditBypassError, match="registry.Activity"),
        transaction.atomic(),
        audit.covered_by(actor=system_user()),
    ):
        ActivitySector.objects.bulk_create([_sector(activity)])
    assert not activity.sectors.filter(order=9).exists()
    assert _records(activity) == records


def test_a_record_for_another_activity_does_not_cover_this_one(activity):
    other = make_activity(activity.program, "XM-COV-2")
    with (
        pytest.raises(AuditBypassError),
        transaction.atomic(),
        audit.covered_by(actor=system_user()) as cover,
    ):
        ActivitySector.objects.bulk_create([_sector(activity)])
        before = audit.snapshot(other)
        other.title = [{"lang": "en", "text": "Changed"}]
        other.save()
        cover.record(action="registry.activity.update", obj=other, before=before)
    assert not activity.sectors.filter(order=9).exists()


def test_rows_written_under_their_record_land_with_one_record(activity):
    records = _records(activity)
    with transaction.atomic(), audit.covered_by(actor=system_user()) as cover:
        before = audit.snapshot(activity)
        ActivitySector.objects.filter(activity=activity).delete()
        ActivitySector.objects.bulk_create([_sector(activity, "43010")])
        change = cover.record(action="registry.activity.update", obj=activity, before=before)
    assert [s.code for s in activity.sectors.all()] == ["43010"]
    assert _records(activity) == records + 1
    assert "sectors" in change.changed_fields


@pytest.mark.django_db(transaction=True)
def test_the_context_opens_only_inside_a_transaction():
    with pytest.raises(audit.AuditError), audit.covered_by(actor=system_user()):
        pass  # pragma: no cover


def test_a_model_outside_any_aggregate_stays_refused(activity):
    with (
        pytest.raises(AuditBypassError),
        transaction.atomic(),
        audit.covered_by(actor=system_user()),
    ):
        Organisation.objects.bulk_create([Organisation(ref="XM-COV-ORG", name=[])])
    assert not Organisation.objects.filter(ref="XM-COV-ORG").exists()


def test_children_may_not_be_updated_in_bulk_even_when_covered(activity):
    with (
        pytest.raises(AuditBypassError),
        transaction.atomic(),
        audit.covered_by(actor=system_user()) as cover,
    ):
        ActivitySector.objects.filter(activity=activity).update(code="99999")
        cover.record(action="registry.activity.update", obj=activity, before={})
