"""Writes to initiatives and their classification schemes.

Pages, the API, the admin and the reference loader all call these. Each checks
the actor's permission, validates everything before anything is kept, writes in
one transaction, and records the initiative as a whole (with its periods,
costs, classifications...) in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.core.money import MissingRate, RateTable
from alianza.core.services import add_errors, refuse_taken
from alianza.initiatives.models import (
    Alignment,
    Classification,
    ClassificationScheme,
    ClassificationTerm,
    CostRecord,
    ExecutionPeriod,
    Initiative,
    Involvement,
    KeyFigure,
    PolicyInstrument,
    PolicyProvision,
)
from alianza.programs.models import Program
from alianza.programs.permissions import can_edit_program_records, can_manage_program, require
from alianza.search import index as search_index

#: Plain fields a caller may set on an initiative.
SCALAR_FIELDS = frozenset(
    {
        "number",
        "title_en",
        "title_es",
        "title_es_is_translation",
        "translated_fields",
        "description_en",
        "description_es",
        "phase",
        "component",
        "result",
        "placement_en",
        "placement_es",
        "placement_note_en",
        "placement_note_es",
        "scope_text_en",
        "scope_text_es",
        "alignment_text_en",
        "alignment_text_es",
        "period_text_en",
        "period_text_es",
        "challenge_en",
        "challenge_es",
        "good_practice_en",
        "good_practice_es",
        "is_public",
        "source_note_en",
        "source_note_es",
    }
)
#: Owned collections; each given collection replaces the stored one as a whole.
NESTED_FIELDS = frozenset(
    {
        "classifications",
        "alignments",
        "periods",
        "costs",
        "involvements",
        "key_figures",
    }
)


def _who(initiative: Initiative) -> str:
    return _("Initiative %(number)s of %(program)s") % {
        "number": initiative.number,
        "program": initiative.program.code,
    }


def _edit_refused(program: Program) -> str:
    return _("You may not change the initiatives of program %(code)s.") % {"code": program.code}


# --- Nested collections ---------------------------------------------------------------------


def _resolve_classifications(
    program: Program, value: Mapping[str, Any], errors: dict
) -> list[tuple[ClassificationScheme, ClassificationTerm]]:
    schemes = {s.code: s for s in ClassificationScheme.objects.filter(program=program)}
    terms = {
        (t.scheme_id, t.code): t for t in ClassificationTerm.objects.filter(scheme__program=program)
    }
    pairs = []
    for scheme_code, raw in value.items():
        scheme = schemes.get(scheme_code)
        if scheme is None:
            errors.setdefault("classifications", []).append(
                _("Program %(program)s has no classification scheme '%(scheme)s'.")
                % {"program": program.code, "scheme": scheme_code}
            )
            continue
        if raw in (None, "", []):
            codes = []
        elif isinstance(raw, str | ClassificationTerm):
            codes = [raw]
        else:
            codes = list(raw)
        if len(codes) > 1 and not scheme.allows_multiple:
            errors.setdefault(scheme_code, []).append(
                _("'%(scheme)s' takes one term only.") % {"scheme": scheme.name}
            )
            continue
        for code in codes:
            if isinstance(code, ClassificationTerm):
                term = code if code.scheme_id == scheme.pk else None
                code = code.code
            else:
                term = terms.get((scheme.pk, str(code)))
            if term is None:
                errors.setdefault(scheme_code, []).append(
                    _("'%(term)s' is not a term of '%(scheme)s' (%(code)s).")
                    % {"term": code, "scheme": scheme.name, "code": scheme_code}
                )
                continue
            pairs.append((scheme, term))
    return pairs


def _resolve_alignments(value: Sequence[Any], errors: dict) -> list[PolicyProvision]:
    provisions = []
    for item in value:
        if isinstance(item, PolicyProvision):
            provisions.append(item)
            continue
        instrument_code, _sep, provision_code = str(item).partition(":")
        provision = (
            PolicyProvision.objects.filter(instrument__code=instrument_code, code=provision_code)
            .select_related("instrument")
            .first()
        )
        if provision is None:
            errors.setdefault("alignments", []).append(
                _(
                    "'%(ref)s' is not a provision of the policy framework "
                    "(write instrument:provision)."
                )
                % {"ref": item}
            )
            continue
        provisions.append(provision)
    return provisions


def _child_errors(label: str, index: int, exc: ValidationError, errors: dict, key: str) -> None:
    for field, messages in exc.message_dict.items():
        for message in messages:
            prefix = _("%(label)s %(index)s") % {"label": label, "index": index}
            where = "" if field == "__all__" else f" ({field})"
            errors.setdefault(key, []).append(f"{prefix}{where}: {message}")


def _check_cost_converts(cost: Any, target: str) -> None:
    """A cost in another currency than the program's needs a value date and a rate (direct,
    inverse or through another currency) that converts it on that date."""
    if cost.currency == target:
        return
    if cost.value_date is None:
        raise ValidationError(
            {
                "value_date": _(
                    "give the date whose exchange rate converts %(currency)s into the "
                    "program's %(target)s."
                )
                % {"currency": cost.currency, "target": target}
            }
        )
    if not RateTable.load().has_rate(cost.currency, target, cost.value_date):
        raise ValidationError(
            {"currency": str(MissingRate(cost.currency, target, cost.value_date))}
        )


def _build_children(
    initiative: Initiative, key: str, items: Sequence[Mapping[str, Any]], errors: dict
) -> list:
    builders = {
        "periods": (ExecutionPeriod, _("Execution period")),
        "costs": (CostRecord, _("Cost record")),
        "involvements": (Involvement, _("Involvement")),
        "key_figures": (KeyFigure, _("Key figure")),
    }
    model, label = builders[key]
    built = []
    for index, raw in enumerate(items, start=1):
        values = dict(raw)
        if key == "involvements" and isinstance(values.get("institution"), str):
            code = values["institution"]
            values["institution"] = Institution.objects.filter(code=code).first()
            if values["institution"] is None:
                errors.setdefault(key, []).append(
                    _("%(label)s %(index)s: no institution with code '%(code)s'.")
                    % {"label": label, "index": index, "code": code}
                )
                continue
        if key in ("costs", "key_figures"):
            field = "amount" if key == "costs" else "value"
            try:
                values[field] = Decimal(str(values.get(field)))
            except (InvalidOperation, TypeError):
                errors.setdefault(key, []).append(
                    _("%(label)s %(index)s (%(field)s): '%(value)s' is not a number.")
                    % {"label": label, "index": index, "field": field, "value": values.get(field)}
                )
                continue
        if key == "key_figures":
            values.setdefault("order", index)
        if key == "costs" and not values.get("currency"):
            values["currency"] = initiative.program.currency
        try:
            child = model(initiative=initiative, **values)
        except TypeError as exc:
            errors.setdefault(key, []).append(f"{label} {index}: {exc}")
            continue
        try:
            child.full_clean(exclude=["initiative"], validate_constraints=False)
            if key == "costs":
                _check_cost_converts(child, initiative.program.currency)
        except ValidationError as exc:
            _child_errors(label, index, exc, errors, key)
            continue
        built.append(child)
    return built


def _apply(initiative: Initiative, data: Mapping[str, Any], *, actor: User) -> None:
    unknown = set(data) - SCALAR_FIELDS - NESTED_FIELDS
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    program = initiative.program
    if "is_public" in data and bool(data["is_public"]) != initiative.is_public:
        require(
            can_manage_program(actor, program),
            _("Only a coordinator may publish or unpublish an initiative."),
        )

    dirty = initiative.pk is None
    for field in SCALAR_FIELDS & set(data):
        value = data[field]
        if isinstance(value, str):
            value = value.strip()
        if getattr(initiative, field) != value:
            dirty = True
        setattr(initiative, field, value)

    errors: dict[str, list[str]] = {}
    try:
        initiative.full_clean(
            exclude=["program"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        add_errors(errors, exc)
    if (
        initiative.number
        and Initiative.objects.filter(program=program, number=initiative.number)
        .exclude(pk=initiative.pk)
        .exists()
    ):
        errors.setdefault("number", []).append(
            _("Program %(program)s already has an initiative number %(number)s.")
            % {"program": program.code, "number": initiative.number}
        )

    pairs = (
        _resolve_classifications(program, data["classifications"], errors)
        if "classifications" in data
        else None
    )
    provisions = _resolve_alignments(data["alignments"], errors) if "alignments" in data else None
    children = {
        key: _build_children(initiative, key, data[key], errors)
        for key in ("periods", "costs", "involvements", "key_figures")
        if key in data
    }
    if errors:
        raise ValidationError(errors)

    try:
        if dirty:
            with transaction.atomic():
                initiative.save()
    except IntegrityError:
        raise ValidationError(
            {
                "number": _("Program %(program)s already has an initiative number %(number)s.")
                % {"program": program.code, "number": initiative.number}
            }
        )

    current = initiative.audit_related()
    if pairs is not None:
        given = set(data["classifications"])
        wanted = {code: sorted(t.code for s, t in pairs if s.code == code) for code in given}
        merged = {c: t for c, t in current["classifications"].items() if c not in given}
        merged.update({c: t for c, t in wanted.items() if t})
        if merged != current["classifications"]:
            for row in initiative.classifications.filter(scheme__code__in=given):
                row.delete()
            for scheme, term in pairs:
                Classification.objects.create(initiative=initiative, scheme=scheme, term=term)
    if provisions is not None:
        wanted_refs = sorted({f"{p.instrument.code}:{p.code}" for p in provisions})
        if wanted_refs != current["alignments"]:
            for alignment in initiative.alignments.all():
                alignment.delete()
            for provision in {p.pk: p for p in provisions}.values():
                Alignment.objects.create(initiative=initiative, provision=provision)
    for key, built in children.items():
        rows = [_child_snapshot(key, child) for child in built]
        if key == "periods":
            rows.sort(key=lambda r: r["start_date"])
        if rows == current[key]:
            continue
        for row in getattr(initiative, key).all():
            row.delete()
        for child in built:
            child.initiative = initiative
            child.save()


def _child_snapshot(key: str, child: Any) -> dict:
    if key == "periods":
        return {
            "start_date": child.start_date.isoformat(),
            "start_precision": child.start_precision,
            "end_date": child.end_date.isoformat() if child.end_date else None,
            "end_precision": child.end_precision,
            "note_en": child.note_en,
            "note_es": child.note_es,
        }
    if key == "costs":
        amount = child.amount.quantize(Decimal("0.01"))
        snapshot = {
            "amount": str(amount),
            "currency": child.currency,
            "description_en": child.description_en,
            "description_es": child.description_es,
            "note_en": child.note_en,
            "note_es": child.note_es,
        }
        if child.value_date:  # only when given, so older snapshots stay as they were
            snapshot["value_date"] = child.value_date.isoformat()
        return snapshot
    if key == "involvements":
        return {
            "institution": child.institution.code if child.institution_id else None,
            "person_name": child.person_name,
            "role_en": child.role_en,
            "role_es": child.role_es,
        }
    value = child.value.quantize(Decimal("0.01"))
    return {"value": str(value), "label_en": child.label_en, "label_es": child.label_es}


# --- Initiatives ----------------------------------------------------------------------------


@transaction.atomic
def initiative_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Initiative:
    """Add an initiative to the program's inventory."""
    require(can_edit_program_records(actor, program), _edit_refused(program))
    initiative = Initiative(program=program)
    _apply(initiative, data, actor=actor)
    audit.record(actor=actor, action="initiatives.initiative.create", obj=initiative)
    search_index.index_record("initiative", initiative)
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, data: Mapping[str, Any], actor: User
) -> Initiative:
    """Change an initiative; collections given in `data` replace the stored ones.

    Only the fields in `data` change: the row is read again and locked first, so what
    others saved meanwhile stays, and the audit "before" is the row as it was stored."""
    require(can_edit_program_records(actor, initiative.program), _edit_refused(initiative.program))
    lock_for_update(initiative)
    before = audit.snapshot(initiative)
    _apply(initiative, data, actor=actor)
    audit.record(actor=actor, action="initiatives.initiative.update", obj=initiative, before=before)
    search_index.index_record("initiative", initiative)
    return initiative


