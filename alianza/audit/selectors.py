from __future__ import annotations

from alianza.audit.models import ChangeRecord


def history_for_program(program):
    return ChangeRecord.objects.filter(program_id=program.pk).select_related(
        "actor_institution", "content_type"
    )
