"""The data the backup tests back up: PROCAP's reference data plus what it lacks (an IATI
publisher, a registry activity, uploaded files, timestamps whose microseconds matter)."""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.services import institution_upsert, system_user
from alianza.accounts.tests.factories import member
from alianza.audit.guard import bulk_writes_allowed
from alianza.iati.models import ImportJob
from alianza.iati.services import import_job_create
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.registry.tests.factories import make_activity

UTC = datetime.UTC
EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "iati/tests/data/examples/activity-standard-example-annotated.xml"
)
COORDINATOR = "backup-coordinator"
#: Timestamps dumpdata would not keep: microseconds, a zero microsecond, another offset.
STAMPS = {
    "updated_at": datetime.datetime(2019, 3, 4, 5, 6, 7, 123456, tzinfo=UTC),
    "created_at": datetime.datetime(2013, 1, 1, 0, 0, 0, 0, tzinfo=UTC),
    "started_at": datetime.datetime(2019, 3, 4, 5, 6, 7, 1, tzinfo=ZoneInfo("America/Mexico_City")),
}
BINARY_NAME = "uploads/every-byte.bin"


def add_to(program: Program) -> None:
    """What PROCAP's data lacks for a thorough round trip, added to `program`."""
    actor = system_user()
    amexcid = Institution.objects.get(code="amexcid")
    institution_upsert(code="amexcid", values={"iati_identifier": "XM-DAC-MX-AMEXCID"}, actor=actor)
    member(COORDINATOR, amexcid, Role.COORDINATOR)
    make_activity(program, "XM-DAC-MX-AMEXCID-BACKUP-1")
    job = import_job_create(
        program=program, actor=actor, source_name=EXAMPLE.name, path=EXAMPLE, dry_run=True
    )
    job.started_at = STAMPS["started_at"]
    job.save(update_fields=["started_at"])
    default_storage.save(BINARY_NAME, ContentFile(bytes(range(256)) * 4))
    with bulk_writes_allowed():
        Initiative.objects.filter(program=program, number=1).update(
            updated_at=STAMPS["updated_at"], created_at=STAMPS["created_at"]
        )
    assert ImportJob.objects.filter(started_at=STAMPS["started_at"]).exists()


def canonical_stamp(value: datetime.datetime) -> str:
    return f"datetime:{value.astimezone(UTC).isoformat(timespec='microseconds')}"
