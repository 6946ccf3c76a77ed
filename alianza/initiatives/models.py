"""The inventory of a program's initiatives and how the program classifies them.

Classification schemes are data: each program configures its own (PROCAP: UN
support dimension with sub-dimensions, level of incidence, dissemination scope,
status). The legal and policy framework initiatives align to is a reference list
shared by programs (law -> article -> fraction; national program -> objective ->
strategy -> line of action).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.audit.guard import AuditedQuerySet
from alianza.codelists.currencies import DEFAULT_CURRENCY, CurrencyField
from alianza.core.dates import format_partial_range
from alianza.core.models import (
    DatePrecision,
    SourceNoteMixin,
    TimeStampedModel,
    TranslationMarksMixin,
    localized,
)
from alianza.initiatives.choices import PolicyInstrumentKind, ProvisionKind
from alianza.initiatives.querysets import InitiativeQuerySet, SchemeQuerySet

code_validator = RegexValidator(
    r"^[a-z0-9_]+$", _("Use lowercase letters, digits and underscores only.")
)

#: Query parameters the initiative filters already use; a scheme may not take these codes.
RESERVED_SCHEME_CODES = frozenset(
    {
        "program",
        "number",
        "phase",
        "component",
        "q",
        "year",
        "active_from",
        "active_to",
        "ordering",
        "classification",
        "term",
        "page",
        "page_size",
        "format",
        "export",
        "is_public",
        "has_cost",
        "result",
        "lang",
    }
)


class ClassificationScheme(TimeStampedModel, SourceNoteMixin):
    """A way a program classifies its initiatives, with its list of terms."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="classification_schemes",
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    is_hierarchical = models.BooleanField(_("terms have sub-terms"), default=False)
    allows_multiple = models.BooleanField(_("an initiative may take several terms"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")
    description = localized("description")

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("classification scheme")
        verbose_name_plural = _("classification schemes")
        ordering = ["program", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="scheme_unique_code",
                violation_error_message=_("The program already has a scheme with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    def clean(self) -> None:
        if self.code in RESERVED_SCHEME_CODES:
            raise ValidationError(
                {
                    "code": _("'%(code)s' is a reserved filter name; choose another code.")
                    % {"code": self.code}
                }
            )

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("terms",)

    def audit_related(self) -> dict:
        return {
            "terms": [
                {
                    "code": t.code,
                    "parent": t.parent.code if t.parent_id else None,
                    "name_en": t.name_en,
                    "name_es": t.name_es,
                    "order": t.order,
                }
                for t in self.terms.select_related("parent").order_by("order", "code")
            ]
        }


class ClassificationTerm(models.Model):
    """One value of a classification scheme, possibly under a parent term."""

    scheme = models.ForeignKey(
        ClassificationScheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="terms",
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")
    description = localized("description")
    note = localized("note")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("classification term")
        verbose_name_plural = _("classification terms")
        ordering = ["scheme", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="term_unique_code",
                violation_error_message=_("The scheme already has a term with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.scheme_id != self.scheme_id:
            raise ValidationError({"parent": _("A parent term must be in the same scheme.")})

    def audit_program_id(self) -> int:
        return self.scheme.program_id


class PolicyInstrument(TimeStampedModel):
    """A law, plan or program of the legal and policy framework (reference list)."""

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[code_validator])
    kind = models.CharField(_("kind"), max_length=30, choices=PolicyInstrumentKind.choices)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, default="MX")
    period = models.CharField(_("period"), max_length=20, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)

    name = localized("name")

    class Meta:
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("provisions",)

    def audit_related(self) -> dict:
        return {
            "provisions": [
                {
                    "code": p.code,
                    "kind": p.kind,
                    "number": p.number,
                    "parent": p.parent.code if p.parent_id else None,
                    "text_en": p.text_en,
                    "text_es": p.text_es,
                    "translated_fields": p.translated_fields,
                }
                for p in self.provisions.select_related("parent").order_by("code")
            ]
        }


class PolicyProvision(TranslationMarksMixin):
    """A part of an instrument an initiative can align to: an article, an objective,
    a strategy, a line of action..."""

    instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="provisions",
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=ProvisionKind.choices)
    number = models.CharField(_("number"), max_length=30)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)

    text = localized("text")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy provision")
        verbose_name_plural = _("policy provisions")
        ordering = ["instrument", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"],
                name="provision_unique_code",
                violation_error_message=_("The instrument already has a provision with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.get_kind_display()} {self.number}"

    @property
    def label(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def path(self) -> list[PolicyProvision]:
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Initiative(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """An initiative of a program: activities, events and consultancies with a common goal."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    title_es_is_translation = models.BooleanField(
        _("Spanish title is our translation"),
        default=False,
        help_text=_("Set when the source gives no Spanish title and the team translated it."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    phase = models.ForeignKey(
        "programs.Phase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    component = models.ForeignKey(
        "programs.Component",
        verbose_name=_("component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    result = models.ForeignKey(
        "programs.ExpectedResult",
        verbose_name=_("expected result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    placement_en = models.CharField(
        _("placement as recorded (English)"), max_length=255, blank=True
    )
    placement_es = models.CharField(
        _("placement as recorded (Spanish)"), max_length=255, blank=True
    )
    placement_note_en = models.TextField(_("placement note (English)"), blank=True)
    placement_note_es = models.TextField(_("placement note (Spanish)"), blank=True)
    scope_text_en = models.TextField(_("dissemination, as recorded (English)"), blank=True)
    scope_text_es = models.TextField(_("dissemination, as recorded (Spanish)"), blank=True)
    alignment_text_en = models.TextField(_("alignment, as recorded (English)"), blank=True)
    alignment_text_es = models.TextField(_("alignment, as recorded (Spanish)"), blank=True)
    period_text_en = models.CharField(
        _("period, as recorded (English)"), max_length=255, blank=True
    )
    period_text_es = models.CharField(
        _("period, as recorded (Spanish)"), max_length=255, blank=True
    )
    challenge_en = models.TextField(_("challenge (English)"), blank=True)
    challenge_es = models.TextField(_("challenge (Spanish)"), blank=True)
    good_practice_en = models.TextField(_("good practice (English)"), blank=True)
    good_practice_es = models.TextField(_("good practice (Spanish)"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Visible to anonymous visitors when the program is public."),
    )
    terms = models.ManyToManyField(
        ClassificationTerm,
        through="Classification",
        related_name="initiatives",
        verbose_name=_("classification"),
    )
    provisions = models.ManyToManyField(
        PolicyProvision,
        through="Alignment",
        related_name="initiatives",
        verbose_name=_("alignment"),
    )

    title = localized("title")
    description = localized("description")
    placement = localized("placement")
    placement_note = localized("placement_note")
    scope_text = localized("scope_text")
    alignment_text = localized("alignment_text")
    period_text = localized("period_text")
    challenge = localized("challenge")
    good_practice = localized("good_practice")

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="initiative_unique_number",
                violation_error_message=_(
                    "The program already has an initiative with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} #{self.number} {self.title}"[:255]

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_en"] = _("Initiative %(number)s needs a title in Spanish or English.") % {
                "number": self.number
            }
        for field in ("phase", "component"):
            related = getattr(self, field)
            if related is not None and self.program_id and related.program_id != self.program_id:
                errors[field] = _(
                    "Initiative %(number)s: the %(field)s belongs to another program."
                ) % {"number": self.number, "field": self._meta.get_field(field).verbose_name}
        if self.result_id and self.program_id and self.result.version.program_id != self.program_id:
            errors["result"] = _(
                "Initiative %(number)s: the expected result belongs to another program."
            ) % {"number": self.number}
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse(
            "initiatives:initiative_detail",
            kwargs={"code": self.program.code, "number": self.number},
        )

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = (
        "classifications",
        "alignments",
        "periods",
        "costs",
        "involvements",
        "key_figures",
    )

    def audit_related(self) -> dict:
        """The owned records, so that one change shows the initiative as a whole."""
        classifications = {}
        for c in self.classifications.select_related("term", "scheme").order_by(
            "scheme__order", "term__code"
        ):
            classifications.setdefault(c.scheme.code, []).append(c.term.code)
        return {
            "classifications": classifications,
            "alignments": sorted(
                f"{a.provision.instrument.code}:{a.provision.code}"
                for a in self.alignments.select_related("provision__instrument")
            ),
            "periods": [
                {
                    "start_date": p.start_date.isoformat(),
                    "start_precision": p.start_precision,
                    "end_date": p.end_date.isoformat() if p.end_date else None,
                    "end_precision": p.end_precision,
                    "note_en": p.note_en,
                    "note_es": p.note_es,
                }
                for p in self.periods.order_by("start_date", "id")
            ],
            "costs": [
                {
                    "amount": str(c.amount),
                    "currency": c.currency,
                    "description_en": c.description_en,
                    "description_es": c.description_es,
                    "note_en": c.note_en,
                    "note_es": c.note_es,
                    # Only when given, so that older snapshots stay as they were.
                    **({"value_date": c.value_date.isoformat()} if c.value_date else {}),
                }
                for c in self.costs.order_by("id")
            ],
            "involvements": [
                {
                    "institution": i.institution.code if i.institution_id else None,
                    "person_name": i.person_name,
                    "role_en": i.role_en,
                    "role_es": i.role_es,
                }
                for i in self.involvements.select_related("institution").order_by("id")
            ],
            "key_figures": [
                {"value": str(k.value), "label_en": k.label_en, "label_es": k.label_es}
                for k in self.key_figures.order_by("order", "id")
            ],
        }


class Classification(models.Model):
    """An initiative's term in one scheme."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="classifications",
    )
    scheme = models.ForeignKey(
        ClassificationScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        ClassificationTerm,
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="classifications",
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "term"], name="classification_unique_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}={self.term.code}"


class Alignment(models.Model):
    """An initiative's alignment to one provision of the legal and policy framework."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="alignments",
    )
    provision = models.ForeignKey(
        PolicyProvision,
        verbose_name=_("provision"),
        on_delete=models.PROTECT,
        related_name="alignments",
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("alignment")
        verbose_name_plural = _("alignments")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "provision"], name="alignment_unique_provision"
            ),
        ]

    def __str__(self) -> str:
        return str(self.provision)


class ExecutionPeriod(models.Model):
    """A span of time in which the initiative ran; an initiative may have several."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="periods"
    )
    start_date = models.DateField(_("start"))
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note_en = models.CharField(_("note (English)"), max_length=255, blank=True)
    note_es = models.CharField(_("note (Spanish)"), max_length=255, blank=True)

    note = localized("note")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("execution period")
        verbose_name_plural = _("execution periods")
        ordering = ["initiative", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="execution_period_ends_after_start",
                violation_error_message=_("An execution period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.display

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "The execution period ends (%(end)s) before it starts (%(start)s)."
                    )
                    % {"end": self.end_date.isoformat(), "start": self.start_date.isoformat()}
                }
            )

    @property
    def display(self) -> str:
        return format_partial_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )


class CostRecord(models.Model):
    """Money the program spent on the initiative, as its records give it."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="costs"
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    value_date = models.DateField(
        _("value date"),
        null=True,
        blank=True,
        help_text=_(
            "The date whose exchange rate converts the amount into the program's currency; "
            "needed when the currency is another."
        ),
    )
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    description_es = models.CharField(_("description (Spanish)"), max_length=500, blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)

    description = localized("description")
    note = localized("note")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost record")
        verbose_name_plural = _("cost records")
        ordering = ["initiative", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"


class Involvement(models.Model):
    """An organization or person involved in the initiative, and their part in it."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="involvements",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    person_name = models.CharField(_("person"), max_length=255, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=500, blank=True)
    role_es = models.CharField(_("role (Spanish)"), max_length=500, blank=True)

    role = localized("role")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["initiative", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | ~Q(person_name=""),
                name="involvement_names_someone",
                violation_error_message=_("Name an organization or a person."),
            )
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.institution)


class KeyFigure(models.Model):
    """A number the records give about the initiative (participants, states covered...)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="key_figures",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    label_en = models.CharField(_("label (English)"), max_length=500)
    label_es = models.CharField(_("label (Spanish)"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    label = localized("label")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["initiative", "order", "id"]

    def __str__(self) -> str:
        return f"{self.value:g} {self.label}"