@transaction.atomic
def initiative_upsert(
    *, program: Program, number: int, data: Mapping[str, Any], actor: User
) -> Initiative:
    """Create initiative `number` or bring it to `data`; no write when nothing differs."""
    existing = Initiative.objects.filter(program=program, number=number).first()
    if existing is None:
        return initiative_create(program=program, data={**data, "number": number}, actor=actor)
    return initiative_update(initiative=existing, data=data, actor=actor)


@transaction.atomic
def initiative_delete(*, initiative: Initiative, actor: User) -> None:
    """Remove an initiative with what it owns; its last state stays in the audit trail."""
    require(
        can_manage_program(actor, initiative.program),
        _("Only a coordinator may delete an initiative of %(code)s.")
        % {"code": initiative.program.code},
    )
    try:
        pk = initiative.pk
        audit.delete_and_record(initiative, actor=actor, action="initiatives.initiative.delete")
        search_index.unindex("initiative", [pk])
    except audit.DeleteRefused as exc:
        raise ValidationError(
            _("Initiative %(number)s cannot be deleted: other records refer to it (%(kinds)s).")
            % {"number": initiative.number, "kinds": exc.kinds}
        ) from exc


# --- Classification schemes and the policy framework -----------------------------------------


def _save_if_changed(
    obj: models.Model, values: Mapping[str, Any], *, validate_constraints: bool = False
) -> bool:
    """Set `values` on obj and save it only if it is new or something differs."""
    changed = obj.pk is None
    for field, value in values.items():
        if getattr(obj, field) != value:
            changed = True
        setattr(obj, field, value)
    if changed:
        obj.full_clean(validate_constraints=validate_constraints)
        obj.save()
    return changed


