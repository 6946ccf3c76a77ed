"""A cooperation program and its structure: partners, phases, components, project
document versions with their expected results and products, general (budget)
revisions and funding sources.

Every record here belongs to one program. Phases, components and project
documents are public when the program is; budget revisions and funding
sources are internal to the partners.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.audit.guard import AuditedQuerySet
from alianza.codelists.currencies import DEFAULT_CURRENCY, CurrencyField
from alianza.core.dates import format_partial_date, format_partial_range
from alianza.core.models import (
    DatePrecision,
    SourceNoteMixin,
    TimeStampedModel,
    TranslationMarksMixin,
    localized,
)
from alianza.programs.choices import AmountKind, DocumentVersionKind, FundingSourceKind
from alianza.programs.querysets import ProgramChildQuerySet, ProgramQuerySet

program_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]*$", _("Use capital letters, digits, '-' and '_' only.")
)
slug_code_validator = RegexValidator(
    r"^[a-z0-9_]+$", _("Use lowercase letters, digits and underscores only.")
)


def _check_range(obj, start: str, end: str, label) -> None:
    first, last = getattr(obj, start), getattr(obj, end)
    if first and last and last < first:
        raise ValidationError(
            {
                end: _("%(record)s ends (%(end)s) before it starts (%(start)s).")
                % {"record": label, "end": last.isoformat(), "start": first.isoformat()}
            }
        )


class Program(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A cooperation program that two or more partner institutions run together."""

    code = models.CharField(
        _("code"), max_length=30, unique=True, validators=[program_code_validator]
    )
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    objective_en = models.TextField(_("objective (English)"), blank=True)
    objective_es = models.TextField(_("objective (Spanish)"), blank=True)
    framework_agreement_en = models.CharField(
        _("framework agreement (English)"), max_length=255, blank=True
    )
    framework_agreement_es = models.CharField(
        _("framework agreement (Spanish)"), max_length=255, blank=True
    )
    framework_agreement_signed_on = models.DateField(
        _("framework agreement signed on"), null=True, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    currency = CurrencyField(_("reporting currency"), default=DEFAULT_CURRENCY)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Anonymous visitors see a public program's overview and its public "
            "initiatives; everything else stays with the partners."
        ),
    )
    partners = models.ManyToManyField(
        "accounts.Institution",
        through="Partnership",
        related_name="programs",
        verbose_name=_("partners"),
    )

    name = localized("name")
    summary = localized("summary")
    objective = localized("objective")
    framework_agreement = localized("framework_agreement")

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="program_ends_after_start",
                violation_error_message=_("A program cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        _check_range(self, "start_date", "end_date", _("Program %(code)s") % {"code": self.code})

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", kwargs={"code": self.code})

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("partnerships",)

    def audit_related(self) -> dict:
        return {
            "partners": [
                {"institution": p.institution.code, "role_en": p.role_en, "role_es": p.role_es}
                for p in self.partnerships.select_related("institution").order_by(
                    "institution__code"
                )
            ]
        }

    @property
    def period_display(self) -> str:
        return format_partial_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )


