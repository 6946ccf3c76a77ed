"""Missions that deploy a program's specialists, where they go, who goes, and the
duty-of-care checklist of each person.

A destination flagged as a site with vulnerable populations (migration stations, shelters,
communities in crisis) makes the mission need a complete checklist for every person before
a coordinator approves it. A mission known only in aggregate (the report gives how many
people went, not who) keeps that count in `reported_headcount` and names nobody.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.codelists import is_known, label
from alianza.core.models import SourceNoteMixin, TimeStampedModel, TranslationMarksMixin, localized
from alianza.deployments.choices import ChecklistItem, DeploymentStatus
from alianza.deployments.querysets import DeploymentChildQuerySet, DeploymentQuerySet


class Deployment(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A mission: its purpose, the initiative it serves, its dates and its approval."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="deployments",
    )
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    purpose_es = models.TextField(_("purpose (Spanish)"), blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deployments",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    reported_headcount = models.PositiveIntegerField(
        _("people deployed (reported total)"),
        null=True,
        blank=True,
        help_text=_("The total a source gives when it does not name the people."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeploymentStatus.choices,
        default=DeploymentStatus.PLANNED,
    )
    approved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    title = localized("title")
    purpose = localized("purpose")

    objects = DeploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["program", "-start_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="deployment_unique_number",
                violation_error_message=_("The program already has a deployment with this number."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="deployment_ends_after_start",
                violation_error_message=_("A deployment cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}"

    @property
    def label(self) -> str:
        return _("Deployment %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse(
            "deployments:deployment_detail",
            kwargs={"code": self.program.code, "number": self.number},
        )

    @property
    def is_approved(self) -> bool:
        return self.status == DeploymentStatus.APPROVED

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("%(record)s needs a title in Spanish or English.") % {
                "record": self.label
            }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("%(record)s cannot end before it starts.") % {
                "record": self.label
            }
        if self.initiative_id and self.program_id and self.initiative.program_id != self.program_id:
            errors["initiative"] = _("%(record)s: the initiative belongs to another program.") % {
                "record": self.label
            }
        if errors:
            raise ValidationError(errors)

    audit_owned = ("destinations",)

    def audit_related(self) -> dict:
        return {
            "destinations": [
                {
                    "country": d.country,
                    "place": d.place,
                    "site_en": d.site_en,
                    "site_es": d.site_es,
                    "vulnerable_populations": d.vulnerable_populations,
                }
                for d in self.destinations.order_by("pk")
            ]
        }


class DeploymentDestination(models.Model):
    """Where a mission goes: a country, a place within it (state, department, municipality)
    and a site; a site with vulnerable populations calls for the duty-of-care checklist."""

    deployment = models.ForeignKey(
        Deployment,
        verbose_name=_("deployment"),
        on_delete=models.CASCADE,
        related_name="destinations",
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 code"))
    place = models.CharField(_("state or place"), max_length=200, blank=True)
    site_en = models.CharField(_("site (English)"), max_length=300, blank=True)
    site_es = models.CharField(_("site (Spanish)"), max_length=300, blank=True)
    vulnerable_populations = models.BooleanField(
        _("site with vulnerable populations"), default=False
    )

    site = localized("site")

    objects = DeploymentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["deployment", "pk"]

    def __str__(self) -> str:
        return " · ".join(p for p in (self.country_name, self.place, self.site) if p)

    @property
    def country_name(self) -> str:
        return label("Country", self.country) or self.country

    def audit_program_id(self) -> int:
        return self.deployment.program_id

    def clean(self) -> None:
        self.country = (self.country or "").upper()
        if not is_known("Country", self.country):
            raise ValidationError(
                {"country": _("“%(code)s” is not a country code.") % {"code": self.country}}
            )


class DeployedPerson(TimeStampedModel):
    """A specialist on a mission, with their duty-of-care checklist: when they took the
    psychological first aid training, signed the code of conduct and received the personal
    data protection guidelines. Their insurance and emergency contact are personal data kept
    with the specialist (`specialists.PersonalData`, seen by human resources only): the
    checklist asks whether they are there and cover the mission's dates, never shows them."""

    deployment = models.ForeignKey(
        Deployment, verbose_name=_("deployment"), on_delete=models.CASCADE, related_name="people"
    )
    specialist = models.ForeignKey(
        "specialists.Specialist",
        verbose_name=_("specialist"),
        on_delete=models.PROTECT,
        related_name="deployments",
    )
    first_aid_on = models.DateField(_("psychological first aid training on"), null=True, blank=True)
    code_of_conduct_on = models.DateField(_("code of conduct signed on"), null=True, blank=True)
    data_protection_on = models.DateField(
        _("personal data protection guidelines received on"), null=True, blank=True
    )

    objects = DeploymentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("person deployed")
        verbose_name_plural = _("people deployed")
        ordering = ["deployment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "specialist"],
                name="deployed_person_once",
                violation_error_message=_("This specialist is already on the mission."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deployment.label}: {self.specialist}"

    def audit_program_id(self) -> int:
        return self.deployment.program_id

    def _personal_data(self):
        try:
            return self.specialist.personal_data
        except ObjectDoesNotExist:
            return None

    def insurance_covers(self, start: date | None, end: date | None) -> bool:
        """Whether the specialist's insurance (personal data) covers `start` to `end`."""
        data = self._personal_data()
        return bool(data and start and end and data.insurance_covers(start, end))

    def has_emergency_contact(self) -> bool:
        data = self._personal_data()
        return bool(data and data.has_emergency_contact)

    def missing_items(self) -> list[ChecklistItem]:
        """The checklist items not yet complete for this person's mission."""
        mission = self.deployment
        done = {
            ChecklistItem.FIRST_AID: self.first_aid_on is not None,
            ChecklistItem.CODE_OF_CONDUCT: self.code_of_conduct_on is not None,
            ChecklistItem.DATA_PROTECTION: self.data_protection_on is not None,
            ChecklistItem.INSURANCE: self.insurance_covers(mission.start_date, mission.end_date),
            ChecklistItem.EMERGENCY_CONTACT: self.has_emergency_contact(),
        }
        return [item for item in ChecklistItem if not done[item]]

    @property
    def checklist_complete(self) -> bool:
        return not self.missing_items()

    def clean(self) -> None:
        if (
            self.specialist_id
            and self.deployment_id
            and self.specialist.program_id != self.deployment.program_id
        ):
            raise ValidationError(
                {
                    "specialist": _("%(person)s is a specialist of another program.")
                    % {"person": self.specialist}
                }
            )
