"""Specialists a program hires for a partner: the positions they fill, the people, their
service contracts, the program's yearly headcount figures, and the channel between the
program and its specialists (notices with read receipts, questions with answers).

A position belongs to the institution it serves (the host: PROCAP's specialists serve
AMEXCID); a contract is held by the partner that hires (PROCAP: UNDP). A person's personal
data live apart (`PersonalData`), read only through `selectors.personal_data_for`, which
asks `permissions.can_read_personal_data` and logs every read (`PersonalDataRead`).

Headcount is counted from contracts where the program records people one by one; a
program that knows only its totals (PROCAP: 40 in 2013, 112 at the end of 2019) records
them per year (`HeadcountRecord`) without inventing individuals.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.codelists.currencies import DEFAULT_CURRENCY, CurrencyField
from alianza.core.models import SourceNoteMixin, TimeStampedModel, TranslationMarksMixin, localized
from alianza.specialists.choices import NoticeTopic, Priority, ReadChannel, RenewalDecision
from alianza.specialists.querysets import (
    HeadcountRecordQuerySet,
    NoticeQuerySet,
    NoticeReceiptQuerySet,
    PersonalDataQuerySet,
    PersonalDataReadQuerySet,
    PositionQuerySet,
    QuestionQuerySet,
    ServiceContractQuerySet,
    SpecialistQuerySet,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


def _same_program(errors: dict, record: str, field: str, obj, program_id) -> None:
    if obj is not None and program_id and obj.program_id != program_id:
        errors[field] = _("%(record)s: the %(field)s belongs to another program.") % {
            "record": record,
            "field": obj._meta.verbose_name,
        }


class Position(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A place the program pays for in the host institution: its function, area, the
    profile it needs, how essential it is and what it costs a month."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("The position's number or code in the program.")
    )
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)
    host_institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("host institution"),
        on_delete=models.PROTECT,
        related_name="hosted_positions",
        help_text=_("The institution the position serves."),
    )
    area_en = models.CharField(_("area of the institution (English)"), max_length=255, blank=True)
    area_es = models.CharField(_("area of the institution (Spanish)"), max_length=255, blank=True)
    function_en = models.CharField(_("function (English)"), max_length=255, blank=True)
    function_es = models.CharField(_("function (Spanish)"), max_length=255, blank=True)
    required_profile_en = models.TextField(_("required profile (English)"), blank=True)
    required_profile_es = models.TextField(_("required profile (Spanish)"), blank=True)
    priority = models.CharField(_("priority"), max_length=12, choices=Priority.choices)
    monthly_cost = models.DecimalField(
        _("monthly cost"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)

    title = localized("title")
    area = localized("area")
    function = localized("function")
    required_profile = localized("required_profile")

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["program", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="position_unique_code",
                violation_error_message=_("The program already has a position with this code."),
            ),
            models.CheckConstraint(
                condition=Q(monthly_cost__gte=0),
                name="position_cost_not_negative",
                violation_error_message=_("A position's monthly cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def label(self) -> str:
        return _("Position %(code)s") % {"code": self.code}

    def get_absolute_url(self) -> str:
        return reverse(
            "specialists:position_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("%(record)s needs a title in Spanish or English.") % {
                "record": self.label
            }
        if not (self.function_en or self.function_es):
            errors["function_es"] = _("%(record)s needs its function.") % {"record": self.label}
        if errors:
            raise ValidationError(errors)


class Specialist(TimeStampedModel):
    """A person the program hires. Their name is seen by the program's partners; their
    personal data only by the human-resources focal points of the institution holding
    their contract, and by themself (`PersonalData`)."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="specialists",
    )
    full_name = models.CharField(_("full name"), max_length=255)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialist_records",
        help_text=_("The specialist's own account, with which they read their record."),
    )

    objects = SpecialistQuerySet.as_manager()

    class Meta:
        verbose_name = _("specialist")
        verbose_name_plural = _("specialists")
        ordering = ["program", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"],
                name="specialist_unique_account",
                violation_error_message=_(
                    "This account already belongs to a specialist of the program."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse(
            "specialists:specialist_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        if not self.full_name.strip():
            raise ValidationError({"full_name": _("A specialist needs a name.")})


class PersonalData(TimeStampedModel):
    """A specialist's personal data. Never in the audit trail's values (partners read the
    trail): a change is recorded with the names of the fields that changed only."""

    #: The audit trail keeps none of these values.
    audit_exclude = (
        "identity_document",
        "date_of_birth",
        "email",
        "phone",
        "address",
        "emergency_contact_name",
        "emergency_contact_phone",
        "health_insurer",
        "health_insurance_policy",
        "insurance_valid_from",
        "insurance_valid_until",
    )

    specialist = models.OneToOneField(
        Specialist,
        verbose_name=_("specialist"),
        on_delete=models.CASCADE,
        related_name="personal_data",
    )
    identity_document = models.CharField(_("identity document"), max_length=60, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=255, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact's phone"), max_length=40, blank=True
    )
    health_insurer = models.CharField(_("health insurer"), max_length=255, blank=True)
    health_insurance_policy = models.CharField(
        _("health insurance policy"), max_length=60, blank=True
    )
    insurance_valid_from = models.DateField(_("insurance valid from"), null=True, blank=True)
    insurance_valid_until = models.DateField(_("insurance valid until"), null=True, blank=True)

    objects = PersonalDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data")
        verbose_name_plural = _("personal data")
        constraints = [
            models.CheckConstraint(
                condition=Q(insurance_valid_until__isnull=True)
                | Q(insurance_valid_from__isnull=True)
                | Q(insurance_valid_until__gte=F("insurance_valid_from")),
                name="personal_data_insurance_period",
                violation_error_message=_("The insurance cannot end before it starts."),
            ),
        ]

    def insurance_covers(self, start: date, end: date) -> bool:
        """Whether the health insurance is valid from `start` to `end` (a mission's dates)."""
        valid_from, valid_until = self.insurance_valid_from, self.insurance_valid_until
        return bool(valid_from and valid_until and valid_from <= start and end <= valid_until)

    @property
    def has_emergency_contact(self) -> bool:
        return bool(self.emergency_contact_name and self.emergency_contact_phone)

    def __str__(self) -> str:
        return str(_("Personal data of %(name)s") % {"name": self.specialist.full_name})

    def audit_program_id(self) -> int:
        return self.specialist.program_id

    def clean(self) -> None:
        start, end = self.insurance_valid_from, self.insurance_valid_until
        if start and end and end < start:
            raise ValidationError(
                {
                    "insurance_valid_until": _(
                        "%(record)s: the insurance ends (%(end)s) before it starts (%(start)s)."
                    )
                    % {"record": self.specialist.full_name, "end": end, "start": start}
                }
            )


class ServiceContract(TimeStampedModel, SourceNoteMixin):
    """A service contract: a specialist in a position for a period, at a monthly cost,
    paid from a component and funding source of the program; held by a partner.

    The monthly cost is the person's salary: personal data, kept out of the audit trail's
    values (the partners read the trail); a change to it is recorded by name only."""

    audit_exclude = ("monthly_cost",)

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="service_contracts",
    )
    reference = models.CharField(_("contract number"), max_length=60)
    specialist = models.ForeignKey(
        Specialist,
        verbose_name=_("specialist"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="contracts"
    )
    holder = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("holding institution"),
        on_delete=models.PROTECT,
        related_name="held_service_contracts",
        help_text=_("The partner that signs the contract and keeps the person's file."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    monthly_cost = models.DecimalField(
        _("monthly cost"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    component = models.ForeignKey(
        "programs.Component",
        verbose_name=_("funding component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_contracts",
    )
    funding_source = models.ForeignKey(
        "programs.FundingSource",
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_contracts",
    )
    renews = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    renewal_decision = models.CharField(
        _("renewal decision"), max_length=12, choices=RenewalDecision.choices, blank=True
    )
    renewal_decided_on = models.DateField(_("renewal decided on"), null=True, blank=True)

    objects = ServiceContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["program", "start_date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "reference"],
                name="service_contract_unique_reference",
                violation_error_message=_(
                    "The program already has a service contract with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="service_contract_ends_after_start",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(monthly_cost__gt=0),
                name="service_contract_cost_positive",
                violation_error_message=_("A contract's monthly cost must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.specialist.full_name}"

    @property
    def label(self) -> str:
        return _("Service contract %(ref)s") % {"ref": self.reference}

    def get_absolute_url(self) -> str:
        return reverse(
            "specialists:contract_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        errors: dict = {}
        label = self.label
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("%(record)s ends (%(end)s) before it starts (%(start)s).") % {
                "record": label,
                "end": self.end_date,
                "start": self.start_date,
            }
        for field in ("specialist", "position", "component", "funding_source"):
            if getattr(self, f"{field}_id"):
                _same_program(errors, label, field, getattr(self, field), self.program_id)
        if self.renews_id:
            previous = self.renews
            if previous.specialist_id != self.specialist_id:
                errors["renews"] = _("%(record)s renews another person's contract.") % {
                    "record": label
                }
            elif self.start_date and self.start_date <= previous.end_date:
                errors["renews"] = _(
                    "%(record)s: a renewal starts after the contract it renews ends (%(end)s)."
                ) % {"record": label, "end": previous.end_date}
        if self.renewal_decided_on and not self.renewal_decision:
            errors["renewal_decision"] = _("%(record)s: a decision date needs the decision.") % {
                "record": label
            }
        if errors:
            raise ValidationError(errors)

    def months_in(self, start, end) -> Decimal:
        """The months of the contract that fall between `start` and `end` (inclusive), as
        a fraction: days covered / days of each month."""
        from alianza.specialists.dates import months_between

        first, last = max(start, self.start_date), min(end, self.end_date)
        return months_between(first, last) if first <= last else Decimal(0)


class HeadcountRecord(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A program's figures for one year, as its sources state them: how many specialists
    it had, the places authorized in the host institution's structure, the specialists'
    share of the institution's staff and of the program's budget. Any may be unknown."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="headcount_records",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    headcount = models.PositiveIntegerField(_("specialists"), null=True, blank=True)
    authorized_places = models.PositiveIntegerField(
        _("authorized places"),
        null=True,
        blank=True,
        help_text=_("Places authorized in the host institution's own structure."),
    )
    staff_share = models.DecimalField(
        _("share of the host institution's staff (%)"),
        **PERCENT,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    budget_share = models.DecimalField(
        _("share of the program's budget (%)"),
        **PERCENT,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)

    note = localized("note")

    objects = HeadcountRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("headcount record")
        verbose_name_plural = _("headcount records")
        ordering = ["program", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="headcount_unique_year",
                violation_error_message=_("The program already has figures for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.year}"

    def clean(self) -> None:
        figures = (self.headcount, self.authorized_places, self.staff_share, self.budget_share)
        if all(value is None for value in figures):
            raise ValidationError(
                {
                    "headcount": _("The figures of %(year)s need at least one number.")
                    % {"year": self.year}
                }
            )


class Notice(TimeStampedModel):
    """A notice to the program's specialists (rights and obligations, insurance, renewal
    process); each specialist's reading is recorded (`NoticeReceipt`)."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="specialist_notices",
    )
    topic = models.CharField(_("topic"), max_length=12, choices=NoticeTopic.choices)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_es = models.TextField(_("text (Spanish)"), blank=True)
    published_on = models.DateField(_("published on"))
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    title = localized("title")
    body = localized("body")

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice to specialists")
        verbose_name_plural = _("notices to specialists")
        ordering = ["program", "-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "specialists:notice_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("A notice needs a title in Spanish or English.")
        if not (self.body_en or self.body_es):
            errors["body_es"] = _("A notice needs its text in Spanish or English.")
        if errors:
            raise ValidationError(errors)


class NoticeReceipt(models.Model):
    """A specialist read a notice, at this moment (recorded the first time only)."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="receipts"
    )
    specialist = models.ForeignKey(
        Specialist,
        verbose_name=_("specialist"),
        on_delete=models.CASCADE,
        related_name="notice_receipts",
    )
    read_at = models.DateTimeField(_("read at"))

    objects = NoticeReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["notice", "read_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "specialist"],
                name="notice_receipt_once",
                violation_error_message=_("This specialist has already read the notice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.specialist}"

    def audit_program_id(self) -> int:
        return self.notice.program_id


class Question(TimeStampedModel):
    """A specialist's question to the program, and its answer once given."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="specialist_questions",
    )
    specialist = models.ForeignKey(
        Specialist,
        verbose_name=_("specialist"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question from a specialist")
        verbose_name_plural = _("questions from specialists")
        ordering = ["program", "-asked_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse(
            "specialists:question_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        errors = {}
        if not self.text.strip():
            errors["text"] = _("A question needs its text.")
        if self.specialist_id and self.program_id and self.specialist.program_id != self.program_id:
            errors["specialist"] = _("The specialist belongs to another program.")
        if self.answered_at and not self.answer.strip():
            errors["answer"] = _("An answer needs its text.")
        if errors:
            raise ValidationError(errors)


class PersonalDataRead(models.Model):
    """Someone read a specialist's personal data: who, as which institution, when, where.
    Written by `selectors.personal_data_for`; never changed."""

    specialist = models.ForeignKey(
        Specialist, verbose_name=_("specialist"), on_delete=models.PROTECT, related_name="reads"
    )
    reader = models.ForeignKey(
        "accounts.User", verbose_name=_("read by"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("where"), max_length=10, choices=ReadChannel.choices)
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    objects = PersonalDataReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data read")
        verbose_name_plural = _("personal data reads")
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.specialist} · {self.reader} · {self.read_at:%Y-%m-%d %H:%M}"

    def audit_program_id(self) -> int:
        return self.specialist.program_id
