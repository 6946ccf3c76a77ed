"""Writes to consultancies: contracts, deliverables, quality reviews and payments.

A payment is tied to a deliverable all partners accepted, never exceeds what the
deliverable and the contract allow, and, when the contract serves an initiative, is
recorded as the initiative's expenditure (finance) in the same transaction.

None is durable: pages and the API call them inside the transaction that checks the
record's version (`core.concurrency.save_if_current`, `core.api.VersionedMixin`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.contracts.models import Contract, Deliverable, DeliverableReview, Payment
from alianza.contracts.permissions import can_edit_contracts, can_terminate_contract
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.finance import services as finance
from alianza.finance.choices import TransactionType
from alianza.programs.models import Program
from alianza.programs.permissions import require

CONTRACT_FIELDS = {
    "reference",
    "kind",
    "title_en",
    "title_es",
    "contractor_name",
    "contractor_kind",
    "initiative",
    "terms_of_reference_en",
    "terms_of_reference_es",
    "amount",
    "currency",
    "start_date",
    "end_date",
    "data_ownership",
    "data_ownership_clause_en",
    "data_ownership_clause_es",
    "source_note_en",
    "source_note_es",
}
DELIVERABLE_FIELDS = {"number", "title_en", "title_es", "planned_date", "delivered_date", "amount"}
REVIEW_FIELDS = {"decision", "reviewed_on", "comments"}
PAYMENT_FIELDS = {"deliverable", "paid_on", "amount", "reference"}


def _money(value: Decimal, currency: str) -> str:
    return f"{currency} {value:,.2f}"


def _paid(contract: Contract, *, deliverable: Deliverable | None = None) -> Decimal:
    payments = Payment.objects.filter(contract=contract)
    if deliverable is not None:
        payments = payments.filter(deliverable=deliverable)
    return payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")


# --- Contracts -----------------------------------------------------------------------------


@transaction.atomic
def contract_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Contract:
    """Register a consultancy or service contract with its terms of reference."""
    require(
        can_edit_contracts(actor, program),
        _("You may not change the consultancies of %(code)s.") % {"code": program.code},
    )
    contract = Contract(program=program)
    assign_fields(contract, data, CONTRACT_FIELDS)
    audit.save_and_record(contract, actor=actor, action="contracts.contract.create")
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, data: Mapping[str, Any], actor: User) -> Contract:
    require(
        can_edit_contracts(actor, contract.program),
        _("You may not change the consultancies of %(code)s.") % {"code": contract.program.code},
    )
    lock_for_update(contract)
    before = audit.snapshot(contract)
    assign_fields(contract, data, CONTRACT_FIELDS)
    paid = _paid(contract)
    if contract.amount is not None and paid > contract.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Contract %(ref)s has already been paid %(paid)s; its amount cannot be lower."
                )
                % {"ref": contract.reference, "paid": _money(paid, contract.currency)}
            }
        )
    if contract.deliverables.filter(planned_date__lt=contract.start_date).exists() or (
        contract.deliverables.filter(delivered_date__lt=contract.start_date).exists()
    ):
        raise ValidationError(
            {
                "start_date": _("Contract %(ref)s has deliverables dated before this start.")
                % {"ref": contract.reference}
            }
        )
    audit.save_and_record(contract, actor=actor, action="contracts.contract.update", before=before)
    return contract


@transaction.atomic
def contract_terminate(
    *,
    contract: Contract,
    terminated_on: date,
    reason_en: str = "",
    reason_es: str = "",
    actor: User,
) -> Contract:
    """End a contract early, with its reason (coordinators)."""
    require(
        can_terminate_contract(actor, contract.program),
        _("Only a coordinator may terminate a contract."),
    )
    lock_for_update(contract)
    if contract.terminated_on:
        raise ValidationError(
            {
                "terminated_on": _("Contract %(ref)s was already terminated on %(date)s.")
                % {"ref": contract.reference, "date": contract.terminated_on}
            }
        )
    before = audit.snapshot(contract)
    contract.terminated_on = terminated_on
    contract.termination_reason_en = (reason_en or "").strip()
    contract.termination_reason_es = (reason_es or "").strip()
    audit.save_and_record(
        contract, actor=actor, action="contracts.contract.terminate", before=before
    )
    return contract


# --- Deliverables --------------------------------------------------------------------------


def _check_deliverable_amounts(deliverable: Deliverable) -> None:
    contract = deliverable.contract
    others = contract.deliverables.exclude(pk=deliverable.pk).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal("0")
    if deliverable.amount is not None and others + deliverable.amount > contract.amount:
        raise ValidationError(
            {
                "amount": _(
                    "%(record)s: the deliverables would add up to %(total)s, above the "
                    "contract amount %(amount)s."
                )
                % {
                    "record": deliverable.label,
                    "total": _money(others + deliverable.amount, contract.currency),
                    "amount": _money(contract.amount, contract.currency),
                }
            }
        )
    if deliverable.pk and deliverable.amount is not None:
        paid = _paid(contract, deliverable=deliverable)
        if paid > deliverable.amount:
            raise ValidationError(
                {
                    "amount": _("%(record)s has already been paid %(paid)s.")
                    % {"record": deliverable.label, "paid": _money(paid, contract.currency)}
                }
            )


@transaction.atomic
def deliverable_create(*, contract: Contract, data: Mapping[str, Any], actor: User) -> Deliverable:
    require(
        can_edit_contracts(actor, contract.program),
        _("You may not change the consultancies of %(code)s.") % {"code": contract.program.code},
    )
    lock_for_update(contract)  # one writer at a time checks the contract's amounts
    deliverable = Deliverable(contract=contract)
    assign_fields(deliverable, data, DELIVERABLE_FIELDS)
    if not deliverable.number:
        deliverable.number = (
            max(contract.deliverables.values_list("number", flat=True), default=0) + 1
        )
    deliverable.full_clean()
    _check_deliverable_amounts(deliverable)
    audit.save_and_record(deliverable, actor=actor, action="contracts.deliverable.create")
    return deliverable


@transaction.atomic
def deliverable_update(
    *, deliverable: Deliverable, data: Mapping[str, Any], actor: User
) -> Deliverable:
    require(
        can_edit_contracts(actor, deliverable.contract.program),
        _("You may not change the consultancies of %(code)s.")
        % {"code": deliverable.contract.program.code},
    )
    lock_for_update(deliverable)
    before = audit.snapshot(deliverable)
    assign_fields(deliverable, data, DELIVERABLE_FIELDS)
    deliverable.full_clean()
    _check_deliverable_amounts(deliverable)
    if (
        deliverable.reviews.exists()
        and str(before.get("delivered_date")) != str(deliverable.delivered_date)
        and deliverable.delivered_date is None
    ):
        raise ValidationError(
            {
                "delivered_date": _("%(record)s has been reviewed; it stays delivered.")
                % {"record": deliverable.label}
            }
        )
    audit.save_and_record(
        deliverable, actor=actor, action="contracts.deliverable.update", before=before
    )
    return deliverable


# --- Quality reviews ------------------------------------------------------------------------


@transaction.atomic
def deliverable_review(
    *,
    deliverable: Deliverable,
    data: Mapping[str, Any],
    actor: User,
    institution: Institution | None = None,
) -> DeliverableReview:
    """Record the actor's institution's review (administrators may name the institution)."""
    program = deliverable.contract.program
    require(
        can_edit_contracts(actor, program),
        _("You may not change the consultancies of %(code)s.") % {"code": program.code},
    )
    partner_ids = set(program.partnerships.values_list("institution_id", flat=True))
    if institution is None or not actor.is_superuser:
        institution = actor.institution
    if institution is None or institution.pk not in partner_ids:
        raise ValidationError(
            {
                "institution": _("Only a partner institution of %(code)s reviews its deliverables.")
                % {"code": program.code}
            }
        )
    review = DeliverableReview(deliverable=deliverable, institution=institution, reviewer=actor)
    assign_fields(review, data, REVIEW_FIELDS)
    audit.save_and_record(review, actor=actor, action="contracts.deliverable.review")
    return review


# --- Payments -------------------------------------------------------------------------------


@transaction.atomic
def payment_create(*, contract: Contract, data: Mapping[str, Any], actor: User) -> Payment:
    """Pay for an accepted deliverable, within what it and the contract allow."""
    require(
        can_edit_contracts(actor, contract.program),
        _("You may not change the consultancies of %(code)s.") % {"code": contract.program.code},
    )
    lock_for_update(contract)  # two payments at once cannot both fit in what is left
    payment = Payment(contract=contract)
    assign_fields(payment, data, PAYMENT_FIELDS)
    payment.full_clean()
    deliverable = payment.deliverable
    if deliverable.contract_id != contract.pk:
        raise ValidationError({"deliverable": _("The deliverable belongs to another contract.")})
    if not deliverable.is_accepted:
        raise ValidationError(
            {
                "deliverable": _(
                    "%(record)s has not been accepted by every partner; it cannot be paid yet."
                )
                % {"record": deliverable.label}
            }
        )
    accepted_on = deliverable.accepted_on
    if accepted_on is not None and payment.paid_on < accepted_on:
        raise ValidationError(
            {
                "paid_on": _(
                    "%(record)s was accepted on %(accepted)s; a payment cannot come before."
                )
                % {"record": deliverable.label, "accepted": accepted_on}
            }
        )
    paid = _paid(contract)
    if paid + payment.amount > contract.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Contract %(ref)s: a payment of %(payment)s would bring the total paid to "
                    "%(total)s, above the contract amount %(amount)s."
                )
                % {
                    "ref": contract.reference,
                    "payment": _money(payment.amount, contract.currency),
                    "total": _money(paid + payment.amount, contract.currency),
                    "amount": _money(contract.amount, contract.currency),
                }
            }
        )
    if deliverable.amount is not None:
        paid_here = _paid(contract, deliverable=deliverable)
        if paid_here + payment.amount > deliverable.amount:
            raise ValidationError(
                {
                    "amount": _(
                        "%(record)s: a payment of %(payment)s would bring it to %(total)s, "
                        "above the %(allowed)s its acceptance allows."
                    )
                    % {
                        "record": deliverable.label,
                        "payment": _money(payment.amount, contract.currency),
                        "total": _money(paid_here + payment.amount, contract.currency),
                        "allowed": _money(deliverable.amount, contract.currency),
                    }
                }
            )
    if contract.initiative is not None:
        try:
            payment.transaction = finance.transaction_create(
                initiative=contract.initiative,
                data={
                    "kind": TransactionType.EXPENDITURE,
                    "date": payment.paid_on,
                    "amount": payment.amount,
                    "currency": contract.currency,
                    "reference": payment.reference,
                    "description_en": f"Payment: {deliverable.label}",
                    "description_es": f"Pago: {deliverable.label}",
                },
                actor=actor,
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    "paid_on" if key in ("currency", "date") else "amount": messages
                    for key, messages in exc.message_dict.items()
                }
            )
    audit.save_and_record(payment, actor=actor, action="contracts.payment.create")
    return payment
