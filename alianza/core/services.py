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
