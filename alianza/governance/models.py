"""Joint governance: Project Board meetings (agenda, attendance by institution, decisions,
action items) and the dispute settlement mechanism (recommendation 4a).

Focal points are not stored here: they are members of a partner institution whose
Membership has the focal-point role and an area (alianza.accounts).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.core.models import OwnedAction, TimeStampedModel, localized
from alianza.governance.choices import (
    DisputeOutcome,
    DisputeStage,
    DisputeSubject,
    MeetingKind,
)
from alianza.governance.querysets import DisputeChildQuerySet, MeetingChildQuerySet
from alianza.programs.querysets import ProgramChildQuerySet


def _needs_text(obj, base: str, message) -> dict:
    if getattr(obj, f"{base}_en") or getattr(obj, f"{base}_es"):
        return {}
    return {f"{base}_es": message}


class BoardMeeting(TimeStampedModel):
    """A meeting of the Project Board, with its agenda, attendance and decisions."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="board_meetings",
    )
    held_on = models.DateField(_("held on"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY
    )
    location = models.CharField(_("place"), max_length=255, blank=True)
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    agenda_es = models.TextField(_("agenda (Spanish)"), blank=True)
    minutes_en = models.TextField(_("summary of the minutes (English)"), blank=True)
    minutes_es = models.TextField(_("summary of the minutes (Spanish)"), blank=True)

    agenda = localized("agenda")
    minutes = localized("minutes")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["program", "-held_on", "-id"]

    def __str__(self) -> str:
        return _("Board meeting of %(date)s") % {"date": self.held_on}

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:meeting_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    def clean(self) -> None:
        errors = _needs_text(self, "agenda", _("A board meeting needs its agenda."))
        if errors:
            raise ValidationError(errors)

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("attendance", "decisions")

    def audit_related(self) -> dict:
        return {
            "attendance": [
                {"institution": a.institution.code, "person_name": a.person_name, "role": a.role}
                for a in self.attendance.select_related("institution").order_by("id")
            ],
            "decisions": [
                {"number": d.number, "text_en": d.text_en, "text_es": d.text_es}
                for d in self.decisions.order_by("number")
            ],
        }


class Attendance(models.Model):
    """Someone who attended a board meeting for an institution."""

    meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField(_("person"), max_length=255)
    role = models.CharField(_("role or position"), max_length=255, blank=True)

    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "institution__acronym_en", "id"]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.institution})"


