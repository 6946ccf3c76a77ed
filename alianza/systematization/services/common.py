"""What every systematization service shares: setting only the fields a service allows,
saving validated, upserting by a lookup, and recording the change in the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import locked_first
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.systematization.models import Criterion, SystematizationPeriod

M = TypeVar("M", bound=models.Model)


def clean_strings(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def set_fields(obj: models.Model, values: Mapping[str, Any], allowed: Iterable[str]) -> bool:
    """Set `values` on obj (unknown keys refused); True if anything differs or obj is new."""
    allowed = set(allowed)
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    changed = obj.pk is None
    for field, value in clean_strings(values).items():
        try:
            current = getattr(obj, field)
        except ObjectDoesNotExist:  # a foreign key not set yet
            current = None
        if current != value:
            changed = True
        setattr(obj, field, value)
    return changed


def full_save(obj: models.Model, *, exclude: Sequence[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude))
    obj.save()


def set_m2m(relation: Any, wanted: Iterable[models.Model]) -> bool:
    wanted_by_pk = {o.pk: o for o in wanted}
    current = set(relation.values_list("pk", flat=True))
    if current == set(wanted_by_pk):
        return False
    relation.set(list(wanted_by_pk.values()))
    return True


def bilingual(fields: Iterable[str]) -> set[str]:
    return {f"{base}_{lang}" for base in fields for lang in ("en", "es")}


def record_change(
    actor: User, action: str, obj: models.Model, before: dict[str, Any] | None
) -> None:
    audit.record(actor=actor, action=action, obj=obj, before=before)


def upsert(
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    allowed: Iterable[str],
    *,
    actor: User,
    action: str,
) -> M:
    """Create the record matching `lookup`, or bring it to `values`; audited when it
    changes."""
    found = locked_first(model._default_manager.all().filter(**lookup))
    before = audit.snapshot(found) if found else None
    obj = found if found is not None else model(**lookup)
    if set_fields(obj, values, allowed):
        full_save(obj)
    record_change(actor, f"{action}.{'update' if before else 'create'}", obj, before)
    return obj


def initiative_label(initiative: Initiative) -> str:
    return _("initiative %(number)s of %(program)s") % {
        "number": initiative.number,
        "program": initiative.program.code,
    }


def criteria_by_code(period: SystematizationPeriod) -> dict[str, Criterion]:
    return {c.code: c for c in period.criteria_set.criteria.all()}


def program_initiatives(
    program: Program,
    numbers_or_objects: Iterable[Initiative | int],
    errors: dict[str, list[str]],
    key: str,
) -> list[Initiative]:
    """The program's initiatives named by number (or given); each unknown one is an error
    under `key`."""
    found = []
    for item in numbers_or_objects:
        if isinstance(item, Initiative):
            initiative = item if item.program_id == program.pk else None
        else:
            initiative = Initiative.objects.filter(program=program, number=item).first()
        if initiative is None:
            errors.setdefault(key, []).append(
                _("%(program)s has no initiative %(number)s.")
                % {"program": program.code, "number": getattr(item, "number", item)}
            )
            continue
        found.append(initiative)
    return found
