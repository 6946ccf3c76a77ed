from __future__ import annotations

from alianza.audit.models import ChangeRecord


def history_for_object(obj, user):
    """The changes to one record that the user may read, newest first."""
    return (
        ChangeRecord.objects.for_object(obj)
        .visible_to(user)
        .select_related("actor_institution", "content_type")
    )


def history_for_program(program):
    return ChangeRecord.objects.filter(program_id=program.pk).select_related(
        "actor_institution", "content_type"
    )
