"""Writes to the specialists' records: positions, people and their personal data, service
contracts and their renewals, the yearly headcount figures, notices, read receipts and
questions. Every write checks its permission first, validates everything before it keeps
anything, runs in one transaction and is audited (personal data by field name only).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.core.money import CENT
from alianza.core.services import assign_fields, refuse_taken
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.specialists.choices import RenewalDecision
from alianza.specialists.models import (
    HeadcountRecord,
    Notice,
    NoticeReceipt,
    PersonalData,
    PersonalDataRead,
    Position,
    Question,
    ServiceContract,
    Specialist,
)
from alianza.specialists.permissions import (
    can_edit_personal_data,
    can_manage_staff,
    can_read_personal_data,
    is_the_specialist,
)

POSITION_FIELDS = {
    "code",
    "title_en",
    "title_es",
    "host_institution",
    "area_en",
    "area_es",
    "function_en",
    "function_es",
    "required_profile_en",
    "required_profile_es",
    "priority",
    "monthly_cost",
    "currency",
    "source_note_en",
    "source_note_es",
    "translated_fields",
}
SPECIALIST_FIELDS = {"full_name", "user"}
PERSONAL_FIELDS = set(PersonalData.audit_exclude)
CONTRACT_FIELDS = {
    "reference",
    "specialist",
    "position",
    "holder",
    "start_date",
    "end_date",
    "monthly_cost",
    "currency",
    "component",
    "funding_source",
    "renews",
    "renewal_decision",
    "renewal_decided_on",
    "source_note_en",
    "source_note_es",
}
HEADCOUNT_FIELDS = {
    "headcount",
    "authorized_places",
    "staff_share",
    "budget_share",
    "note_en",
    "note_es",
    "source_note_en",
    "source_note_es",
    "translated_fields",
}
NOTICE_FIELDS = {"topic", "title_en", "title_es", "body_en", "body_es", "published_on"}
REFUSED = gettext_lazy("You may not change the specialists' records of %(code)s.")


def _refuse_unless_manager(actor: User, program: Program) -> None:
    require(can_manage_staff(actor, program), REFUSED % {"code": program.code})


def _partner_ids(program: Program) -> set[int]:
    return set(program.partnerships.values_list("institution_id", flat=True))


# Positions ---------------------------------------------------------------------------------


def _check_position(position: Position) -> None:
    if position.host_institution_id and position.host_institution_id not in _partner_ids(
        position.program
    ):
        raise ValidationError(
            {
                "host_institution": _("%(record)s: the host institution is not a partner.")
                % {"record": position.label}
            }
        )


@transaction.atomic
def position_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Position:
    """Add a position; its currency is the program's unless given."""
    _refuse_unless_manager(actor, program)
    refuse_taken(
        program.positions.filter(code=data.get("code")), field="code", value=data.get("code")
    )
    position = Position(program=program, currency=program.currency)
    assign_fields(position, data, POSITION_FIELDS)
    position.full_clean()
    _check_position(position)
    position.save()
    audit.record(actor=actor, action="specialists.position.create", obj=position)
    return position


@transaction.atomic
def position_update(*, position: Position, data: Mapping[str, Any], actor: User) -> Position:
    _refuse_unless_manager(actor, position.program)
    lock_for_update(position)
    before = audit.snapshot(position)
    assign_fields(position, data, POSITION_FIELDS)
    position.full_clean()
    _check_position(position)
    if audit.snapshot(position) != before:
        position.save()
        audit.record(actor=actor, action="specialists.position.update", obj=position, before=before)
    return position


@transaction.atomic
def position_upsert(
    *, program: Program, code: str, data: Mapping[str, Any], actor: User
) -> Position:
    """Create position `code` or bring it to `data`; nothing is written when equal."""
    existing = locked_first(Position.objects.filter(program=program, code=code))
    if existing is None:
        return position_create(program=program, data={**data, "code": code}, actor=actor)
    return position_update(position=existing, data=data, actor=actor)


# Specialists and their personal data -------------------------------------------------------


@transaction.atomic
def specialist_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Specialist:
    _refuse_unless_manager(actor, program)
    specialist = Specialist(program=program)
    assign_fields(specialist, data, SPECIALIST_FIELDS)
    audit.save_and_record(specialist, actor=actor, action="specialists.specialist.create")
    return specialist


@transaction.atomic
def specialist_update(
    *, specialist: Specialist, data: Mapping[str, Any], actor: User
) -> Specialist:
    _refuse_unless_manager(actor, specialist.program)
    lock_for_update(specialist)
    before = audit.snapshot(specialist)
    assign_fields(specialist, data, SPECIALIST_FIELDS)
    specialist.full_clean()
    if audit.snapshot(specialist) != before:
        specialist.save()
        audit.record(
            actor=actor, action="specialists.specialist.update", obj=specialist, before=before
        )
    return specialist