class Partnership(TimeStampedModel):
    """An institution's part in a program."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="partnerships"
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role_en = models.CharField(_("role (English)"), max_length=255, blank=True)
    role_es = models.CharField(_("role (Spanish)"), max_length=255, blank=True)

    role = localized("role")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["program", "institution__acronym_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "institution"],
                name="partnership_unique_institution",
                violation_error_message=_("This institution is already a partner of the program."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.institution}"


class Phase(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A phase of the program, each with its own project document and objective."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    start_date = models.DateField(_("start"))
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    objective_en = models.TextField(_("objective (English)"), blank=True)
    objective_es = models.TextField(_("objective (Spanish)"), blank=True)

    name = localized("name")
    objective = localized("objective")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="phase_unique_number",
                violation_error_message=_("The program already has a phase with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    def clean(self) -> None:
        _check_range(
            self, "start_date", "end_date", _("Phase %(number)s") % {"number": self.number}
        )

    @property
    def period_display(self) -> str:
        return format_partial_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )


class Component(TimeStampedModel, TranslationMarksMixin):
    """A component of the program (PROCAP: 1 hiring of specialists, 2 substantive)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="components"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    name = localized("name")
    description = localized("description")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="component_unique_number",
                violation_error_message=_("The program already has a component with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} · {_('Component')} {self.number}"


class FundingSource(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """Where the program's money comes from: a partner, seed capital, or another project."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="funding_sources"
    )
    code = models.CharField(_("code"), max_length=60, validators=[slug_code_validator])
    kind = models.CharField(_("kind"), max_length=30, choices=FundingSourceKind.choices)
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_sources",
    )
    project_number = models.CharField(_("project number"), max_length=30, blank=True)
    project_title_en = models.CharField(_("project title (English)"), max_length=255, blank=True)
    project_title_es = models.CharField(_("project title (Spanish)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    reported_amount = models.DecimalField(
        _("reported amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("A total the source states; amounts the program records are in revisions."),
    )
    reported_currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)

    name = localized("name")
    project_title = localized("project_title")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["program", "kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="funding_source_unique_code",
                violation_error_message=_(
                    "The program already has a funding source with this code."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == FundingSourceKind.PROJECT_TRANSFER and not self.project_number:
            raise ValidationError(
                {
                    "project_number": _(
                        "Funding source %(code)s: a transfer from another project needs "
                        "its project number."
                    )
                    % {"code": self.code}
                }
            )


class DocumentVersion(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """One version of the project document: the original, a substantive revision, or a
    new phase's document, with the expected results and products it set."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="document_versions",
    )
    code = models.CharField(_("code"), max_length=60, validators=[slug_code_validator])
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentVersionKind.choices)
    revision_number = models.PositiveSmallIntegerField(_("revision number"), null=True, blank=True)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_versions",
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_es = models.CharField(_("label (Spanish)"), max_length=255, blank=True)
    changes_en = models.TextField(_("what changed (English)"), blank=True)
    changes_es = models.TextField(_("what changed (Spanish)"), blank=True)

    label = localized("label")
    changes = localized("changes")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("project document version")
        verbose_name_plural = _("project document versions")
        ordering = ["program", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="document_version_unique_code",
                violation_error_message=_(
                    "The program already has a document version with this code."
                ),
            ),
            models.UniqueConstraint(
                fields=["program", "sequence"],
                name="document_version_unique_sequence",
                violation_error_message=_(
                    "The program already has a document version in this position."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.date_display})"

    def clean(self) -> None:
        if self.kind == DocumentVersionKind.SUBSTANTIVE_REVISION and not self.revision_number:
            raise ValidationError(
                {
                    "revision_number": _(
                        "Document version %(code)s: a substantive revision needs its number."
                    )
                    % {"code": self.code}
                }
            )

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("results", "results.products", "amounts")

    def audit_related(self) -> dict:
        results = self.results.prefetch_related("products").order_by("number")
        return {
            "results": [
                {
                    "number": r.number,
                    "title_en": r.title_en,
                    "title_es": r.title_es,
                    "translated_fields": r.translated_fields,
                    "products": [
                        {
                            "title_en": p.title_en,
                            "title_es": p.title_es,
                            "translated_fields": p.translated_fields,
                        }
                        for p in r.products.all()
                    ],
                }
                for r in results
            ],
            "amounts": [
                {
                    "source": a.source.code if a.source_id else None,
                    "kind": a.kind,
                    "amount": str(a.amount),
                    "currency": a.currency,
                    "note_en": a.note_en,
                    "note_es": a.note_es,
                }
                for a in self.amounts.select_related("source").order_by("id")
            ],
        }


class ExpectedResult(TranslationMarksMixin):
    """An expected result a project document version sets, with its products."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)

    title = localized("title")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="expected_result_unique",
                violation_error_message=_("The version already has a result with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{_('Result')} {self.number}. {self.title}"


class ExpectedProduct(TranslationMarksMixin):
    """A product (output) an expected result lists."""

    result = models.ForeignKey(
        ExpectedResult,
        verbose_name=_("expected result"),
        on_delete=models.CASCADE,
        related_name="products",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)

    title = localized("title")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected product")
        verbose_name_plural = _("expected products")
        ordering = ["result", "order"]

    def __str__(self) -> str:
        return self.title


class DocumentVersionAmount(models.Model):
    """Money a substantive revision moved (contribution increase, award adjustment...)."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        on_delete=models.CASCADE,
        related_name="amounts",
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AmountKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)

    note = localized("note")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version amount")
        verbose_name_plural = _("document version amounts")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.currency} {self.amount}"


class GeneralRevision(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A general (budget) revision: dated, with its purpose and the money it moved."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="general_revisions",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    date = models.DateField(_("date"))
    purpose_en = models.TextField(_("purpose (English)"))
    purpose_es = models.TextField(_("purpose (Spanish)"), blank=True)
    award_change = models.DecimalField(
        _("change in total award"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    total_award = models.DecimalField(
        _("resulting total award"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    extends_to = models.DateField(_("extends the project to"), null=True, blank=True)
    extends_to_precision = models.CharField(
        _("precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    purpose = localized("purpose")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("general revision")
        verbose_name_plural = _("general revisions")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="general_revision_unique_number",
                violation_error_message=_(
                    "The program already has a general revision with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {_('General revision')} {self.number}"

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("amounts",)

    def audit_related(self) -> dict:
        return {
            "amounts": [
                {
                    "source": a.source.code if a.source_id else None,
                    "amount": str(a.amount),
                    "currency": a.currency,
                    "note_en": a.note_en,
                    "note_es": a.note_es,
                }
                for a in self.amounts.select_related("source").order_by("id")
            ]
        }

    @property
    def extends_to_display(self) -> str:
        return format_partial_date(self.extends_to, self.extends_to_precision)


class RevisionAmount(models.Model):
    """The part of a general revision's money that comes from one funding source."""

    revision = models.ForeignKey(
        GeneralRevision,
        verbose_name=_("general revision"),
        on_delete=models.CASCADE,
        related_name="amounts",
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="revision_amounts",
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)

    note = localized("note")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision amount")
        verbose_name_plural = _("revision amounts")
        ordering = ["revision", "id"]

    def __str__(self) -> str:
        return f"{self.source} {self.currency} {self.amount}"
