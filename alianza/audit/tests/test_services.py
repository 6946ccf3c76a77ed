import pytest
from django.db import transaction

from alianza.accounts.tests.factories import InstitutionFactory, UserFactory, member
from alianza.audit import services as audit
from alianza.audit.context import audit_context
from alianza.audit.guard import AuditBypassError, bulk_writes_allowed
from alianza.audit.models import ChangeRecord
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_who_when_what_before_and_after():
    institution = InstitutionFactory(code="agency")
    actor = member("ana", institution, "editor")
    initiative = InitiativeFactory(title_en="Old")
    before = audit.snapshot(initiative)
    initiative.title_en = "New"
    initiative.save()
    with audit_context(source="test", request_id="req-1"), transaction.atomic():
        record = audit.record(
            actor=actor, action="initiatives.initiative.update", obj=initiative, before=before
        )
    assert record.actor == actor and record.actor_institution == institution
    assert record.before["title_en"] == "Old" and record.after["title_en"] == "New"
    assert record.changed_fields == ["title_en"]
    assert record.program_id == initiative.program_id
    assert (record.source, record.request_id) == ("test", "req-1")


def test_record_writes_nothing_when_nothing_changed():
    initiative = InitiativeFactory()
    before = audit.snapshot(initiative)
    with transaction.atomic():
        record = audit.record(
            actor=UserFactory(), action="x.y.update", obj=initiative, before=before
        )
    assert record is None
    assert not ChangeRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    initiative = InitiativeFactory()
    with pytest.raises(audit.AuditError):
        audit.record(actor=UserFactory(), action="x.y.create", obj=initiative)


def test_snapshot_never_contains_a_password():
    user = UserFactory(username="someone")
    assert "password" not in audit.snapshot(user)


def test_change_records_are_append_only():
    initiative = InitiativeFactory()
    with transaction.atomic():
        record = audit.record(actor=UserFactory(), action="x.y.create", obj=initiative)
    record.action = "tampered"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(AuditBypassError):
        ChangeRecord.objects.all().delete()
    with pytest.raises(AuditBypassError):
        ChangeRecord.objects.update(action="tampered")


@pytest.mark.parametrize(
    "operation", ["update", "delete", "bulk_create", "bulk_update", "update_or_create"]
)
def test_audited_models_refuse_bulk_writes(operation):
    initiative = InitiativeFactory(title_en="Kept")
    queryset = Initiative.objects.all()
    calls = {
        "update": lambda: queryset.update(title_en="Changed"),
        "delete": lambda: queryset.delete(),
        "bulk_create": lambda: Initiative.objects.bulk_create(
            [Initiative(program=initiative.program, number=99, title_en="x")]
        ),
        "bulk_update": lambda: Initiative.objects.bulk_update([initiative], ["title_en"]),
        "update_or_create": lambda: Initiative.objects.update_or_create(
            pk=initiative.pk, defaults={"title_en": "Changed"}
        ),
    }
    with pytest.raises(AuditBypassError):
        calls[operation]()
    initiative.refresh_from_db()
    assert initiative.title_en == "Kept"


def test_bulk_writes_can_be_allowed_on_purpose():
    initiative = InitiativeFactory(title_en="Before")
    with bulk_writes_allowed():
        Initiative.objects.filter(pk=initiative.pk).update(title_en="After")
    initiative.refresh_from_db()
    assert initiative.title_en == "After"
