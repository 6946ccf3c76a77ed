"""The knowledge repository: the products an initiative or the program produces (reports,
manuals, guides, videos, databases, course materials, protocols), with their files or link,
who may read them, and how they are used afterwards.

A product's dissemination level says who reads it: internal (the program's partners),
targeted (the partners and the named groups, `Audience`, it is addressed to) or public
(everyone who may see the program). Files are checked before they are kept
(`knowledge/uploads.py`) and stored through Django's storage API (`KNOWLEDGE_FILE_STORAGE`
names one of `STORAGES`), with the text extracted from PDF, DOCX and XLSX files for the
search. Views and downloads are counted per product and institution (`ProductUse`, a log,
not audited); a product's later use by another initiative, a lesson or a policy document is
a `ProductReuse` link.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.core.dates import format_partial_date
from alianza.core.models import DatePrecision, TimeStampedModel, TranslationMarksMixin, localized
from alianza.knowledge.choices import (
    DisseminationLevel,
    Licence,
    ProductKind,
    ProductLanguage,
    UseKind,
)
from alianza.knowledge.querysets import AudienceQuerySet, ProductChildQuerySet, ProductQuerySet
from alianza.programs.models import slug_code_validator as code_validator


def product_storage():
    """The storage product files go to (a name of `STORAGES`, "default" unless set)."""
    return storages[getattr(settings, "KNOWLEDGE_FILE_STORAGE", "default")]


def product_file_path(instance: ProductFile, filename: str) -> str:
    """Files are kept under the program's code and the product's number; the storage adds
    a suffix when the name is taken."""
    product = instance.product
    return f"knowledge/{product.program.code}/{product.number}/{filename}"


class Audience(TimeStampedModel):
    """A named group a targeted product is addressed to: institutions (their active
    members) and people."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="knowledge_audiences",
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    institutions = models.ManyToManyField(
        "accounts.Institution",
        verbose_name=_("institutions"),
        blank=True,
        related_name="knowledge_audiences",
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people"),
        blank=True,
        related_name="knowledge_audiences",
    )

    name = localized("name")

    objects = AudienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("named group")
        verbose_name_plural = _("named groups")
        ordering = ["program", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="audience_unique_code",
                violation_error_message=_("The program already has a named group with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.code

    def clean(self) -> None:
        if not (self.name_en or self.name_es):
            raise ValidationError(
                {"name_es": _("Named group %(code)s needs a name.") % {"code": self.code}}
            )

    def audit_related(self) -> dict:
        return {
            "institutions": sorted(i.code for i in self.institutions.all()),
            "users": sorted(u.username for u in self.users.all()),
        }


class KnowledgeProduct(TimeStampedModel, TranslationMarksMixin):
    """A product of the program or one of its initiatives: a report, a manual, a guide, a
    video, a database, course materials, a protocol... with its files or link."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="knowledge_products",
    )
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind of product"), max_length=30, choices=ProductKind.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=ProductLanguage.choices, default="es"
    )
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    authors = models.TextField(_("authors"), blank=True, help_text=_("One author per line."))
    institutions = models.ManyToManyField(
        "accounts.Institution",
        verbose_name=_("institutions"),
        blank=True,
        related_name="knowledge_products",
    )
    published_on = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_products",
    )
    dissemination = models.CharField(
        _("dissemination level"),
        max_length=10,
        choices=DisseminationLevel.choices,
        default=DisseminationLevel.INTERNAL,
    )
    audiences = models.ManyToManyField(
        Audience,
        verbose_name=_("named groups"),
        blank=True,
        related_name="products",
        help_text=_("For a targeted product: the groups it is addressed to."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=30,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
    )
    link = models.URLField(_("link"), max_length=500, blank=True)

    title = localized("title")
    summary = localized("summary")

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge product")
        verbose_name_plural = _("knowledge products")
        ordering = ["program", "-published_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="knowledge_product_unique_number",
                violation_error_message=_("The program already has a product with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"P{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "knowledge:product_detail", kwargs={"code": self.program.code, "number": self.number}
        )

    @property
    def label(self) -> str:
        return _("Product %(number)s") % {"number": self.number}

    @property
    def date_display(self) -> str:
        if self.published_on is None:
            return ""
        return format_partial_date(self.published_on, self.date_precision)

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else None

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("%(record)s needs a title in Spanish or English.") % {
                "record": self.label
            }
        if self.initiative_id and self.program_id and self.initiative.program_id != self.program_id:
            errors["initiative"] = _("%(record)s: the initiative belongs to another program.") % {
                "record": self.label
            }
        if errors:
            raise ValidationError(errors)

    audit_owned = ("files",)

    def audit_related(self) -> dict:
        return {
            "institutions": sorted(i.code for i in self.institutions.all()),
            "audiences": sorted(a.code for a in self.audiences.all()),
            "files": [
                {"name": f.name, "size": f.size, "sha256": f.sha256, "media_type": f.media_type}
                for f in self.files.order_by("pk")
            ],
        }


class ProductFile(models.Model):
    """A file of a product, checked on upload, with the text extracted from it."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(
        _("file"), upload_to=product_file_path, storage=product_storage, max_length=500
    )
    name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("extracted text"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = ProductChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("product file")
        verbose_name_plural = _("product files")
        ordering = ["product", "pk"]

    def __str__(self) -> str:
        return self.name

    def audit_program_id(self) -> int:
        return self.product.program_id


class ProductUse(models.Model):
    """One view or download of a product, with the reader's institution: a usage log
    written by `knowledge.services.product_use_count`, not audited."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="uses",
    )
    kind = models.CharField(_("use"), max_length=10, choices=UseKind.choices)
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.ForeignKey(
        ProductFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("product use")
        verbose_name_plural = _("product uses")
        indexes = [models.Index(fields=["product", "kind"], name="product_use_kind")]

    def __str__(self) -> str:
        return f"{self.product_id} · {self.kind}"


class ProductReuse(TimeStampedModel):
    """A later record that uses a product: another initiative, a lesson or good practice,
    or a policy document."""

    product = models.ForeignKey(
        KnowledgeProduct,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="reuses",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="product_reuses",
    )
    lesson = models.ForeignKey(
        "systematization.Lesson",
        verbose_name=_("lesson or good practice"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="product_reuses",
    )
    policy_instrument = models.ForeignKey(
        "initiatives.PolicyInstrument",
        verbose_name=_("policy document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="product_reuses",
    )
    note_en = models.TextField(_("how it was used (English)"), blank=True)
    note_es = models.TextField(_("how it was used (Spanish)"), blank=True)
    used_on = models.DateField(_("used on"), null=True, blank=True)

    note = localized("note")

    objects = ProductChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("product reuse")
        verbose_name_plural = _("product reuses")
        ordering = ["product", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(initiative__isnull=False, lesson__isnull=True, policy_instrument__isnull=True)
                    | Q(
                        initiative__isnull=True,
                        lesson__isnull=False,
                        policy_instrument__isnull=True,
                    )
                    | Q(
                        initiative__isnull=True,
                        lesson__isnull=True,
                        policy_instrument__isnull=False,
                    )
                ),
                name="product_reuse_one_target",
                violation_error_message=_(
                    "A reuse names one record: an initiative, a lesson or a policy document."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} → {self.target}"

    @property
    def target(self):
        return self.initiative or self.lesson or self.policy_instrument

    def clean(self) -> None:
        targets = [self.initiative_id, self.lesson_id, self.policy_instrument_id]
        if sum(1 for t in targets if t) != 1:
            raise ValidationError(
                {
                    "initiative": _(
                        "%(record)s: name one record that uses it: an initiative, a lesson "
                        "or a policy document."
                    )
                    % {"record": self.product.label if self.product_id else "?"}
                }
            )
        program_id = self.product.program_id if self.product_id else None
        if self.initiative_id and self.initiative.program_id != program_id:
            raise ValidationError({"initiative": _("The initiative belongs to another program.")})
        if self.lesson_id and self.lesson.period.program_id != program_id:
            raise ValidationError({"lesson": _("The lesson belongs to another program.")})

    def audit_program_id(self) -> int:
        return self.product.program_id