@transaction.atomic
def scheme_upsert(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    terms: Sequence[Mapping[str, Any]],
    actor: User,
) -> ClassificationScheme:
    """A program's classification scheme with its terms (`parent` given as a term code).

    Terms are matched by code: existing ones are updated, new ones added. A term
    missing from `terms` is removed only when no initiative uses it.
    """
    require(
        can_manage_program(actor, program),
        _("Only a coordinator may change the classification schemes of %(code)s.")
        % {"code": program.code},
    )
    scheme = locked_first(ClassificationScheme.objects.filter(program=program, code=code))
    before = audit.snapshot(scheme) if scheme else None
    if scheme is None:
        scheme = ClassificationScheme(program=program, code=code)
    _save_if_changed(scheme, values)

    existing = {t.code: t for t in scheme.terms.all()}
    errors = []
    for position, raw in enumerate(terms, start=1):
        term_values = {k: v for k, v in raw.items() if k not in ("code", "parent")}
        term_values.setdefault("order", position)
        term = existing.get(raw["code"]) or ClassificationTerm(scheme=scheme, code=raw["code"])
        parent_code = raw.get("parent") or ""
        term_values["parent"] = existing.get(parent_code) if parent_code else None
        if parent_code and term_values["parent"] is None:
            errors.append(
                _("Term '%(term)s': parent '%(parent)s' must be listed before it.")
                % {"term": raw["code"], "parent": parent_code}
            )
            continue
        try:
            _save_if_changed(term, term_values)
        except ValidationError as exc:
            errors.extend(f"{raw['code']}: {m}" for m in exc.messages)
            continue
        existing[term.code] = term
    wanted = {raw["code"] for raw in terms}
    for term_code, term in list(existing.items()):
        if term_code not in wanted:
            if term.classifications.exists() or term.children.exists():
                errors.append(
                    _("Term '%(term)s' is in use and cannot be removed.") % {"term": term_code}
                )
            else:
                term.delete()
    if errors:
        raise ValidationError({"terms": errors})
    audit.record(
        actor=actor,
        action="initiatives.scheme." + ("update" if before else "create"),
        obj=scheme,
        before=before,
    )
    return scheme


