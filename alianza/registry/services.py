"""Writes to the registry. The IATI importer, spreadsheets, pages, the API and the PROCAP
loader all call these.

An activity is written whole from its canonical content (`alianza.registry.content`): the
service validates the new version completely, and only then, in one transaction, replaces
the stored rows and writes one audit record with the activity before and after. When the
content's fingerprint is unchanged nothing is written at all, so that re-importing a file
records no change.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.core.concurrency import concurrent_write, lock_for_update, locked_first
from alianza.programs.models import Program
from alianza.programs.permissions import can_edit_program_records, require
from alianza.registry import content, geo, typed
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    InitiativeLink,
    Organisation,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)
from alianza.registry.permissions import (
    can_edit_registry,
    can_keep_organisations,
    can_link_activity,
    can_publish_activity,
)
from alianza.search import index as search_index

if TYPE_CHECKING:
    from alianza.initiatives.models import Initiative

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
_COUNTRY_PREFIX = re.compile(r"^([A-Z]{2})-")
_NOT_COUNTRIES = {"XM", "XI", "XB", "XE"}


@dataclass
class Outcome:
    activity: Activity
    outcome: str  # created, updated, unchanged
    changed: list[str]


# --- Derived values -----------------------------------------------------------------------------


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _span(dates: list[dict]) -> tuple[datetime.date | None, datetime.date | None]:
    """Start and end from IATI activity dates: actual (2, 4) before planned (1, 3)."""
    by_type: dict[str, datetime.date] = {}
    for item in dates:
        value = _date(item.get("iso_date", ""))
        kind = str(item.get("type") or "")
        if value and kind not in by_type:
            by_type[kind] = value
    return by_type.get("2") or by_type.get("1"), by_type.get("4") or by_type.get("3")


def _gender(markers: list[dict]) -> str:
    for marker in markers:
        if marker.get("vocabulary", "1") in ("", "1") and marker.get("code") == "1":
            return str(marker.get("significance") or "")
    return ""


def org_country(ref: str) -> str:
    """The country an organisation identifier's registration agency belongs to."""
    match = _COUNTRY_PREFIX.match(ref or "")
    if not match or match.group(1) in _NOT_COUNTRIES:
        return ""
    return match.group(1)


# --- Validation -----------------------------------------------------------------------------


def _decimal(value: str, errors: dict, key: str, label: str) -> Decimal | None:
    if value in ("", None):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors.setdefault(key, []).append(
            _("%(label)s: '%(value)s' is not a number.") % {"label": label, "value": value}
        )
        return None


def _required_date(value: str, errors: dict, key: str, label: str) -> datetime.date | None:
    parsed = _date(value)
    if parsed is None:
        errors.setdefault(key, []).append(
            _("%(label)s: '%(value)s' is not a date (YYYY-MM-DD).")
            % {"label": label, "value": value}
        )
    return parsed


