"""The cooperation registry: activities shaped on IATI 2.03 and the conventions of
South-South cooperation (instrument, modality, roles, executing institutions).

An `Activity` belongs to a program (the registry of the partners who keep it), or to none
(an agency's own registry, imported without choosing a program, until a program links it),
and is identified by its IATI identifier, unique across the registry. What filters, maps, the
partner network and spreadsheets need is relational (participating organisations,
sectors, countries, locations with Mexican states and municipalities, budgets,
transactions); the rest of the IATI record (descriptions, dates, policy markers, results
with indicators, periods, targets and actuals, document links, related activities, tags
and the elements the registry keeps without interpreting them) is structured JSON on the
activity, in the shape `alianza.registry.content` documents.

Text from IATI comes as *narratives* in any language (the official example carries
English, French and Spanish). Registry text is therefore stored as a list of
`{"lang": "es", "text": "..."}` rather than as `_en`/`_es` columns, so that no language
is lost; `alianza.registry.text.pick()` chooses the reader's language with a fallback.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.core.models import BackgroundJob, SourceNoteMixin, TimeStampedModel, localized
from alianza.registry import geo
from alianza.registry.choices import (
    ExecutingLevel,
    InitiativeRelation,
    Instrument,
    Modality,
    SpreadsheetPhase,
    SSCRole,
)
from alianza.registry.querysets import (
    ActivityChildQuerySet,
    ActivityQuerySet,
    InitiativeLinkQuerySet,
    OrganisationQuerySet,
    SpreadsheetJobQuerySet,
)
from alianza.registry.text import pick

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


#: Amounts keep up to 10 decimals in the number column (IATI's xsd:decimal allows any):
#: 20 digits before the point. The text as published (without trailing zeros) is kept
#: beside it in `value_text`: SQLite keeps a NUMERIC column as a double (15 significant
#: digits), so the exact amount is read from the text, and exported as it came.
MONEY_DIGITS, MONEY_PLACES = 30, 10
#: Percentages: 0 to 100 with up to 10 decimals (13 significant digits, exact on both
#: engines).
PERCENT_DIGITS, PERCENT_PLACES = 14, 10


def _money_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)


def _money_text_field():
    return models.CharField(_("value as published"), max_length=64, blank=True)


def _percent_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=PERCENT_DIGITS,
        decimal_places=PERCENT_PLACES,
        validators=PERCENT,
        **kwargs,
    )


class Organisation(TimeStampedModel):
    """An organisation known by its IATI organisation identifier (reference list).

    Filled by IATI imports (reporting and participating organisations, organisation
    files) and linked, where one exists, to the `accounts.Institution` of the same IATI
    identifier. Institutions are the product's actors (members, partners); organisations
    are the many publishers and partners IATI data names, most of which never sign in.
    """

    ref = models.CharField(_("IATI organisation identifier"), max_length=200, unique=True)
    name = models.JSONField(_("name"), default=list, blank=True)
    type = models.CharField(_("organisation type"), max_length=10, blank=True)
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_organisations",
    )
    # What an IATI organisation file says besides the name (kept for export).
    default_language = models.CharField(_("default language"), max_length=10, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    last_updated_datetime = models.CharField(_("last updated"), max_length=40, blank=True)
    reporting_org = models.JSONField(_("reporting organisation"), default=dict, blank=True)
    extra_elements = models.JSONField(
        _("other elements of the organisation file"), default=list, blank=True
    )
    has_file = models.BooleanField(_("published an organisation file"), default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["ref"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name) or self.ref


class Activity(TimeStampedModel, SourceNoteMixin):
    """A cooperation activity (IATI `iati-activity`) with its South-South conventions."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_activities",
        help_text=_(
            "Empty for an activity of the installation's registry, imported without "
            "choosing a program; a program links it to its registry."
        ),
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=255, unique=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Visible to anonymous visitors when the program is public."),
    )
    # Attributes of iati-activity.
    default_language = models.CharField(_("default language"), max_length=10, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    hierarchy = models.CharField(_("hierarchy"), max_length=10, blank=True)
    humanitarian = models.CharField(_("humanitarian"), max_length=5, blank=True)
    budget_not_provided = models.CharField(_("budget not provided"), max_length=5, blank=True)
    last_updated_datetime = models.CharField(_("last updated"), max_length=40, blank=True)
    linked_data_uri = models.CharField(_("linked data URI"), max_length=500, blank=True)
    # reporting-org
    reporting_org_ref = models.CharField(_("reporting organisation"), max_length=200, blank=True)
    reporting_org_type = models.CharField(
        _("reporting organisation type"), max_length=10, blank=True
    )
    reporting_org_secondary = models.CharField(_("secondary reporter"), max_length=5, blank=True)
    reporting_org_name = models.JSONField(
        _("reporting organisation name"), default=list, blank=True
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_activities",
    )
    title = models.JSONField(_("title"), default=list, blank=True)
    descriptions = models.JSONField(_("descriptions"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=5, blank=True)
    activity_dates = models.JSONField(_("dates"), default=list, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=5, blank=True)
    recipient_regions = models.JSONField(_("recipient regions"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    policy_markers = models.JSONField(_("policy markers"), default=list, blank=True)
    gender_significance = models.CharField(
        _("gender equality (policy significance)"), max_length=2, blank=True
    )
    collaboration_type = models.CharField(_("collaboration type"), max_length=5, blank=True)
    default_flow_type = models.CharField(_("default flow type"), max_length=5, blank=True)
    default_finance_type = models.CharField(_("default finance type"), max_length=5, blank=True)
    default_aid_types = models.JSONField(_("default aid types"), default=list, blank=True)
    default_tied_status = models.CharField(_("default tied status"), max_length=5, blank=True)
    capital_spend = models.DecimalField(
        _("capital spend (%)"),
        max_digits=PERCENT_DIGITS,
        decimal_places=PERCENT_PLACES,
        null=True,
        blank=True,
    )
    document_links = models.JSONField(_("document links"), default=list, blank=True)
    related_activities = models.JSONField(_("related activities"), default=list, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)
    extra_elements = models.JSONField(
        _("other IATI elements (kept as published)"), default=list, blank=True
    )
    # South-South cooperation conventions (SEGIB).
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, blank=True
    )
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    country_role = models.CharField(
        _("role of the registry's country"),
        max_length=20,
        choices=SSCRole.choices,
        blank=True,
        help_text=_("The role in the activity of the country the registry is kept in."),
    )
    content_hash = models.CharField(_("content fingerprint"), max_length=64, editable=False)
    #: The fingerprint of the activity's XML as last imported (its bytes, the file's root
    #: attributes and the mapping's version): a re-import that finds it unchanged does not
    #: map the activity again. Empty once the activity is changed any other way.
    source_hash = models.CharField(
        _("source fingerprint"), max_length=64, blank=True, editable=False
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation activity")
        verbose_name_plural = _("cooperation activities")
        ordering = ["iati_identifier"]
        indexes = [
            models.Index(fields=["reporting_org_ref"], name="registry_activity_rorg_idx"),
            models.Index(fields=["start_date"], name="registry_activity_start_idx"),
            # Every column the list's visibility rule and its year and modality filters
            # read: PostgreSQL counts a filtered list of 100,000 activities from this index
            # alone (an index-only scan) instead of reading the wide rows.
            models.Index(
                fields=["start_date", "end_date", "program", "is_public", "modality"],
                name="registry_activity_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.iati_identifier

    @property
    def display_title(self) -> str:
        return pick(self.title) or self.iati_identifier

    @property
    def reporting_org_display(self) -> str:
        return pick(self.reporting_org_name) or self.reporting_org_ref

    def get_absolute_url(self) -> str:
        return reverse("registry:activity_detail", kwargs={"pk": self.pk})

    #: The importer's bookkeeping, not content: its audit records leave it out.
    audit_exclude = ("source_hash",)

    #: The owned rows as the service just wrote them (canonical content), so that the audit
    #: record does not read them back; None: audit_related() reads them.
    _audit_children: dict | None = None
    _audit_texts: dict[str, str] | None = None
    #: JSON columns an import serialised already, written as they are (see `audit.bulk`).
    _serialized: dict[str, str] | None = None

    # The cascading relations whose rows audit_related() shows (registry.content.CHILDREN):
    # deleting the activity records them in its snapshot (see audit.delete_and_record).
    audit_owned = (
        "participating_orgs",
        "sectors",
        "recipient_countries",
        "locations",
        "budgets",
        "transactions",
    )

    def audit_json_texts(self) -> dict[str, str] | None:
        """The JSON text of each content key, when the service that just wrote the
        activity has it (an import: `content.texts_of`); taken once, by its change record."""
        texts, self._audit_texts = getattr(self, "_audit_texts", None), None
        return texts

    def audit_related_json(self) -> dict | None:
        """The owned rows as the service just wrote them, when it did: canonical content,
        JSON already (the audit snapshot takes it as it is)."""
        return getattr(self, "_audit_children", None)

    def audit_related(self) -> dict:
        """The activity's owned rows, so that one change shows the record whole."""
        cached = getattr(self, "_audit_children", None)
        if cached is not None:
            return cached
        from alianza.registry.content import children_data

        return children_data(self)


class ParticipatingOrg(models.Model):
    """An organisation taking part in an activity, with its IATI and SSC roles."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participating_orgs"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    ref = models.CharField(_("organisation identifier"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=5)
    type = models.CharField(_("type"), max_length=10, blank=True)
    org_activity_id = models.CharField(_("their activity identifier"), max_length=255, blank=True)
    crs_channel_code = models.CharField(_("CRS channel code"), max_length=10, blank=True)
    name = models.JSONField(_("name"), default=list, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    ssc_role = models.CharField(
        _("South-South role"), max_length=20, choices=SSCRole.choices, blank=True
    )
    executing_level = models.CharField(
        _("executing institution level"), max_length=20, choices=ExecutingLevel.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, blank=True)

    #: A child of the activity aggregate: written in bulk under its change record
    #: (audit.covered_by), never on its own.
    audit_parent = "activity"
    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["activity_id", "order"]
        indexes = [models.Index(fields=["ref"], name="registry_porg_ref_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name) or self.ref


class ActivitySector(models.Model):
    """A sector of the activity in one vocabulary (DAC 5- or 3-digit, SDG goals, targets...)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    order = models.PositiveIntegerField(_("order"), default=0)
    vocabulary = models.CharField(_("vocabulary"), max_length=5, blank=True)
    vocabulary_uri = models.CharField(_("vocabulary URI"), max_length=500, blank=True)
    code = models.CharField(_("code"), max_length=100)
    percentage = _percent_field(_("percentage"), null=True, blank=True)
    narratives = models.JSONField(_("name"), default=list, blank=True)

    #: A child of the activity aggregate: written in bulk under its change record
    #: (audit.covered_by), never on its own.
    audit_parent = "activity"
    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["activity_id", "order"]
        indexes = [models.Index(fields=["code"], name="registry_sector_code_idx")]

    def __str__(self) -> str:
        return f"{self.vocabulary or '1'}:{self.code}"


class RecipientCountry(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_countries"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("country"), max_length=10)
    percentage = _percent_field(_("percentage"), null=True, blank=True)
    narratives = models.JSONField(_("name"), default=list, blank=True)

    #: A child of the activity aggregate: written in bulk under its change record
    #: (audit.covered_by), never on its own.
    audit_parent = "activity"
    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient country")
        verbose_name_plural = _("recipient countries")
        ordering = ["activity_id", "order"]
        indexes = [models.Index(fields=["code"], name="registry_country_code_idx")]

    def __str__(self) -> str:
        return self.code


class ActivityLocation(models.Model):
    """A location of the activity, placed from its ref in a subdivision (ISO 3166-2: the
    registry's country's or a recipient country's) and, where the country has a national
    statistics vocabulary (INEGI for Mexico), by its national codes too."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="locations")
    order = models.PositiveIntegerField(_("order"), default=0)
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    subdivision = models.CharField(_("subdivision (ISO 3166-2)"), max_length=6, blank=True)
    national_code = models.CharField(
        _("subdivision (national statistics code)"), max_length=10, blank=True
    )
    municipality = models.CharField(
        _("municipality (national statistics code)"), max_length=10, blank=True
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    #: A child of the activity aggregate: written in bulk under its change record
    #: (audit.covered_by), never on its own.
    audit_parent = "activity"
    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["activity_id", "order"]
        indexes = [models.Index(fields=["subdivision"], name="registry_location_subdiv_idx")]

    def __str__(self) -> str:
        return self.ref or pick(self.details.get("name", []))

    def clean(self) -> None:
        if self.subdivision and geo.subdivision(self.subdivision) is None:
            raise ValidationError(
                {
                    "subdivision": _("'%(code)s' is not an ISO 3166-2 subdivision code.")
                    % {"code": self.subdivision}
                }
            )

    @property
    def subdivision_name(self) -> str:
        found = geo.subdivision(self.subdivision)
        return found.name if found else self.subdivision


class Budget(models.Model):
    """An original (type 1) or revised (type 2) budget for a period."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    order = models.PositiveIntegerField(_("order"), default=0)
    type = models.CharField(_("type"), max_length=5, blank=True)
    status = models.CharField(_("status"), max_length=5, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = _money_field(_("value"))
    value_text = _money_text_field()
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_date = models.DateField(_("value date"))

    #: A child of the activity aggregate: written in bulk under its change record
    #: (audit.covered_by), never on its own.
    audit_parent = "activity"
    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["activity_id", "order"]

    def __str__(self) -> str:
        return f"{self.currency} {self.value}"


class Transaction(models.Model):
    """A financial transaction of the activity (commitment, disbursement, expenditure...)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transactions")
    order = models.PositiveIntegerField(_("order"), default=0)
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    humanitarian = models.CharField(_("humanitarian"), max_length=5, blank=True)
    type = models.CharField(_("type"), max_length=5)
    date = models.DateField(_("date"))
    value = _money_field(_("value"))
    value_text = _money_text_field()
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_date = models.DateField(_("value date"))
    description = models.JSONField(_("description"), default=list, blank=True)
    provider_ref = models.CharField(_("provider"), max_length=200, blank=True)
    receiver_ref = models.CharField(_("receiver"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    #: A child of the activity aggregate: written in bulk under its change record
    #: (audit.covered_by), never on its own.
    audit_parent = "activity"
    objects = ActivityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["activity_id", "order"]
        indexes = [models.Index(fields=["date"], name="registry_transaction_date_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.date} {self.currency} {self.value}"


class InitiativeLink(TimeStampedModel):
    """A program initiative that produced or served a registry activity."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="registry_links",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="initiative_links",
    )
    relation = models.CharField(_("relation"), max_length=20, choices=InitiativeRelation.choices)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)

    note = localized("note")

    objects = InitiativeLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative link")
        verbose_name_plural = _("initiative links")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "activity"],
                name="registry_initiative_link_unique",
                violation_error_message=_("The initiative is already linked to this activity."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.activity}"

    def audit_program_id(self) -> int:
        return self.initiative.program_id


class SpreadsheetJob(BackgroundJob):
    """A spreadsheet sent to the registry: checked row by row in the job queue (the
    preview), then, once its sender confirms, imported there. Each row's outcome is a
    SpreadsheetRow, written in the same transaction as the row's import, so that a rerun
    after a dead worker goes on from the first row not yet imported."""

    FILE_FIELD = "stored_path"
    STALE_MESSAGE = _(
        "The worker stopped; the row it was writing was not kept (each row is saved whole "
        "or not at all). Run it again: the rows already imported are not imported twice."
    )

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="spreadsheet_jobs",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(_("stored file"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    kind = models.CharField(_("the file holds"), max_length=20)
    mode = models.CharField(_("mode"), max_length=10)
    phase = models.CharField(
        _("phase"), max_length=10, choices=SpreadsheetPhase.choices, default=SpreadsheetPhase.CHECK
    )
    confirmed_at = models.DateTimeField(_("import confirmed at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)

    objects = SpreadsheetJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else ""

    def get_absolute_url(self) -> str:
        return reverse("registry:spreadsheet_job", kwargs={"pk": self.pk})


class SpreadsheetRow(models.Model):
    """What one row of a spreadsheet job would do (preview) or did (import)."""

    job = models.ForeignKey(SpreadsheetJob, on_delete=models.CASCADE, related_name="rows")
    phase = models.CharField(_("phase"), max_length=10, choices=SpreadsheetPhase.choices)
    number = models.PositiveIntegerField(_("row"))
    identifier = models.CharField(_("activity"), max_length=255, blank=True)
    outcome = models.CharField(_("result"), max_length=20, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("spreadsheet row")
        verbose_name_plural = _("spreadsheet rows")
        ordering = ["job", "phase", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "phase", "number"], name="registry_sheetrow_once_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.outcome}"

    @property
    def ok(self) -> bool:
        return not self.errors
