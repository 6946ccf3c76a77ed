"""Helpers every app's services share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def assign_fields(obj: Any, data: Mapping[str, Any], allowed: set[str] | frozenset[str]) -> None:
    """Set `data` on `obj`, refusing keys outside `allowed` and trimming text."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    for key, value in data.items():
        setattr(obj, key, value.strip() if isinstance(value, str) else value)


def add_errors(errors: dict[str, list[str]], exc: ValidationError) -> None:
    """Add a model's validation messages (`full_clean()`'s) to the errors a service gathers
    before it refuses them all at once, keyed by field."""
    for field, messages in exc.message_dict.items():
        errors.setdefault(field, []).extend(messages)


def refuse_taken(queryset: Any, *, field: str, value: Any) -> None:
    """The one refusal of a create service whose natural key is taken: a ValidationError
    on `field` naming the kind of record and the value (an upsert would change the existing
    record instead, which a form or a POST that means "new" must not do)."""
    if queryset.exists():
        model = queryset.model
        raise ValidationError(
            {
                field: _("There is already a %(record)s with %(field)s “%(value)s”.")
                % {
                    "record": model._meta.verbose_name,
                    "field": model._meta.get_field(field).verbose_name,
                    "value": value,
                }
            }
        )