@transaction.atomic
def personal_data_update(
    *, specialist: Specialist, data: Mapping[str, Any], actor: User
) -> PersonalData:
    """Write a person's personal data: the human-resources focal points who may read them.
    The trail records which fields changed, never their values."""
    require(
        can_edit_personal_data(actor, specialist),
        _("You may not change the personal data of %(name)s.") % {"name": specialist.full_name},
    )
    record = PersonalData.objects.filter(specialist=specialist).first()
    created = record is None
    if record is None:
        record = PersonalData(specialist=specialist)
    else:
        lock_for_update(record)
    old = {name: getattr(record, name) for name in PERSONAL_FIELDS}
    assign_fields(record, data, PERSONAL_FIELDS)
    record.full_clean()
    changed = tuple(sorted(n for n in PERSONAL_FIELDS if getattr(record, n) != old[n]))
    if created or changed:
        before = None if created else audit.snapshot(record)
        record.save()
        audit.record(
            actor=actor,
            action="specialists.personal_data." + ("create" if created else "update"),
            obj=record,
            before=before,
            secret_fields=changed,
        )
    return record


def personal_data_read(*, specialist: Specialist, actor: User, channel: str) -> PersonalData | None:
    """A person's personal data (None when none are recorded yet), for those who may read
    them; every read is logged (`PersonalDataRead`), refused ones are not served at all."""
    require(
        can_read_personal_data(actor, specialist),
        _("You may not read the personal data of %(name)s.") % {"name": specialist.full_name},
    )
    with transaction.atomic():
        PersonalDataRead.objects.create(
            specialist=specialist,
            reader=actor,
            institution=actor.institution,
            channel=channel,
        )
    return PersonalData.objects.filter(specialist=specialist).first()


# Service contracts -------------------------------------------------------------------------


def _check_contract(contract: ServiceContract) -> None:
    """The rules that span records: the holder is a partner, and one person does not hold
    two contracts for one position at the same time."""
    errors: dict[str, list[str]] = {}
    if contract.holder_id and contract.holder_id not in _partner_ids(contract.program):
        errors["holder"] = [
            _("%(record)s: the holding institution is not a partner of the program.")
            % {"record": contract.label}
        ]
    overlapping = (
        ServiceContract.objects.filter(
            specialist_id=contract.specialist_id,
            position_id=contract.position_id,
            start_date__lte=contract.end_date,
            end_date__gte=contract.start_date,
        )
        .exclude(pk=contract.pk)
        .order_by("start_date")
        .first()
    )
    if overlapping is not None:
        errors["start_date"] = [
            _(
                "%(record)s overlaps %(other)s (%(start)s to %(end)s): one person holds one "
                "contract for a position at a time."
            )
            % {
                "record": contract.label,
                "other": overlapping.label,
                "start": overlapping.start_date,
                "end": overlapping.end_date,
            }
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_create(*, program: Program, data: Mapping[str, Any], actor: User) -> ServiceContract:
    """Register a service contract; its currency is the position's unless given."""
    _refuse_unless_manager(actor, program)
    refuse_taken(
        program.service_contracts.filter(reference=data.get("reference")),
        field="reference",
        value=data.get("reference"),
    )
    contract = ServiceContract(program=program)
    assign_fields(contract, data, CONTRACT_FIELDS)
    if "currency" not in data:
        contract.currency = contract.position.currency if contract.position_id else program.currency
    contract.full_clean()
    _check_contract(contract)
    contract.save()
    audit.record(actor=actor, action="specialists.service_contract.create", obj=contract)
    return contract


@transaction.atomic
def contract_update(
    *, contract: ServiceContract, data: Mapping[str, Any], actor: User
) -> ServiceContract:
    _refuse_unless_manager(actor, contract.program)
    lock_for_update(contract)
    before, cost = audit.snapshot(contract), contract.monthly_cost
    assign_fields(contract, data, CONTRACT_FIELDS)
    contract.full_clean()
    _check_contract(contract)
    secret = ("monthly_cost",) if contract.monthly_cost != cost else ()
    if secret or audit.snapshot(contract) != before:
        contract.save()
        audit.record(
            actor=actor,
            action="specialists.service_contract.update",
            obj=contract,
            before=before,
            secret_fields=secret,
        )
    return contract


@transaction.atomic
def contract_renewal_decide(
    *, contract: ServiceContract, decision: str, decided_on: date, actor: User
) -> ServiceContract:
    """Record whether a contract will be renewed (the alert on ending contracts stops)."""
    if decision not in RenewalDecision.values:
        raise ValidationError({"renewal_decision": _("Choose renew or do not renew.")})
    return contract_update(
        contract=contract,
        data={"renewal_decision": decision, "renewal_decided_on": decided_on},
        actor=actor,
    )


@transaction.atomic
def contract_renew(
    *, contract: ServiceContract, data: Mapping[str, Any], actor: User
) -> ServiceContract:
    """The next contract of the same person in the same position, starting after this one
    ends; this one's decision becomes "renew"."""
    _refuse_unless_manager(actor, contract.program)
    renewal = contract_create(
        program=contract.program,
        data={
            "specialist": contract.specialist,
            "position": contract.position,
            "holder": contract.holder,
            "component": contract.component,
            "funding_source": contract.funding_source,
            "monthly_cost": contract.monthly_cost,
            "currency": contract.currency,
            **data,
            "renews": contract,
        },
        actor=actor,
    )
    if contract.renewal_decision != RenewalDecision.RENEW:
        contract_update(
            contract=contract,
            data={
                "renewal_decision": RenewalDecision.RENEW,
                "renewal_decided_on": contract.renewal_decided_on or timezone.localdate(),
            },
            actor=actor,
        )
    return renewal


# Headcount figures -------------------------------------------------------------------------


@transaction.atomic
def headcount_upsert(
    *, program: Program, year: int, data: Mapping[str, Any], actor: User
) -> HeadcountRecord:
    """A program's figures for `year`, as its sources state them; nothing is written when
    equal (loaders)."""
    _refuse_unless_manager(actor, program)
    record = locked_first(HeadcountRecord.objects.filter(program=program, year=year))
    before = None if record is None else audit.snapshot(record)
    if record is None:
        record = HeadcountRecord(program=program, year=year)
    assign_fields(record, data, HEADCOUNT_FIELDS)
    for name in ("staff_share", "budget_share"):
        value = getattr(record, name)
        if isinstance(value, Decimal):  # as stored: 91 and 91.00 are one figure
            setattr(record, name, value.quantize(CENT))
    record.full_clean()
    if before is None or audit.snapshot(record) != before:
        record.save()
        action = "create" if before is None else "update"
        audit.record(
            actor=actor, action=f"specialists.headcount_record.{action}", obj=record, before=before
        )
    return record


@transaction.atomic
def headcount_create(
    *, program: Program, year: int, data: Mapping[str, Any], actor: User
) -> HeadcountRecord:
    """New figures for a year that has none (a form that means "new" never overwrites)."""
    _refuse_unless_manager(actor, program)
    refuse_taken(program.headcount_records.filter(year=year), field="year", value=year)
    return headcount_upsert(program=program, year=year, data=data, actor=actor)


# The channel: notices, read receipts, questions --------------------------------------------


@transaction.atomic
def notice_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Notice:
    _refuse_unless_manager(actor, program)
    notice = Notice(program=program, author=actor if actor.pk else None)
    assign_fields(notice, data, NOTICE_FIELDS)
    audit.save_and_record(notice, actor=actor, action="specialists.notice.create")
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, data: Mapping[str, Any], actor: User) -> Notice:
    _refuse_unless_manager(actor, notice.program)
    lock_for_update(notice)
    before = audit.snapshot(notice)
    assign_fields(notice, data, NOTICE_FIELDS)
    notice.full_clean()
    if audit.snapshot(notice) != before:
        notice.save()
        audit.record(actor=actor, action="specialists.notice.update", obj=notice, before=before)
    return notice


