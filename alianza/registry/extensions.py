"""What the registry adds to the initiative pages and API (see alianza/core/extensions.py)."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers

from alianza.programs.permissions import can_edit_program_records


def _visible_links(user):
    from alianza.registry.models import InitiativeLink

    return (
        InitiativeLink.objects.visible_to(user)
        .select_related("activity")
        .order_by("activity__iati_identifier")
    )


def prepare_initiatives(queryset, request):
    user = request.user if request is not None else None
    if user is None:
        return queryset
    return queryset.prefetch_related(
        Prefetch("registry_links", queryset=_visible_links(user), to_attr="visible_registry_links")
    )


def initiative_activity_identifiers(initiative) -> list[str]:
    links = getattr(initiative, "visible_registry_links", [])
    return [link.activity.iati_identifier for link in links]


def identifiers_schema_field():
    return serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="IATI identifiers of the registry activities this initiative produced or served.",
    )


def initiative_panel_context(initiative, user) -> dict | None:
    links = list(_visible_links(user).filter(initiative=initiative))
    can_edit = can_edit_program_records(user, initiative.program)
    if not links and not can_edit:
        return None
    return {"links": links, "initiative": initiative, "can_edit": can_edit}
