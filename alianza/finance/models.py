"""Money: exchange rates, budget lines per year, and dated transactions per initiative.

The general (budget) revisions stay in `programs.GeneralRevision`; the ledger of
revisions is computed from them (selectors.revision_ledger). Amounts keep the
currency they were recorded in; reports convert them with the exchange rate in
force on their value date (alianza.finance.rates).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alianza.audit.guard import AuditedQuerySet
from alianza.codelists.currencies import DEFAULT_CURRENCY, CurrencyField
from alianza.core.api import not_in_program
from alianza.core.models import SourceNoteMixin, TimeStampedModel, localized
from alianza.finance.choices import TransactionType
from alianza.finance.querysets import TransactionQuerySet
from alianza.programs.querysets import ProgramChildQuerySet

POSITIVE = MinValueValidator(0)


class ExchangeRate(TimeStampedModel, SourceNoteMixin):
    """How many units of a currency one unit of another buys, for a span of dates (a shared
    reference list, kept by administrators).

    Any pair works (EUR→CLP, USD→MXN): amounts convert with the pair's rate, its inverse or
    through other currencies (alianza.core.money). UN operational rates of exchange are
    monthly; any span works. Spans of one pair (either way round) never overlap, so a date
    has at most one rate per pair.
    """

    base_currency = CurrencyField(
        _("base currency"),
        default=DEFAULT_CURRENCY,
        help_text=_("One unit of this currency buys the rate in the quoted currency."),
    )
    currency = CurrencyField(_("quoted currency"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=14,
        decimal_places=6,
        help_text=_("Units of the quoted currency that one unit of the base currency buys."),
    )
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("e.g. UN operational rate")
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["base_currency", "currency", "-valid_from"]
        permissions = [
            ("manage_exchange_rates", "Can change the shared exchange rates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="exchange_rate_span",
                violation_error_message=_("An exchange rate cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(currency=F("base_currency")),
                name="exchange_rate_two_currencies",
                violation_error_message=_("A rate converts between two different currencies."),
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("An exchange rate must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"1 {self.base_currency} = {self.rate} {self.currency} "
            f"({self.valid_from} – {self.valid_to})"
        )

    @property
    def pair(self) -> str:
        return f"{self.base_currency}/{self.currency}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.currency and self.currency == self.base_currency:
            errors["currency"] = _(
                "Quoted currency: a rate converts %(code)s into another currency, not into itself."
            ) % {"code": self.currency}
        if self.rate is not None and self.rate <= 0:
            errors["rate"] = _(
                "Rate: an exchange rate must be greater than zero, not %(rate)s."
            ) % {"rate": self.rate}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The rate ends (%(end)s) before it starts (%(start)s).") % {
                "end": self.valid_to,
                "start": self.valid_from,
            }
        if errors:
            raise ValidationError(errors)
        if self.valid_from and self.valid_to and self.currency and self.base_currency:
            same_pair = Q(base_currency=self.base_currency, currency=self.currency) | Q(
                base_currency=self.currency, currency=self.base_currency
            )
            overlap = (
                ExchangeRate.objects.filter(
                    same_pair, valid_from__lte=self.valid_to, valid_to__gte=self.valid_from
                )
                .exclude(pk=self.pk)
                .first()
            )
            if overlap is not None:
                raise ValidationError(
                    {
                        "valid_from": _("A %(pair)s rate already covers %(start)s – %(end)s.")
                        % {
                            "pair": overlap.pair,
                            "start": overlap.valid_from,
                            "end": overlap.valid_to,
                        }
                    }
                )


class BudgetLine(TimeStampedModel, SourceNoteMixin):
    """The money planned for one year of a program, optionally for one component, initiative
    and funding source: the originally approved amount and, after a revision, the revised one."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    component = models.ForeignKey(
        "programs.Component",
        verbose_name=_("component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    funding_source = models.ForeignKey(
        "programs.FundingSource",
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    original_amount = models.DecimalField(
        _("original budget"), max_digits=16, decimal_places=2, validators=[POSITIVE]
    )
    revised_amount = models.DecimalField(
        _("revised budget"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[POSITIVE],
    )
    revision = models.ForeignKey(
        "programs.GeneralRevision",
        verbose_name=_("general revision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        help_text=_("The general revision that set the revised amount."),
    )

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["program", "year", "component__number", "initiative__number", "id"]

    def __str__(self) -> str:
        parts = [str(self.year)]
        if self.component_id:
            parts.append(f"C{self.component.number}")
        if self.initiative_id:
            parts.append(f"#{self.initiative.number}")
        return " · ".join(parts)

    @property
    def current_amount(self):
        return self.revised_amount if self.revised_amount is not None else self.original_amount

    @property
    def value_date(self) -> date:
        """Budget lines convert at the rate in force on 1 January of their year."""
        return date(self.year, 1, 1)

    def clean(self) -> None:
        errors = {}
        label = _("Budget line %(line)s") % {"line": self.year}
        for field in ("component", "initiative", "funding_source", "revision"):
            related = getattr(self, field)
            if related is None or not self.program_id:
                continue
            owner = related.program_id
            if owner != self.program_id:
                errors[field] = _("%(record)s: the %(field)s belongs to another program.") % {
                    "record": label,
                    "field": self._meta.get_field(field).verbose_name,
                }
        if self.revision_id and self.revised_amount is None:
            errors["revised_amount"] = _(
                "%(record)s: give the revised amount that the general revision set."
            ) % {"record": label}
        if self.program_id and self.year and not errors:
            twin = BudgetLine.objects.filter(
                program_id=self.program_id,
                year=self.year,
                component=self.component,
                initiative=self.initiative,
                funding_source=self.funding_source,
            ).exclude(pk=self.pk)
            if twin.exists():
                errors["year"] = _(
                    "%(record)s: the program already has a line for this year, component, "
                    "initiative and funding source."
                ) % {"record": label}
        if errors:
            raise ValidationError(errors)


class Transaction(TimeStampedModel, SourceNoteMixin):
    """Money committed, disbursed or spent on an initiative on a date (an IATI transaction).

    A record that totals spending over a span (as reconstructed from a report) gives the
    span's first day in `period_start` and its last in `date`.
    """

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    kind = models.CharField(_("type"), max_length=20, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    period_start = models.DateField(
        _("covers from"),
        null=True,
        blank=True,
        help_text=_("For a total over a span: the span's first day (the date is its last)."),
    )
    value_date = models.DateField(
        _("value date"),
        null=True,
        blank=True,
        help_text=_("The date whose exchange rate converts the amount; the date if empty."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    funding_source = models.ForeignKey(
        "programs.FundingSource",
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    description_es = models.CharField(_("description (Spanish)"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    is_reconstructed = models.BooleanField(
        _("reconstructed"),
        default=False,
        help_text=_("Derived from a narrative source rather than an accounting record."),
    )

    description = localized("description")

    objects = TransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="transaction_amount_positive",
                violation_error_message=_("A transaction amount must be positive."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_start__lte=F("date")),
                name="transaction_span",
                violation_error_message=_("A transaction's span cannot start after its date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.currency} {self.amount} ({self.date})"

    def audit_program_id(self) -> int | None:
        return self.initiative.program_id if self.initiative_id else None

    @property
    def effective_value_date(self) -> date:
        return self.value_date or self.date

    @property
    def span_start(self) -> date:
        return self.period_start or self.date

    def clean(self) -> None:
        if self.period_start and self.date and self.period_start > self.date:
            raise ValidationError(
                {
                    "period_start": _(
                        "The transaction's span starts (%(start)s) after its date (%(date)s)."
                    )
                    % {"start": self.period_start, "date": self.date}
                }
            )
        if (
            self.funding_source_id
            and self.initiative_id
            and self.funding_source.program_id != self.initiative.program_id
        ):
            raise ValidationError(
                {
                    "funding_source": not_in_program(
                        type(self.funding_source), "code", self.funding_source.code
                    )
                }
            )
