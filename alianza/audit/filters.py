"""One FilterSet for the changes page and /api/v1/changes/."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.audit.models import ChangeRecord, Operation
from alianza.audit.scope import program_id_for_code
from alianza.core import params


class ChangeRecordFilterSet(django_filters.FilterSet):
    model = django_filters.CharFilter(
        method="filter_model",
        label=_("Record type"),
        help_text=_("app_label.model, e.g. initiatives.initiative"),
    )
    object_id = django_filters.CharFilter(label=_("Record id"))
    user = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label=_("User")
    )
    institution = django_filters.CharFilter(
        field_name="actor_institution__code", lookup_expr="iexact", label=_("Institution")
    )
    action = django_filters.CharFilter(
        field_name="action", lookup_expr="istartswith", label=_("Action")
    )
    operation = django_filters.ChoiceFilter(choices=Operation.choices, label=_("Operation"))
    program = django_filters.CharFilter(method="filter_program", label=_("Program"))
    since = params.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte", label=_("Since"))
    until = params.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte", label=_("Until"))
    source = django_filters.CharFilter(field_name="source", lookup_expr="iexact", label=_("Source"))

    class Meta:
        model = ChangeRecord
        fields = [
            "model",
            "object_id",
            "user",
            "institution",
            "action",
            "operation",
            "program",
            "since",
            "until",
            "source",
        ]

    def filter_model(self, queryset, name, value):
        app_label, _sep, model = value.lower().partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            return queryset.none()
        return queryset.filter(content_type=content_type)

    def filter_program(self, queryset, name, value):
        program_id = program_id_for_code(value)
        if program_id is None:
            return queryset.none()
        return queryset.filter(Q(program_id=program_id))