def _require_scheme_manager(actor: User, program: Program) -> None:
    require(
        can_manage_program(actor, program),
        _("Only a coordinator may change the classification schemes of %(code)s.")
        % {"code": program.code},
    )


@transaction.atomic
def scheme_create(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    terms: Sequence[Mapping[str, Any]],
    actor: User,
) -> ClassificationScheme:
    """A new classification scheme of the program with its terms; a code the program
    already uses is refused on `code`."""
    _require_scheme_manager(actor, program)
    refuse_taken(
        ClassificationScheme.objects.filter(program=program, code=code), field="code", value=code
    )
    return scheme_upsert(program=program, code=code, values=values, terms=terms, actor=actor)


@transaction.atomic
def scheme_update(
    *,
    scheme: ClassificationScheme,
    values: Mapping[str, Any],
    terms: Sequence[Mapping[str, Any]] | None,
    actor: User,
) -> ClassificationScheme:
    """Change a scheme (its code stays); `terms`, when given, replace its terms (a term in
    use is kept and the change refused)."""
    _require_scheme_manager(actor, scheme.program)
    if terms is None:
        terms = [
            {
                "code": t.code,
                "parent": t.parent.code if t.parent else "",
                "name_en": t.name_en,
                "name_es": t.name_es,
            }
            for t in scheme.terms.select_related("parent").order_by("order", "code")
        ]
    return scheme_upsert(
        program=scheme.program, code=scheme.code, values=values, terms=terms, actor=actor
    )