def specialist_of(user: User, program: Program) -> Specialist | None:
    """The user's own specialist record in the program, if they are one."""
    if not user.is_authenticated:
        return None
    return Specialist.objects.filter(program=program, user_id=user.pk).first()


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor: User) -> NoticeReceipt | None:
    """The specialist reading a notice leaves a receipt, the first time only; anyone else's
    reading leaves none."""
    specialist = specialist_of(actor, notice.program)
    if specialist is None:
        return None
    existing = NoticeReceipt.objects.filter(notice=notice, specialist=specialist).first()
    if existing is not None:
        return existing
    receipt = NoticeReceipt(notice=notice, specialist=specialist, read_at=timezone.now())
    audit.save_and_record(receipt, actor=actor, action="specialists.notice_receipt.create")
    return receipt


@transaction.atomic
def question_ask(*, program: Program, text: str, actor: User) -> Question:
    """A specialist of the program asks a question."""
    specialist = specialist_of(actor, program)
    require(
        specialist is not None,
        _("Only the specialists of %(code)s ask questions here.") % {"code": program.code},
    )
    question = Question(program=program, specialist=specialist, asked_at=timezone.now())
    assign_fields(question, {"text": text}, {"text"})
    audit.save_and_record(question, actor=actor, action="specialists.question.create")
    return question


@transaction.atomic
def question_answer(*, question: Question, answer: str, actor: User) -> Question:
    """The human-resources focal points and coordinators answer; a new answer replaces the
    previous one (the trail keeps both)."""
    _refuse_unless_manager(actor, question.program)
    require(
        not is_the_specialist(actor, question.specialist),
        _("A specialist does not answer their own question."),
    )
    lock_for_update(question)
    before = audit.snapshot(question)
    assign_fields(question, {"answer": answer}, {"answer"})
    if not question.answer:
        raise ValidationError({"answer": _("An answer needs its text.")})
    question.answered_by, question.answered_at = actor, timezone.now()
    audit.save_and_record(
        question, actor=actor, action="specialists.question.answer", before=before
    )
    return question