def _clean_child(obj: models.Model, errors: dict, key: str, label: str) -> None:
    try:
        obj.full_clean(exclude=["activity", "organisation"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            where = "" if field == "__all__" else f" ({field})"
            for message in messages:
                errors.setdefault(key, []).append(f"{label}{where}: {message}")


def _build_children(data: dict, errors: dict) -> dict[str, list]:
    """Unsaved rows for every owned collection, validated."""
    built: dict[str, list] = {key: [] for key in content.CHILDREN}
    for index, raw in enumerate(data["participating_orgs"], start=1):
        label = _("Participating organisation %(n)s") % {"n": index}
        org = ParticipatingOrg(
            order=index,
            ref=raw["ref"],
            role=raw["role"],
            type=raw["type"],
            org_activity_id=raw["activity_id"],
            crs_channel_code=raw["crs_channel_code"],
            name=raw["name"],
            ssc_role=raw["ssc_role"],
            executing_level=raw["executing_level"],
            country=org_country(raw["ref"]),
        )
        _clean_child(org, errors, "participating_orgs", label)
        built["participating_orgs"].append(org)
    for index, raw in enumerate(data["sectors"], start=1):
        label = _("Sector %(n)s") % {"n": index}
        sector = ActivitySector(
            order=index,
            vocabulary=raw["vocabulary"],
            vocabulary_uri=raw["vocabulary_uri"],
            code=raw["code"],
            percentage=_decimal(raw["percentage"], errors, "sectors", label),
            narratives=raw["narratives"],
        )
        _clean_child(sector, errors, "sectors", label)
        built["sectors"].append(sector)
    for index, raw in enumerate(data["recipient_countries"], start=1):
        label = _("Recipient country %(n)s") % {"n": index}
        country = RecipientCountry(
            order=index,
            code=raw["code"],
            percentage=_decimal(raw["percentage"], errors, "recipient_countries", label),
            narratives=raw["narratives"],
        )
        _clean_child(country, errors, "recipient_countries", label)
        built["recipient_countries"].append(country)
    # A location's ref that names a subdivision (ISO 3166-2, or Mexico's INEGI codes) must
    # name one of the registry's country or of a recipient country of the activity.
    countries = {geo.country()} | {str(c["code"]).upper() for c in data["recipient_countries"]}
    for index, raw in enumerate(data["locations"], start=1):
        label = _("Location %(n)s") % {"n": index}
        place = geo.place_from_ref(raw["ref"])
        refusal = geo.foreign_place_message(
            label=label, ref=raw["ref"], place=place, countries=countries
        )
        if refusal:
            errors.setdefault("locations", []).append(refusal)
        location = ActivityLocation(
            order=index,
            ref=raw["ref"],
            subdivision=place.subdivision,
            national_code=place.national_code,
            municipality=place.municipality,
            details=raw["details"],
        )
        _clean_child(location, errors, "locations", label)
        built["locations"].append(location)
    for index, raw in enumerate(data["budgets"], start=1):
        label = _("Budget %(n)s") % {"n": index}
        # Parsed values are None when unreadable: `errors` then refuses before any save.
        parsed: dict[str, Any] = {
            "period_start": _required_date(raw["period_start"], errors, "budgets", label),
            "period_end": _required_date(raw["period_end"], errors, "budgets", label),
            "value": _decimal(raw["value"], errors, "budgets", label),
            "value_date": _required_date(raw["value_date"], errors, "budgets", label),
        }
        budget = Budget(
            order=index,
            type=raw["type"],
            status=raw["status"],
            currency=raw["currency"],
            value_text=content.fmt_decimal(parsed["value"]),
            **parsed,
        )
        _clean_child(budget, errors, "budgets", label)
        built["budgets"].append(budget)
    for index, raw in enumerate(data["transactions"], start=1):
        label = _("Transaction %(n)s") % {"n": index}
        parsed = {
            "date": _required_date(raw["date"], errors, "transactions", label),
            "value": _decimal(raw["value"], errors, "transactions", label),
            "value_date": _required_date(raw["value_date"], errors, "transactions", label),
        }
        txn = Transaction(
            order=index,
            ref=raw["ref"],
            humanitarian=raw["humanitarian"],
            type=raw["type"],
            currency=raw["currency"],
            description=raw["description"],
            provider_ref=(raw.get("provider_org") or {}).get("ref", ""),
            receiver_ref=(raw.get("receiver_org") or {}).get("ref", ""),
            details={k: raw[k] for k in content.TRANSACTION_DETAILS},
            value_text=content.fmt_decimal(parsed["value"]),
            **parsed,
        )
        _clean_child(txn, errors, "transactions", label)
        built["transactions"].append(txn)
    return built


def _set_activity_fields(
    activity: Activity, data: dict, errors: dict, *, clean: bool = True
) -> None:
    """Set the activity's own fields from canonical content and validate them; problems go
    into `errors` (field: messages), nothing is saved. `clean=False`: the import's typed
    checks (`registry.typed`) instead of `full_clean()`."""
    for key in content.SCALARS:
        value = data[key]
        if key == "capital_spend":
            if clean:
                value = _decimal(value, errors, key, _("Capital spend"))
            else:
                text = typed.number(Activity, key, value, errors, key, _("Capital spend"))
                value = Decimal(text) if text is not None else None
        setattr(activity, key, value)
    for key in content.JSON_FIELDS:
        setattr(activity, key, data[key])
    activity.start_date, activity.end_date = _span(data["activity_dates"])
    activity.gender_significance = _gender(data["policy_markers"])[:2]
    if not activity.iati_identifier.strip():
        errors.setdefault("iati_identifier", []).append(_("The activity has no IATI identifier."))
    if not clean:
        typed.check_activity(activity, errors)
        return
    try:
        activity.full_clean(
            exclude=["program", "reporting_organisation", "content_hash"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(
                f"{activity.iati_identifier}: {m}" for m in messages
            )


# --- Organisations --------------------------------------------------------------------------


def _first_by_identifier(institutions: Any) -> dict[str, Institution]:
    found: dict[str, Institution] = {}
    for institution in institutions:
        found.setdefault(institution.iati_identifier, institution)
    return found


def _ensure_organisations(
    refs_names: Mapping[str, list], actor: User, known: dict[str, Organisation] | None = None
) -> dict[str, Organisation]:
    """Registry organisations for the given identifiers; missing ones are created (with the
    name the activity gives) and linked to the institution of the same IATI identifier.

    `known` is a cache a caller writing many activities keeps between them (an import): the
    organisations found or created are added to it, and only refs it lacks are looked up.
    The caller must empty it when an activity's transaction is rolled back."""
    refs = [r for r in refs_names if r]
    cache = known if known is not None else {}
    found = {r: cache[r] for r in refs if r in cache}
    missing = [r for r in refs if r not in found]
    if missing:
        found |= {o.ref: o for o in Organisation.objects.filter(ref__in=missing)}
    missing = [r for r in refs if r not in found]
    institutions = (
        _first_by_identifier(Institution.objects.filter(iati_identifier__in=missing))
        if missing
        else {}
    )
    if missing:
        # Each saved by itself, each with its own create record; the records are written
        # together when the context closes.
        with audit.covered_by(actor=actor) as cover:
            for ref in sorted(missing):  # one order for all imports: none waits on another
                organisation = Organisation(
                    ref=ref, name=refs_names[ref] or [], institution=institutions.get(ref)
                )
                # Its identifier was just looked for: the unique constraint decides a race.
                organisation.full_clean(validate_unique=False)
                organisation.save()
                cover.record(action="registry.organisation.create", obj=organisation)
                found[ref] = organisation
    cache |= found  # in place: the caller keeps it
    return found


def organisation_names(items: Iterable[Mapping[str, Any]]) -> dict[str, list]:
    """The organisations canonical content names (reporting and participating), each with
    the first name given to it: what `_ensure_organisations` creates when missing."""
    names: dict[str, list] = {}
    for full in items:
        names.setdefault(full["reporting_org_ref"], full["reporting_org_name"])
        for org in full["participating_orgs"]:
            if org["ref"] and not names.get(org["ref"]):
                names[org["ref"]] = org["name"]
    return names


def organisations_for_import(
    *,
    program: Program | None,
    names: Mapping[str, list],
    actor: User,
    known: dict[str, Organisation],
) -> None:
    """Create, in a short transaction of their own and in identifier order, the registry
    organisations a chunk of an import names and the import has not met yet (each saved
    and audited as `_ensure_organisations` does), and add them to its cache `known`.

    Run before the chunk's own transaction: two imports sharing partners then meet only
    here, briefly, and not while each holds a chunk of activities; a race on a new
    identifier is tried again (the other import's organisation is found)."""
    _require_registry(actor, program)
    for attempt in range(1, UPSERT_TRIES + 1):
        try:
            with transaction.atomic():
                found = _ensure_organisations(names, actor, dict(known))
        except DatabaseError as exc:
            if not concurrent_write(exc) or attempt == UPSERT_TRIES:
                raise
            continue
        known |= found  # only once committed (or its savepoint released)
        return


# --- Activities -----------------------------------------------------------------------------


def _save_activity_whole(
    activity: Activity,
    data: dict,
    *,
    actor: User,
    action: str,
    before: dict | None,
    fingerprint: str | None = None,
    organisations: dict[str, Organisation] | None = None,
    source_hash: str = "",
) -> None:
    """Save the activity with every row it owns, as `data` (canonical content) says: the
    stored rows are replaced, missing organisations are created, one audit record with
    the whole activity. Raises ValidationError (field: messages) before writing anything."""
    errors: dict[str, list[str]] = {}
    _set_activity_fields(activity, data, errors)
    built = _build_children(data, errors)
    if errors:
        raise ValidationError(errors)
    names: dict[str, list] = {data["reporting_org_ref"]: data["reporting_org_name"]}
    for row in built["participating_orgs"]:
        if row.ref and not names.get(row.ref):
            names[row.ref] = row.name
    organisations = _ensure_organisations(names, actor, organisations)
    activity.reporting_organisation = organisations.get(data["reporting_org_ref"])
    activity.content_hash = fingerprint or content.content_hash(data)
    activity.source_hash = source_hash
    activity.save()
    if before is not None:
        for key in content.CHILDREN:
            for row in getattr(activity, key).all():
                row.delete()
    for key, rows in built.items():
        for row in rows:
            row.activity = activity
            if key == "participating_orgs":
                row.organisation = organisations.get(row.ref)
            row.save()
    activity._audit_children = {key: data[key] for key in content.CHILDREN}
    audit.record(actor=actor, action=action, obj=activity, before=before)
    search_index.index_record("activity", activity)


def _registry_name(program: Program | None) -> str:
    return program.code if program is not None else _("no program")


def _require_registry(actor: User, program: Program | None) -> None:
    require(
        can_edit_registry(actor, program),
        _("You may not change the cooperation registry of program %(code)s.")
        % {"code": program.code}
        if program is not None
        else _("Only an administrator may change the activities of no program."),
    )


def _registered_under(activity: Activity) -> str:
    return _registry_name(activity.program)


def _identifier_taken(
    identifier: str, program: Program | None, exclude_pk: int | None = None
) -> Activity | None:
    rows = Activity.objects.filter(iati_identifier=identifier)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.select_related("program").first()


@transaction.atomic
def activity_create(
    *, program: Program | None, data: Mapping[str, Any], actor: User, is_public: bool = False
) -> Activity:
    """Add an activity to the program's registry (None: to no program's)."""
    _require_registry(actor, program)
    full = content.normalize(dict(data))
    other = _identifier_taken(full["iati_identifier"], program)
    if other is not None:
        raise ValidationError(
            {
                "iati_identifier": _(
                    "An activity with the IATI identifier %(id)s is already registered "
                    "(program %(program)s)."
                )
                % {"id": full["iati_identifier"], "program": _registered_under(other)}
            }
        )
    return _create(program=program, full=full, actor=actor, is_public=is_public)


def _create(
    *, program: Program | None, full: dict, actor: User, is_public: bool, **write_options: Any
) -> Activity:
    if is_public:
        require(
            can_publish_activity(actor, program), _("Only a coordinator may publish an activity.")
        )
    activity = Activity(program=program, is_public=is_public)
    _save_activity_whole(
        activity, full, actor=actor, action="registry.activity.create", before=None, **write_options
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    data: Mapping[str, Any],
    actor: User,
    organisations: dict[str, Organisation] | None = None,
) -> Outcome:
    """Change an activity: the keys given in `data` replace the stored ones (a collection
    given replaces the whole collection); nothing is written when nothing differs.
    `organisations`: see `_ensure_organisations`."""
    _require_registry(actor, activity.program)
    unknown = set(data) - set(content.CONTENT_KEYS)
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    lock_for_update(activity)
    current = content.activity_data(activity)
    full = content.normalize({**current, **dict(data)})
    if full["iati_identifier"] != current["iati_identifier"]:
        other = _identifier_taken(full["iati_identifier"], activity.program, activity.pk)
        if other is not None:
            raise ValidationError(
                {
                    "iati_identifier": _(
                        "An activity with the IATI identifier %(id)s is already registered."
                    )
                    % {"id": full["iati_identifier"]}
                }
            )
    changed = content.changed_keys(current, full)
    fingerprint = content.content_hash(full)
    if not changed and activity.content_hash == fingerprint:
        return Outcome(activity, UNCHANGED, [])
    before = audit.snapshot(activity)
    _save_activity_whole(
        activity,
        full,
        actor=actor,
        action="registry.activity.update",
        before=before,
        fingerprint=fingerprint,
        organisations=organisations,
    )
    return Outcome(activity, UPDATED, changed)


#: Tries of an upsert that another transaction raced (see `activity_upsert`).
UPSERT_TRIES = 3


def activity_upsert(
    *,
    program: Program | None,
    data: Mapping[str, Any],
    actor: User,
    is_public: bool | None = None,
    organisations: dict[str, Organisation] | None = None,
) -> Outcome:
    """Create the activity or bring it to `data` (whole content); match by IATI identifier.

    An activity registered under another program is not taken over: that is an error
    naming the program. An import passes `organisations`, the cache of registry
    organisations it keeps between activities (see `_ensure_organisations`). With no
    program, the activity is the installation's (administrators), until a program links it.

    Two imports may store the same activity, or the same new organisation, at the same
    moment: the unique columns let one in and refuse the other (IntegrityError; or a
    deadlock between them), whose savepoint is rolled back and which tries again, finding
    the stored record. No lock is taken: the database decides.
    """
    for attempt in range(1, UPSERT_TRIES + 1):
        try:
            return _activity_upsert(
                program=program,
                data=data,
                actor=actor,
                is_public=is_public,
                organisations=organisations,
            )
        except DatabaseError as exc:
            if not concurrent_write(exc):
                raise
            if organisations is not None:
                organisations.clear()  # it may hold organisations the savepoint rolled back
            if attempt == UPSERT_TRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _activity_upsert(
    *,
    program: Program | None,
    data: Mapping[str, Any],
    actor: User,
    is_public: bool | None = None,
    organisations: dict[str, Organisation] | None = None,
) -> Outcome:
    _require_registry(actor, program)
    program_id = program.pk if program is not None else None
    full = content.normalize(dict(data))
    fingerprint = content.content_hash(full)
    stored = (
        Activity.objects.filter(iati_identifier=full["iati_identifier"])
        .values_list("pk", "program_id", "content_hash", "is_public")
        .first()
    )
    if (
        stored is not None
        and stored[1] == program_id
        and stored[2] == fingerprint
        and is_public in (None, stored[3])
    ):
        # Nothing to write: answer without loading the record (re-imports stay fast).
        same = Activity(pk=stored[0], program=program, iati_identifier=full["iati_identifier"])
        return Outcome(same, UNCHANGED, [])
    existing = (
        Activity.objects.filter(iati_identifier=full["iati_identifier"])
        .select_related("program")
        .first()
        if stored is not None
        else None
    )
    if existing is None:
        activity = _create(
            program=program,
            full=full,
            actor=actor,
            is_public=bool(is_public),
            fingerprint=fingerprint,
            organisations=organisations,
        )
        return Outcome(activity, CREATED, list(content.CONTENT_KEYS))
    if existing.program_id != program_id:
        if existing.program_id is None:
            message = _(
                "Activity %(id)s is in the registry under no program; link it to %(program)s "
                "first, or import it without a program."
            ) % {"id": full["iati_identifier"], "program": _registry_name(program)}
        else:
            message = _(
                "Activity %(id)s is registered under program %(program)s; import it there."
            ) % {"id": full["iati_identifier"], "program": _registered_under(existing)}
        raise ValidationError({"iati_identifier": message})
    if existing.content_hash == fingerprint:
        outcome = Outcome(existing, UNCHANGED, [])
    else:
        outcome = activity_update(
            activity=existing, data=full, actor=actor, organisations=organisations
        )
    if is_public is not None and is_public != existing.is_public:
        activity_set_public(activity=existing, is_public=is_public, actor=actor)
        if outcome.outcome == UNCHANGED:
            outcome = Outcome(existing, UPDATED, ["is_public"])
    return outcome


def _batch_refusal(
    full: dict, stored: tuple | None, program: Program | None
) -> ValidationError | None:
    """The refusal `activity_upsert` gives an activity registered elsewhere, if it is."""
    program_id = program.pk if program is not None else None
    if stored is None or stored[2] == program_id:
        return None
    if stored[2] is None:
        message = _(
            "Activity %(id)s is in the registry under no program; link it to %(program)s "
            "first, or import it without a program."
        ) % {"id": full["iati_identifier"], "program": _registry_name(program)}
    else:
        code = Program.objects.filter(pk=stored[2]).values_list("code", flat=True).first()
        message = _("Activity %(id)s is registered under program %(program)s; import it there.") % {
            "id": full["iati_identifier"],
            "program": code,
        }
    return ValidationError({"iati_identifier": message})


@transaction.atomic
def activities_import(
    *,
    program: Program | None,
    items: list[Mapping[str, Any]],
    actor: User,
    is_public: bool | None = None,
    organisations: dict[str, Organisation] | None = None,
    sources: list[str] | None = None,
    normalized: bool = False,
    fingerprints: list[str] | None = None,
    texts: list[dict[str, str]] | None = None,
) -> list[Outcome | ValidationError]:
    """Bring many activities to their content at once (an import's chunk): the answer for
    each item, in order, is its Outcome or the ValidationError that refused it alone.

    Same rules as `activity_upsert`, written in bulk: one query finds the stored
    fingerprints (an unchanged activity costs nothing more); new and changed activities,
    their owned rows and their change records (one per activity, whole before and after)
    are written a statement per table, under `audit.covered_by`. A change of publication
    goes through `activity_upsert`, one by one.

    `sources`: each item's source fingerprint (the importer's: `Activity.source_hash`), kept
    with the activities written. `normalized`: the items are canonical content already
    (`content.normalize` was applied), not normalised again; `fingerprints`: their
    `content.content_hash`, when the caller has them; `texts`: their keys' JSON texts
    (`content.texts_of`), which the activities' JSON columns and their change records then
    store without serialising the content again.
    """
    _require_registry(actor, program)
    fulls = (
        [cast(dict, data) for data in items]
        if normalized
        else [content.normalize(dict(data)) for data in items]
    )
    prints = fingerprints or [content.content_hash(full) for full in fulls]
    identifiers = [full["iati_identifier"] for full in fulls]
    stored = {
        row[1]: row
        for row in Activity.objects.filter(iati_identifier__in=identifiers).values_list(
            "pk", "iati_identifier", "program_id", "content_hash", "is_public"
        )
    }
    answers: list[Outcome | ValidationError | None] = [None] * len(fulls)
    seen: set[str] = set()
    new: list[int] = []
    changed: dict[int, int] = {}  # item index: activity pk
    for index, (full, fingerprint) in enumerate(zip(fulls, prints, strict=True)):
        identifier = full["iati_identifier"]
        row = stored.get(identifier)
        if identifier in seen:
            answers[index] = ValidationError(
                {"iati_identifier": _("%(id)s is repeated in this batch.") % {"id": identifier}}
            )
            continue
        seen.add(identifier)
        refusal = _batch_refusal(full, row, program)
        if refusal is not None:
            answers[index] = refusal
        elif row is not None and is_public is not None and is_public != row[4]:
            answers[index] = activity_upsert(
                program=program, data=full, actor=actor, is_public=is_public,
                organisations=organisations,
            )  # fmt: skip
        elif row is not None and row[3] == fingerprint:
            same = Activity(pk=row[0], program=program, iati_identifier=identifier)
            answers[index] = Outcome(same, UNCHANGED, [])
        elif row is None:
            new.append(index)
        else:
            changed[index] = row[0]
    if new and is_public:
        require(
            can_publish_activity(actor, program),
            _("Only a coordinator may publish an activity."),
        )
    _write_batch(
        program, fulls, prints, new, changed, answers,
        actor=actor, is_public=bool(is_public), organisations=organisations, sources=sources,
        texts=texts,
    )  # fmt: skip
    search_index.index_many(
        "activity",
        [a.activity for a in answers if isinstance(a, Outcome) and a.outcome != UNCHANGED],
    )
    return cast(list[Outcome | ValidationError], answers)


def _write_batch(
    program: Program | None,
    fulls: list[dict],
    prints: list[str],
    new: list[int],
    changed: dict[int, int],
    answers: list,
    *,
    actor: User,
    is_public: bool,
    organisations: dict[str, Organisation] | None,
    sources: list[str] | None = None,
    texts: list[dict[str, str]] | None = None,
) -> None:
    existing = {
        a.pk: a
        for a in Activity.objects.select_for_update(of=("self",))
        .filter(pk__in=changed.values())
        .prefetch_related(*content.CHILDREN)
    }
    befores: dict[int, tuple[dict, list[str]]] = {}
    built: dict[int, tuple[Activity, dict[str, list[dict]]]] = {}
    for index in new + list(changed):
        full = fulls[index]
        if index in changed:
            activity = existing[changed[index]]
            current = content.activity_data(activity)
            befores[index] = (audit.snapshot(activity), content.changed_keys(current, full))
        else:
            activity = Activity(program=program, is_public=is_public)
        errors: dict[str, list[str]] = {}
        # The import's typed checks (the schema has passed): no full_clean() per row.
        _set_activity_fields(activity, full, errors, clean=False)
        rows = typed.child_rows(full, errors)
        if errors:
            answers[index] = ValidationError(errors)
            continue
        activity.content_hash = prints[index]
        activity.source_hash = sources[index] if sources else ""
        if texts:
            # Serialised once, by the caller: the JSON columns and the change record.
            activity._serialized = {key: texts[index][key] for key in content.JSON_FIELDS}
            activity._audit_texts = texts[index]
        built[index] = (activity, rows)
    if not built:
        return
    names = organisation_names(fulls[index] for index in built)
    orgs = _ensure_organisations(names, actor, organisations)
    now = timezone.now()
    for index, (activity, _rows) in built.items():
        activity.reporting_organisation = orgs.get(fulls[index]["reporting_org_ref"])
        activity.updated_at = now
    with audit.covered_by(actor=actor) as cover:
        created = [built[i][0] for i in new if i in built]
        Activity.objects.bulk_create(created)
        updated = [built[i][0] for i in changed if i in built]
        if updated:
            fields = [
                f.name
                for f in Activity._meta.concrete_fields
                if not f.primary_key and f.name not in ("created_at", "program", "is_public")
            ]
            Activity.objects.bulk_update(updated, fields)
            for model in typed.MODELS.values():
                model._default_manager.filter(activity__in=[a.pk for a in updated]).delete()
        for key, model in typed.MODELS.items():
            table = []
            for activity, rows in built.values():
                for row in rows[key]:
                    row["activity_id"] = activity.pk
                    if key == "participating_orgs":
                        found = orgs.get(row["ref"])
                        row["organisation_id"] = found.pk if found is not None else None
                    table.append(row)
            cover.write_rows(model, table)
        for index, (activity, _rows) in built.items():
            activity._audit_children = {key: fulls[index][key] for key in content.CHILDREN}
            if index in changed:
                before, keys = befores[index]
                cover.record(action="registry.activity.update", obj=activity, before=before)
                answers[index] = Outcome(activity, UPDATED, keys)
            else:
                cover.record(action="registry.activity.create", obj=activity)
                answers[index] = Outcome(activity, CREATED, list(content.CONTENT_KEYS))


@transaction.atomic
def activity_set_public(*, activity: Activity, is_public: bool, actor: User) -> Activity:
    """Publish or unpublish an activity: coordinators only."""
    require(
        can_publish_activity(actor, activity.program),
        _("Only a coordinator may publish or unpublish an activity."),
    )
    lock_for_update(activity)
    if activity.is_public == is_public:
        return activity
    before = audit.snapshot(activity)
    activity.is_public = is_public
    activity.save(update_fields=["is_public", "updated_at"])
    audit.record(actor=actor, action="registry.activity.publish", obj=activity, before=before)
    search_index.index_record("activity", activity)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User) -> None:
    """Remove an activity with its rows; its last state stays in the audit trail."""
    require(
        can_publish_activity(actor, activity.program),
        _("Only a coordinator may delete an activity of %(code)s.")
        % {"code": _registered_under(activity)},
    )
    # Its IATI rows go with it in its last state (Activity.audit_owned); links from
    # initiatives each get a record of their own (delete_and_record).
    pk = activity.pk
    audit.delete_and_record(activity, actor=actor, action="registry.activity.delete")
    search_index.unindex("activity", [pk])


@transaction.atomic
def activity_link_program(*, activity: Activity, program: Program, actor: User) -> Activity:
    """A program takes an activity of no program (imported into the installation's
    registry) into its own registry: its editors may, for an activity they can see."""
    require(
        can_link_activity(actor, activity, program),
        _("You may not link activity %(id)s to program %(code)s.")
        % {"id": activity.iati_identifier, "code": program.code},
    )
    lock_for_update(activity)
    if activity.program_id is not None:
        raise ValidationError(
            {
                "program": _("Activity %(id)s is already registered under program %(code)s.")
                % {"id": activity.iati_identifier, "code": _registered_under(activity)}
            }
        )
    before = audit.snapshot(activity)
    activity.program = program
    activity.save(update_fields=["program", "updated_at"])
    audit.record(actor=actor, action="registry.activity.link_program", obj=activity, before=before)
    search_index.index_record("activity", activity)
    return activity


# --- Organisations (organisation files) ---------------------------------------------------------


@transaction.atomic
def organisation_upsert(
    *, ref: str, values: Mapping[str, Any], actor: User
) -> tuple[Organisation, str]:
    """An organisation as its IATI organisation file describes it."""
    require(can_keep_organisations(actor), _("You may not change the registry's organisations."))
    if not ref.strip():
        raise ValidationError({"ref": _("The organisation has no identifier.")})
    organisation = cast(Organisation | None, locked_first(Organisation.objects.filter(ref=ref)))
    before = audit.snapshot(organisation) if organisation else None
    if organisation is None:
        organisation = Organisation(
            ref=ref, institution=Institution.objects.filter(iati_identifier=ref).first()
        )
    changed = organisation.pk is None
    for field, value in values.items():
        if getattr(organisation, field) != value:
            changed = True
        setattr(organisation, field, value)
    if not changed:
        return organisation, UNCHANGED
    organisation.full_clean()
    organisation.save()
    audit.record(
        actor=actor,
        action="registry.organisation." + ("update" if before else "create"),
        obj=organisation,
        before=before,
    )
    return organisation, UPDATED if before else CREATED


# --- Links from initiatives -----------------------------------------------------------------


@transaction.atomic
def initiative_link_set(
    *,
    initiative: Initiative,
    activity: Activity,
    relation: str,
    actor: User,
    note_en: str = "",
    note_es: str = "",
) -> InitiativeLink:
    """Say that an initiative produced or served a registry activity (idempotent)."""
    require(
        can_edit_program_records(actor, initiative.program),
        _("You may not change the initiatives of program %(code)s.")
        % {"code": initiative.program.code},
    )
    link = cast(
        InitiativeLink | None,
        locked_first(InitiativeLink.objects.filter(initiative=initiative, activity=activity)),
    )
    before = audit.snapshot(link) if link else None
    if link is None:
        link = InitiativeLink(initiative=initiative, activity=activity)
    values = {"relation": relation, "note_en": note_en, "note_es": note_es}
    if before is not None and all(getattr(link, k) == v for k, v in values.items()):
        return link
    for field, value in values.items():
        setattr(link, field, value)
    link.full_clean(validate_constraints=False)
    link.save()
    audit.record(
        actor=actor,
        action="registry.initiative_link." + ("update" if before else "create"),
        obj=link,
        before=before,
    )
    return link


@transaction.atomic
def initiative_link_delete(*, link: InitiativeLink, actor: User) -> None:
    require(
        can_edit_program_records(actor, link.initiative.program),
        _("You may not change this initiative's links."),
    )
    audit.delete_and_record(link, actor=actor, action="registry.initiative_link.delete")