@transaction.atomic
def scheme_delete(*, scheme: ClassificationScheme, actor: User) -> None:
    """Remove a scheme with its terms; refused while initiatives are classified with it."""
    _require_scheme_manager(actor, scheme.program)
    if ClassificationTerm.objects.filter(scheme=scheme, classifications__isnull=False).exists():
        raise ValidationError(
            {
                "code": _(
                    "Initiatives are classified with scheme %(code)s: change their "
                    "classification first."
                )
                % {"code": scheme.code}
            }
        )
    before = audit.snapshot(lock_for_update(scheme))
    # Sub-terms first: a term's parent is PROTECTed, even inside the scheme's own cascade.
    terms = list(scheme.terms.all())
    while terms:
        parents = {t.parent_id for t in terms if t.parent_id is not None}
        leaves = [t for t in terms if t.pk not in parents]
        terms = [t for t in terms if t.pk in parents]
        for leaf in leaves:
            leaf.delete()
    audit.delete_and_record(scheme, actor=actor, action="initiatives.scheme.delete", before=before)


@transaction.atomic
def policy_instrument_upsert(
    *, code: str, values: Mapping[str, Any], provisions: Sequence[Mapping[str, Any]], actor: User
) -> PolicyInstrument:
    """A law or program of the policy framework with its provisions (reference list).

    Administrators and coordinators of any program may keep the shared framework.
    """
    membership = getattr(actor, "active_membership", None)
    require(
        bool(actor.is_superuser or (membership and membership.role == "coordinator")),
        _("Only an administrator or a coordinator may change the policy framework."),
    )
    instrument = locked_first(PolicyInstrument.objects.filter(code=code))
    before = audit.snapshot(instrument) if instrument else None
    if instrument is None:
        instrument = PolicyInstrument(code=code)
    _save_if_changed(instrument, values, validate_constraints=True)
    existing = {p.code: p for p in instrument.provisions.all()}
    errors = []
    for raw in provisions:
        provision = existing.get(raw["code"]) or PolicyProvision(
            instrument=instrument, code=raw["code"]
        )
        provision_values = {k: v for k, v in raw.items() if k not in ("code", "parent")}
        parent_code = raw.get("parent") or ""
        provision_values["parent"] = existing.get(parent_code) if parent_code else None
        if parent_code and provision_values["parent"] is None:
            errors.append(
                _("Provision '%(code)s': parent '%(parent)s' must be listed before it.")
                % {"code": raw["code"], "parent": parent_code}
            )
            continue
        try:
            _save_if_changed(provision, provision_values)
        except ValidationError as exc:
            errors.extend(f"{raw['code']}: {m}" for m in exc.messages)
            continue
        existing[provision.code] = provision
    if errors:
        raise ValidationError({"provisions": errors})
    audit.record(
        actor=actor,
        action="initiatives.policy_instrument." + ("update" if before else "create"),
        obj=instrument,
        before=before,
    )
    return instrument
