"""Consultancies: contracts, their deliverables, each partner's quality review, and payments.

Delays are computed, never typed: a deliverable is late by the days between its planned
date and its delivery (or the day of reckoning while it is still due).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.codelists.currencies import DEFAULT_CURRENCY, CurrencyField
from alianza.contracts.choices import (
    ContractKind,
    ContractorKind,
    ContractStatus,
    DataOwnership,
    ReviewDecision,
)
from alianza.contracts.querysets import (
    ContractQuerySet,
    DeliverableQuerySet,
    PaymentQuerySet,
    ReviewQuerySet,
)
from alianza.core.models import SourceNoteMixin, TimeStampedModel, localized


class Contract(TimeStampedModel, SourceNoteMixin):
    """A consultancy or service contract the program pays for."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    reference = models.CharField(_("contract number"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    contractor_name = models.CharField(_("consultant or firm"), max_length=255)
    contractor_kind = models.CharField(
        _("contractor is"),
        max_length=10,
        choices=ContractorKind.choices,
        default=ContractorKind.PERSON,
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    terms_of_reference_en = models.TextField(_("terms of reference (English)"), blank=True)
    terms_of_reference_es = models.TextField(_("terms of reference (Spanish)"), blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    data_ownership = models.CharField(
        _("data ownership"),
        max_length=30,
        choices=DataOwnership.choices,
        default=DataOwnership.NOT_STATED,
    )
    data_ownership_clause_en = models.TextField(_("data-ownership clause (English)"), blank=True)
    data_ownership_clause_es = models.TextField(_("data-ownership clause (Spanish)"), blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason_en = models.TextField(_("reason for termination (English)"), blank=True)
    termination_reason_es = models.TextField(_("reason for termination (Spanish)"), blank=True)

    title = localized("title")
    terms_of_reference = localized("terms_of_reference")
    data_ownership_clause = localized("data_ownership_clause")
    termination_reason = localized("termination_reason")

    objects = ContractQuerySet.as_manager()

    # Computed by selectors.contracts_with_delays for the pages, never stored.
    days_late_value: int
    paid_total: Decimal

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["program", "start_date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "reference"],
                name="contract_unique_reference",
                violation_error_message=_("The program already has a contract with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="contract_ends_after_start",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "contracts:contract_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        errors = {}
        label = _("Contract %(ref)s") % {"ref": self.reference}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("%(record)s needs a title in Spanish or English.") % {
                "record": label
            }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("%(record)s ends (%(end)s) before it starts (%(start)s).") % {
                "record": label,
                "end": self.end_date,
                "start": self.start_date,
            }
        if self.initiative_id and self.program_id and self.initiative.program_id != self.program_id:
            errors["initiative"] = _("%(record)s: the initiative belongs to another program.") % {
                "record": label
            }
        if self.terminated_on:
            if not (self.termination_reason_en or self.termination_reason_es):
                errors["termination_reason_es"] = _(
                    "%(record)s: a termination needs its reason."
                ) % {"record": label}
            if self.start_date and self.terminated_on < self.start_date:
                errors["terminated_on"] = _(
                    "%(record)s cannot be terminated (%(date)s) before it starts (%(start)s)."
                ) % {"record": label, "date": self.terminated_on, "start": self.start_date}
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        if self.terminated_on:
            return ContractStatus.TERMINATED
        deliverables = list(self.deliverables.all())
        if deliverables and all(d.is_accepted for d in deliverables):
            return ContractStatus.COMPLETED
        return ContractStatus.ACTIVE

    def get_status_display(self) -> str:
        return ContractStatus(self.status).label

    def days_late(self, as_of: date) -> int:
        """The contract is as late as its latest deliverable."""
        return max((d.days_late(as_of) for d in self.deliverables.all()), default=0)

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("deliverables",)

    def audit_related(self) -> dict:
        return {
            "deliverables": [
                {
                    "number": d.number,
                    "planned_date": d.planned_date.isoformat(),
                    "delivered_date": d.delivered_date.isoformat() if d.delivered_date else None,
                }
                for d in self.deliverables.order_by("number")
            ]
        }


class Deliverable(TimeStampedModel):
    """A product a contract must deliver, with its planned and actual delivery dates."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="deliverables",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    planned_date = models.DateField(_("planned date"))
    delivered_date = models.DateField(_("delivered on"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount payable on acceptance"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    title = localized("title")

    objects = DeliverableQuerySet.as_manager()

    # Set by the selectors for the pages, never stored: the program's partner institutions
    # (so that `is_accepted` asks no query per row), the days late and the reviews in order.
    _partner_ids: list[int]
    days_late_value: int
    review_list: list[DeliverableReview]

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="deliverable_unique_number",
                violation_error_message=_(
                    "The contract already has a deliverable with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} · {self.number}. {self.title}"

    def audit_program_id(self) -> int:
        return self.contract.program_id

    @property
    def label(self) -> str:
        return _("Deliverable %(number)s of contract %(ref)s") % {
            "number": self.number,
            "ref": self.contract.reference,
        }

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("%(record)s needs a title in Spanish or English.") % {
                "record": self.label
            }
        start = self.contract.start_date if self.contract_id else None
        if start and self.delivered_date and self.delivered_date < start:
            errors["delivered_date"] = _(
                "%(record)s: delivered on %(date)s, before the contract starts (%(start)s)."
            ) % {"record": self.label, "date": self.delivered_date, "start": start}
        if start and self.planned_date and self.planned_date < start:
            errors["planned_date"] = _(
                "%(record)s: planned for %(date)s, before the contract starts (%(start)s)."
            ) % {"record": self.label, "date": self.planned_date, "start": start}
        if errors:
            raise ValidationError(errors)

    def days_late(self, as_of: date) -> int:
        """Days past the planned date: until delivery, or until `as_of` while still due."""
        if self.delivered_date:
            end = self.delivered_date
        else:
            if self.contract_id and self.contract.terminated_on:
                end = min(as_of, self.contract.terminated_on)
            else:
                end = as_of
        return max((end - self.planned_date).days, 0)

    def latest_reviews(self) -> dict[int, DeliverableReview]:
        """The latest review by each institution (reviews must be prefetched or are queried)."""
        latest: dict[int, DeliverableReview] = {}
        for review in sorted(self.reviews.all(), key=lambda r: (r.reviewed_on, r.pk)):
            latest[review.institution_id] = review
        return latest

    def accepted_by(self, partner_ids) -> bool:
        latest = self.latest_reviews()
        return bool(partner_ids) and all(
            pid in latest and latest[pid].decision == ReviewDecision.ACCEPTED for pid in partner_ids
        )

    @property
    def is_accepted(self) -> bool:
        partners = getattr(self, "_partner_ids", None)
        if partners is None:
            partners = list(
                self.contract.program.partnerships.values_list("institution_id", flat=True)
            )
        return self.accepted_by(partners)

    @property
    def accepted_on(self) -> date | None:
        if not self.is_accepted:
            return None
        return max(r.reviewed_on for r in self.latest_reviews().values())


class DeliverableReview(TimeStampedModel):
    """One partner's quality review of a deliverable: accepted, or returned with comments."""

    deliverable = models.ForeignKey(
        Deliverable,
        verbose_name=_("deliverable"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    reviewed_on = models.DateField(_("reviewed on"))
    comments = models.TextField(_("comments"), blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        ordering = ["deliverable", "reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.deliverable} · {self.institution} · {self.get_decision_display()}"

    def audit_program_id(self) -> int:
        return self.deliverable.contract.program_id

    def clean(self) -> None:
        errors = {}
        deliverable = self.deliverable if self.deliverable_id else None
        if self.decision == ReviewDecision.RETURNED and not self.comments.strip():
            errors["comments"] = _("A deliverable returned to the contractor needs comments.")
        if deliverable is not None:
            if not deliverable.delivered_date:
                errors["deliverable"] = _("%(record)s has not been delivered yet.") % {
                    "record": deliverable.label
                }
            elif self.reviewed_on and self.reviewed_on < deliverable.delivered_date:
                errors["reviewed_on"] = _(
                    "%(record)s: a review (%(date)s) cannot come before the delivery "
                    "(%(delivered)s)."
                ) % {
                    "record": deliverable.label,
                    "date": self.reviewed_on,
                    "delivered": deliverable.delivered_date,
                }
        if errors:
            raise ValidationError(errors)


class Payment(TimeStampedModel):
    """Money paid to the contractor for an accepted deliverable."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="payments"
    )
    deliverable = models.ForeignKey(
        Deliverable,
        verbose_name=_("deliverable"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    transaction = models.OneToOneField(
        "finance.Transaction",
        verbose_name=_("transaction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["contract", "paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.contract.reference} · {self.amount} ({self.paid_on})"

    def audit_program_id(self) -> int:
        return self.contract.program_id

    @property
    def currency(self) -> str:
        return self.contract.currency