class BoardDecision(models.Model):
    """A decision the board took."""

    meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text_en = models.TextField(_("decision (English)"), blank=True)
    text_es = models.TextField(_("decision (Spanish)"), blank=True)

    text = localized("text")

    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        ordering = ["meeting", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ActionItem(OwnedAction):
    """Something the board asked a partner to do, by a date."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["program", "due_on", "id"]

    def clean(self) -> None:
        errors = self.action_errors()
        if self.meeting_id and self.program_id and self.meeting.program_id != self.program_id:
            errors["meeting"] = _("The meeting belongs to another program.")
        if errors:
            raise ValidationError(errors)


class Dispute(TimeStampedModel):
    """A case any partner opens on a consultancy's quality or an initiative's impasse:
    criteria all partners agree, an expert or panel, an informed opinion and the partners'
    decision."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    subject = models.CharField(_("about"), max_length=30, choices=DisputeSubject.choices)
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    description_en = models.TextField(_("the disagreement (English)"), blank=True)
    description_es = models.TextField(_("the disagreement (Spanish)"), blank=True)
    opened_by_institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("opened by (user)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    criteria_en = models.TextField(_("activation criteria (English)"), blank=True)
    criteria_es = models.TextField(_("activation criteria (Spanish)"), blank=True)
    expert = models.CharField(_("expert or panel"), max_length=500, blank=True)
    expert_appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    opinion_en = models.TextField(_("informed opinion (English)"), blank=True)
    opinion_es = models.TextField(_("informed opinion (Spanish)"), blank=True)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    decision_en = models.TextField(_("decision (English)"), blank=True)
    decision_es = models.TextField(_("decision (Spanish)"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=DisputeOutcome.choices, blank=True
    )

    title = localized("title")
    description = localized("description")
    criteria = localized("criteria")
    opinion = localized("opinion")
    decision = localized("decision")

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["program", "-opened_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="dispute_unique_number",
                violation_error_message=_("The program already has a dispute with this number."),
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | ~Q(outcome=""),
                name="dispute_decision_has_outcome",
                violation_error_message=_("A decided case needs its outcome."),
            ),
        ]

    def __str__(self) -> str:
        return f"D{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:dispute_detail", kwargs={"code": self.program.code, "number": self.number}
        )

    @property
    def label(self) -> str:
        return _("Dispute %(number)s") % {"number": self.number}

    def clean(self) -> None:
        errors = {
            **_needs_text(self, "title", _("A dispute needs a title.")),
            **_needs_text(
                self,
                "criteria",
                _("Propose the criteria that activate the mechanism for this case."),
            ),
        }
        if self.subject == DisputeSubject.CONSULTANCY_QUALITY and not self.contract_id:
            errors["contract"] = _("A case on a consultancy's quality names the contract.")
        if self.subject == DisputeSubject.INITIATIVE_IMPASSE and not self.initiative_id:
            errors["initiative"] = _("A case on an impasse names the initiative.")
        for field in ("contract", "initiative"):
            related = getattr(self, field)
            if related is not None and self.program_id and related.program_id != self.program_id:
                errors[field] = _("It belongs to another program.")
        if self.decided_on and not self.outcome:
            errors["outcome"] = _("A decided case needs its outcome.")
        for field, earlier in (
            ("expert_appointed_on", "opened_on"),
            ("opinion_on", "expert_appointed_on"),
            ("decided_on", "opened_on"),
        ):
            later_value, earlier_value = getattr(self, field), getattr(self, earlier)
            if later_value and earlier_value and later_value < earlier_value:
                errors[field] = _("%(record)s: this date (%(date)s) comes before %(other)s.") % {
                    "record": self.label,
                    "date": later_value,
                    "other": self._meta.get_field(earlier).verbose_name,
                }
        if errors:
            raise ValidationError(errors)

    def agreed_institution_ids(self) -> set[int]:
        return {a.institution_id for a in self.agreements.all()}

    def stage(self, partner_ids) -> str:
        if self.decided_on:
            return DisputeStage.CLOSED
        if not set(partner_ids) <= self.agreed_institution_ids():
            return DisputeStage.CRITERIA
        if not self.expert_appointed_on:
            return DisputeStage.EXPERT
        if not self.opinion_on:
            return DisputeStage.OPINION
        return DisputeStage.DECISION

    def waiting_for(self, partner_ids) -> list[int]:
        """The partner institutions whose answer the case waits for."""
        stage = self.stage(partner_ids)
        if stage == DisputeStage.CRITERIA:
            agreed = self.agreed_institution_ids()
            return [pid for pid in partner_ids if pid not in agreed]
        if stage in (DisputeStage.EXPERT, DisputeStage.DECISION):
            return list(partner_ids)
        return []

    @property
    def is_open(self) -> bool:
        return self.decided_on is None

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("agreements",)

    def audit_related(self) -> dict:
        return {
            "agreements": [
                {"institution": a.institution.code, "agreed_on": a.agreed_on.isoformat()}
                for a in self.agreements.select_related("institution").order_by("agreed_on", "id")
            ]
        }


class CriteriaAgreement(models.Model):
    """A partner's agreement to the activation criteria of a case."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="agreements"
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("agreed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_on = models.DateField(_("agreed on"))

    objects = DisputeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria agreement")
        verbose_name_plural = _("criteria agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "institution"],
                name="criteria_agreement_unique",
                violation_error_message=_("This partner already agreed the criteria."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute} · {self.institution}"
